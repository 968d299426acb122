import http from 'node:http';
import { OrganisationChangedV1, SitePublishedV1 } from '@care/contracts';
import { envelopeFor, generatedSite, publishedOrganisationFixture } from '@care/contracts/testing';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT, startService, type RunningService } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { metricValue, scrape, seededRandom, waitFor } from '@care/testing';
import { AppModule } from '../app.module.js';
import { loadPublisherConfig } from '../config/publisher.config.js';
import { startPublisherService } from '../testing/publisher-service.js';
import { SIGNATURE_HEADER, verifySignature } from './webhook-signature.js';

const ENV = {
  WEBHOOK_RETRY_BASE_MS: '20',
  WEBHOOK_RETRY_MAX_MS: '200',
  WEBHOOK_MAX_ATTEMPTS: '4',
  WEBHOOK_BATCH_SIZE: '5',
  WEBHOOK_TIMEOUT_MS: '5000',
};
const SECRET = 'a-shared-secret-of-at-least-32-characters';
const CLIENT = { 'x-care-audience': 'public', 'x-care-client': 'demo-fidus', 'x-care-actor': 'demo-fidus' };

interface Delivery {
  signature: string;
  body: string;
  records: Array<{ seq: string; entityType: string }>;
}

/** A subscriber's endpoint (node:http): answers 500 while `failing` says so, checks every signature, keeps what it accepted. */
async function receiver(secret: string, failing: (request: number) => boolean) {
  const accepted: Delivery[] = [];
  const badSignatures: string[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests++;
      const signature = String(req.headers[SIGNATURE_HEADER] ?? '');
      if (!verifySignature(signature, body, secret)) badSignatures.push(signature);
      if (failing(requests)) {
        res.writeHead(500).end();
        return;
      }
      accepted.push({ signature, body, records: JSON.parse(body).records });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`,
    accepted,
    badSignatures,
    seqs: () => accepted.flatMap((d) => d.records.map((r) => r.seq)),
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhooks', () => {
  let svc: ServiceUnderTest;
  let bus: EventTransport;
  const random = seededRandom(7);
  const receivers: Array<{ close(): Promise<void> }> = [];
  const seqsOf = async (types: string[]) =>
    ((await svc.request('GET', `/feed?after=0&limit=1000&types=${types.join(',')}`)).body.records as Array<{ seq: string }>).map((r) => r.seq);
  const subscribe = async (url: string, entityTypes: string[], extra: Record<string, unknown> = {}, headers = CLIENT) => {
    const answer = await svc.request('POST', '/webhooks', { url, secret: SECRET, entityTypes, ...extra }, headers);
    expect(answer.status).toBe(201);
    return answer.body as { id: string; position: string };
  };

  beforeAll(async () => {
    svc = await startPublisherService('webhooks', ENV);
    bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    await bus.publish([
      ...Array.from({ length: 30 }, (_, i) => envelopeFor(SitePublishedV1, String(i + 1), 1, generatedSite(i + 1, random))),
      ...Array.from({ length: 10 }, (_, i) => envelopeFor(OrganisationChangedV1, String(i + 1), 1, publishedOrganisationFixture(i + 1))),
    ]);
    await waitFor(async () => (await svc.request('GET', '/feed?limit=1')).body.head === '40', 30_000, 'forty records');
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await svc?.close();
  });

  it('dead-letters a delivery after WEBHOOK_MAX_ATTEMPTS failures, moves on, and replays from a sequence number; counts in /metrics', async () => {
    let down = true;
    const endpoint = await receiver(SECRET, () => down);
    receivers.push(endpoint);
    const { id } = await subscribe(endpoint.url, ['organisation'], { fromSeq: 1 });
    const deadLetters = async () => (await svc.request('GET', `/webhooks/${id}/deliveries?outcome=dead-lettered`, undefined, CLIENT)).body;
    // Ten organisation records in batches of five: both batches fail four times each.
    await waitFor(async () => (await deadLetters()).total === 2, 30_000, 'two dead-lettered deliveries');
    expect(endpoint.requests()).toBe(8);
    expect(endpoint.accepted).toEqual([]);
    const organisations = await seqsOf(['organisation']);
    const letters = (await deadLetters()).items;
    expect(letters.map((l: { fromSeq: string; toSeq: string; attempt: number }) => [l.fromSeq, l.toSeq, l.attempt])).toEqual([
      [organisations[5], organisations[9], 4],
      [organisations[0], organisations[4], 4],
    ]);
    expect((await svc.request('GET', `/webhooks/${id}`, undefined, CLIENT)).body).toMatchObject({ position: organisations[9], backlog: 0, attempts: 0 });

    down = false;
    const replayed = await svc.request('POST', `/webhooks/${id}/replay`, { fromSeq: Number(organisations[0]) }, CLIENT);
    expect(replayed.status).toBe(200);
    await waitFor(async () => endpoint.seqs().length === 10, 15_000, 'the replayed records');
    expect(endpoint.seqs()).toEqual(organisations);
    expect(endpoint.badSignatures).toEqual([]);

    const metrics = await scrape(svc.url);
    expect(metricValue(metrics, 'care_webhook_deliveries_total', { subscription: id, outcome: 'dead_lettered' })).toBe(2);
    expect(metricValue(metrics, 'care_webhook_deliveries_total', { subscription: id, outcome: 'delivered' })).toBe(2);
    expect(metricValue(metrics, 'care_webhook_delivery_failures_total', { subscription: id })).toBe(8);
    expect(metricValue(metrics, 'care_webhook_backlog', { subscription: id })).toBe(0);
    expect(metricValue(metrics, 'care_feed_head_sequence')).toBe(40);
  });

  it('is managed by its owner (admins see all); refuses bad input naming the field in FR and NL; a new secret signs alongside the old one', async () => {
    const endpoint = await receiver(SECRET, () => false);
    receivers.push(endpoint);
    const invalid = await svc.request('POST', '/webhooks', { url: 'ftp://example.org', secret: 'short', entityTypes: ['site', 'nothing'] }, CLIENT);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['entityTypes.1', 'secret', 'url']);
    expect(invalid.body.errors[0].messages).toEqual({ fr: expect.any(String), nl: expect.any(String) });

    const { id, position } = await subscribe(endpoint.url, ['site']);
    expect(position).toBe('40'); // by default, the changes after the current head
    const other = { 'x-care-audience': 'public', 'x-care-client': 'another-client' };
    expect((await svc.request('GET', `/webhooks/${id}`, undefined, other)).status).toBe(404);
    expect((await svc.request('GET', '/webhooks', undefined, other)).body).toEqual([]);
    const admin = { 'x-care-audience': 'public', 'x-care-actor': 'demo-admin', 'x-care-roles': 'admin,validator,editor' };
    expect((await svc.request('GET', '/webhooks', undefined, admin)).body.map((s: { id: string }) => s.id)).toContain(id);
    const listed = (await svc.request('GET', '/webhooks', undefined, CLIENT)).body;
    expect(JSON.stringify(listed)).not.toContain(SECRET);

    const newSecret = 'the-next-shared-secret-also-32-characters-long';
    const rotated = await svc.request('PUT', `/webhooks/${id}`, { url: endpoint.url, entityTypes: ['site'], secret: newSecret }, CLIENT);
    expect(rotated.status).toBe(200);
    expect(rotated.body.previousSecretUntil).not.toBeNull();
    await bus.publish([envelopeFor(SitePublishedV1, '500', 1, generatedSite(500, random))]);
    await waitFor(async () => endpoint.accepted.length === 1, 15_000, 'a delivery after the rotation');
    const [delivery] = endpoint.accepted;
    expect(delivery!.signature.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(delivery!.signature, delivery!.body, SECRET)).toBe(true);
    expect(verifySignature(delivery!.signature, delivery!.body, newSecret)).toBe(true);
    expect(verifySignature(delivery!.signature, `${delivery!.body} `, newSecret)).toBe(false);

    expect((await svc.request('DELETE', `/webhooks/${id}`, undefined, other)).status).toBe(404);
    expect((await svc.request('DELETE', `/webhooks/${id}`, undefined, CLIENT)).status).toBe(204);
    expect((await svc.request('GET', `/webhooks/${id}`, undefined, CLIENT)).status).toBe(404);
  });

  it('delivers every change to an endpoint that fails for a while then recovers: in order, once per sequence number, each signed; two instances, one stopped midway', async () => {
    const endpoint = await receiver(SECRET, (request) => request <= 3);
    receivers.push(endpoint);
    // A second publisher instance on the same databases: the row lock keeps them from delivering the same records.
    let second: RunningService | undefined = await startService({
      name: 'publisher',
      description: 'second instance',
      module: AppModule.register(loadPublisherConfig({ ...ENV, DATABASE_URL: svc.databaseUrl, EVENT_BUS_DATABASE_URL: svc.busUrl, LOG_LEVEL: 'silent' })),
      host: '127.0.0.1',
      port: 0,
      bodyLimit: '1mb',
    });
    try {
      const { id } = await subscribe(endpoint.url, ['site', 'organisation'], { fromSeq: 1 });
      // The state lives in the database: stopping an instance after the first accepted delivery loses nothing.
      await waitFor(async () => endpoint.accepted.length > 0, 15_000, 'a first accepted delivery');
      await second.close();
      second = undefined;
      const expected = await seqsOf(['site', 'organisation']);
      await waitFor(async () => endpoint.seqs().length >= expected.length, 30_000, 'every change delivered');
      await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more arrives
      expect(endpoint.seqs()).toEqual(expected);
      expect(endpoint.badSignatures).toEqual([]);
      const log = (await svc.request('GET', `/webhooks/${id}/deliveries?size=200`, undefined, CLIENT)).body.items.reverse();
      expect(log.slice(0, 3).map((d: { outcome: string; statusCode: number }) => [d.outcome, d.statusCode])).toEqual([
        ['failed', 500],
        ['failed', 500],
        ['failed', 500],
      ]);
      expect(log.slice(3).every((d: { outcome: string }) => d.outcome === 'delivered')).toBe(true);
    } finally {
      await second?.close();
    }
  });
});
