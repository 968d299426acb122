import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort, dropDatabase, withDatabase } from '@care/persistence';
import { testServerUrl } from '@care/testing';
import { startPlatform, type RunningPlatform } from './platform.js';
import { databaseOf, SERVICES } from './services.js';
import { portalBrowserTests } from './testing/portal-browser.suite.js';

/**
 * Boots the whole platform as `npm start` does (migrations, six service processes) on the test
 * server, with its own databases and ports, and checks every service from the outside; then the
 * citizen portal in a browser, on the same platform (the demo data is loaded once for both).
 */
describe('platform (six services as processes)', () => {
  let platform: RunningPlatform;
  const prefix = `e2e_${randomBytes(3).toString('hex')}_`;
  const logDir = mkdtempSync(path.join(tmpdir(), 'care-e2e-logs-'));

  beforeAll(async () => {
    const ports: Record<string, number> = {};
    for (const service of SERVICES) ports[service.name] = await freePort();
    platform = await startPlatform({
      serverUrl: testServerUrl(),
      databasePrefix: prefix,
      dataDir: logDir,
      embeddedPort: 0,
      durable: false,
      demoData: true,
      ports,
      host: '127.0.0.1',
      logLevel: 'warn',
      logDir,
      // The demo data takes a few minutes on a busy two-core machine, and pages may be slow there:
      // these tests check what the platform answers, not how fast (that is for the benchmarks).
      startTimeoutMs: 300_000,
      env: { PORTAL_UPSTREAM_TIMEOUT_MS: '30000' },
    });
  }, 900_000);

  afterAll(async () => {
    await platform?.stop();
    for (const name of ['event-bus', ...SERVICES.map((s) => s.name)]) await dropDatabase(withDatabase(testServerUrl(), databaseOf(name, prefix)));
    rmSync(logDir, { recursive: true, force: true });
  });

  it.each(SERVICES.map((s) => s.name))('%s answers /health with its database and event bus up', async (name) => {
    const response = await fetch(`${platform.urls[name]}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; details: Record<string, { status: string; transport?: string }> };
    expect(body.status).toBe('ok');
    expect(body.details['database']?.status).toBe('up');
    expect(body.details['eventBus']).toMatchObject({ status: 'up', transport: 'postgres' });
  });

  it('loads the demo dataset with the real record 13219, its sector and district derived by the service', async () => {
    // Read as the back office (the gateway sets this header for staff): the public sees the public contract only.
    const internal = { headers: { 'x-care-audience': 'internal' } };
    const response = await fetch(`${platform.urls['organisations']}/sites/13219`, internal);
    expect(response.status).toBe(200);
    const site = (await response.json()) as { state: string; names: { official: { fr: string } }; address: { statisticalSector: { code: string }; monitoringDistrict: { code: string; name: { fr: string } }; municipality: { nis: string } } };
    expect(site.state).toBe('published');
    expect(site.names.official.fr).toBe("COORDINATION DE L'ACTION SOCIALE DE SCHAERBEEK");
    expect(site.address.statisticalSector.code).toBe('21015A77-');
    expect(site.address.monitoringDistrict).toMatchObject({ code: '87', name: { fr: 'REYERS' } });
    expect(site.address.municipality.nis).toBe('21015');
    const list = (await (await fetch(`${platform.urls['organisations']}/sites?state=published&size=1`, internal)).json()) as { total: number };
    expect(list.total).toBe(4_100);
    const all = (await (await fetch(`${platform.urls['organisations']}/sites?size=1`, internal)).json()) as { total: number };
    expect(all.total).toBe(5_450);
  });

  it('loads the demo care providers through the CoBRHA importer, professions labelled in French and Dutch', async () => {
    const list = (await (await fetch(`${platform.urls['care-providers']}/providers?size=1`)).json()) as { total: number; items: { profession: { label: { fr: string; nl: string } } }[] };
    expect(list.total).toBe(5_000);
    expect(list.items[0]!.profession.label).toMatchObject({ fr: expect.stringMatching(/\w/), nl: expect.stringMatching(/\w/) });
    const runs = (await (await fetch(`${platform.urls['care-providers']}/imports/runs`)).json()) as { kind: string; actor: string; status: string }[];
    expect(runs).toEqual([expect.objectContaining({ kind: 'cobrha', actor: 'demo', status: 'succeeded' })]);
  });

  it('loads demo agréments on the published demo sites: about 2,600 holdings over about 230 types and the 14 authorities', async () => {
    const all = (await (await fetch(`${platform.urls['agrements']}/holdings?size=1`)).json()) as { total: number };
    expect(all.total).toBeGreaterThan(2_500);
    expect(all.total).toBeLessThan(2_700);
    const authorities = (await (await fetch(`${platform.urls['agrements']}/authorities`)).json()) as { items: { id: string; holdings: number }[] };
    // Today: the 14 authorities of the brief, Kind en Gezin's agréments now under Opgroeien.
    expect(authorities.items.filter((a) => a.holdings > 0).map((a) => a.id).sort()).toEqual(
      ['brussels-region', 'cocof', 'cocom', 'federal', 'fwb', 'iriscare', 'one', 'opgroeien', 'phare', 'slrb', 'vaph', 'vdab', 'vgc', 'vlaamse-gemeenschap'],
    );
    const current = (await (await fetch(`${platform.urls['agrements']}/holdings/valid?size=1`)).json()) as { total: number };
    expect(current.total).toBeGreaterThan(2_000);
    const beds = (await (await fetch(`${platform.urls['agrements']}/holdings?status=active&size=500`)).json()) as { items: { capacity: { unit: string } | null }[] };
    expect(beds.items.some((h) => h.capacity?.unit === 'beds')).toBe(true);
  });

  it('indexes the demo dataset for search before printing its URLs: published sites and active practices, FR and NL', async () => {
    type Answer = { total: number; hits: { id: string; name: string; categories: { name: string }[] }[]; facets: { kind: { key: string; count: number }[] } };
    const all = (await (await fetch(`${platform.urls['search']}/search?size=1`)).json()) as Answer;
    expect(all.facets.kind).toContainEqual({ key: 'site', count: 4_100, label: 'Service (lieu d’activité)' });
    expect(all.facets.kind.find((f) => f.key === 'practice')?.count).toBeGreaterThan(5_000);
    const record = (await (await fetch(`${platform.urls['search']}/search?q=${encodeURIComponent("coordination de l'action sociale de schaerbeek")}&size=3`)).json()) as Answer;
    expect(record.hits.map((h) => h.id)).toContain('site:13219');
    const dutch = (await (await fetch(`${platform.urls['search']}/search?q=wijkgezondheidscentra&lang=nl&size=3`)).json()) as Answer;
    expect(dutch.total).toBeGreaterThan(0);
    const health = (await (await fetch(`${platform.urls['search']}/health`)).json()) as { details: { searchIndex: { status: string; generation: number } } };
    expect(health.details.searchIndex).toMatchObject({ status: 'up', generation: 1 });
  });

  it('answers crisis authorities over the demo data: capacity, free places with their age, crisis contacts, aggregates per municipality', async () => {
    const ask = async (body: object) => {
      const response = await fetch(`${platform.urls['search']}/authority/query`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-care-audience': 'authority' }, body: JSON.stringify(body) });
      expect(response.status).toBe(200);
      return (await response.json()) as { total: number; items: Array<{ crisisContacts: unknown; availability: unknown[] }>; aggregates: { groups: Array<{ key: string | null }>; totals: { accreditedCapacity: number; freePlaces: number; reporting: number } } };
    };
    const region = await ask({ kind: ['site'], size: 500 });
    expect(region.total).toBe(4_100);
    expect(region.aggregates.groups.filter((g) => g.key !== null).length).toBeGreaterThanOrEqual(19);
    expect(region.aggregates.totals.accreditedCapacity).toBeGreaterThan(10_000);
    expect(region.aggregates.totals.reporting).toBeGreaterThan(50);
    expect(region.aggregates.totals.freePlaces).toBeGreaterThan(0);
    expect(region.items.filter((i) => i.crisisContacts !== null).length).toBeGreaterThan(50);
    expect((await ask({ age: 4, withFreePlaces: true })).total).toBeGreaterThan(0);
    const anonymous = await fetch(`${platform.urls['search']}/authority/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(403);
  });

  it.each(SERVICES.map((s) => s.name))('%s serves its OpenAPI document and Prometheus metrics', async (name) => {
    const docs = await fetch(`${platform.urls[name]}/docs-json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { info: { title: string } }).info.title).toContain(name);
    const metrics = await fetch(`${platform.urls[name]}/metrics`);
    expect(await metrics.text()).toContain('care_process_cpu_seconds_total');
  });

  portalBrowserTests(() => platform);
});
