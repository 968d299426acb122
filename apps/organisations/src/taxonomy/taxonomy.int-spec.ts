import { startOrganisationsService, type OrganisationsUnderTest } from '../testing/organisations-service.js';

describe('organisations service — thematic tree and closed lists', () => {
  let svc: OrganisationsUnderTest;
  beforeAll(async () => {
    svc = await startOrganisationsService('taxonomy');
  });
  afterAll(() => svc?.close());

  it('seeds the 22 sectors, ~700 categories and the closed lists in FR and NL, with events', async () => {
    const tree = (await svc.request('GET', '/taxonomy/tree')).body;
    expect(tree).toHaveLength(22);
    const categories = (await svc.request('GET', '/taxonomy/categories')).body;
    expect(categories.length).toBeGreaterThan(650);
    expect(categories.every((c: { name: { fr: string; nl: string } }) => c.name.fr && c.name.nl)).toBe(true);
    const lists = (await svc.request('GET', '/reference-lists')).body;
    expect(Object.keys(lists).sort()).toEqual(['access-modality', 'action-zone', 'language', 'legal-status', 'offer-kind', 'target-public']);
    expect(lists['offer-kind']).toHaveLength(3);
    const [events] = await svc.sql<{ n: string }>(`select count(*) as n from outbox_message where type = 'organisations.category.changed.v1'`);
    expect(Number(events!.n)).toBe(categories.length);
    // Each closed list is published whole, so consumers label the codes sites carry (search facets, reusers).
    const published = await svc.sql<{ list: { name: string; items: Array<{ code: string; label: { fr: string; nl: string } }> }; version: number }>(
      `select envelope->'payload'->'list' as list, (envelope->>'aggregateVersion')::int as version from outbox_message where type = 'organisations.reference-list.changed.v1' order by id`,
    );
    expect(published.map((p) => [p.list.name, p.version]).sort()).toEqual(Object.keys(lists).sort().map((name) => [name, 1]));
    expect(published.find((p) => p.list.name === 'language')!.list.items).toContainEqual(expect.objectContaining({ code: 'nl', label: { fr: 'Néerlandais', nl: 'Nederlands' } }));
  });

  it('keeps the history of every change and answers what changed since a date', async () => {
    const since = new Date().toISOString();
    const category = (await svc.request('GET', '/taxonomy/categories/1')).body;
    const input = {
      name: { fr: `${category.name.fr} (renommée)`, nl: `${category.name.nl} (hernoemd)` },
      definition: category.definition,
      keywords: category.keywords,
      referenceUrls: category.referenceUrls,
      relatedCategoryIds: category.relatedCategoryIds,
      rubriqueIds: category.placements.map((p: { rubriqueId: number }) => p.rubriqueId),
    };
    const renamed = await svc.request('PUT', '/taxonomy/categories/1', input, { 'if-match': `"${category.version}"` });
    expect(renamed.status).toBe(200);
    const retired = await svc.request('POST', '/taxonomy/categories/1/retire', undefined, { 'if-match': `"${renamed.body.version}"` });
    expect(retired.body.status).toBe('retired');
    const created = await svc.request('POST', '/taxonomy/categories', { name: { fr: 'Aide aux réfugiés ukrainiens – logement', nl: 'Hulp aan Oekraïense vluchtelingen – huisvesting' }, rubriqueIds: [input.rubriqueIds[0]] });
    expect(created.status).toBe(201);
    expect(created.body.id).toBeGreaterThanOrEqual(10_000);
    const changes = (await svc.request('GET', `/taxonomy/changes?since=${encodeURIComponent(since)}`)).body;
    expect(changes.map((c: { entityId: number; changes: string[] }) => [c.entityId, c.changes])).toEqual([
      [1, ['renamed']],
      [1, ['retired']],
      [created.body.id, ['created']],
    ]);
    expect(changes[0].before.name).toEqual(category.name);
    expect(changes[0].after.name).toEqual(input.name);
    const events = await svc.sql<{ changes: string[] }>(
      `select envelope->'payload'->'changes' as changes from outbox_message where type = 'organisations.category.changed.v1' and aggregate_id = 'category:1' order by id`,
    );
    expect(events.map((e) => e.changes)).toEqual([['created'], ['renamed'], ['retired']]);
    const refused = await svc.request('POST', '/sites', {
      names: { official: { fr: 'x', nl: 'y' } },
      languageStatus: 'FR',
      offerKind: 'other',
      address: { street: { fr: 'Boulevard Auguste Reyers' }, postcode: '1030' },
      categoryIds: [1],
    });
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'categoryIds.0', code: 'category.retired' })]);
  });

  it('adds an item to a closed list as data', async () => {
    const added = await svc.request('POST', '/reference-lists/target-public', { code: 'test-public', label: { fr: 'Public test', nl: 'Testpubliek' } });
    expect(added.status).toBe(201);
    expect((await svc.request('GET', '/reference-lists/target-public')).body.map((i: { code: string }) => i.code)).toContain('test-public');
    expect((await svc.request('POST', '/reference-lists/target-public', { code: 'test-public', label: { fr: 'x', nl: 'y' } })).status).toBe(409);
    const [event] = await svc.sql<{ version: number; codes: string[] }>(
      `select (envelope->>'aggregateVersion')::int as version, array(select jsonb_array_elements(envelope->'payload'->'list'->'items')->>'code') as codes
       from outbox_message where type = 'organisations.reference-list.changed.v1' and aggregate_id = 'reference-list:target-public' order by id desc limit 1`,
    );
    expect(event).toMatchObject({ version: 2 });
    expect(event!.codes).toContain('test-public');
  });
});
