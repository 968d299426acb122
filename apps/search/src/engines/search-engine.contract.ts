import type { OpeningHours } from '@care/contracts';
import { geometryFromGeoJson, pointInGeometry, seededRandom } from '@care/geo';
import { openIntervals } from '@care/opening-hours';
import { FACETS, type Facet, type SearchDocument, type SearchEngine, type SearchQuery } from '@care/search-domain';

/**
 * One behaviour for every search engine: the PostgreSQL adapter runs it always, the
 * Elasticsearch adapter when ELASTICSEARCH_URL is set. Expected answers are computed by brute
 * force over the same documents, so the suite checks the engine, not a copy of its logic.
 */
export function searchEngineContract(label: string, create: () => Promise<SearchEngine>): void {
  describe(`SearchEngine contract (${label})`, () => {
    let engine: SearchEngine;
    const generation = 900_000 + (process.pid % 50_000) * 10;
    const docs = fixture();

    beforeAll(async () => {
      engine = await create();
      await engine.drop(generation);
      await engine.prepare(generation);
      await engine.activate(generation);
      await engine.index(generation, docs);
      await engine.refresh(generation);
    }, 60_000);

    afterAll(async () => {
      await engine.drop(generation).catch(() => undefined);
      await engine.drop(generation + 1).catch(() => undefined);
      await engine.close();
    });

    const ids = async (overrides: Partial<SearchQuery>) => (await all(engine, generation, overrides)).map((h) => h.id).sort();
    const expected = (predicate: (d: SearchDocument) => boolean) => docs.filter(predicate).map((d) => d.id).sort();

    it('stores every document once', async () => {
      expect(await engine.count(generation)).toBe(docs.length);
    });

    it('folds accents and stems French and Dutch', async () => {
      expect(await top(engine, generation, 'hopital')).toContain('site:1');
      expect(await top(engine, generation, 'HÔPITAUX')).toContain('site:1');
      expect(await top(engine, generation, 'ziekenhuizen')).toContain('site:1');
      expect(await top(engine, generation, 'maisons medicales')).toContain('site:2');
      expect(await top(engine, generation, 'gezinsplanningen', 'nl')).toContain('site:3');
    });

    it('tolerates typos in names and categories', async () => {
      expect(await top(engine, generation, 'hopitl')).toContain('site:1');
      expect(await top(engine, generation, 'planing familial')).toContain('site:3');
    });

    it('treats query syntax and SQL as plain words', async () => {
      for (const q of [`'; drop table search.document; --`, '" OR 1=1', '{"match_all":{}}', '*:*', '<->&|!():*']) {
        const result = await engine.search(generation, query({ q }));
        expect(result.total).toBeLessThan(docs.length);
      }
      expect(await engine.count(generation)).toBe(docs.length);
    });

    it('filters by radius, bounding box and polygon exactly', async () => {
      const near = { lat: 50.8466, lon: 4.3528, radiusM: 1_500 };
      expect(await ids({ near })).toEqual(expected((d) => !!d.point && haversine(d.point, near) <= near.radiusM));
      const bbox = { west: 4.33, south: 50.83, east: 4.37, north: 50.86 };
      expect(await ids({ bbox })).toEqual(expected((d) => !!d.point && d.point.lon >= bbox.west && d.point.lon <= bbox.east && d.point.lat >= bbox.south && d.point.lat <= bbox.north));
      const polygon: Array<[number, number]> = [[4.3, 50.82], [4.4, 50.82], [4.42, 50.86], [4.35, 50.88], [4.3, 50.82]];
      const shape = geometryFromGeoJson({ type: 'Polygon', coordinates: [polygon] });
      const inPolygon = expected((d) => !!d.point && pointInGeometry(shape, d.point.lon, d.point.lat));
      expect(inPolygon.length).toBeGreaterThan(5);
      expect(await ids({ polygon })).toEqual(inPolygon);
    });

    it('sorts by distance and reports it in metres, with each hit’s position', async () => {
      const near = { lat: 50.8466, lon: 4.3528, radiusM: 3_000 };
      const hits = await all(engine, generation, { near, sort: 'distance' });
      const distances = hits.map((h) => h.distanceM!);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      for (const hit of hits) {
        const doc = docs.find((d) => d.id === hit.id)!;
        expect(Math.abs(hit.distanceM! - haversine(doc.point!, near))).toBeLessThan(5);
        expect(hit.point).toEqual(doc.point);
      }
    });

    it('answers hits without coordinates with a null position', async () => {
      const unplaced = docs.filter((d) => !d.point);
      expect(unplaced.length).toBeGreaterThan(0);
      const hits = await all(engine, generation, {});
      expect(hits.filter((h) => h.point === null).map((h) => h.id).sort()).toEqual(unplaced.map((d) => d.id).sort());
    });

    it('applies every filter, OR within a filter and AND between filters', async () => {
      const cases: Array<[Partial<SearchQuery>, (d: SearchDocument) => boolean]> = [
        [{ kind: ['practice'] }, (d) => d.kind === 'practice'],
        [{ municipality: ['21004', '21009'] }, (d) => ['21004', '21009'].includes(d.municipality ?? '')],
        [{ statSector: ['21004A00-'] }, (d) => d.statSector === '21004A00-'],
        [{ district: ['D2', 'D3'] }, (d) => ['D2', 'D3'].includes(d.district ?? '')],
        [{ sector: [2] }, (d) => d.sectorIds.includes(2)],
        [{ rubrique: [201] }, (d) => d.rubriqueIds.includes(201)],
        [{ category: [11, 12] }, (d) => d.categoryIds.some((c) => [11, 12].includes(c))],
        [{ agrementType: ['cocof-planning-familial'] }, (d) => d.agrementTypeIds.includes('cocof-planning-familial')],
        [{ authority: ['iriscare'] }, (d) => d.authorityIds.includes('iriscare')],
        [{ language: ['nl'] }, (d) => d.languages.includes('nl')],
        [{ offerKind: ['accredited'] }, (d) => d.offerKind === 'accredited'],
        [{ publicTarget: ['youth'] }, (d) => d.targetPublics.includes('youth')],
        [{ profession: ['nurse'] }, (d) => d.profession === 'nurse'],
        [{ convention: ['conventioned'] }, (d) => d.convention === 'conventioned'],
        [{ acceptingPatients: true }, (d) => d.acceptingPatients === true],
        [{ kind: ['practice'], language: ['nl', 'en'], acceptingPatients: false }, (d) => d.kind === 'practice' && d.languages.some((l) => ['nl', 'en'].includes(l)) && d.acceptingPatients === false],
      ];
      for (const [filters, predicate] of cases) {
        const want = expected(predicate);
        expect({ filters, ids: await ids(filters) }).toEqual({ filters, ids: want });
        expect(want.length).toBeGreaterThan(0);
      }
    });

    it('counts facets over every matching document, as a brute-force count does', async () => {
      for (const filters of [{}, { kind: ['site'] as SearchQuery['kind'] }, { near: { lat: 50.85, lon: 4.36, radiusM: 2_500 }, language: ['fr'] }]) {
        const result = await engine.search(generation, query(filters));
        const matching = docs.filter((d) => bruteForce(d, query(filters)));
        expect(result.total).toBe(matching.length);
        expect(result.facets).toEqual(facetCounts(matching));
      }
      // With text: the facets describe exactly the documents the hits page through.
      const text = query({ q: 'centre' });
      const result = await engine.search(generation, text);
      const hitDocs = (await all(engine, generation, { q: 'centre' })).map((h) => docs.find((d) => d.id === h.id)!);
      expect(result.total).toBe(hitDocs.length);
      expect(result.total).toBeGreaterThan(3);
      expect(result.facets).toEqual(facetCounts(hitDocs));
    });

    it('answers openAt from the opening intervals, across midnight and around closures', async () => {
      // Night shelter (site:4): 20:00–08:00 every day; closed 24–26 Dec 2026 (winter time, UTC+1).
      expect(await ids({ openAt: new Date('2026-12-05T01:00:00Z'), kind: ['site'], category: [40] })).toEqual(['site:4']); // Saturday 02:00
      expect(await ids({ openAt: new Date('2026-12-05T11:00:00Z'), kind: ['site'], category: [40] })).toEqual([]); // Saturday 12:00
      expect(await ids({ openAt: new Date('2026-12-24T22:00:00Z'), kind: ['site'], category: [40] })).toEqual([]); // Thursday 24th 23:00, closed
      expect(await ids({ openAt: new Date('2026-12-24T05:00:00Z'), kind: ['site'], category: [40] })).toEqual(['site:4']); // 24th 06:00, night of the 23rd
      const at = new Date('2026-12-07T09:30:00Z'); // Monday 10:30
      expect(await ids({ openAt: at })).toEqual(expected((d) => d.openIntervals.some((i) => Date.parse(i.start) <= at.getTime() && at.getTime() < Date.parse(i.end))));
    });

    it('pages without gaps or overlaps, sorted by name', async () => {
      const seen: string[] = [];
      let names: string[] = [];
      for (let page = 1; page <= 20; page++) {
        const result = await engine.search(generation, query({ sort: 'name', page, size: 17 }));
        if (result.hits.length === 0) break;
        seen.push(...result.hits.map((h) => h.id));
        names = names.concat(result.hits.map((h) => h.display.name.fr.toLowerCase()));
      }
      expect(new Set(seen).size).toBe(docs.length);
      expect(seen.length).toBe(docs.length);
      for (let i = 1; i < names.length; i++) expect(names[i - 1]! <= names[i]! || names[i - 1]!.localeCompare(names[i]!) <= 0).toBe(true);
    });

    it('never replaces a document by an older version, nor resurrects a removed one', async () => {
      const original = docs[0]!;
      await engine.index(generation, [{ ...original, version: original.version - 1, name: { fr: 'Périmé', nl: 'Verouderd' } }]);
      await engine.refresh(generation);
      expect(await top(engine, generation, 'Périmé')).not.toContain(original.id);
      const newer = { ...original, version: original.version + 10, name: { fr: 'Hôpital Saint-Pierre (site César De Paepe)', nl: 'Sint-Pietersziekenhuis (site César De Paepe)' } };
      await engine.index(generation, [newer]);
      await engine.remove(generation, [{ id: original.id, version: original.version + 5 }]); // a stale removal
      await engine.refresh(generation);
      expect(await top(engine, generation, 'César De Paepe')).toContain(original.id);
      await engine.remove(generation, [{ id: original.id, version: newer.version + 1 }]);
      await engine.index(generation, [{ ...newer, version: newer.version }]); // replayed after its removal
      await engine.refresh(generation);
      expect(await engine.count(generation)).toBe(docs.length - 1);
      await engine.index(generation, [{ ...newer, version: newer.version + 2 }]); // published again
      await engine.refresh(generation);
      expect(await engine.count(generation)).toBe(docs.length);
    });

    it('keeps generations apart, and swaps the active one', async () => {
      await engine.prepare(generation + 1);
      await engine.index(generation + 1, docs.slice(0, 3));
      await engine.refresh(generation + 1);
      expect(await engine.count(generation + 1)).toBe(3);
      expect(await engine.count(generation)).toBe(docs.length);
      await engine.activate(generation + 1);
      expect((await engine.search(generation + 1, query({}))).total).toBe(3);
      await engine.activate(generation);
      await engine.drop(generation + 1);
      expect((await engine.search(generation, query({}))).total).toBe(docs.length);
    });
  });
}

/** A query with no criteria but those given. */
export function query(overrides: Partial<SearchQuery>): SearchQuery {
  return {
    q: null, lang: 'fr', near: null, bbox: null, polygon: null, kind: [], municipality: [], statSector: [], district: [], sector: [], rubrique: [], category: [],
    agrementType: [], authority: [], language: [], offerKind: [], publicTarget: [], profession: [], convention: [], acceptingPatients: null, openAt: null,
    sort: overrides.q ? 'relevance' : 'name', page: 1, size: 100,
    ...overrides,
  };
}

async function all(engine: SearchEngine, generation: number, overrides: Partial<SearchQuery>) {
  const hits = [];
  for (let page = 1; ; page++) {
    const result = await engine.search(generation, query({ ...overrides, page, size: 100 }));
    hits.push(...result.hits);
    if (result.hits.length < 100) return hits;
  }
}

async function top(engine: SearchEngine, generation: number, q: string, lang: 'fr' | 'nl' = 'fr'): Promise<string[]> {
  return (await engine.search(generation, query({ q, lang, size: 3 }))).hits.map((h) => h.id);
}

function haversine(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** The non-text criteria, evaluated directly on a document. */
function bruteForce(d: SearchDocument, q: SearchQuery): boolean {
  const inList = <T>(values: readonly T[], value: T | null) => values.length === 0 || (value !== null && values.includes(value));
  const overlap = <T>(values: readonly T[], have: readonly T[]) => values.length === 0 || have.some((v) => values.includes(v));
  if (q.near && (!d.point || haversine(d.point, q.near) > q.near.radiusM)) return false;
  return (
    inList(q.kind, d.kind) && inList(q.municipality, d.municipality) && inList(q.statSector, d.statSector) && inList(q.district, d.district) &&
    overlap(q.sector, d.sectorIds) && overlap(q.rubrique, d.rubriqueIds) && overlap(q.category, d.categoryIds) && overlap(q.agrementType, d.agrementTypeIds) &&
    overlap(q.authority, d.authorityIds) && overlap(q.language, d.languages) && inList(q.offerKind, d.offerKind) && overlap(q.publicTarget, d.targetPublics) &&
    inList(q.profession, d.profession) && inList(q.convention, d.convention) && (q.acceptingPatients === null || d.acceptingPatients === q.acceptingPatients)
  );
}

function facetCounts(matching: readonly SearchDocument[]): Record<Facet, Array<{ key: string; count: number }>> {
  const values: Record<Facet, (d: SearchDocument) => Array<string | number | null>> = {
    kind: (d) => [d.kind],
    sector: (d) => d.sectorIds,
    category: (d) => d.categoryIds,
    municipality: (d) => [d.municipality],
    language: (d) => d.languages,
    authority: (d) => d.authorityIds,
    profession: (d) => [d.profession],
    convention: (d) => [d.convention],
  };
  const out = {} as Record<Facet, Array<{ key: string; count: number }>>;
  for (const facet of FACETS) {
    const counts = new Map<string, number>();
    for (const d of matching) for (const v of new Set(values[facet](d))) if (v !== null) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    out[facet] = [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }
  return out;
}

const NIGHT: OpeningHours = {
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, opens: '20:00', closes: '08:00' })),
  exceptions: [{ from: '2026-12-24', to: '2026-12-26', closed: true, weekly: [], reason: null }],
  appointmentOnly: false,
  remark: null,
};
const OFFICE: OpeningHours = {
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((day) => [{ day, opens: '09:00', closes: '12:30' }, { day, opens: '13:30', closes: '17:00' }]),
  exceptions: [],
  appointmentOnly: false,
  remark: null,
};
const intervalsOf = (hours: OpeningHours) => openIntervals(hours, '2026-11-20', '2027-01-10').map((i) => ({ start: i.start.toISOString(), end: i.end.toISOString() }));

function document(id: string, overrides: Partial<SearchDocument>): SearchDocument {
  const [kind, entityId] = id.split(':') as [SearchDocument['kind'], string];
  const name = overrides.name ?? { fr: id, nl: id };
  return {
    id, kind, entityId, version: 10, name, altNames: [], text: { fr: '', nl: '' }, keywords: { fr: '', nl: '' }, point: null, postcode: null, municipality: null,
    statSector: null, district: null, sectorIds: [], rubriqueIds: [], categoryIds: [], agrementTypeIds: [], authorityIds: [], languages: [], offerKind: null,
    targetPublics: [], profession: null, convention: null, acceptingPatients: null, openIntervals: [],
    display: { name, subtitle: null, address: null, phone: null, email: null, website: null, categories: [], profession: null, appointmentOnly: false, hoursRemark: null, link: `/${id}` },
    ...overrides,
  };
}

/** Five hand-written documents for language behaviour, and 300 seeded ones for filters, facets and geometry. */
function fixture(): SearchDocument[] {
  const docs: SearchDocument[] = [
    document('site:1', {
      name: { fr: 'Hôpital Saint-Pierre', nl: 'Sint-Pietersziekenhuis' }, text: { fr: 'Hôpital universitaire et urgences.', nl: 'Universitair ziekenhuis met spoeddienst.' },
      keywords: { fr: 'Hôpitaux généraux', nl: 'Algemene ziekenhuizen' }, point: { lat: 50.8355, lon: 4.3474 }, municipality: '21004', languages: ['fr', 'nl'], sectorIds: [2], categoryIds: [12], offerKind: 'public-service',
    }),
    document('site:2', {
      name: { fr: 'Maison médicale du Midi', nl: 'Wijkgezondheidscentrum Zuid' }, keywords: { fr: 'Maisons médicales', nl: 'Wijkgezondheidscentra' }, point: { lat: 50.8361, lon: 4.3365 },
      municipality: '21013', languages: ['fr'], sectorIds: [2], categoryIds: [11], offerKind: 'accredited', openIntervals: intervalsOf(OFFICE),
    }),
    document('site:3', {
      name: { fr: 'Centre de planning familial Leman', nl: 'Centrum voor gezinsplanning Leman' }, keywords: { fr: 'Planning familial', nl: 'Gezinsplanning' },
      point: { lat: 50.8503, lon: 4.3517 }, municipality: '21004', languages: ['fr', 'nl', 'en'], sectorIds: [3], categoryIds: [30], agrementTypeIds: ['cocof-planning-familial'], authorityIds: ['cocof'],
      offerKind: 'accredited', targetPublics: ['youth'], openIntervals: intervalsOf(OFFICE),
    }),
    document('site:4', {
      name: { fr: 'Abri de nuit Pierre d’Angle', nl: 'Nachtopvang Pierre d’Angle' }, keywords: { fr: 'Hébergement d’urgence', nl: 'Noodopvang' }, point: { lat: 50.8425, lon: 4.3444 },
      municipality: '21004', languages: ['fr', 'nl'], sectorIds: [4], categoryIds: [40], offerKind: 'accredited', openIntervals: intervalsOf(NIGHT),
    }),
    document('practice:5', {
      name: { fr: 'Anna Peeters', nl: 'Anna Peeters' }, keywords: { fr: 'Médecin généraliste', nl: 'Huisarts' }, point: { lat: 50.8468, lon: 4.3525 }, municipality: '21004',
      languages: ['nl', 'en'], profession: 'physician', convention: 'conventioned', acceptingPatients: true,
    }),
  ];
  const random = seededRandom(20261123);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const some = <T>(values: readonly T[]) => values.filter(() => random() < 0.35);
  const municipalities = ['21001', '21004', '21009', '21013', '21015', '21016'];
  for (let i = 6; i < 306; i++) {
    const practice = random() < 0.4;
    const point = random() < 0.95 ? { lat: 50.8 + random() * 0.1, lon: 4.28 + random() * 0.16 } : null;
    const opens = random() < 0.3 ? NIGHT : random() < 0.7 ? OFFICE : null;
    const word = pick(['Centre', 'Service', 'Maison', 'Antenne', 'Dienst']);
    docs.push(
      document(`${practice ? 'practice' : 'site'}:${i}`, {
        name: practice ? { fr: `Prestataire ${i}`, nl: `Zorgverlener ${i}` } : { fr: `${word} ${i}`, nl: `${word === 'Centre' ? 'Centrum' : word} ${i}` },
        point,
        municipality: point ? pick(municipalities) : null,
        statSector: pick(['21004A00-', '21004A11-', '21009B01-', null]),
        district: pick(['D1', 'D2', 'D3', null]),
        sectorIds: practice ? [] : some([1, 2, 3]),
        rubriqueIds: practice ? [] : some([101, 201]),
        categoryIds: practice ? [] : some([10, 11, 12, 13]),
        agrementTypeIds: some(['cocof-planning-familial', 'iriscare-mrs']),
        authorityIds: some(['cocof', 'iriscare']),
        languages: some(['fr', 'nl', 'en', 'ar']),
        offerKind: practice ? null : pick(['public-service', 'accredited', 'other']),
        targetPublics: practice ? [] : some(['youth', 'elderly']),
        profession: practice ? pick(['physician', 'nurse', 'dentist']) : null,
        convention: practice ? pick(['conventioned', 'partially', 'not-conventioned']) : null,
        acceptingPatients: practice ? pick([true, false, null]) : null,
        openIntervals: opens ? intervalsOf(opens) : [],
      }),
    );
  }
  return docs;
}
