import type { SearchDocument, SearchQuery } from '@care/search-domain';
import { distanceM, indexTemplate, searchRequest, toSource } from './elasticsearch-search.engine.js';

const query = (overrides: Partial<SearchQuery> = {}): SearchQuery => ({
  q: null,
  lang: 'fr',
  near: null,
  bbox: null,
  polygon: null,
  kind: [],
  municipality: [],
  statSector: [],
  district: [],
  sector: [],
  rubrique: [],
  category: [],
  agrementType: [],
  authority: [],
  language: [],
  offerKind: [],
  publicTarget: [],
  profession: [],
  convention: [],
  acceptingPatients: null,
  openAt: null,
  sort: 'relevance',
  page: 1,
  size: 20,
  ...overrides,
});

const boolOf = (request: any) => request.query.bool;

describe('searchRequest', () => {
  it('matches everything without text nor filters, with total hits tracked and paging from page/size', () => {
    const request = searchRequest('care-search', query({ page: 3, size: 25 }));
    expect(request.index).toBe('care-search');
    expect(boolOf(request)).toEqual({ filter: [] });
    expect(request).toMatchObject({ from: 50, size: 25, track_total_hits: true });
  });

  it('turns text into cross-field and fuzzy multi_match queries, at least one of which must match', () => {
    const bool = boolOf(searchRequest('i', query({ q: 'maison médicale' })));
    expect(bool.minimum_should_match).toBe(1);
    expect(bool.should).toHaveLength(2);
    expect(bool.should[0].multi_match).toMatchObject({ query: 'maison médicale', type: 'cross_fields', operator: 'and' });
    expect(bool.should[0].multi_match.fields).toEqual([
      'names^3',
      'name_fr^3',
      'name_nl^3',
      'keywords_fr^2',
      'keywords_nl^2',
      'text_fr',
      'text_nl',
    ]);
    expect(bool.should[1].multi_match).toMatchObject({ type: 'best_fields', operator: 'and', fuzziness: 'AUTO', prefix_length: 1 });
  });

  it('makes list filters terms filters (OR within, AND between) and maps them to the document fields', () => {
    const filter = boolOf(
      searchRequest(
        'i',
        query({
          kind: ['site'],
          sector: [1, 2],
          category: [7],
          statSector: ['21004A00-'],
          publicTarget: ['youth'],
          convention: ['conventioned'],
          language: ['fr', 'nl'],
        }),
      ),
    ).filter;
    expect(filter).toEqual(
      expect.arrayContaining([
        { terms: { kind: ['site'] } },
        { terms: { sector_ids: [1, 2] } },
        { terms: { category_ids: [7] } },
        { terms: { stat_sector: ['21004A00-'] } },
        { terms: { target_publics: ['youth'] } },
        { terms: { convention: ['conventioned'] } },
        { terms: { languages: ['fr', 'nl'] } },
      ]),
    );
    expect(filter).toHaveLength(7);
  });

  it('filters on accepting patients and on the open intervals containing openAt', () => {
    const filter = boolOf(searchRequest('i', query({ acceptingPatients: false, openAt: new Date('2026-11-23T13:00:00Z') }))).filter;
    expect(filter).toEqual([{ term: { accepting_patients: false } }, { term: { open_intervals: '2026-11-23T13:00:00.000Z' } }]);
  });

  it('filters geographically: near (radius in metres), bbox and polygon on the geo_point', () => {
    const ring: Array<[number, number]> = [
      [4.35, 50.84],
      [4.37, 50.84],
      [4.37, 50.86],
      [4.35, 50.84],
    ];
    const filter = boolOf(
      searchRequest(
        'i',
        query({ near: { lat: 50.85, lon: 4.36, radiusM: 1500 }, bbox: { west: 4.3, south: 50.8, east: 4.4, north: 50.9 }, polygon: ring }),
      ),
    ).filter;
    expect(filter).toEqual([
      { geo_distance: { distance: '1500m', point: { lat: 50.85, lon: 4.36 } } },
      { geo_bounding_box: { point: { top_left: { lat: 50.9, lon: 4.3 }, bottom_right: { lat: 50.8, lon: 4.4 } } } },
      { geo_shape: { point: { shape: { type: 'polygon', coordinates: [ring] }, relation: 'intersects' } } },
    ]);
  });

  it('sorts by relevance, distance or the name in the asked language, always ending with the id', () => {
    expect(searchRequest('i', query({ q: 'x' })).sort).toEqual([{ _score: { order: 'desc' } }, { id: { order: 'asc' } }]);
    expect(searchRequest('i', query({ sort: 'distance', near: { lat: 50.85, lon: 4.36, radiusM: 2000 } })).sort).toEqual([
      { _geo_distance: { point: { lat: 50.85, lon: 4.36 }, order: 'asc', unit: 'm', distance_type: 'arc' } },
      { id: { order: 'asc' } },
    ]);
    expect(searchRequest('i', query({ sort: 'name', lang: 'nl' })).sort).toEqual([
      { 'name_nl.sort': { order: 'asc' } },
      { id: { order: 'asc' } },
    ]);
  });

  it('asks every facet as a terms aggregation ordered by count then key', () => {
    const aggregations = searchRequest('i', query()).aggregations as any;
    expect(Object.keys(aggregations).sort()).toEqual([
      'authority',
      'category',
      'convention',
      'kind',
      'language',
      'municipality',
      'profession',
      'sector',
    ]);
    expect(aggregations.sector).toEqual({ terms: { field: 'sector_ids', size: 200, order: [{ _count: 'desc' }, { _key: 'asc' }] } });
    expect(aggregations.language.terms.field).toBe('languages');
    expect(aggregations.authority.terms.field).toBe('authority_ids');
  });
});

describe('indexTemplate', () => {
  const template = indexTemplate('care-search') as any;
  const { settings, mappings } = template.template;

  it('applies to every generation of the prefix, one shard and no replica by default', () => {
    expect(template).toMatchObject({ name: 'care-search-generations', index_patterns: ['care-search-g*'], allow_auto_create: false });
    expect(settings).toMatchObject({ number_of_shards: 1, number_of_replicas: 0 });
    expect((indexTemplate('p', { shards: 3, replicas: 1 }) as any).template.settings).toMatchObject({
      number_of_shards: 3,
      number_of_replicas: 1,
    });
  });

  it('defines the French, Dutch and simple analyzers and the sort normalizer', () => {
    const { analyzer, filter, normalizer } = settings.analysis;
    expect(analyzer.care_fr).toMatchObject({ type: 'custom', tokenizer: 'standard' });
    expect(analyzer.care_fr.filter).toEqual(
      expect.arrayContaining(['care_fr_elision', 'lowercase', 'asciifolding', 'care_fr_stop', 'care_fr_stem']),
    );
    expect(filter.care_fr_elision.articles).toEqual(expect.arrayContaining(['l', 'd', 'qu', 'jusqu', 'lorsqu', 'puisqu']));
    expect(analyzer.care_nl.filter).toEqual([
      'lowercase',
      'care_nl_stop',
      'asciifolding',
      'care_nl_decompound',
      'care_nl_stem',
      'care_nl_final_z',
      'care_nl_final_v',
    ]);
    expect(filter.care_nl_decompound.type).toBe('dictionary_decompounder');
    expect(filter.care_nl_decompound.word_list.length).toBeGreaterThanOrEqual(30);
    expect(filter.care_nl_decompound.word_list).toEqual(
      expect.arrayContaining(['zorg', 'thuis', 'verpleging', 'ziekenhuis', 'schuld', 'bemiddeling']),
    );
    expect(filter.care_nl_final_z).toMatchObject({ type: 'pattern_replace', pattern: 'z$', replacement: 's' });
    expect(filter.care_nl_final_v).toMatchObject({ type: 'pattern_replace', pattern: 'v$', replacement: 'f' });
    expect(analyzer.care_simple).toEqual({ type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] });
    expect(normalizer.care_sort).toEqual({ type: 'custom', filter: ['lowercase', 'asciifolding'] });
  });

  it('maps strictly: date_range opening intervals, geo_point, sortable names, display kept but not indexed', () => {
    expect(mappings.dynamic).toBe('strict');
    expect(mappings.properties.open_intervals).toEqual({ type: 'date_range' });
    expect(mappings.properties.point).toEqual({ type: 'geo_point' });
    expect(mappings.properties.display).toEqual({ type: 'object', enabled: false });
    expect(mappings.properties.name_fr).toEqual({
      type: 'text',
      analyzer: 'care_fr',
      fields: { sort: { type: 'keyword', normalizer: 'care_sort' } },
    });
    expect(mappings.properties.name_nl.analyzer).toBe('care_nl');
    expect(mappings.properties.names.analyzer).toBe('care_simple');
    expect(mappings.properties.sector_ids.type).toBe('integer');
  });

  it('maps every field toSource writes, and nothing else', () => {
    const doc: SearchDocument = {
      id: 'site:1',
      kind: 'site',
      entityId: '1',
      version: 3,
      name: { fr: 'Maison médicale', nl: 'Wijkgezondheidscentrum' },
      altNames: ['MM'],
      text: { fr: '', nl: '' },
      keywords: { fr: '', nl: '' },
      point: { lat: 50.85, lon: 4.36 },
      postcode: '1000',
      municipality: '21004',
      statSector: null,
      district: null,
      sectorIds: [1],
      rubriqueIds: [],
      categoryIds: [],
      agrementTypeIds: [],
      authorityIds: [],
      languages: ['fr'],
      offerKind: null,
      targetPublics: [],
      profession: null,
      convention: null,
      acceptingPatients: null,
      openIntervals: [{ start: '2026-11-23T08:00:00.000Z', end: '2026-11-23T12:00:00.000Z' }],
      display: {} as SearchDocument['display'],
    };
    const source = toSource(doc);
    expect(Object.keys(source).sort()).toEqual(Object.keys(mappings.properties).sort());
    expect(source.names).toEqual(['Maison médicale', 'Wijkgezondheidscentrum', 'MM']);
    expect(source.open_intervals).toEqual([{ gte: '2026-11-23T08:00:00.000Z', lt: '2026-11-23T12:00:00.000Z' }]);
  });
});

describe('distanceM', () => {
  it('measures great-circle distances in metres', () => {
    expect(distanceM({ lat: 50.85, lon: 4.35 }, { lat: 50.85, lon: 4.35 })).toBe(0);
    // One degree of latitude is about 111.2 km.
    expect(distanceM({ lat: 50, lon: 4 }, { lat: 51, lon: 4 })).toBeCloseTo(111_195, -1);
  });
});
