import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventsJsonSchema, eventsMarkdown } from './event-docs.js';

const docs = (name: string) => readFileSync(fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url)), 'utf8');

describe('event documentation', () => {
  it('docs/events.md is generated from the current contracts (npm run docs:events)', () => {
    expect(docs('events.md')).toBe(eventsMarkdown());
  });

  it('docs/events.schema.json is generated from the current contracts (npm run docs:events)', () => {
    expect(JSON.parse(docs('events.schema.json'))).toEqual(eventsJsonSchema());
  });
});
