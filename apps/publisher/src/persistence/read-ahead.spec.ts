import { readAhead } from './read-ahead.js';

describe('readAhead', () => {
  it('asks for the next batch while the current one is being used, keeps the order, and closes the source when stopped early', async () => {
    const log: string[] = [];
    async function* source() {
      try {
        for (let i = 1; i <= 3; i++) {
          log.push(`fetch ${i}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield i;
        }
      } finally {
        log.push('closed');
      }
    }
    const seen: number[] = [];
    for await (const batch of readAhead(source())) {
      log.push(`use ${batch}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(batch);
      if (batch === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    // Batch 2 is fetched before batch 1 has been used, batch 3 before batch 2 has; the source is closed at the stop.
    expect(log).toEqual(['fetch 1', 'fetch 2', 'use 1', 'fetch 3', 'use 2', 'closed']);
  });
});
