import { publishedSiteSchema } from '@care/contracts';
import { startOrganisationsService, type OrganisationsUnderTest } from '../testing/organisations-service.js';

const reyers = { street: { fr: 'Boulevard Auguste Reyers' }, number: '70', postcode: '1030', point: { lat: 50.851756, lon: 4.401445 } };
const officeHours = { weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, opens: '09:00', closes: '17:00' })) };

describe('organisations service — sites', () => {
  let svc: OrganisationsUnderTest;
  let categoryA: number;
  let categoryB: number;

  beforeAll(async () => {
    svc = await startOrganisationsService('sites');
    const tree = (await svc.request('GET', '/taxonomy/tree')).body;
    categoryA = tree[0].rubriques[0].categoryIds[0];
    categoryB = tree[11].rubriques[0].categoryIds[0];
  });
  afterAll(() => svc?.close());

  const site = (overrides: Record<string, unknown> = {}) => ({
    names: { official: { fr: 'Maison médicale du Boulevard', nl: 'Wijkgezondheidscentrum van de Laan' } },
    languageStatus: 'FR-NL',
    offerKind: 'accredited',
    serviceLanguages: ['fr', 'nl'],
    address: reyers,
    categoryIds: [categoryA],
    openingHours: officeHours,
    contacts: { phones: [{ number: '02/435.51.38' }], emails: [{ address: 'info@example.be' }] },
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const response = await svc.request('POST', '/sites', site(overrides));
    expect(response.status).toBe(201);
    return response.body;
  };
  const step = async (id: number, name: string, version: number) => {
    const response = await svc.request('POST', `/sites/${id}/workflow/${name}`, undefined, { 'if-match': `"${version}"` });
    expect(response.status).toBe(200);
    return response.body;
  };
  const publish = async (overrides: Record<string, unknown> = {}) => {
    let s = await create(overrides);
    for (const name of ['submit', 'validate', 'publish']) s = await step(s.id, name, s.version);
    return s;
  };
  const publicEvents = (id: number) =>
    svc.sql<{ type: string; payload: any }>(
      `select type, envelope->'payload' as payload from outbox_message
        where aggregate_id = $1 and type in ('organisations.site.published.v1', 'organisations.site.updated.v1', 'organisations.site.unpublished.v1') order by id`,
      [String(id)],
    );

  it('creates a draft with its address completed by the service and an ETag', async () => {
    const response = await svc.request('POST', '/sites', site());
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body).toMatchObject({
      state: 'draft',
      address: {
        street: { fr: 'Boulevard Auguste Reyers', nl: 'Auguste Reyerslaan' },
        municipality: { nis: '21015', name: { fr: 'Schaerbeek', nl: 'Schaarbeek' } },
        statisticalSector: { code: '21015A77-' },
        monitoringDistrict: { code: '87', name: { fr: 'REYERS' } },
        insideRegion: true,
      },
    });
    expect(response.body.id).toBeGreaterThanOrEqual(30_000); // above the imported range
    expect((await svc.request('GET', `/sites/${response.body.id}`)).body.names.official.fr).toBe('Maison médicale du Boulevard');
  });

  it.each([
    ['an unknown category', { categoryIds: [9_999_999] }, 'categoryIds.0', 'category.unknown'],
    ['a missing Dutch name where the French one is given', { names: { official: { fr: 'Seulement en français' } } }, 'names.official.nl', 'invalid_type'],
    ['malformed hours', { openingHours: { weekly: [{ day: 'mon', opens: '9h', closes: '17:00' }] } }, 'openingHours.weekly.0.opens', 'invalid_format'],
    ['overlapping hours', { openingHours: { weekly: [{ day: 'mon', opens: '09:00', closes: '13:00' }, { day: 'mon', opens: '12:00', closes: '17:00' }] } }, 'openingHours.weekly.1', 'opening_hours.overlap'],
    ['a postcode that does not match the municipality', { address: { ...reyers, municipalityNis: '21016' } }, 'address.municipalityNis', 'municipality.postcode_mismatch'],
    ['an unknown street', { address: { ...reyers, street: { fr: 'Rue Imaginaire' } } }, 'address.street', 'street.unknown_for_postcode'],
    ['an unknown service language', { serviceLanguages: ['fr', 'klingon'] }, 'serviceLanguages.1', 'reference.unknown_code'],
    ['a workflow field (mass assignment)', { state: 'published' }, 'state', 'unrecognized_keys'],
  ])('refuses %s with 400, the field path and FR/NL messages, and saves nothing', async (_name, overrides, path, code) => {
    const [before] = await svc.sql<{ sites: string; events: string }>('select (select count(*) from site) as sites, (select count(*) from outbox_message) as events');
    const response = await svc.request('POST', '/sites', site(overrides), { 'accept-language': 'nl' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    const error = response.body.errors.find((e: { path: string }) => e.path === path);
    expect(error).toMatchObject({ code });
    expect(error.messages.fr).toBeTruthy();
    expect(error.messages.nl).toBeTruthy();
    expect(error.message).toBe(error.messages.nl);
    const [after] = await svc.sql('select (select count(*) from site) as sites, (select count(*) from outbox_message) as events');
    expect(after).toEqual(before);
  });

  it('refuses an invalid enterprise number on an organisation, in the caller’s language', async () => {
    const response = await svc.request(
      'POST',
      '/organisations',
      { enterpriseNumbers: ['0212.347.946'], names: { official: { fr: 'CPAS', nl: 'OCMW' } }, languageStatus: 'FR-NL' },
      { 'accept-language': 'fr-BE' },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: 'enterpriseNumbers.0', code: 'enterprise_number.checksum', message: expect.stringMatching(/chiffre de contrôle/) }),
    ]);
    const ok = await svc.request('POST', '/organisations', { enterpriseNumbers: ['0212347945'], names: { official: { fr: 'CPAS', nl: 'OCMW' } }, languageStatus: 'FR-NL' });
    expect(ok.status).toBe(201);
    expect(ok.body.enterpriseNumbers).toEqual(['0212.347.945']);
  });

  it('refuses an edit based on a stale ETag (412) or without one (428)', async () => {
    const created = await create();
    const edited = await svc.request('PUT', `/sites/${created.id}`, site({ names: { official: { fr: 'Nouveau nom', nl: 'Nieuwe naam' } } }), { 'if-match': '"1"' });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    // Only the changed field group gets a new provenance (values read back from jsonb compare equal).
    expect(edited.body.provenance.identity.retrievedAt).not.toBe(created.provenance.identity.retrievedAt);
    expect(edited.body.provenance.address).toEqual(created.provenance.address);
    expect(edited.body.provenance.hours).toEqual(created.provenance.hours);
    const stale = await svc.request('PUT', `/sites/${created.id}`, site({ names: { official: { fr: 'Autre', nl: 'Ander' } } }), { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('stale_version');
    const missing = await svc.request('PUT', `/sites/${created.id}`, site());
    expect(missing.status).toBe(428);
    expect((await svc.request('GET', `/sites/${created.id}`)).body.names.official.fr).toBe('Nouveau nom');
  });

  it('publishes through the workflow with exactly one site.published event carrying the complete bilingual state', async () => {
    const published = await publish();
    expect(published.state).toBe('published');
    const events = await publicEvents(published.id);
    expect(events.map((e) => e.type)).toEqual(['organisations.site.published.v1']);
    const payload = publishedSiteSchema.parse(events[0]!.payload);
    expect(payload.names.official).toEqual({ fr: 'Maison médicale du Boulevard', nl: 'Wijkgezondheidscentrum van de Laan' });
    expect(payload.address.street).toEqual({ fr: 'Boulevard Auguste Reyers', nl: 'Auguste Reyerslaan' });
    expect(payload.address.statisticalSector?.name).toEqual({ fr: 'R.T.B.', nl: 'B.R.T.' });
    expect(payload.openingHours.weekly).toHaveLength(5);
    expect(JSON.stringify(payload)).not.toMatch(/validatedBy|"state"/);
    const { state: _state, geocoding: _g, version: _version, publishedAt: _p, createdAt: _c, provenance: _prov, ...content } = published;
    const { provenance: _eventProvenance, ...eventContent } = payload;
    expect(eventContent).toEqual(content);
  });

  it('never carries a draft or internal site in a public event', async () => {
    const draft = await create();
    await svc.request('PUT', `/sites/${draft.id}`, site({ names: { official: { fr: 'Brouillon', nl: 'Ontwerp' } } }), { 'if-match': '"1"' });
    let internal = await publish();
    internal = await step(internal.id, 'make-internal', internal.version);
    const edited = await svc.request('PUT', `/sites/${internal.id}`, site({ names: { official: { fr: 'Interne', nl: 'Intern' } } }), { 'if-match': `"${internal.version}"` });
    expect(edited.status).toBe(200);
    expect(await publicEvents(draft.id)).toEqual([]);
    const events = await publicEvents(internal.id);
    expect(events.map((e) => e.type)).toEqual(['organisations.site.published.v1', 'organisations.site.unpublished.v1']);
    expect(events[1]!.payload).toEqual({ id: internal.id, reason: 'internal' });
    const leaked = await svc.sql(
      `select 1 from outbox_message where type like 'organisations.site.%' and type <> 'organisations.site.changed.v1'
         and envelope->'payload'->'names'->'official'->>'fr' in ('Brouillon', 'Interne')`,
    );
    expect(leaked).toEqual([]);
    const trail = await svc.sql<{ change: string }>(`select envelope->'payload'->>'change' as change from outbox_message where aggregate_id = $1 and type = 'organisations.site.changed.v1' order by id`, [String(draft.id)]);
    expect(trail.map((t) => t.change)).toEqual(['created', 'edited']);
  });

  it('refuses a workflow step that is not possible in the current state (409)', async () => {
    const draft = await create();
    const response = await svc.request('POST', `/sites/${draft.id}/workflow/publish`, undefined, { 'if-match': '"1"', 'accept-language': 'nl' });
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/ontwerp/);
  });

  it('updates a published site with one site.updated event, and verifies it', async () => {
    const published = await publish();
    const edited = await svc.request('PUT', `/sites/${published.id}`, site({ serviceLanguages: ['fr', 'nl', 'en'] }), { 'if-match': `"${published.version}"` });
    expect(edited.body.state).toBe('published');
    const verified = await svc.request('POST', `/sites/${published.id}/verifications`, { withChanges: false }, { 'if-match': `"${edited.body.version}"` });
    expect(verified.status).toBe(201);
    expect(Date.now() - Date.parse(verified.body.lastVerifiedAt)).toBeLessThan(60_000);
    expect((await publicEvents(published.id)).map((e) => e.type)).toEqual([
      'organisations.site.published.v1',
      'organisations.site.updated.v1',
      'organisations.site.updated.v1',
    ]);
  });

  it('reports freshness equal to a count over the published sites, overall, per sector and per municipality', async () => {
    const uccle = { street: { fr: 'Chaussée d’Alsemberg' }, number: '1', postcode: '1180', point: { lat: 50.8, lon: 4.336 } };
    const a = await publish({ categoryIds: [categoryA, categoryB] });
    await publish({ categoryIds: [categoryB], address: uccle });
    const c = await publish({ categoryIds: [categoryA], address: uccle });
    await svc.request('POST', `/sites/${a.id}/verifications`, { withChanges: true, note: 'appel' }, { 'if-match': `"${a.version}"` });
    await svc.sql(`update site set last_verified_at = now() - interval '13 months' where id = $1`, [c.id]);
    const freshness = (await svc.request('GET', '/verification/freshness')).body;
    const rows = await svc.sql<{ id: number; nis: string; sectors: number[]; fresh: boolean }>(
      `select s.id, s.municipality_nis as nis, s.last_verified_at >= now() - interval '12 months' as fresh,
              array(select distinct unnest(c.sector_ids) from category c where c.id = any(s.category_ids)) as sectors
         from site s where s.state = 'published'`,
    );
    const brute = (subset: typeof rows) => ({ published: subset.length, verified: subset.filter((r) => r.fresh).length });
    expect(freshness.overall).toMatchObject(brute(rows));
    for (const entry of freshness.byMunicipality) expect(entry).toMatchObject(brute(rows.filter((r) => r.nis === entry.nis)));
    for (const entry of freshness.bySector) expect(entry).toMatchObject(brute(rows.filter((r) => r.sectors.includes(entry.sectorId))));
    expect(freshness.byMunicipality.map((m: { nis: string }) => m.nis).sort()).toEqual(['21015', '21016']);
    const campaign = (await svc.request('GET', '/verification/campaign?months=12&size=100')).body;
    expect(campaign.items.map((s: { id: number }) => s.id)).toContain(c.id);
    expect(campaign.items.map((s: { id: number }) => s.id)).not.toContain(a.id);
  });

  it('finds sites by name without accents or case, by sector and by municipality', async () => {
    await publish({ names: { official: { fr: 'Hôpital Saint-Éloi', nl: 'Sint-Elooiziekenhuis' } }, categoryIds: [categoryB] });
    const byName = (await svc.request('GET', '/sites?q=hopital%20saint-eloi')).body;
    expect(byName.items.map((s: { name: { fr: string } }) => s.name.fr)).toEqual(['Hôpital Saint-Éloi']);
    const tree = (await svc.request('GET', '/taxonomy/tree')).body;
    const sectorOfB = tree.find((s: { rubriques: { categoryIds: number[] }[] }) => s.rubriques.some((r) => r.categoryIds.includes(categoryB))).id;
    const bySector = (await svc.request('GET', `/sites?sector=${sectorOfB}&size=100`)).body;
    expect(bySector.items.every((s: { categoryIds: number[] }) => s.categoryIds.includes(categoryB) || s.categoryIds.length > 0)).toBe(true);
    expect(bySector.items.some((s: { name: { fr: string } }) => s.name.fr === 'Hôpital Saint-Éloi')).toBe(true);
    const byMunicipality = (await svc.request('GET', '/sites?municipality=21016&state=published&size=100')).body;
    expect(byMunicipality.items.every((s: { municipalityNis: string }) => s.municipalityNis === '21016')).toBe(true);
    expect((await svc.request('GET', '/sites?size=1000')).status).toBe(400);
  });
});
