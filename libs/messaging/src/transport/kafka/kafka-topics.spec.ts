import { EVENT_CONTRACTS, streamOf } from '@care/contracts';
import { deadLetterTopicOf, kafkaTopicOf, platformTopics } from './kafka-transport.js';

describe('platformTopics', () => {
  it('lists one topic per entity stream of the contracts, a dead-letter topic per group and the extra ones, once each', () => {
    const topics = platformTopics(['search.projection', 'publisher.feed'], ['authentic-source.changes.v1']);
    const streams = new Set(EVENT_CONTRACTS.map((c) => `${streamOf(c.type)}.v1`));
    expect(topics).toEqual([
      ...streams,
      'search.projection.dead-letter.v1',
      'publisher.feed.dead-letter.v1',
      'authentic-source.changes.v1',
    ]);
    for (const contract of EVENT_CONTRACTS) expect(topics).toContain(kafkaTopicOf(contract.type));
    expect(topics).toContain(deadLetterTopicOf('search.projection'));
    expect(topics).toContain('organisations.site.v1');
  });
});
