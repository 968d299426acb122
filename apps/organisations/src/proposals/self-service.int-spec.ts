import { publishedSiteSchema } from '@care/contracts';
import { startOrganisationsService, type OrganisationsUnderTest } from '../testing/organisations-service.js';

const reyers = { street: { fr: 'Boulevard Auguste Reyers' }, number: '70', postcode: '1030', point: { lat: 50.851756, lon: 4.401445 } };

/**
 * Organisation self-service and the per-audience views of sites, as the service enforces them
 * from the gateway's headers (defence in depth: the gateway checks the same rules first).
 */
describe('organisations service — self-service, audiences, object-level rules', () => {
  let svc: OrganisationsUnderTest;
  let orgA: number;
  let orgB: number;
  const repA = { 'x-care-audience': 'internal', 'x-care-organisation': '', 'x-care-actor': 'rep-a' };
  const publicCaller = { 'x-care-audience': 'public' };

  beforeAll(async () => {
    svc = await startOrganisationsService('self_service');
    const organisation = async (name: string) => (await svc.request('POST', '/organisations', { names: { official: { fr: name, nl: name } }, languageStatus: 'FR-NL' })).body;
    const a = await organisation('ASBL Alpha');
    const b = await organisation('ASBL Beta');
    expect([a.id, b.id].every(Number.isInteger)).toBe(true);
    orgA = a.id;
    orgB = b.id;
    repA['x-care-organisation'] = String(orgA);
  });
  afterAll(() => svc?.close());

  const content = (name: string) => ({
    names: { official: { fr: name, nl: name } },
    languageStatus: 'FR-NL',
    offerKind: 'accredited',
    address: reyers,
  });
  const createSite = async (organisationId: number, name: string, publish: boolean) => {
    let site = (await svc.request('POST', '/sites', { ...content(name), organisationId })).body;
    if (publish) for (const step of ['submit', 'validate', 'publish']) site = (await svc.request('POST', `/sites/${site.id}/workflow/${step}`, undefined, { 'if-match': `"${site.version}"` })).body;
    return site;
  };

  it('gives public callers the public contract of published sites only, and the back office everything', async () => {
    const published = await createSite(orgA, 'Publiée', true);
    const draft = await createSite(orgA, 'Brouillon', false);
    const open = await svc.request('GET', `/sites/${published.id}`, undefined, publicCaller);
    expect(open.status).toBe(200);
    expect(publishedSiteSchema.strict().safeParse(open.body).success).toBe(true);
    expect(open.body).not.toHaveProperty('state');
    expect(open.body.provenance.identity).not.toHaveProperty('validatedBy');
    expect((await svc.request('GET', `/sites/${draft.id}`, undefined, publicCaller)).status).toBe(404);
    expect((await svc.request('GET', `/sites/${draft.id}`, undefined, { 'x-care-audience': 'authority' })).status).toBe(404);
    expect((await svc.request('GET', `/sites/${draft.id}`)).body.state).toBe('draft');
    const list = (await svc.request('GET', `/sites?organisationId=${orgA}`, undefined, publicCaller)).body;
    expect(list.items.map((s: { id: number }) => s.id)).toEqual([published.id]);
    expect(list.items[0]).not.toHaveProperty('state');
  });

  it('lets a representative read its organisation’s drafts, never another organisation’s (403)', async () => {
    const draftA = await createSite(orgA, 'Brouillon A', false);
    const draftB = await createSite(orgB, 'Brouillon B', false);
    expect((await svc.request('GET', `/sites/${draftA.id}`, undefined, repA)).body.state).toBe('draft');
    const other = await svc.request('GET', `/sites/${draftB.id}`, undefined, repA);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('site.other_organisation');
    const list = (await svc.request('GET', `/sites?organisationId=${orgB}&size=100`, undefined, repA)).body;
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((s: { organisationId: number }) => s.organisationId === orgA)).toBe(true);
  });

  it('refuses a representative’s direct edits and its proposals on another organisation’s site', async () => {
    const siteB = await createSite(orgB, 'Site B', true);
    const siteA = await createSite(orgA, 'Site A', true);
    expect((await svc.request('PUT', `/sites/${siteA.id}`, content('X'), { ...repA, 'if-match': `"${siteA.version}"` })).status).toBe(403);
    expect((await svc.request('POST', `/sites/${siteA.id}/workflow/archive`, undefined, { ...repA, 'if-match': `"${siteA.version}"` })).status).toBe(403);
    expect((await svc.request('POST', '/sites', content('X'), repA)).status).toBe(403);
    expect((await svc.request('POST', `/sites/${siteB.id}/proposals`, { content: content('Repris') }, repA)).status).toBe(403);
    expect((await svc.request('POST', `/sites/${siteB.id}/verifications`, { withChanges: false }, { ...repA, 'if-match': `"${siteB.version}"` })).status).toBe(403);
    expect((await svc.request('GET', `/sites/${siteB.id}/proposals`, undefined, repA)).status).toBe(403);
  });

  it('refuses workflow and protected fields in bodies (mass assignment), from editors and representatives alike', async () => {
    const site = await createSite(orgA, 'Champs protégés', true);
    for (const field of [{ state: 'published' }, { lastVerifiedAt: '2030-01-01T00:00:00Z' }, { version: 99 }, { provenance: {} }, { id: 1 }]) {
      const edit = await svc.request('PUT', `/sites/${site.id}`, { ...content('Champs protégés'), organisationId: orgA, ...field }, { 'if-match': `"${site.version}"` });
      expect(edit.status).toBe(400);
      expect(edit.body.errors.map((e: { path: string }) => e.path)).toEqual([Object.keys(field)[0]]);
      const proposal = await svc.request('POST', `/sites/${site.id}/proposals`, { content: { ...content('Champs protégés'), ...field } }, repA);
      expect(proposal.status).toBe(400);
      expect(proposal.body.errors[0].path).toBe(`content.${Object.keys(field)[0]}`);
    }
    // A representative cannot move its site to another organisation either.
    const move = await svc.request('POST', `/sites/${site.id}/proposals`, { content: { ...content('X'), organisationId: orgB } }, repA);
    expect(move.status).toBe(400);
    expect(move.body.errors[0].path).toBe('content.organisationId');
    const after = (await svc.request('GET', `/sites/${site.id}`)).body;
    expect(after).toMatchObject({ state: 'published', version: site.version, lastVerifiedAt: site.lastVerifiedAt });
  });

  it('confirms “still accurate” in one step: lastVerifiedAt moves, nothing else', async () => {
    const site = await createSite(orgA, 'Toujours exacte', true);
    const confirmed = await svc.request('POST', `/sites/${site.id}/verifications`, { withChanges: false }, { ...repA, 'if-match': `"${site.version}"` });
    expect(confirmed.status).toBe(201);
    expect(Date.parse(confirmed.body.lastVerifiedAt)).toBeGreaterThan(Date.parse(site.lastVerifiedAt));
    expect(confirmed.body.names).toEqual(site.names);
    const [row] = await svc.sql<{ verified_by: string }>('select verified_by from site_verification where site_id = $1', [site.id]);
    expect(row!.verified_by).toBe('rep-a');
  });

  it('applies an accepted proposal through the workflow (validated, published content updated, lastVerifiedAt), keeps rejected ones with their reason', async () => {
    const site = await createSite(orgA, 'Ancien nom', true);
    const proposed = await svc.request('POST', `/sites/${site.id}/proposals`, { content: content('Nouveau nom'), note: 'Nous avons déménagé le nom' }, repA);
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'pending', siteId: site.id, organisationId: orgA, proposedBy: 'rep-a', baseVersion: site.version });
    // Nothing changes before a validator accepts.
    expect((await svc.request('GET', `/sites/${site.id}`)).body.names.official.fr).toBe('Ancien nom');
    expect((await svc.request('GET', '/proposals?status=pending', undefined, repA)).status).toBe(403);
    const pending = (await svc.request('GET', '/proposals?status=pending')).body;
    expect(pending.items.map((p: { id: string }) => p.id)).toContain(proposed.body.id);

    const accepted = await svc.request('POST', `/proposals/${proposed.body.id}/accept`, undefined, { 'x-care-actor': 'validator.vera' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.proposal).toMatchObject({ status: 'accepted', decidedBy: 'validator.vera' });
    expect(accepted.body.site).toMatchObject({ state: 'published', names: { official: { fr: 'Nouveau nom' } }, organisationId: orgA });
    expect(Date.parse(accepted.body.site.lastVerifiedAt)).toBeGreaterThan(Date.parse(site.lastVerifiedAt));
    expect(accepted.body.site.provenance.identity).toMatchObject({ source: 'organisation', reference: 'rep-a', validatedBy: 'validator.vera' });
    const events = await svc.sql<{ type: string; name: string }>(
      `select type, envelope->'payload'->'names'->'official'->>'fr' as name from outbox_message where aggregate_id = $1 and type = 'organisations.site.updated.v1' order by id`,
      [String(site.id)],
    );
    expect(events.map((e) => e.name)).toEqual(['Nouveau nom']);
    expect((await svc.request('POST', `/proposals/${proposed.body.id}/accept`)).status).toBe(409);

    const draft = await createSite(orgA, 'Brouillon proposé', false);
    const toDraft = (await svc.request('POST', `/sites/${draft.id}/proposals`, { content: content('Brouillon corrigé') }, repA)).body;
    expect((await svc.request('POST', `/proposals/${toDraft.id}/accept`)).body.site.state).toBe('validated');

    const other = (await svc.request('POST', `/sites/${site.id}/proposals`, { content: content('Nom farfelu') }, repA)).body;
    const noReason = await svc.request('POST', `/proposals/${other.id}/reject`, { reason: { fr: 'Nom non officiel' } }, { 'accept-language': 'nl' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('reason.nl');
    const rejected = await svc.request('POST', `/proposals/${other.id}/reject`, { reason: { fr: 'Nom non officiel', nl: 'Geen officiële naam' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: { fr: 'Nom non officiel', nl: 'Geen officiële naam' } });
    const ofSite = (await svc.request('GET', `/sites/${site.id}/proposals`, undefined, repA)).body;
    expect(ofSite.items.map((p: { status: string }) => p.status)).toEqual(['rejected', 'accepted']);
    expect((await svc.request('GET', `/sites/${site.id}`)).body.names.official.fr).toBe('Nouveau nom');
  });
});
