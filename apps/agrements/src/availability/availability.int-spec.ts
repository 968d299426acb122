import { SitePublishedV1 } from '@care/contracts';
import { envelopeFor, publishedSiteFixture } from '@care/contracts/testing';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { waitFor } from '@care/testing';
import { startAgrementsService } from '../testing/agrements-service.js';

const name = (fr: string, nl = fr) => ({ fr, nl });
const STAFF = { 'x-care-actor': 'editor.anna', 'x-care-audience': 'internal' };
const REPRESENTATIVE = (organisationId: number) => ({ 'x-care-actor': `rep.${organisationId}`, 'x-care-organisation': String(organisationId) });

describe('live availability (agrements service)', () => {
  let svc: ServiceUnderTest;
  let holdingId: string;
  const report = (body: object, headers: Record<string, string> = STAFF) => svc.request('POST', '/availability', body, headers);

  beforeAll(async () => {
    svc = await startAgrementsService('availability');
    const bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    await bus.publish([
      envelopeFor(SitePublishedV1, '8101', 1, publishedSiteFixture(8101, { organisationId: 55 })),
      envelopeFor(SitePublishedV1, '8102', 1, publishedSiteFixture(8102, { organisationId: 56 })),
    ]);
    await waitFor(async () => (await svc.sql(`select 1 from holder where kind = 'site' and organisation_id is not null`)).length === 2, 15_000, 'the two sites in the holder projection');
    await svc.request('POST', '/types', { id: 'test-maison-enfants', authorityId: 'one', name: name('Maison d’enfants', 'Kindertehuis'), legalBasis: { title: name('Décret'), eli: null, url: null }, validFrom: '2000-01-01', capacityUnit: 'places' });
    const groups = [
      { code: 'petits', name: name('Petits (3–6 ans)', 'Kleinen (3–6 jaar)'), ageMin: 3, ageMax: 6, places: 24 },
      { code: 'grands', name: name('Grands (7–12 ans)', 'Groten (7–12 jaar)'), ageMin: 7, ageMax: 12, places: 36 },
    ];
    // Groups must add up to the accredited capacity.
    const wrong = await svc.request('POST', '/holdings', { typeId: 'test-maison-enfants', holder: { kind: 'site', id: '8101' }, validFrom: '2020-01-01', capacity: { value: 61, unit: 'places', groups } }, STAFF);
    expect(wrong.body).toMatchObject({ statusCode: 400, errors: [{ path: 'capacity.groups' }] });
    const holding = await svc.request('POST', '/holdings', { typeId: 'test-maison-enfants', holder: { kind: 'site', id: '8101' }, validFrom: '2020-01-01', capacity: { value: 60, unit: 'places', groups } }, STAFF);
    expect(holding.status).toBe(201);
    expect(holding.body.capacity.groups).toHaveLength(2);
    holdingId = holding.body.id;
  }, 60_000);

  afterAll(() => svc?.close());

  it('records a figure per slot with its history and an authority event, and refuses what does not fit', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const first = await report({ holdingId, groupCode: 'petits', status: 'open', freePlaces: 3, expiresAt });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ slot: `holding:${holdingId}:petits`, siteId: 8101, freePlaces: 3, version: 1, reporter: { kind: 'staff', id: 'editor.anna' } });
    const second = await report({ holdingId, groupCode: 'petits', status: 'full' });
    expect(second.body).toMatchObject({ version: 2, status: 'full', freePlaces: 0, expiresAt: null });
    await report({ siteId: 8101, status: 'open', freePlaces: 5, note: 'accueil d’urgence' }, REPRESENTATIVE(55));

    const refused: Array<[object, string]> = [
      [{ holdingId, groupCode: 'nope', status: 'open', freePlaces: 1 }, 'groupCode'],
      [{ holdingId, groupCode: 'grands', status: 'open', freePlaces: 37 }, 'freePlaces'],
      [{ holdingId, siteId: 8101, status: 'open', freePlaces: 1 }, 'siteId'],
      [{ siteId: 8101, status: 'closed', freePlaces: 2 }, 'freePlaces'],
      [{ siteId: 8101, status: 'open', freePlaces: 1, expiresAt: new Date(Date.now() - 1_000).toISOString() }, 'expiresAt'],
      [{ siteId: 8101, status: 'open', freePlaces: 1, expiresAt: new Date(Date.now() + 40 * 86_400_000).toISOString() }, 'expiresAt'],
    ];
    for (const [body, field] of refused) {
      const response = await report(body);
      expect({ body, status: response.status, paths: response.body.errors?.map((e: { path: string }) => e.path) }).toEqual({ body, status: 400, paths: expect.arrayContaining([field]) });
      expect(response.body.errors[0].message).toEqual(expect.any(String));
    }
    expect((await report({ siteId: 999_999, status: 'open', freePlaces: 1 })).status).toBe(404);

    const events = await svc.sql<{ type: string; aggregate_id: string }>(`select type, aggregate_id from outbox_message where type like 'agrements.availability%' order by id`);
    expect(events.map((e) => e.aggregate_id)).toEqual([`holding:${holdingId}:petits`, `holding:${holdingId}:petits`, 'site:8101']);
    const current = (await svc.request('GET', '/availability?siteId=8101', undefined, { 'x-care-audience': 'authority' })).body;
    expect(current.items.map((i: { slot: string; counts: boolean }) => [i.slot, i.counts])).toEqual([[`holding:${holdingId}:petits`, true], ['site:8101', true]]);
    const history = (await svc.request('GET', '/availability/history?siteId=8101', undefined, { 'x-care-audience': 'authority' })).body;
    expect(history.total).toBe(3);
    // Authorities learn who reported as a kind, never the person's account; staff see the account.
    const reporters = [...current.items, ...history.items].map((i: { reporter: { kind: string } }) => i.reporter);
    expect(reporters.map((r) => Object.keys(r))).toEqual(reporters.map(() => ['kind']));
    expect(new Set(reporters.map((r) => r.kind))).toEqual(new Set(['staff', 'representative']));
    const internal = (await svc.request('GET', '/availability?siteId=8101', undefined, STAFF)).body;
    expect(internal.items[0].reporter).toEqual({ kind: 'staff', id: 'editor.anna' });
  });

  it('lets a representative report only for the sites of their organisation, and shows figures only to authorities and staff', async () => {
    expect((await report({ siteId: 8102, status: 'open', freePlaces: 1 }, REPRESENTATIVE(55))).status).toBe(403);
    expect((await report({ holdingId, status: 'open', freePlaces: 1 }, REPRESENTATIVE(56))).status).toBe(403);
    expect((await report({ siteId: 8102, status: 'open', freePlaces: 1 }, REPRESENTATIVE(56))).status).toBe(201);
    for (const headers of [{}, { 'x-care-audience': 'public' }] as Array<Record<string, string>>) {
      expect((await svc.request('GET', '/availability?siteId=8101', undefined, headers)).status).toBe(403);
      expect((await svc.request('GET', '/availability/history?siteId=8101', undefined, headers)).status).toBe(403);
    }
  });
});
