import { SitePublishedV1, SiteUnpublishedV1, SiteUpdatedV1, type EventEnvelope } from '@care/contracts';
import { envelopeFor, publishedSiteFixture } from '@care/contracts/testing';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { waitFor } from '@care/testing';
import { startPublisherService } from '../testing/publisher-service.js';
import { contentHash, GENESIS_HASH, recordHash } from './feed-hash.js';

const named = (fr: string) => ({ names: { official: { fr, nl: `${fr} (nl)` }, alternative: [], former: [], service: [] } });

describe('publisher feed', () => {
  let svc: ServiceUnderTest;
  let bus: EventTransport;
  const publish = (...envelopes: EventEnvelope[]) => bus.publish(envelopes);
  const feed = async () => (await svc.request('GET', '/feed?after=0&limit=1000')).body;

  beforeAll(async () => {
    svc = await startPublisherService('feed');
    bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
  });
  afterAll(() => svc?.close());

  it('numbers changes without gaps, chains their hashes, ignores duplicates and stale events, keeps tombstones, answers asOf', async () => {
    const v1 = envelopeFor(SitePublishedV1, '7', 1, publishedSiteFixture(7, named('Premier nom')));
    await publish(v1, envelopeFor(SitePublishedV1, '8', 1, publishedSiteFixture(8, named('Autre'))));
    await waitFor(async () => (await feed()).head === '2', 15_000, 'two records');
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    // A replayed copy (new event id, same content) and a stale older version change nothing.
    await publish(envelopeFor(SitePublishedV1, '7', 1, publishedSiteFixture(7, named('Premier nom'))), v1);
    await publish(envelopeFor(SiteUpdatedV1, '7', 3, publishedSiteFixture(7, named('Deuxième nom'))));
    await publish(envelopeFor(SiteUpdatedV1, '7', 2, publishedSiteFixture(7, named('Périmé'))));
    await publish(envelopeFor(SiteUnpublishedV1, '8', 2, { id: 8, reason: 'archived' }));
    await waitFor(async () => (await feed()).head === '4', 15_000, 'four records');
    await new Promise((r) => setTimeout(r, 300));
    const { records, head } = await feed();
    expect(head).toBe('4');
    expect(records.map((r: { seq: string }) => r.seq)).toEqual(['1', '2', '3', '4']);
    for (const r of records) expect(r.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    let prev = GENESIS_HASH;
    for (const r of records) {
      expect(r.prevHash).toBe(prev);
      expect(r.contentHash).toBe(contentHash(r.payload));
      expect(r.hash).toBe(recordHash(r));
      prev = r.hash;
    }
    expect(records.map((r: { entityId: string; version: number; operation: string }) => `${r.entityId}:${r.version}:${r.operation}`)).toEqual(['7:1:upsert', '8:1:upsert', '7:2:upsert', '8:2:delete']);

    const now = (await svc.request('GET', '/entities/site/7')).body;
    expect(now).toMatchObject({ version: 2, validTo: null, payload: { names: { official: { fr: 'Deuxième nom' } } } });
    const then = (await svc.request('GET', `/entities/site/7?asOf=${encodeURIComponent(between)}`)).body;
    expect(then).toMatchObject({ version: 1, payload: { names: { official: { fr: 'Premier nom' } } } });
    expect(then.validTo).toBe(now.validFrom);
    expect((await svc.request('GET', '/entities/site/8')).body).toMatchObject({ version: 2, operation: 'delete', payload: null });
    expect((await svc.request('GET', '/entities/site/7/history')).body).toHaveLength(2);
    expect((await svc.request('GET', '/entities/site/7?asOf=2000-01-01T00:00:00Z')).status).toBe(404);
    expect((await svc.request('GET', '/entities/nothing/7')).status).toBe(400);
    expect((await svc.request('GET', '/feed?after=-1')).status).toBe(400);
  });

  it('pages in sequence order across digit counts (seq 9 before 10), with the next cursor', async () => {
    const { head } = await feed();
    await publish(...Array.from({ length: 12 }, (_, i) => envelopeFor(SitePublishedV1, String(100 + i), 1, publishedSiteFixture(100 + i, named(`Page ${i}`)))));
    await waitFor(async () => Number((await feed()).head) === Number(head) + 12, 15_000, 'twelve more records');
    const seen: string[] = [];
    let after = '0';
    for (;;) {
      const page = (await svc.request('GET', `/feed?after=${after}&limit=5`)).body;
      seen.push(...page.records.map((r: { seq: string }) => r.seq));
      if (!page.hasMore) break;
      after = page.next;
    }
    expect(seen).toEqual(Array.from({ length: Number(head) + 12 }, (_, i) => String(i + 1)));
  });
});
