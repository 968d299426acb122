import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropDatabase, freePort, withDatabase } from '@care/persistence';
import { metricValue, scrape, testServerUrl, waitFor, type MetricSample } from '@care/testing';
import { startPlatform, type RunningPlatform } from './platform.js';
import { databaseOf, REPO_ROOT, SERVICES } from './services.js';

const HTTP = 'care_http_request_duration_seconds_count';
const EVENTS = 'care_event_consumer_events_total';
const LAG = 'care_event_consumer_lag';

interface Expectation {
  metric: string;
  labels: Record<string, string>;
  /** `grows`: the series exists and rose between the scrape before and the one after the publish. */
  change: 'grows' | 'present';
}
const grows = (metric: string, labels: Record<string, string> = {}): Expectation => ({ metric, labels, change: 'grows' });
const present = (metric: string, labels: Record<string, string> = {}): Expectation => ({ metric, labels, change: 'present' });
const consumer = (group: string) => [grows(EVENTS, { group, outcome: 'applied' }), present(LAG, { group })];

/** What every service's `/metrics` must show after a site is published through the organisations API. */
const EVERY_SERVICE = [grows(HTTP, { method: 'GET', route: '/health', status_class: '2xx' }), present('care_process_cpu_seconds_total')];
/** Per service, one line each: a service's new series are one more entry on its line. */
const EXPECTED: Record<string, Expectation[]> = {
  organisations: [
    grows(HTTP, { method: 'POST', route: '/sites', status_class: '2xx' }),
    grows(HTTP, { method: 'POST', route: '/sites/:id/workflow/:step', status_class: '2xx' }),
    grows('care_outbox_published_total', { service: 'organisations' }),
    present('care_outbox_backlog', { service: 'organisations' }),
  ],
  'care-providers': [...consumer('care-providers.site-links')],
  agrements: [...consumer('agrements.holders')],
  search: [
    ...consumer('search.projection'),
    grows(HTTP, { method: 'GET', route: '/search', status_class: '2xx' }),
    present('care_search_index_lag_documents'),
    present('care_search_index_lag_seconds'),
  ],
  publisher: [...consumer('publisher.feed'), grows('care_feed_head_sequence')],
  gateway: [],
};

/**
 * The platform as `npm start` runs it (six service processes, empty directory), for what an
 * operator relies on: the metrics every service exposes, and the runbook's reindex and replay
 * commands run exactly as `npm run search:rebuild` / `npm run events:replay` run them.
 */
describe('operations (metrics, reindex, replay) on the platform', () => {
  let platform: RunningPlatform;
  const prefix = `ops_${randomBytes(3).toString('hex')}_`;
  const logDir = mkdtempSync(path.join(tmpdir(), 'care-ops-logs-'));
  const url = (service: string) => platform.urls[service]!;
  const siteName = `Maison médicale Opérations ${randomBytes(2).toString('hex')}`;
  let siteId: number;

  beforeAll(async () => {
    const ports: Record<string, number> = {};
    for (const service of SERVICES) ports[service.name] = await freePort();
    platform = await startPlatform({
      serverUrl: testServerUrl(),
      databasePrefix: prefix,
      dataDir: logDir,
      embeddedPort: 0,
      durable: false,
      demoData: false,
      ports,
      host: '127.0.0.1',
      logLevel: 'warn',
      logDir,
      startTimeoutMs: 180_000,
    });
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
    for (const name of ['event-bus', ...SERVICES.map((s) => s.name)])
      await dropDatabase(withDatabase(testServerUrl(), databaseOf(name, prefix)));
    rmSync(logDir, { recursive: true, force: true });
  });

  const call = async (service: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url(service)}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const searchHits = async (q: string) =>
    ((await call('search', 'GET', `/search?q=${encodeURIComponent(q)}`)).body.hits as Array<{ id: string }>).map((h) => h.id);
  const sql = async <T extends Record<string, unknown>>(database: string, query: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: withDatabase(testServerUrl(), databaseOf(database, prefix)) });
    await client.connect();
    try {
      return (await client.query<T>(query, params)).rows;
    } finally {
      await client.end();
    }
  };
  /** Runs a runbook command as its npm script does after building: the same file, on the platform's databases. */
  const runCommand = (script: string, args: string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'tools/runtime/dist', script), ...args], {
        cwd: REPO_ROOT,
        env: { PATH: process.env['PATH'], DATABASE_URL: testServerUrl(), CARE_DATABASE_PREFIX: prefix, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => resolve({ code, output }));
    });

  it('npm scripts of the runbook run the files exercised here', () => {
    const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['search:rebuild']).toBe('npm run build --silent && node tools/runtime/dist/search-rebuild.cli.js');
    expect(scripts['events:replay']).toBe('npm run build --silent && node tools/runtime/dist/events-replay.cli.js');
  });

  it('every service exposes /metrics whose series move after a site is published through the organisations API', async () => {
    const before: Record<string, MetricSample[]> = {};
    for (const { name } of SERVICES) before[name] = await scrape(url(name));

    const tree = (await call('organisations', 'GET', '/taxonomy/tree')).body;
    const created = await call('organisations', 'POST', '/sites', {
      names: { official: { fr: siteName, nl: `Wijkgezondheidscentrum Operaties` } },
      languageStatus: 'FR-NL',
      offerKind: 'accredited',
      serviceLanguages: ['fr', 'nl'],
      address: { street: { fr: 'Boulevard Auguste Reyers' }, number: '70', postcode: '1030', point: { lat: 50.851756, lon: 4.401445 } },
      categoryIds: [tree[0].rubriques[0].categoryIds[0]],
      contacts: { phones: [{ number: '02/435.51.38' }] },
    });
    expect(created.status).toBe(201);
    let site = created.body;
    for (const step of ['submit', 'validate', 'publish']) {
      const moved = await call('organisations', 'POST', `/sites/${site.id}/workflow/${step}`, undefined, {
        'if-match': `"${site.version}"`,
      });
      expect(moved.status).toBe(200);
      site = moved.body;
    }
    siteId = site.id;
    await waitFor(async () => (await searchHits(siteName)).includes(`site:${siteId}`), 30_000, 'the published site to be searchable');
    // Every consumer has applied the publication before the second scrape.
    await waitFor(
      async () =>
        (
          await sql<{ n: string }>('publisher', `select count(*) as n from inbox_message where type = 'organisations.site.published.v1'`)
        )[0]!.n === '1',
      30_000,
      'the publisher to apply it',
    );
    for (const group of ['agrements.holders'])
      await waitFor(
        async () =>
          (
            await sql<{ n: string }>(
              'agrements',
              `select count(*) as n from inbox_message where consumer = $1 and type = 'organisations.site.published.v1'`,
              [group],
            )
          )[0]!.n === '1',
        30_000,
        `${group} to apply it`,
      );
    await waitFor(
      async () =>
        (
          await sql<{ n: string }>(
            'care-providers',
            `select count(*) as n from inbox_message where type = 'organisations.site.published.v1'`,
          )
        )[0]!.n === '1',
      30_000,
      'care-providers to apply it',
    );
    for (const { name } of SERVICES) expect((await fetch(`${url(name)}/health`)).status).toBe(200);

    const missing: string[] = [];
    for (const { name } of SERVICES) {
      const after = await scrape(url(name));
      for (const { metric, labels, change } of [...EVERY_SERVICE, ...EXPECTED[name]!]) {
        const then = metricValue(before[name]!, metric, labels) ?? 0;
        const now = metricValue(after, metric, labels);
        const what = `${name}: ${metric}${JSON.stringify(labels)}`;
        if (now === undefined) missing.push(`${what} missing`);
        else if (change === 'grows' && !(now > then)) missing.push(`${what} did not grow (${then} → ${now})`);
      }
    }
    expect(missing).toEqual([]);
  }, 120_000);

  it('`npm run search:rebuild` rebuilds the index into a new generation while search keeps answering', async () => {
    let rebuilt = false;
    const answering = (async () => {
      let failures = 0;
      const deadline = Date.now() + 60_000;
      while (!rebuilt && Date.now() < deadline) {
        if (!(await searchHits(siteName)).includes(`site:${siteId}`)) failures++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return failures;
    })();
    const result = await runCommand('search-rebuild.cli.js', []);
    rebuilt = true;
    expect(result.output).toMatch(/generation 2 active with \d+ documents \(replaced 1\)/);
    expect(result.code).toBe(0);
    expect(await answering).toBe(0);
    await waitFor(
      async () => (await call('search', 'GET', '/health')).body.details.searchIndex.generation === 2,
      10_000,
      'search to read generation 2',
    );
    expect((await call('search', 'GET', '/health')).body.details.searchIndex.status).toBe('up');
    expect(await searchHits(siteName)).toContain(`site:${siteId}`);
  }, 120_000);

  it('`npm run events:replay` redelivers a group’s events: skipped by its inbox, or with --reapply applied again with the state unchanged', async () => {
    const state = () => sql('agrements', 'select kind, id, published, name, place, category_ids, updated_at from holder order by kind, id');
    const inbox = () =>
      sql<{ event_id: string; processed_at: Date }>(
        'agrements',
        `select event_id, processed_at from inbox_message where consumer = 'agrements.holders' order by event_id`,
      );
    const position = async () =>
      (await sql<{ position: string }>('event-bus', `select position from consumer_group where name = 'agrements.holders'`))[0]!.position;
    const events = async (outcome: string) =>
      metricValue(await scrape(url('agrements')), EVENTS, { group: 'agrements.holders', outcome }) ?? 0;
    const holdersBefore = await state();
    const inboxBefore = await inbox();
    expect(holdersBefore.length).toBeGreaterThan(0);
    const head = await position();

    // Plain replay: every event comes back, the inbox recognises each one.
    const duplicatesBefore = await events('duplicate');
    const plain = await runCommand('events-replay.cli.js', ['agrements.holders', '--from', 'beginning']);
    expect(plain.output).toContain('replaying from the beginning');
    expect(plain.code).toBe(0);
    await waitFor(
      async () => (await events('duplicate')) >= duplicatesBefore + inboxBefore.length,
      30_000,
      'the replayed events to come back as duplicates',
    );
    await waitFor(async () => (await position()) === head, 30_000, 'the group to be back at the head');
    expect(await state()).toEqual(holdersBefore);
    expect(await inbox()).toEqual(inboxBefore);

    // --reapply from a log position: the inbox forgets those events, the handlers apply them again.
    const [{ first }] = await sql<{ first: string }>(
      'event-bus',
      `select min(position) as first from event_log where type = 'organisations.site.published.v1'`,
    );
    const appliedBefore = await events('applied');
    const again = await runCommand('events-replay.cli.js', ['agrements.holders', '--from', first!, '--reapply']);
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/[1-9]\d* inbox row\(s\) forgotten/);
    await waitFor(async () => (await events('applied')) > appliedBefore, 30_000, 'the replayed events to be applied again');
    await waitFor(async () => (await position()) === head, 30_000, 'the group to be back at the head');
    expect(await state()).toEqual(holdersBefore);
    const inboxAfter = await inbox();
    expect(inboxAfter.map((r) => r.event_id)).toEqual(inboxBefore.map((r) => r.event_id));
    const reprocessed = inboxAfter.filter((r, i) => r.processed_at.getTime() > inboxBefore[i]!.processed_at.getTime());
    expect(reprocessed.length).toBeGreaterThan(0);

    const wrong = await runCommand('events-replay.cli.js', ['agrements.holders', '--from', 'yesterday']);
    expect(wrong.code).toBe(64);
    expect(wrong.output).toContain('neither "beginning", a log position nor an ISO 8601 time');
  }, 120_000);
});
