import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { GeocoderUnavailableError, type AddressQuery } from './geocoder.port.js';
import { UrbisGeocoder, type UrbisGeocoderOptions } from './urbis-geocoder.adapter.js';

/** A local stand-in for URBIS: records every request and answers with the current handler. */
type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

const reyers: AddressQuery = {
  street: 'Boulevard Auguste Reyers',
  number: '70',
  postcode: '1030',
  municipality: 'Schaerbeek',
  language: 'fr',
};

const reyersAnswer = {
  result: [
    {
      point: { x: 152302.1, y: 171263.4 },
      address: { street: { name: 'Boulevard Auguste Reyers', postCode: '1030', municipality: 'Schaerbeek' }, number: '70' },
      score: 100,
    },
  ],
};

function json(status: number, body: unknown): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

function raw(status: number, body: string): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };
}

/** Never answers: the request stays open until the client gives up. */
const hang: Handler = () => undefined;

async function failure(promise: Promise<unknown>): Promise<GeocoderUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GeocoderUnavailableError)) throw new Error(`expected GeocoderUnavailableError, got ${String(error)}`);
  return error;
}

describe('UrbisGeocoder against a local URBIS emulation', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const requests: URL[] = [];

  // Fast defaults so failures resolve quickly; each test overrides what it exercises.
  const geocoder = (options: Partial<UrbisGeocoderOptions> = {}) =>
    new UrbisGeocoder({ baseUrl, timeoutMs: 2000, retries: 0, retryBaseMs: 10, ...options });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      requests.push(url);
      handler(req, res, url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/localization/Rest/Localize`;
  });

  beforeEach(() => {
    requests.length = 0;
    handler = json(200, reyersAnswer);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('maps the URBIS answer and converts Lambert 72 to WGS84', async () => {
    const found = await geocoder().geocode(reyers);
    expect(found).toMatchObject({
      lambert72: { x: 152302.1, y: 171263.4 },
      street: 'Boulevard Auguste Reyers',
      number: '70',
      postcode: '1030',
      municipality: 'Schaerbeek',
      score: 100,
      source: 'urbis',
    });
    expect(Math.abs(found!.point.lat - 50.85176)).toBeLessThan(1e-4);
    expect(Math.abs(found!.point.lon - 4.40145)).toBeLessThan(1e-4);
  });

  it('sends GET {base}/geocode with the address line, the language and EPSG:31370, with or without a trailing slash', async () => {
    await geocoder().geocode(reyers);
    await geocoder({ baseUrl: `${baseUrl}/` }).geocode({
      ...reyers,
      language: 'nl',
      street: 'Auguste Reyerslaan',
      municipality: 'Schaarbeek',
    });
    expect(requests).toHaveLength(2);
    for (const url of requests) expect(url.pathname).toBe('/localization/Rest/Localize/geocode');
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      address: 'Boulevard Auguste Reyers 70, 1030 Schaerbeek',
      language: 'fr',
      spatialReference: '31370',
    });
    expect(requests[1].searchParams.get('address')).toBe('Auguste Reyerslaan 70, 1030 Schaarbeek');
    expect(requests[1].searchParams.get('language')).toBe('nl');
  });

  it('answers a repeated query (differently spelled) from the cache, without a request', async () => {
    const urbis = geocoder();
    const first = await urbis.geocode(reyers);
    const again = await urbis.geocode({ ...reyers, street: '  BOULEVARD auguste  Réyers' });
    expect(again).toEqual(first);
    expect(requests).toHaveLength(1);
    await expect(urbis.health()).resolves.toEqual({ status: 'up', details: { circuit: 'closed', cacheEntries: 1 } });
  });

  it('does not let a caller mutating its result alter the cached answer', async () => {
    const urbis = geocoder();
    const first = await urbis.geocode(reyers);
    first!.point.lat = 0;
    const again = await urbis.geocode(reyers);
    expect(again!.point.lat).toBeGreaterThan(50);
  });

  it('returns null on an empty result and caches the miss', async () => {
    handler = json(200, { result: [] });
    const urbis = geocoder();
    await expect(urbis.geocode(reyers)).resolves.toBeNull();
    await expect(urbis.geocode(reyers)).resolves.toBeNull();
    expect(requests).toHaveLength(1);
  });

  it('keeps a miss only missTtlMs', async () => {
    handler = json(200, { result: [] });
    const urbis = geocoder({ cache: { missTtlMs: 30 } });
    await urbis.geocode(reyers);
    await sleep(60);
    handler = json(200, reyersAnswer);
    await expect(urbis.geocode(reyers)).resolves.toMatchObject({ street: 'Boulevard Auguste Reyers' });
    expect(requests).toHaveLength(2);
  });

  it.each([404, 400, 422])('returns null on HTTP %i, which is an answer and not a failure', async (status) => {
    handler = json(status, { error: 'no match' });
    const urbis = geocoder({ retries: 2, breaker: { failureThreshold: 1 } });
    await expect(urbis.geocode(reyers)).resolves.toBeNull();
    expect(requests).toHaveLength(1);
    expect(urbis.circuitState).toBe('closed');
  });

  it('retries a 500 and succeeds when the next attempt answers', async () => {
    let calls = 0;
    handler = (req, res, url) => (++calls === 1 ? json(500, { error: 'oops' }) : json(200, reyersAnswer))(req, res, url);
    const urbis = geocoder({ retries: 2, breaker: { failureThreshold: 1 } });
    await expect(urbis.geocode(reyers)).resolves.toMatchObject({ number: '70' });
    expect(requests).toHaveLength(2);
    expect(urbis.circuitState).toBe('closed');
  });

  it('gives up on a persistent 429 after the retries with reason server, and does not cache the failure', async () => {
    handler = json(429, { error: 'slow down' });
    const urbis = geocoder({ retries: 2 });
    expect((await failure(urbis.geocode(reyers))).reason).toBe('server');
    expect(requests).toHaveLength(3);
    handler = json(200, reyersAnswer);
    await expect(urbis.geocode(reyers)).resolves.not.toBeNull();
    expect(requests).toHaveLength(4);
  });

  it('times out on a server that never answers, after the retries, with reason timeout', async () => {
    handler = hang;
    const error = await failure(geocoder({ timeoutMs: 100, retries: 1 }).geocode(reyers));
    expect(error.reason).toBe('timeout');
    expect(requests).toHaveLength(2);
  });

  it('opens the circuit after failureThreshold failures, fails fast without requests, and closes after resetAfterMs on success', async () => {
    handler = json(503, { error: 'maintenance' });
    const urbis = geocoder({ timeoutMs: 2000, breaker: { failureThreshold: 2, resetAfterMs: 200 } });
    expect((await failure(urbis.geocode(reyers))).reason).toBe('server');
    expect(urbis.circuitState).toBe('closed');
    expect((await failure(urbis.geocode(reyers))).reason).toBe('server');
    expect(urbis.circuitState).toBe('open');
    await expect(urbis.health()).resolves.toEqual({ status: 'down', details: { circuit: 'open', cacheEntries: 0 } });

    const started = performance.now();
    expect((await failure(urbis.geocode(reyers))).reason).toBe('circuit-open');
    expect(performance.now() - started).toBeLessThan(50);
    expect(requests).toHaveLength(2);

    await sleep(250);
    expect(urbis.circuitState).toBe('half-open');
    await expect(urbis.health()).resolves.toMatchObject({ status: 'up', details: { circuit: 'half-open' } });
    handler = json(200, reyersAnswer);
    await expect(urbis.geocode(reyers)).resolves.toMatchObject({ number: '70' });
    expect(requests).toHaveLength(3);
    expect(urbis.circuitState).toBe('closed');
    await expect(urbis.health()).resolves.toEqual({ status: 'up', details: { circuit: 'closed', cacheEntries: 1 } });
  });

  it('reports reason network when nothing listens at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const urbis = new UrbisGeocoder({ baseUrl: `http://127.0.0.1:${port}`, retries: 1, retryBaseMs: 10 });
    expect((await failure(urbis.geocode(reyers))).reason).toBe('network');
  });

  it('treats malformed JSON as a server failure, counted by the breaker and not retried', async () => {
    handler = raw(200, '{"result": [ {"point": ');
    const urbis = geocoder({ retries: 2, breaker: { failureThreshold: 1 } });
    const error = await failure(urbis.geocode(reyers));
    expect(error.reason).toBe('server');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(requests).toHaveLength(1);
    expect(urbis.circuitState).toBe('open');
  });

  it('treats an answer of an unexpected shape as a server failure', async () => {
    handler = json(200, { results: [{ x: 1 }] });
    expect((await failure(geocoder().geocode(reyers))).reason).toBe('server');
  });
});
