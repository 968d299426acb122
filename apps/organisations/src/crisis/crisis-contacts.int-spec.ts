import { startOrganisationsService, type OrganisationsUnderTest } from '../testing/organisations-service.js';

describe('organisations service — crisis contacts of a site', () => {
  let svc: OrganisationsUnderTest;
  let siteId: number;
  let organisationId: number;
  const STAFF = { 'x-care-actor': 'editor.anna', 'x-care-audience': 'internal' };
  const contacts = {
    directPhone: '02 600 00 01',
    emergencyPhone: '+32 470 12 34 56',
    email: 'direction@example.be',
    responsible: { name: 'Marie Dupont', role: 'directrice', phone: '+32 470 65 43 21', email: null },
    remark: 'Garde de nuit joignable au numéro d’urgence',
  };

  beforeAll(async () => {
    svc = await startOrganisationsService('crisis_contacts');
    const organisation = await svc.request('POST', '/organisations', { enterpriseNumbers: ['0212347945'], names: { official: { fr: 'CPAS', nl: 'OCMW' } }, languageStatus: 'FR-NL' });
    organisationId = organisation.body.id;
    const tree = (await svc.request('GET', '/taxonomy/tree')).body;
    const site = await svc.request('POST', '/sites', {
      organisationId,
      names: { official: { fr: 'Maison de repos Les Tilleuls', nl: 'Woonzorgcentrum De Linden' } },
      languageStatus: 'FR-NL',
      offerKind: 'public-service',
      serviceLanguages: ['fr', 'nl'],
      address: { street: { fr: 'Boulevard Auguste Reyers' }, number: '70', postcode: '1030', point: { lat: 50.851756, lon: 4.401445 } },
      categoryIds: [tree[0].rubriques[0].categoryIds[0]],
    });
    expect(site.status).toBe(201);
    siteId = site.body.id;
  });
  afterAll(() => svc?.close());

  it('is kept by staff and by the site’s own organisation, read by authorities, with an authority event per change', async () => {
    const empty = await svc.request('GET', `/sites/${siteId}/crisis-contacts`, undefined, { 'x-care-audience': 'authority' });
    expect(empty.status).toBe(200);
    expect(empty.headers.get('etag')).toBe('"0"');
    const saved = await svc.request('PUT', `/sites/${siteId}/crisis-contacts`, contacts, { ...STAFF, 'if-match': '"0"' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ siteId, version: 1, contacts });
    // Stale version, then the representative of the site's organisation updates it.
    expect((await svc.request('PUT', `/sites/${siteId}/crisis-contacts`, contacts, { ...STAFF, 'if-match': '"0"' })).status).toBe(412);
    const byRepresentative = await svc.request('PUT', `/sites/${siteId}/crisis-contacts`, { ...contacts, emergencyPhone: '+32 470 99 99 99' }, { 'x-care-actor': 'rep.1', 'x-care-organisation': String(organisationId), 'if-match': '"1"' });
    expect(byRepresentative.body).toMatchObject({ version: 2, contacts: { emergencyPhone: '+32 470 99 99 99' } });
    expect((await svc.request('GET', `/sites/${siteId}/crisis-contacts`, undefined, { 'x-care-audience': 'authority' })).body.contacts.emergencyPhone).toBe('+32 470 99 99 99');
    // The same content again changes nothing and emits nothing.
    await svc.request('PUT', `/sites/${siteId}/crisis-contacts`, { ...contacts, emergencyPhone: '+32 470 99 99 99' }, { ...STAFF, 'if-match': '"2"' });
    const events = await svc.sql<{ type: string; version: number }>(`select type, (envelope->>'aggregateVersion')::int as version from outbox_message where type like 'organisations.site-contacts%' order by id`);
    expect(events).toEqual([
      { type: 'organisations.site-contacts.changed.v1', version: 1 },
      { type: 'organisations.site-contacts.changed.v1', version: 2 },
    ]);
    // Never in a public event or a public view of the site.
    const leaked = await svc.sql(`select 1 from outbox_message where type not like 'organisations.site-contacts%' and envelope::text like '%470 99 99 99%'`);
    expect(leaked).toEqual([]);
  });

  it('refuses the public, other organisations and bad values (400 naming the field)', async () => {
    for (const headers of [{ 'x-care-audience': 'unknown' }, { 'x-care-audience': 'public' }] as Array<Record<string, string>>) {
      expect((await svc.request('GET', `/sites/${siteId}/crisis-contacts`, undefined, headers)).status).toBe(403);
      expect((await svc.request('PUT', `/sites/${siteId}/crisis-contacts`, contacts, { ...headers, 'if-match': '"2"' })).status).toBe(403);
    }
    // Authorities read, they do not write.
    expect((await svc.request('PUT', `/sites/${siteId}/crisis-contacts`, contacts, { 'x-care-audience': 'authority', 'if-match': '"2"' })).status).toBe(403);
    const other = { 'x-care-actor': 'rep.9', 'x-care-organisation': String(organisationId + 1000) };
    expect((await svc.request('GET', `/sites/${siteId}/crisis-contacts`, undefined, other)).status).toBe(403);
    expect((await svc.request('PUT', `/sites/${siteId}/crisis-contacts`, contacts, { ...other, 'if-match': '"2"' })).status).toBe(403);
    const bad = await svc.request('PUT', `/sites/${siteId}/crisis-contacts`, { ...contacts, emergencyPhone: 'call us', state: 'published' }, { ...STAFF, 'if-match': '"2"', 'accept-language': 'nl' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['emergencyPhone', 'state']);
    expect((await svc.request('GET', '/sites/999999/crisis-contacts', undefined, STAFF)).status).toBe(404);
  });
});
