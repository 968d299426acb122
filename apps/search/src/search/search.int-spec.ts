import {
  AgrementTypeChangedV1,
  AuthorityChangedV1,
  CareProviderChangedV1,
  CategoryChangedV1,
  HoldingChangedV1,
  PracticeChangedV1,
  ReferenceListChangedV1,
  SectorChangedV1,
  SitePublishedV1,
  SiteUnpublishedV1,
  SiteUpdatedV1,
  type EventEnvelope,
} from '@care/contracts';
import { envelopeFor, publishedSiteFixture } from '@care/contracts/testing';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { waitFor } from '@care/testing';
import { openSearchRuntime, rebuild } from '../search.runtime.js';
import { startSearchService } from '../testing/search-service.js';

const sector = { id: 2, code: 'sante', name: { fr: 'Santé', nl: 'Gezondheid' }, definition: null, rubriques: [{ id: 201, name: { fr: 'Soins', nl: 'Zorg' } }] };
const category = (name: { fr: string; nl: string }) => ({
  id: 12, name, definition: null, keywords: { fr: ['contraception'], nl: ['anticonceptie'] }, referenceUrls: [], relatedCategoryIds: [], placements: [{ sectorId: 2, rubriqueId: 201 }], status: 'active' as const, retiredAt: null,
});
const site = (version: number, overrides = {}) =>
  envelopeFor(SitePublishedV1, '501', version, publishedSiteFixture(501, { names: { official: { fr: 'Centre de planning familial Rosée', nl: 'Centrum voor gezinsplanning Rosée' }, alternative: [], former: [], service: [] }, categoryIds: [12], serviceLanguages: ['fr', 'nl'], ...overrides }));
const provider = (status: 'active' | 'inactive', version: number) =>
  envelopeFor(CareProviderChangedV1, '10000001', version, {
    id: '10000001', nihii: '1-00000-01-004', name: { first: 'Anna', last: 'Peeters' }, profession: { kind: 'physician', label: { fr: 'Médecin', nl: 'Arts' }, qualificationCode: '004' },
    specialisations: [], convention: 'conventioned', languages: ['nl', 'en'], acceptingNewPatients: { value: true, statedOn: '2026-11-01' }, status,
  });
const practice = envelopeFor(PracticeChangedV1, '10000001', 1, {
  id: '10000001-1', providerId: '10000001', address: publishedSiteFixture(1).address, appointmentModes: ['by-appointment'], organisationEnterpriseNumber: null, site: null, active: true,
});

describe('search service', () => {
  let svc: ServiceUnderTest;
  let bus: EventTransport;
  const search = async (query: string, headers: Record<string, string> = {}) => svc.request('GET', `/search?${query}`, undefined, headers);
  const hitIds = async (query: string) => ((await search(query)).body.hits as Array<{ id: string }>).map((h) => h.id);
  const publish = (...envelopes: EventEnvelope[]) => bus.publish(envelopes);
  const until = (query: string, predicate: (ids: string[]) => boolean, what: string) =>
    waitFor(async () => predicate(await hitIds(query)), 15_000, what).catch(async (error: Error) => {
      throw new Error(`${error.message}; last answer: ${JSON.stringify((await search(query)).body).slice(0, 600)}; sources: ${JSON.stringify(await svc.sql("select generation, kind, id, deleted from search.source"))}; docs: ${JSON.stringify(await svc.sql("select generation, doc_id from search.document"))}; dead: ${JSON.stringify(await bus.deadLetters("search.projection").then((d) => d.map((x) => x.error)))}`);
    });

  beforeAll(async () => {
    svc = await startSearchService('search_svc');
    bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    await publish(
      envelopeFor(SectorChangedV1, '2', 1, { changes: ['created'], sector }),
      envelopeFor(ReferenceListChangedV1, 'reference-list:language', 1, {
        list: { name: 'language', items: [{ code: 'fr', label: { fr: 'Français', nl: 'Frans' }, parent: null, active: true }, { code: 'nl', label: { fr: 'Néerlandais', nl: 'Nederlands' }, parent: null, active: true }] },
      }),
      envelopeFor(CategoryChangedV1, '12', 1, { changes: ['created'], category: category({ fr: 'Planning familial', nl: 'Gezinsplanning' }) }),
      site(1),
      provider('active', 1),
      practice,
    );
    await until('q=planning', (ids) => ids.includes('site:501'), 'the published site to be searchable');
  }, 60_000);

  afterAll(async () => {
    await svc.close();
  });

  it('finds a published site by name, category keyword and stem, with facet labels in the caller’s language', async () => {
    expect(await hitIds('q=anticonceptie&lang=nl')).toContain('site:501');
    expect(await hitIds('q=centres%20planning')).toContain('site:501');
    const nl = await search('sector=2', { 'accept-language': 'nl-BE' });
    expect(nl.status).toBe(200);
    expect(nl.body.hits[0]).toMatchObject({ id: 'site:501', name: 'Centrum voor gezinsplanning Rosée', categories: [{ id: 12, name: 'Gezinsplanning' }], point: publishedSiteFixture(501).address.point });
    expect(nl.body.facets.sector).toEqual([{ key: '2', count: 1, label: 'Gezondheid' }]);
    expect(nl.body.facets.municipality).toEqual([{ key: '21015', count: 1, label: 'Schaarbeek' }]);
    // Language codes are labelled by the organisations' closed list (organisations.reference-list.changed.v1).
    expect(nl.body.facets.language).toEqual([{ key: 'fr', count: 1, label: 'Frans' }, { key: 'nl', count: 1, label: 'Nederlands' }]);
    const fr = await search('kind=practice&lang=fr');
    expect(fr.body.hits).toMatchObject([{ id: 'practice:10000001-1', name: 'Anna Peeters', profession: 'Médecin' }]);
    expect(fr.body.facets.convention).toEqual([{ key: 'conventioned', count: 1, label: 'Conventionné' }]);
  });

  it('follows taxonomy, agrément and site changes, and ignores stale events', async () => {
    await publish(envelopeFor(CategoryChangedV1, '12', 2, { changes: ['renamed'], category: category({ fr: 'Santé sexuelle', nl: 'Seksuele gezondheid' }) }));
    await until('q=sexuelle', (ids) => ids.includes('site:501'), 'the renamed category to reach the site');

    await publish(
      envelopeFor(AuthorityChangedV1, 'cocof', 1, { id: 'cocof', abbreviation: { fr: 'COCOF', nl: 'COCOF' }, name: { fr: 'Commission communautaire française', nl: 'Franse Gemeenschapscommissie' }, level: 'community-commission', validFrom: '1989-01-01', validTo: null, successorId: null }),
      envelopeFor(AgrementTypeChangedV1, 'cocof-planning', 1, {
        id: 'cocof-planning', name: { fr: 'Centre de planning familial', nl: 'Centrum voor gezinsplanning' }, authorityId: 'cocof', attributions: [{ authorityId: 'cocof', validFrom: '1994-01-01', validTo: null }],
        legalBasis: { title: { fr: 'Décret', nl: 'Decreet' }, eli: null, url: null }, validFrom: '1994-01-01', validTo: null, capacityUnit: null, categoryIds: [12],
      }),
      envelopeFor(HoldingChangedV1, '0190a0b0-0000-7000-8000-000000000001', 1, {
        id: '0190a0b0-0000-7000-8000-000000000001', typeId: 'cocof-planning', holder: { kind: 'site', id: '501' }, reference: 'PF-1', validFrom: '2020-01-01', validTo: null, status: 'active', capacity: null,
        effectiveOn: '2020-01-01', provenance: { source: 'authority', reference: 'PF-1', retrievedAt: null, validatedAt: null }, version: 1,
      }),
    );
    await until('authority=cocof&agrementType=cocof-planning', (ids) => ids.includes('site:501'), 'the holding to reach the site');
    expect((await search('authority=cocof')).body.facets.authority).toEqual([{ key: 'cocof', count: 1, label: 'COCOF – Commission communautaire française' }]);

    await publish(site(1, { names: { official: { fr: 'Ancien nom', nl: 'Oude naam' }, alternative: [], former: [], service: [] } })); // replayed, stale
    await publish(envelopeFor(SiteUpdatedV1, '501', 3, publishedSiteFixture(501, { names: { official: { fr: 'Planning Rosée', nl: 'Gezinsplanning Rosée' }, alternative: [], former: [], service: [] }, categoryIds: [12] })));
    await until('q=rosee', (ids) => ids.includes('site:501'), 'the update');
    await waitFor(async () => (await search('q=rosee')).body.hits[0]?.name === 'Planning Rosée', 15_000, 'the new name');
    expect(await hitIds('q=ancien%20nom')).toEqual([]);

    await publish(envelopeFor(SiteUnpublishedV1, '501', 4, { id: 501, reason: 'internal' }), provider('inactive', 2));
    await until('', (ids) => ids.length === 0, 'the unpublished site and inactive provider to disappear');
  });

  it('answers hostile parameters with 400 naming the field, or capped results, never 5xx', async () => {
    const bad = async (query: string, field: string) => {
      const response = await search(query, { 'accept-language': 'nl' });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(response.body)).toContain(field);
    };
    await bad('near=91,4.35', 'near');
    await bad('near=abc', 'near');
    await bad('bbox=4.4,50.8,4.3,50.9', 'bbox');
    await bad('page=500&size=100', 'page');
    await bad('sort=distance', 'sort');
    await bad('openAt=2999-01-01T10:00', 'openAt');
    await bad('municipality=1%27%20or%201=1', 'municipality');
    await bad('category=1;drop%20table', 'category');
    await bad('unknown=1', 'unknown');
    const capped = await search('size=1000000&near=50.85,4.35&radius=1000000000');
    expect(capped.status).toBe(200);
    expect(capped.body.size).toBe(100);
    for (const q of ["'; drop table search.document; --", '" or 1=1 --', '{"query":{"match_all":{}}}', '%', 'a'.repeat(200)]) {
      expect((await search(`q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
    expect((await search(`q=${'a'.repeat(201)}`)).status).toBe(400);
    const ring = Array.from({ length: 10_000 }, (_, i) => [4.35 + 0.01 * Math.cos(i), 50.85 + 0.01 * Math.sin(i)]);
    const huge = await svc.request('POST', '/search/area', { polygon: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } });
    expect(huge.status).toBe(400);
    const area = await svc.request('POST', '/search/area', { polygon: { type: 'Polygon', coordinates: [[[4.3, 50.8], [4.5, 50.8], [4.5, 50.9], [4.3, 50.8]]] }, kind: ['site'] });
    expect(area.status).toBe(200);
  });

  it('suggests names, categories and places, reports its lag in /health, and rebuilds from the log without downtime', async () => {
    await publish(site(5, { names: { official: { fr: 'Maison Rosalie', nl: 'Huis Rosalie' }, alternative: [], former: [], service: [] } }));
    await until('q=rosalie', (ids) => ids.includes('site:501'), 'the republished site');
    const suggestions = (await svc.request('GET', '/suggest?q=rosal&lang=nl')).body.suggestions;
    expect(suggestions).toContainEqual({ type: 'name', key: 'site:501', label: 'Huis Rosalie' });
    expect((await svc.request('GET', '/suggest?q=schaarb')).body.suggestions).toContainEqual({ type: 'municipality', key: '21015', label: 'Schaerbeek' });

    const health = await svc.request('GET', '/health');
    expect(health.body.details.searchIndex).toMatchObject({ status: 'up', engine: 'postgres', generation: 1, pending: 0, lagSeconds: 0 });

    const runtime = await openSearchRuntime({ DATABASE_URL: svc.databaseUrl, EVENT_BUS_DATABASE_URL: svc.busUrl });
    try {
      const rebuilding = rebuild(runtime, bus, () => undefined);
      // Searches keep answering from generation 1 while generation 2 is built.
      while (!(await Promise.race([rebuilding.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20))]))) {
        expect(await hitIds('q=rosalie')).toContain('site:501');
      }
      const result = await rebuilding;
      expect(result).toMatchObject({ generation: 2, previous: 1, documents: 1 });
    } finally {
      await runtime.close();
    }
    await waitFor(async () => (await svc.request('GET', '/health')).body.details.searchIndex.generation === 2, 10_000, 'generation 2 to be active');
    expect(await hitIds('q=rosalie')).toEqual(['site:501']);
    expect(await hitIds('q=sexuelle')).toEqual(['site:501']);
    expect((await svc.sql(`select count(*)::int as n from search.document where generation = 1`))[0]!['n']).toBe(0);
  });
});
