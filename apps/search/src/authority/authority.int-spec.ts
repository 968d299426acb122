import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
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
import { RESTRICTED_LICENCE } from '@care/exports';
import { geometryFromGeoJson, pointInGeometry, seededRandom } from '@care/geo';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { authorityQuerySchema } from '@care/search-domain';
import { waitFor } from '@care/testing';
import { startSearchService } from '../testing/search-service.js';
import { AuthorityExportRunner } from './authority-export.runner.js';

/**
 * Authority queries against a generated directory: every total, capacity and free-places figure
 * is compared with a brute-force computation over the fixture itself (the rule restated below,
 * independently of the SQL).
 */
const MUNICIPALITIES = [
  { nis: '21004', name: { fr: 'Bruxelles', nl: 'Brussel' }, postcode: '1000', lat: 50.846, lon: 4.352, districts: [{ code: '01', name: { fr: 'CENTRE', nl: 'CENTRUM' } }, { code: '02', name: { fr: 'NOTRE-DAME-AUX-NEIGES', nl: 'ONZE-LIEVE-VROUW-TER-SNEEUW' } }] },
  { nis: '21009', name: { fr: 'Ixelles', nl: 'Elsene' }, postcode: '1050', lat: 50.827, lon: 4.372, districts: [{ code: '55', name: { fr: 'FLAGEY', nl: 'FLAGEY' } }] },
  { nis: '21015', name: { fr: 'Schaerbeek', nl: 'Schaarbeek' }, postcode: '1030', lat: 50.867, lon: 4.378, districts: [{ code: '87', name: { fr: 'REYERS', nl: 'REYERS' } }, { code: '88', name: { fr: 'DIAMANT', nl: 'DIAMANT' } }] },
];
/** Sites of this organisation list its holding, which never counts in their capacity. */
const ORGANISATION = 900;
const SITES = 45;
const random = seededRandom(1313);
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
const uuid = (n: number) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;

interface FixtureSite {
  id: number;
  municipality: (typeof MUNICIPALITIES)[number];
  district: (typeof MUNICIPALITIES)[number]['districts'][number];
  point: { lat: number; lon: number };
  categoryId: number;
  holding: PublicHolding | null;
  /** A second holding of its own (a day centre next to a home), without capacity groups. */
  second: PublicHolding | null;
  organisationId: number | null;
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
  const second: PublicHolding | null =
    i % 10 === 3
      ? {
          id: uuid(100 + i), typeId: 'day-centre', holder: { kind: 'site', id: String(id) }, reference: null, validFrom: '2020-01-01', validTo: null, status: 'active', capacity: { value: 7 + (i % 5), unit: 'places' },
          effectiveOn: '2020-01-01', provenance: { source: 'authority', reference: null, retrievedAt: null, validatedAt: null }, version: 1,
        }
      : null;
  const slots: AvailabilityState[] = [];
  // Reported at different hours, so the oldest and newest report of an entity differ.
  const slot = (s: Partial<AvailabilityState> & { slot: string }, n: number, hoursAgo = 1 + (i % 5)): AvailabilityState => ({
    siteId: id, holdingId: null, groupCode: null, status: 'open', freePlaces: n, reportedAt: iso(-3_600_000 * hoursAgo), expiresAt: null,
    reporter: { kind: 'representative', id: `rep-${i}` }, note: null, version: 1, ...s,
  });
  if (i % 5 === 0) slots.push(slot({ slot: `site:${id}` }, 2 + (i % 4))); // site-wide figure
  if (holding && i % 2 === 0) slots.push(slot({ slot: `holding:${holding.id}`, holdingId: holding.id }, i % 7)); // holding figure
  if (holding && groups && i % 3 !== 2) {
    slots.push(slot({ slot: `holding:${holding.id}:petits`, holdingId: holding.id, groupCode: 'petits' }, 1 + (i % 3)));
    // Expired: no longer counts.
    slots.push(slot({ slot: `holding:${holding.id}:grands`, holdingId: holding.id, groupCode: 'grands', expiresAt: iso(-60_000) }, 4));
    // The holding's own figure as well: its groups reported, so it is replaced by theirs.
    if (i % 8 === 1) slots.push(slot({ slot: `holding:${holding.id}`, holdingId: holding.id }, 9, 7));
  }
  if (holding && groups && i % 3 === 2) {
    // Every group figure expired: the holding's own figure counts again.
    slots.push(slot({ slot: `holding:${holding.id}:petits`, holdingId: holding.id, groupCode: 'petits', expiresAt: iso(-120_000) }, 6));
    slots.push(slot({ slot: `holding:${holding.id}`, holdingId: holding.id }, 5, 8));
  }
  if (second) slots.push(slot({ slot: `holding:${second.id}`, holdingId: second.id }, 1 + (i % 4), 9));
  if (i % 9 === 4) slots.push(slot({ slot: `site:${id}`, status: 'closed', freePlaces: 0, expiresAt: iso(86_400_000) }, 0));
  const district = municipality.districts[i % municipality.districts.length]!;
  sites.push({ id, municipality, district, point, categoryId: i % 2 ? 41 : 42, holding, second, organisationId: i % 6 === 0 ? ORGANISATION : null, contacts: i % 2 === 0, slots: dedupe(slots) });
}
/** The holding of the organisation: listed on its sites, counted in none. */
const organisationHolding: PublicHolding = {
  id: uuid(999), typeId: 'network', holder: { kind: 'organisation', id: String(ORGANISATION) }, reference: null, validFrom: '2020-01-01', validTo: null, status: 'active',
  capacity: { value: 500, unit: 'places' }, effectiveOn: '2020-01-01', provenance: { source: 'authority', reference: null, retrievedAt: null, validatedAt: null }, version: 1,
};

function dedupe(slots: AvailabilityState[]): AvailabilityState[] {
  return [...new Map(slots.map((s) => [s.slot, s])).values()];
}

const counts = (s: AvailabilityState, at: number) => s.expiresAt === null || Date.parse(s.expiresAt) > at;

/**
 * The documented rule: a holding's capacity groups replace its own figure when they reported;
 * a site's holdings replace its site-wide figure. Only figures still counting. Returns the
 * figures that make the site's free places (none: nothing reported, or all expired).
 */
function usedFigures(site: FixtureSite, at = Date.now()): AvailabilityState[] {
  const counted = site.slots.filter((s) => counts(s, at));
  const holdingIds = [...new Set(counted.filter((s) => s.holdingId).map((s) => s.holdingId!))];
  if (holdingIds.length > 0) {
    return holdingIds.flatMap((h) => {
      const groups = counted.filter((s) => s.holdingId === h && s.groupCode);
      return groups.length ? groups : counted.filter((s) => s.holdingId === h && !s.groupCode);
    });
  }
  return counted.filter((s) => !s.holdingId);
}

function freePlaces(site: FixtureSite, at = Date.now()): number | null {
  const used = usedFigures(site, at);
  return used.length ? used.reduce((t, s) => t + (s.freePlaces ?? 0), 0) : null;
}

/** When the figures behind the free places were reported. */
function reportedRange(site: FixtureSite, at = Date.now()): { oldest: string; newest: string } | null {
  const times = usedFigures(site, at).map((s) => s.reportedAt).sort();
  return times.length ? { oldest: times[0]!, newest: times.at(-1)! } : null;
}

const today = new Date().toISOString().slice(0, 10);
/** Accredited capacity: the site's own holdings active and valid today (never its organisation's). */
const capacity = (site: FixtureSite) =>
  [site.holding, site.second].reduce((sum, h) => sum + (h && h.status === 'active' && h.validFrom <= today && (h.validTo === null || h.validTo >= today) ? h.capacity!.value : 0), 0);

function bruteForce(selected: FixtureSite[], groupOf: (s: FixtureSite) => string, at = Date.now()) {
  const groups = new Map<string, { count: number; accreditedCapacity: number; freePlaces: number; reporting: number; oldestReportAt: string | null; newestReportAt: string | null }>();
  const min = (a: string | null, b: string | undefined) => (b === undefined ? a : a === null || b < a ? b : a);
  const max = (a: string | null, b: string | undefined) => (b === undefined ? a : a === null || b > a ? b : a);
  for (const s of selected) {
    const g = groups.get(groupOf(s)) ?? { count: 0, accreditedCapacity: 0, freePlaces: 0, reporting: 0, oldestReportAt: null, newestReportAt: null };
    const free = freePlaces(s, at);
    const range = reportedRange(s, at);
    groups.set(groupOf(s), {
      count: g.count + 1,
      accreditedCapacity: g.accreditedCapacity + capacity(s),
      freePlaces: g.freePlaces + (free ?? 0),
      reporting: g.reporting + (free === null ? 0 : 1),
      oldestReportAt: min(g.oldestReportAt, range?.oldest),
      newestReportAt: max(g.newestReportAt, range?.newest),
    });
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)));
}
const totalsOf = (selected: FixtureSite[]) => {
  const { count, accreditedCapacity, freePlaces: free, reporting } = Object.values(bruteForce(selected, () => 'all'))[0]!;
  return { count, accreditedCapacity, freePlaces: free, reporting };
};

describe('authority queries (crisis management)', () => {
  let svc: ServiceUnderTest;
  let bus: EventTransport;
  const AUTHORITY = { 'x-care-audience': 'authority', 'x-care-client': 'crisis-centre' };
  const query = (body: object, headers: Record<string, string> = AUTHORITY) => svc.request('POST', '/authority/query', body, headers);
  const groupsOf = (body: { aggregates: { groups: Array<{ key: string; count: number; accreditedCapacity: number; freePlaces: number; reporting: number; oldestReportAt: string | null; newestReportAt: string | null }> } }) =>
    Object.fromEntries(
      body.aggregates.groups.map((g) => [g.key, { count: g.count, accreditedCapacity: g.accreditedCapacity, freePlaces: g.freePlaces, reporting: g.reporting, oldestReportAt: g.oldestReportAt, newestReportAt: g.newestReportAt }]),
    );

  beforeAll(async () => {
    svc = await startSearchService('authority_svc');
    bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    const sector = (id: number, fr: string) => envelopeFor(SectorChangedV1, String(id), 1, { changes: ['created'], sector: { id, code: `s${id}`, name: { fr, nl: `${fr} (nl)` }, definition: null, rubriques: [{ id: id * 100, name: { fr: 'R', nl: 'R' } }] } });
    const category = (id: number, sectorId: number) =>
      envelopeFor(CategoryChangedV1, String(id), 1, {
        changes: ['created'],
        category: { id, name: { fr: `Catégorie ${id}`, nl: `Categorie ${id}` }, definition: null, keywords: { fr: [], nl: [] }, referenceUrls: [], relatedCategoryIds: [], placements: [{ sectorId, rubriqueId: sectorId * 100 }], status: 'active', retiredAt: null },
      });
    const type = (id: string, authorityId = 'iriscare') =>
      envelopeFor(AgrementTypeChangedV1, id, 1, {
        id, name: { fr: `Type ${id}`, nl: `Type ${id}` }, authorityId, attributions: [{ authorityId, validFrom: '2019-01-01', validTo: null }],
        legalBasis: { title: { fr: 'Ordonnance', nl: 'Ordonnantie' }, eli: null, url: null }, validFrom: '2019-01-01', validTo: null, capacityUnit: 'places', categoryIds: [],
      });
    const events: EventEnvelope[] = [
      sector(4, 'Aide'), sector(5, 'Santé'), category(41, 4), category(42, 5),
      envelopeFor(AuthorityChangedV1, 'iriscare', 1, { id: 'iriscare', abbreviation: { fr: 'Iriscare', nl: 'Iriscare' }, name: { fr: 'Iriscare', nl: 'Iriscare' }, level: 'agency', validFrom: '2019-01-01', validTo: null, successorId: null }),
      envelopeFor(AuthorityChangedV1, 'cocof', 1, { id: 'cocof', abbreviation: { fr: 'COCOF', nl: 'COCOF' }, name: { fr: 'COCOF', nl: 'COCOF' }, level: 'community', validFrom: '2019-01-01', validTo: null, successorId: null }),
      type('home'), type('shelter'), type('day-centre'), type('network', 'cocof'),
      envelopeFor(HoldingChangedV1, organisationHolding.id, 1, organisationHolding),
    ];
    for (const s of sites) {
      events.push(
        envelopeFor(SitePublishedV1, String(s.id), 1, publishedSiteFixture(s.id, {
          organisationId: s.organisationId,
          names: { official: { fr: `Lieu ${s.id}`, nl: `Plaats ${s.id}` }, alternative: [], former: [], service: [] },
          categoryIds: [s.categoryId],
          address: { ...publishedSiteFixture(s.id).address, postcode: s.municipality.postcode, municipality: { nis: s.municipality.nis, name: s.municipality.name }, point: s.point, monitoringDistrict: s.district },
        })),
      );
      if (s.holding) events.push(envelopeFor(HoldingChangedV1, s.holding.id, 1, s.holding));
      if (s.second) events.push(envelopeFor(HoldingChangedV1, s.second.id, 1, s.second));
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

  it('aggregates per municipality and district equal a brute-force count: entities, accredited capacity, free places still counting, when reported', async () => {
    const { status, headers, body } = await query({ kind: ['site'], size: 500 });
    expect(status).toBe(200);
    expect(body.total).toBe(SITES);
    expect(headers.get('x-care-row-count')).toBe(String(SITES));
    // The fixture holds every case of the rule (else the comparison could not fail on it).
    const holdingFigures = (s: FixtureSite, h: PublicHolding | null) => s.slots.filter((x) => h && x.holdingId === h.id);
    expect(sites.some((s) => holdingFigures(s, s.holding).some((x) => x.groupCode && counts(x, Date.now())) && holdingFigures(s, s.holding).some((x) => !x.groupCode))).toBe(true);
    expect(sites.some((s) => holdingFigures(s, s.holding).some((x) => x.groupCode) && holdingFigures(s, s.holding).every((x) => !x.groupCode || !counts(x, Date.now())))).toBe(true);
    expect(sites.some((s) => s.slots.some((x) => !x.holdingId) && s.slots.some((x) => x.holdingId && counts(x, Date.now())))).toBe(true);
    expect(sites.some((s) => s.second && s.holding?.status === 'active' && s.holding.validTo === null)).toBe(true);
    expect(sites.some((s) => s.organisationId === ORGANISATION)).toBe(true);
    expect(groupsOf(body)).toEqual(bruteForce(sites, (s) => s.municipality.nis));
    expect(body.aggregates.groups.find((g: { key: string }) => g.key === '21009').label).toEqual({ fr: 'Ixelles', nl: 'Elsene' });
    expect(body.aggregates.totals).toEqual(totalsOf(sites));
    const byDistrict = (await query({ kind: ['site'], groupBy: 'district' })).body;
    expect(groupsOf(byDistrict)).toEqual(bruteForce(sites, (s) => s.district.code));
    expect(byDistrict.aggregates.groups.find((g: { key: string }) => g.key === '87').label).toEqual({ fr: 'REYERS', nl: 'REYERS' });
    // Each item: its own free places and capacity, and when every figure was reported.
    const at = Date.parse(body.at);
    for (const item of body.items as Array<{ entityId: string; freePlaces: number | null; accreditedCapacity: number; freePlacesReportedAt: unknown; holdings: Array<{ heldBy: string }>; availability: Array<{ slot: string; reportedAt: string; counts: boolean; ageSeconds: number }> }>) {
      const site = sites.find((s) => String(s.id) === item.entityId)!;
      expect({ id: item.entityId, free: item.freePlaces, capacity: item.accreditedCapacity, reported: item.freePlacesReportedAt }).toEqual({ id: item.entityId, free: freePlaces(site, at), capacity: capacity(site), reported: reportedRange(site, at) });
      expect(item.holdings.filter((h) => h.heldBy === 'organisation')).toHaveLength(site.organisationId ? 1 : 0);
      expect(item.availability.map((f) => [f.slot, f.reportedAt, f.counts]).sort()).toEqual(site.slots.map((x) => [x.slot, x.reportedAt, counts(x, at)]).sort());
      for (const figure of item.availability) expect(Math.abs(figure.ageSeconds - (at - Date.parse(figure.reportedAt)) / 1000)).toBeLessThanOrEqual(1);
    }
  });

  it('selects by agrément type and status, sector, area (municipality, polygon, radius), age and free places, with matching aggregates', async () => {
    const cases: Array<[object, (s: FixtureSite) => boolean]> = [
      [{ agrementType: ['home'] }, (s) => s.holding?.typeId === 'home' && s.holding.status === 'active'],
      [{ agrementType: ['home', 'shelter'], agrementStatus: ['pending'] }, (s) => s.holding?.status === 'pending'],
      [{ authority: ['iriscare'] }, (s) => s.holding?.status === 'active' || s.second?.status === 'active'],
      [{ authority: ['cocof'] }, (s) => s.organisationId === ORGANISATION],
      [{ area: { district: ['87', '01'] } }, (s) => ['87', '01'].includes(s.district.code)],
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

  it('exports a query as CSV, XLSX and GeoJSON: every entity the query selects, counted before streaming, with contacts, capacity and free places', async () => {
    const selection = { kind: ['site'], area: { municipality: ['21004', '21015'] } };
    const answer = (await query({ ...selection, size: 500 })).body as { total: number; items: Array<{ id: string; entityId: string }> };
    const ids = answer.items.map((i) => i.id);
    expect(ids.length).toBe(sites.filter((s) => ['21004', '21015'].includes(s.municipality.nis)).length);
    // Paging and grouping do not apply to an export: every row is in the file.
    const exported = (format: string) => fetch(`${svc.url}/authority/export?format=${format}`, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTHORITY }, body: JSON.stringify({ ...selection, page: 2, size: 3, groupBy: 'district' }) });

    const csv = await exported('csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="care-authority-query-[\w-]+\.csv"$/);
    expect(csv.headers.get('x-care-row-count')).toBe(String(ids.length));
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\uFEFF# dataset=authority-query; ')).toBe(true);
    expect(text.split('\r\n')[0]).toContain(`licence=${RESTRICTED_LICENCE.name}`);
    const [header, ...records] = csvRecords(text.slice(text.indexOf('\r\n') + 2));
    const rows = records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
    expect(rows.map((r) => r['id'])).toEqual(ids);
    const at = Date.now();
    for (const row of rows) {
      const site = sites.find((s) => `site:${s.id}` === row['id'])!;
      const range = reportedRange(site, at);
      expect(row).toMatchObject({
        kind: 'site', name_fr: `Lieu ${site.id}`, name_nl: `Plaats ${site.id}`, municipality_nis: site.municipality.nis, municipality_nl: site.municipality.name.nl,
        district_code: site.district.code, district_fr: site.district.name.fr, accredited_capacity: String(capacity(site)), free_places: String(freePlaces(site, at) ?? ''),
        free_places_reported_oldest: range?.oldest ?? '', free_places_reported_newest: range?.newest ?? '',
        crisis_emergency_phone: site.contacts ? '+32 470 00 00 00' : '', responsible_name: site.contacts ? `Directrice ${site.id}` : '',
      });
      expect(row['agrements_fr']).toEqual([site.holding, site.second].filter(Boolean).length + (site.organisationId ? 1 : 0) > 0 ? expect.stringContaining('Type ') : '');
    }

    const xlsx = await exported('xlsx');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('x-care-row-count')).toBe(String(ids.length));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const [data, meta] = workbook.worksheets;
    const sheet = data!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(sheet[0]).toEqual(header);
    expect(sheet.slice(1).map((r) => r[0])).toEqual(ids);
    expect(Object.fromEntries(meta!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 3) as [string, string]))).toMatchObject({ dataset: 'authority-query', licence: RESTRICTED_LICENCE.name, rows: String(ids.length) });

    const geojson = await exported('geojson');
    expect(geojson.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const collection = (await geojson.json()) as { metadata: Record<string, unknown>; features: Array<{ geometry: { coordinates: number[] }; properties: { id: string; freePlaces: number | null; accreditedCapacity: number; crisisContacts: unknown } }> };
    expect(collection.metadata).toMatchObject({ dataset: 'authority-query', licence: RESTRICTED_LICENCE, rows: ids.length, query: { kind: ['site'], area: { municipality: ['21004', '21015'] } } });
    expect(collection.metadata['query']).not.toHaveProperty('page');
    expect(collection.features.map((f) => f.properties.id)).toEqual(ids);
    for (const feature of collection.features) {
      const site = sites.find((s) => `site:${s.id}` === feature.properties.id)!;
      expect(feature.geometry.coordinates).toEqual([site.point.lon, site.point.lat]);
      expect([feature.properties.freePlaces, feature.properties.accreditedCapacity]).toEqual([freePlaces(site), capacity(site)]);
    }
  });

  it('runs each export in a process of its own: a caller that goes away stops it and frees its turn', async () => {
    const runner = svc.app.get(AuthorityExportRunner);
    // More callers than run at once (AUTHORITY_EXPORT_CONCURRENCY, 2), each gone once the head is
    // there, while its export process has the file to write (a destination that never drains).
    const leaving = () => {
      const gone = new Writable({ highWaterMark: 16, write: () => undefined });
      return runner.export(authorityQuerySchema.parse({}), 'geojson', (head) => {
        expect(head.rows).toBeGreaterThan(0);
        setTimeout(() => gone.destroy(), 50);
        return gone;
      });
    };
    const runs = await Promise.allSettled([leaving(), leaving(), leaving(), leaving()]);
    expect(runs.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.status))).toEqual(Array(4).fill('export destination closed before the end'));
    const whole = await fetch(`${svc.url}/authority/export?format=geojson`, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTHORITY }, body: '{}' });
    expect(whole.status).toBe(200);
    const file = (await whole.json()) as { features: unknown[] };
    expect(file.features.length).toBe(Number(whole.headers.get('x-care-row-count')));
    expect(file.features.length).toBe(((await query({})).body as { total: number }).total);
    // Each export process had its own connection (application_name care-search-export); none is left.
    await waitFor(async () => (await svc.sql(`select 1 from pg_stat_activity where application_name = 'care-search-export'`)).length === 0, 10_000, 'the export processes to end');
  });

  it('refuses an export in an unknown format or of an invalid query, naming the field (400)', async () => {
    const post = (path: string, body: object) => svc.request('POST', path, body, AUTHORITY);
    expect((await post('/authority/export?format=pdf', {})).body).toMatchObject({ statusCode: 400, errors: [{ path: 'format' }] });
    expect((await post('/authority/export', {})).body).toMatchObject({ statusCode: 400, errors: [{ path: 'format' }] });
    const bad = await post('/authority/export?format=csv', { area: { municipality: ['1050'] } });
    expect(bad.body).toMatchObject({ statusCode: 400, errors: [{ path: 'area.municipality.0' }] });
    expect(bad.body.errors[0].messages).toEqual({ fr: expect.any(String), nl: expect.any(String) });
    expect((await post('/authority/export?format=csv', { savedArea: 'nowhere' })).status).toBe(404);
  });

  it('stops counting a figure at its expiry, in the entity and in the aggregates, and says when each figure was reported', async () => {
    const site = sites.find((s) => !s.holding && s.slots.length === 0)!;
    const nis = site.municipality.nis;
    const reportedAt = new Date().toISOString();
    const expiresAt = new Date(Date.now() + 6_000).toISOString();
    const slot: AvailabilityState = { slot: `site:${site.id}`, siteId: site.id, holdingId: null, groupCode: null, status: 'open', freePlaces: 9, reportedAt, expiresAt, reporter: { kind: 'staff', id: 'editor.anna' }, note: null, version: 1 };
    await bus.publish([envelopeFor(AvailabilityReportedV1, slot.slot, 1, slot)]);
    site.slots.push(slot);
    const answer = async () => (await query({ area: { municipality: [nis] }, kind: ['site'], size: 500 })).body;
    const itemIn = (body: { items: any[] }): { freePlaces: number | null; availability: unknown[] } => body.items.find((i) => i.entityId === String(site.id));
    const expected = (at: number) => bruteForce(sites.filter((s) => s.municipality.nis === nis), () => nis, at)[nis];

    let before = await answer();
    await waitFor(async () => itemIn((before = await answer())).availability.length > 0, 15_000, 'the new figure');
    expect(Date.parse(before.at)).toBeLessThan(Date.parse(expiresAt));
    expect(itemIn(before)).toMatchObject({ freePlaces: 9, freePlacesReportedAt: { oldest: reportedAt, newest: reportedAt }, availability: [{ counts: true, reportedAt, expiresAt, freePlaces: 9, reporter: { kind: 'staff' } }] });
    expect(itemIn(before).availability[0]).not.toHaveProperty('reporter.id');
    expect(groupsOf(before)[nis]).toEqual(expected(Date.parse(before.at)));
    expect(groupsOf(before)[nis]!.newestReportAt).toBe(reportedAt);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(expiresAt) - Date.now() + 200)));
    const after = await answer();
    expect(itemIn(after)).toMatchObject({ freePlaces: null, freePlacesReportedAt: null, availability: [{ counts: false, reportedAt, expiresAt, freePlaces: 9 }] });
    expect(groupsOf(after)[nis]).toEqual(expected(Date.parse(after.at)));
    expect(groupsOf(after)[nis]!.freePlaces).toBe(groupsOf(before)[nis]!.freePlaces - 9);
    expect((await query({ kind: ['site'], withFreePlaces: true, area: { municipality: [nis] }, size: 500 })).body.items.map((i: { entityId: string }) => i.entityId)).not.toContain(String(site.id));
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
      ['POST', '/authority/export?format=csv', {}],
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

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}
