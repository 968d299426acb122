import {
  AgrementTypeChangedV1,
  AuthorityChangedV1,
  AvailabilityReportedV1,
  CareProviderAuthorityChangedV1,
  CareProviderChangedV1,
  CategoryChangedV1,
  HoldingChangedV1,
  PracticeChangedV1,
  SectorChangedV1,
  SiteContactsChangedV1,
  SitePublishedV1,
  SiteUnpublishedV1,
  type AvailabilityState,
  type EventEnvelope,
  type PublicHolding,
} from '@care/contracts';
import { envelopeFor, publishedSiteFixture } from '@care/contracts/testing';
import { geometryFromGeoJson, pointInGeometry, seededRandom } from '@care/geo';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { waitFor } from '@care/testing';
import { startSearchService } from '../testing/search-service.js';

/**
 * Authority queries against a generated directory: every total, capacity and free-places figure
 * is compared with a brute-force computation over the fixture itself (the rule restated below,
 * independently of the SQL).
 */
const MUNICIPALITIES = [
  { nis: '21004', name: { fr: 'Bruxelles', nl: 'Brussel' }, postcode: '1000', lat: 50.846, lon: 4.352 },
  { nis: '21009', name: { fr: 'Ixelles', nl: 'Elsene' }, postcode: '1050', lat: 50.827, lon: 4.372 },
  { nis: '21015', name: { fr: 'Schaerbeek', nl: 'Schaarbeek' }, postcode: '1030', lat: 50.867, lon: 4.378 },
];
const SITES = 45;
const random = seededRandom(1313);
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
const uuid = (n: number) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;

interface FixtureSite {
  id: number;
  municipality: (typeof MUNICIPALITIES)[number];
  point: { lat: number; lon: number };
  categoryId: number;
  holding: PublicHolding | null;
  contacts: boolean;
  slots: AvailabilityState[];
}

const now = Date.now();
const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
const sites: FixtureSite[] = [];
for (let i = 0; i < SITES; i++) {
  const municipality = pick(MUNICIPALITIES);
  const id = 7000 + i;
  const point = { lat: municipality.lat + (random() - 0.5) * 0.02, lon: municipality.lon + (random() - 0.5) * 0.03 };
  const withHolding = i % 3 !== 0;
  const grouped = withHolding && i % 4 === 1;
  const value = 10 + Math.floor(random() * 50);
  const groups = grouped
    ? [
        { code: 'petits', name: { fr: 'Petits', nl: 'Kleinen' }, ageMin: 3, ageMax: 6, places: Math.floor(value / 2) },
        { code: 'grands', name: { fr: 'Grands', nl: 'Groten' }, ageMin: 7, ageMax: 12, places: value - Math.floor(value / 2) },
      ]
    : undefined;
  const holding: PublicHolding | null = withHolding
    ? {
        id: uuid(i + 1), typeId: i % 2 ? 'home' : 'shelter', holder: { kind: 'site', id: String(id) }, reference: null, validFrom: '2020-01-01',
        // A few expired or pending ones: their capacity does not count.
        validTo: i % 11 === 5 ? '2021-12-31' : null, status: i % 13 === 7 ? 'pending' : 'active', capacity: { value, unit: 'places', ...(groups ? { groups } : {}) },
        effectiveOn: '2020-01-01', provenance: { source: 'authority', reference: null, retrievedAt: null, validatedAt: null }, version: 1,
      }
    : null;
  const slots: AvailabilityState[] = [];
  const slot = (s: Partial<AvailabilityState> & { slot: string }, n: number): AvailabilityState => ({
    siteId: id, holdingId: null, groupCode: null, status: 'open', freePlaces: n, reportedAt: iso(-3_600_000 * (1 + (i % 5))), expiresAt: null,
    reporter: { kind: 'representative', id: `rep-${i}` }, note: null, version: 1, ...s,
  });
  if (i % 5 === 0) slots.push(slot({ slot: `site:${id}` }, 2 + (i % 4))); // site-wide figure
  if (holding && i % 2 === 0) slots.push(slot({ slot: `holding:${holding.id}`, holdingId: holding.id }, i % 7)); // holding figure
  if (holding && groups && i % 3 !== 2) {
    slots.push(slot({ slot: `holding:${holding.id}:petits`, holdingId: holding.id, groupCode: 'petits' }, 1 + (i % 3)));
    // Expired: no longer counts.
    slots.push(slot({ slot: `holding:${holding.id}:grands`, holdingId: holding.id, groupCode: 'grands', expiresAt: iso(-60_000) }, 4));
  }
  if (i % 9 === 4) slots.push(slot({ slot: `site:${id}`, status: 'closed', freePlaces: 0, expiresAt: iso(86_400_000) }, 0));
  sites.push({ id, municipality, point, categoryId: i % 2 ? 41 : 42, holding, contacts: i % 2 === 0, slots: dedupe(slots) });
}

function dedupe(slots: AvailabilityState[]): AvailabilityState[] {
  return [...new Map(slots.map((s) => [s.slot, s])).values()];
}

const counts = (s: AvailabilityState, at: number) => s.expiresAt === null || Date.parse(s.expiresAt) > at;

/**
 * The documented rule: a holding's capacity groups replace its own figure when they reported;
 * a site's holdings replace its site-wide figure. Only figures still counting.
 */
function freePlaces(site: FixtureSite, at = Date.now()): number | null {
  const counted = site.slots.filter((s) => counts(s, at));
  const holdingIds = [...new Set(counted.filter((s) => s.holdingId).map((s) => s.holdingId!))];
  if (holdingIds.length > 0) {
    return holdingIds.reduce((sum, h) => {
      const groups = counted.filter((s) => s.holdingId === h && s.groupCode);
      const own = counted.filter((s) => s.holdingId === h && !s.groupCode);
      return sum + (groups.length ? groups : own).reduce((t, s) => t + (s.freePlaces ?? 0), 0);
    }, 0);
  }
  const wide = counted.find((s) => !s.holdingId);
  return wide ? (wide.freePlaces ?? 0) : null;
}

const today = new Date().toISOString().slice(0, 10);
const capacity = (site: FixtureSite) => {
  const h = site.holding;
  return h && h.status === 'active' && h.validFrom <= today && (h.validTo === null || h.validTo >= today) ? h.capacity!.value : 0;
};

function bruteForce(selected: FixtureSite[], groupOf: (s: FixtureSite) => string) {
  const groups = new Map<string, { count: number; accreditedCapacity: number; freePlaces: number; reporting: number }>();
  for (const s of selected) {
    const g = groups.get(groupOf(s)) ?? { count: 0, accreditedCapacity: 0, freePlaces: 0, reporting: 0 };
    const free = freePlaces(s);
    groups.set(groupOf(s), { count: g.count + 1, accreditedCapacity: g.accreditedCapacity + capacity(s), freePlaces: g.freePlaces + (free ?? 0), reporting: g.reporting + (free === null ? 0 : 1) });
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

describe('authority queries (crisis management)', () => {
  let svc: ServiceUnderTest;
  let bus: EventTransport;
  const AUTHORITY = { 'x-care-audience': 'authority', 'x-care-client': 'crisis-centre' };
  const query = (body: object, headers: Record<string, string> = AUTHORITY) => svc.request('POST', '/authority/query', body, headers);
  const groupsOf = (body: { aggregates: { groups: Array<{ key: string; count: number; accreditedCapacity: number; freePlaces: number; reporting: number }> } }) =>
    Object.fromEntries(body.aggregates.groups.map((g) => [g.key, { count: g.count, accreditedCapacity: g.accreditedCapacity, freePlaces: g.freePlaces, reporting: g.reporting }]));

  beforeAll(async () => {
    svc = await startSearchService('authority_svc');
    bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    const sector = (id: number, fr: string) => envelopeFor(SectorChangedV1, String(id), 1, { changes: ['created'], sector: { id, code: `s${id}`, name: { fr, nl: `${fr} (nl)` }, definition: null, rubriques: [{ id: id * 100, name: { fr: 'R', nl: 'R' } }] } });
    const category = (id: number, sectorId: number) =>
      envelopeFor(CategoryChangedV1, String(id), 1, {
        changes: ['created'],
        category: { id, name: { fr: `Catégorie ${id}`, nl: `Categorie ${id}` }, definition: null, keywords: { fr: [], nl: [] }, referenceUrls: [], relatedCategoryIds: [], placements: [{ sectorId, rubriqueId: sectorId * 100 }], status: 'active', retiredAt: null },
      });
    const type = (id: string) =>
      envelopeFor(AgrementTypeChangedV1, id, 1, {
        id, name: { fr: `Type ${id}`, nl: `Type ${id}` }, authorityId: 'iriscare', attributions: [{ authorityId: 'iriscare', validFrom: '2019-01-01', validTo: null }],
        legalBasis: { title: { fr: 'Ordonnance', nl: 'Ordonnantie' }, eli: null, url: null }, validFrom: '2019-01-01', validTo: null, capacityUnit: 'places', categoryIds: [],
      });
    const events: EventEnvelope[] = [
      sector(4, 'Aide'), sector(5, 'Santé'), category(41, 4), category(42, 5),
      envelopeFor(AuthorityChangedV1, 'iriscare', 1, { id: 'iriscare', abbreviation: { fr: 'Iriscare', nl: 'Iriscare' }, name: { fr: 'Iriscare', nl: 'Iriscare' }, level: 'agency', validFrom: '2019-01-01', validTo: null, successorId: null }),
      type('home'), type('shelter'),
    ];
    for (const s of sites) {
      events.push(
        envelopeFor(SitePublishedV1, String(s.id), 1, publishedSiteFixture(s.id, {
          names: { official: { fr: `Lieu ${s.id}`, nl: `Plaats ${s.id}` }, alternative: [], former: [], service: [] },
          categoryIds: [s.categoryId],
          address: { ...publishedSiteFixture(s.id).address, postcode: s.municipality.postcode, municipality: { nis: s.municipality.nis, name: s.municipality.name }, point: s.point },
        })),
      );
      if (s.holding) events.push(envelopeFor(HoldingChangedV1, s.holding.id, 1, s.holding));
      if (s.contacts) {
        events.push(envelopeFor(SiteContactsChangedV1, String(s.id), 1, {
          siteId: s.id, version: 1, updatedAt: iso(-1_000),
          contacts: { directPhone: '+32 2 000 00 00', emergencyPhone: '+32 470 00 00 00', email: `direction-${s.id}@example.be`, responsible: { name: `Directrice ${s.id}`, role: 'directrice', phone: null, email: null }, remark: null },
        }));
      }
      for (const slot of s.slots) events.push(envelopeFor(AvailabilityReportedV1, slot.slot, slot.version, slot));
    }
    events.push(
      envelopeFor(CareProviderChangedV1, '20000001', 1, {
        id: '20000001', nihii: '1-00000-02-004', name: { first: 'Jan', last: 'Claes' }, profession: { kind: 'nurse', label: { fr: 'Infirmier', nl: 'Verpleegkundige' }, qualificationCode: '004' },
        specialisations: [], convention: 'conventioned', languages: ['nl'], acceptingNewPatients: { value: true, statedOn: '2026-11-01' }, status: 'active',
      }),
      envelopeFor(CareProviderAuthorityChangedV1, '20000001', 1, { id: '20000001', nihii: '1-00000-02-004', directContacts: { mobile: '+32 470 11 22 33', email: 'jan@example.be' }, approvalStatus: 'approved' }),
      envelopeFor(PracticeChangedV1, '20000001-1', 1, {
        id: '20000001-1', providerId: '20000001', address: { ...publishedSiteFixture(1).address, municipality: { nis: '21004', name: { fr: 'Bruxelles', nl: 'Brussel' } }, point: { lat: 50.846, lon: 4.352 } },
        appointmentModes: ['home-visit'], organisationEnterpriseNumber: null, site: null, active: true,
      }),
    );
    await bus.publish(events);
    await waitFor(async () => (await svc.sql<{ n: string }>(`select count(*) as n from search.authority_record where not deleted and record is not null`))[0]?.n === String(SITES + 1), 30_000, 'the authority records');
    // Contacts of the last site published arrive through the same batch; wait until the last one is in its record.
    const last = [...sites].reverse().find((s) => s.contacts)!;
    await waitFor(async () => (await svc.sql<{ c: unknown }>(`select record->'crisisContacts' as c from search.authority_record where doc_id = 'site:${last.id}'`))[0]?.c !== null, 15_000, 'crisis contacts in the records');
  }, 90_000);

  afterAll(() => svc?.close());

  it('aggregates per municipality equal a brute-force count: entities, accredited capacity, free places still counting', async () => {
    const { status, body } = await query({ kind: ['site'], size: 500 });
    expect(status).toBe(200);
    expect(body.total).toBe(SITES);
    expect(groupsOf(body)).toEqual(bruteForce(sites, (s) => s.municipality.nis));
    expect(body.aggregates.groups.find((g: { key: string }) => g.key === '21009').label).toEqual({ fr: 'Ixelles', nl: 'Elsene' });
    const expectedTotals = Object.values(bruteForce(sites, () => 'all'))[0]!;
    expect(body.aggregates.totals).toEqual(expectedTotals);
    // Each item: its own free places and capacity, and when every figure was reported.
    for (const item of body.items as Array<{ entityId: string; freePlaces: number | null; accreditedCapacity: number; availability: Array<{ reportedAt: string; counts: boolean; ageSeconds: number }> }>) {
      const site = sites.find((s) => String(s.id) === item.entityId)!;
      expect({ id: item.entityId, free: item.freePlaces, capacity: item.accreditedCapacity }).toEqual({ id: item.entityId, free: freePlaces(site), capacity: capacity(site) });
      expect(item.availability).toHaveLength(site.slots.length);
      for (const figure of item.availability) {
        expect(figure.reportedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect(figure.ageSeconds).toBeGreaterThan(0);
      }
    }
  });

  it('selects by agrément type and status, sector, area (municipality, polygon, radius), age and free places, with matching aggregates', async () => {
    const cases: Array<[object, (s: FixtureSite) => boolean]> = [
      [{ agrementType: ['home'] }, (s) => s.holding?.typeId === 'home' && s.holding.status === 'active'],
      [{ agrementType: ['home', 'shelter'], agrementStatus: ['pending'] }, (s) => s.holding?.status === 'pending'],
      [{ authority: ['iriscare'] }, (s) => s.holding?.status === 'active'],
      [{ sector: [5] }, (s) => s.categoryId === 42],
      [{ area: { municipality: ['21015', '21009'] } }, (s) => ['21015', '21009'].includes(s.municipality.nis)],
      [{ area: { near: { lat: 50.846, lon: 4.352, radiusM: 1_500 } } }, (s) => haversine(s.point, { lat: 50.846, lon: 4.352 }) <= 1_500],
      [{ withFreePlaces: true }, (s) => (freePlaces(s) ?? 0) > 0],
      [{ age: 4 }, (s) => !!s.holding?.capacity?.groups && s.holding.status === 'active' && s.holding.validTo === null],
      [{ age: 4, withFreePlaces: true }, (s) => !!s.holding?.capacity?.groups && s.holding.status === 'active' && s.holding.validTo === null && s.slots.some((x) => x.groupCode === 'petits' && counts(x, Date.now()) && (x.freePlaces ?? 0) > 0)],
      [{ availabilityStatus: ['closed'] }, (s) => s.slots.some((x) => x.status === 'closed' && counts(x, Date.now()))],
    ];
    const polygon = { type: 'Polygon', coordinates: [[[4.33, 50.83], [4.39, 50.83], [4.39, 50.87], [4.33, 50.87], [4.33, 50.83]]] };
    const shape = geometryFromGeoJson(polygon as never);
    cases.push([{ area: { polygon } }, (s) => pointInGeometry(shape, s.point.lon, s.point.lat)]);
    for (const [selection, predicate] of cases) {
      const expected = sites.filter(predicate);
      const { body } = await query({ kind: ['site'], size: 500, ...selection });
      expect({ selection, ids: (body.items as Array<{ entityId: string }>).map((i) => Number(i.entityId)).sort() }).toEqual({ selection, ids: expected.map((s) => s.id).sort() });
      expect({ selection, groups: groupsOf(body) }).toEqual({ selection, groups: bruteForce(expected, (s) => s.municipality.nis) });
      expect(expected.length).toBeGreaterThan(0);
    }
    const bySector = (await query({ kind: ['site'], groupBy: 'sector' })).body;
    expect(groupsOf(bySector)).toEqual(bruteForce(sites, (s) => (s.categoryId === 42 ? '5' : '4')));
  });

  it('gives authorities the crisis contacts and direct contacts, never internal fields', async () => {
    const { body } = await query({ size: 500 });
    const site = (body.items as Array<Record<string, unknown>>).find((i) => i['entityId'] === String(sites[0]!.id))!;
    expect(site['crisisContacts']).toMatchObject({ emergencyPhone: '+32 470 00 00 00', responsible: { name: `Directrice ${sites[0]!.id}` } });
    const practice = (body.items as Array<Record<string, unknown>>).find((i) => i['kind'] === 'practice')!;
    expect(practice).toMatchObject({ directContacts: { mobile: '+32 470 11 22 33' }, approvalStatus: 'approved', profession: { kind: 'nurse' } });
    const allowed = ['id', 'kind', 'entityId', 'name', 'subtitle', 'address', 'point', 'municipality', 'district', 'statSector', 'categories', 'sectorIds', 'profession', 'convention', 'acceptingPatients',
      'publicContacts', 'crisisContacts', 'directContacts', 'approvalStatus', 'holdings', 'accreditedCapacity', 'link', 'freePlaces', 'freePlacesReportedAt', 'availability'];
    for (const item of body.items as Array<Record<string, unknown>>) expect(Object.keys(item).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/"(provenance|validatedBy|objections|inactiveReason|state|version)"/);
  });

  it('stops counting a figure at its expiry, and says when each figure was reported', async () => {
    const site = sites.find((s) => !s.holding && s.slots.length === 0)!;
    const reportedAt = new Date().toISOString();
    const slot: AvailabilityState = { slot: `site:${site.id}`, siteId: site.id, holdingId: null, groupCode: null, status: 'open', freePlaces: 9, reportedAt, expiresAt: new Date(Date.now() + 2_500).toISOString(), reporter: { kind: 'staff', id: 'editor.anna' }, note: null, version: 1 };
    await bus.publish([envelopeFor(AvailabilityReportedV1, slot.slot, 1, slot)]);
    const item = async () => ((await query({ area: { municipality: [site.municipality.nis] }, kind: ['site'], size: 500 })).body.items as Array<{ entityId: string; freePlaces: number | null; availability: Array<{ counts: boolean; reportedAt: string; freePlaces: number }> }>).find((i) => i.entityId === String(site.id))!;
    await waitFor(async () => (await item()).freePlaces === 9, 15_000, 'the new figure to count');
    expect((await item()).availability).toMatchObject([{ counts: true, reportedAt, freePlaces: 9 }]);
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    const after = await item();
    expect(after.freePlaces).toBeNull();
    expect(after.availability).toMatchObject([{ counts: false, reportedAt, freePlaces: 9 }]);
  });

  it('keeps saved areas and queries per client, and lists what changed in an area since a moment', async () => {
    const area = { municipality: ['21009'] };
    expect((await svc.request('PUT', '/authority/saved/area/Ixelles%20centre', area, AUTHORITY)).status).toBe(200);
    expect((await svc.request('PUT', '/authority/saved/area/bad', { municipality: ['1050'] }, AUTHORITY)).body).toMatchObject({ statusCode: 400, errors: [{ path: 'municipality.0' }] });
    expect((await svc.request('GET', '/authority/saved/area', undefined, { 'x-care-audience': 'authority', 'x-care-client': 'someone-else' })).body).toEqual([]);
    const viaSaved = (await query({ kind: ['site'], savedArea: 'Ixelles centre', size: 500 })).body;
    expect(viaSaved.total).toBe(sites.filter((s) => s.municipality.nis === '21009').length);
    expect((await svc.request('PUT', '/authority/saved/query/homes', { agrementType: ['home'], savedArea: 'Ixelles centre' }, AUTHORITY)).status).toBe(200);
    const run = (await svc.request('POST', '/authority/saved/query/homes/run', undefined, AUTHORITY)).body;
    expect(run.total).toBe(sites.filter((s) => s.municipality.nis === '21009' && s.holding?.typeId === 'home' && s.holding.status === 'active').length);

    const since = new Date().toISOString();
    const gone = sites.find((s) => s.municipality.nis === '21009')!;
    const other = sites.find((s) => s.municipality.nis === '21004' && s !== gone)!;
    await bus.publish([envelopeFor(SiteUnpublishedV1, String(gone.id), 2, { id: gone.id, reason: 'archived' }), envelopeFor(SiteUnpublishedV1, String(other.id), 2, { id: other.id, reason: 'archived' })]);
    const changes = async () => (await svc.request('POST', `/authority/changes?since=${encodeURIComponent(since)}`, { savedArea: 'Ixelles centre' }, AUTHORITY)).body;
    await waitFor(async () => (await changes()).items.length > 0, 15_000, 'the removal to show');
    expect((await changes()).items).toMatchObject([{ id: `site:${gone.id}`, changes: [{ what: 'removed' }] }]);
    expect((await svc.request('DELETE', '/authority/saved/area/Ixelles%20centre', undefined, AUTHORITY)).status).toBe(204);
    expect((await svc.request('GET', '/authority/saved/area/Ixelles%20centre', undefined, AUTHORITY)).status).toBe(404);
  });

  it('refuses every authority endpoint to the public audience', async () => {
    const calls: Array<[string, string, object | undefined]> = [
      ['POST', '/authority/query', {}],
      ['POST', `/authority/changes?since=${encodeURIComponent(new Date().toISOString())}`, {}],
      ['GET', '/authority/saved/area', undefined],
      ['GET', '/authority/saved/query/x', undefined],
      ['PUT', '/authority/saved/area/x', { municipality: ['21004'] }],
      ['DELETE', '/authority/saved/area/x', undefined],
      ['POST', '/authority/saved/query/x/run', undefined],
    ];
    for (const [method, path, body] of calls) {
      for (const headers of [{}, { 'x-care-audience': 'public' }, { 'x-care-audience': 'nonsense' }] as Array<Record<string, string>>) {
        expect({ method, path, headers, status: (await svc.request(method, path, body, headers)).status }).toEqual({ method, path, headers, status: 403 });
      }
    }
  });
});

function haversine(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}
