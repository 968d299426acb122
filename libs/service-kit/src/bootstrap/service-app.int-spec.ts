import { Body, Controller, type DynamicModule, Get, Injectable, Module, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { EVENT_BUS_DATABASE, MESSAGING_ENTITIES } from '@care/messaging';
import { databaseFor, type DatabaseDescriptor } from '@care/persistence';
import { createTestDatabase, metricValue, scrape, type TestDatabase } from '@care/testing';
import { validate } from '../http/zod.pipe.js';
import { loadConfig, platformConfig } from '../config/service-config.js';
import type { HealthContributor, HealthReport } from '../health/health-contributor.js';
import { ServiceModule } from './service.module.js';
import { startService, type RunningService } from './run-service.js';

const echoSchema = z.object({
  name: z.object({ fr: z.string().min(1), nl: z.string().min(1) }),
  postcode: z.string().regex(/^1\d{3}$/),
});

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body(validate(echoSchema)) body: z.output<typeof echoSchema>) {
    return body;
  }

  @Get('items/:id')
  item(@Param('id') id: string) {
    return { id };
  }
}

/** A dependency the test switches off: `/health` must then say 503 and which one. */
@Injectable()
class SwitchHealth implements HealthContributor {
  static up = true;
  readonly healthKey = 'switch';
  async health(): Promise<HealthReport> {
    return SwitchHealth.up ? { status: 'up', details: {} } : { status: 'down', details: { reason: 'switched off' } };
  }
}

/** A service built the way every platform service is, with one validated route. */
describe('service edge (ServiceModule, error format, limits)', () => {
  let service: RunningService;
  let db: TestDatabase;
  let bus: TestDatabase;

  beforeAll(async () => {
    bus = await createTestDatabase('kit_bus', EVENT_BUS_DATABASE);
    const descriptor: DatabaseDescriptor = { ...EVENT_BUS_DATABASE, service: 'kit-test', database: databaseFor('kit-test'), entities: MESSAGING_ENTITIES };
    db = await createTestDatabase('kit');
    const config = loadConfig(platformConfig(0), {
      DATABASE_URL: db.url,
      EVENT_BUS_DATABASE_URL: bus.url,
      LOG_LEVEL: 'silent',
      HTTP_BODY_LIMIT: '10kb',
    });
    @Module({ controllers: [EchoController] })
    class TestAppModule {
      static register(): DynamicModule {
        return { module: TestAppModule, imports: [ServiceModule.forRoot({ database: descriptor, config, publishesEvents: false, health: [SwitchHealth] })] };
      }
    }
    service = await startService({ name: 'kit-test', description: 'test', module: TestAppModule.register(), host: '127.0.0.1', port: 0, bodyLimit: config.HTTP_BODY_LIMIT });
  });

  afterAll(async () => {
    await service?.close();
    await db?.drop();
    await bus?.drop();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${service.url}/echo`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('accepts a valid body', async () => {
    const response = await post(JSON.stringify({ name: { fr: 'Hôpital', nl: 'Ziekenhuis' }, postcode: '1030' }));
    expect(response.status).toBe(201);
  });

  it('refuses invalid input with 400, the field paths and messages in the caller’s language', async () => {
    const response = await post(JSON.stringify({ name: { fr: 'Hôpital' }, postcode: '9999' }), { 'accept-language': 'nl-BE' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-language')).toBe('nl');
    const body = (await response.json()) as { code: string; message: string; errors: { path: string; message: string; messages: { fr: string; nl: string } }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.message).toMatch(/Ongeldige gegevens/);
    expect(body.errors.map((e) => e.path)).toEqual(['name.nl', 'postcode']);
    expect(body.errors[0]!.message).toBe(body.errors[0]!.messages.nl);
    expect(body.errors[0]!.messages.fr).not.toBe(body.errors[0]!.messages.nl);
  });

  it('answers malformed JSON with 400 and no internal detail', async () => {
    const response = await post('{"name": ');
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'messages', 'requestId', 'statusCode']);
    expect(JSON.stringify(body)).not.toMatch(/at |stack|SyntaxError/);
  });

  it('answers an oversized body with 413', async () => {
    const response = await post(JSON.stringify({ name: { fr: 'x'.repeat(20_000), nl: 'y' }, postcode: '1000' }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('payload_too_large');
  });

  it('answers an unknown route with 404 in French by default, and echoes the request id', async () => {
    const response = await fetch(`${service.url}/nope`, { headers: { 'x-request-id': 'req-123' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(await response.json()).toMatchObject({ code: 'not_found', message: 'Ressource introuvable', requestId: 'req-123' });
  });

  it('reports its database and event bus in /health', async () => {
    const response = await fetch(`${service.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, eventBus: { status: 'up', transport: 'postgres' } } });
  });

  it('answers 503 with what is down (the health format, not the error format) when a dependency is down', async () => {
    SwitchHealth.up = false;
    try {
      const response = await fetch(`${service.url}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'error', error: { switch: { status: 'down', reason: 'switched off' } }, details: { database: { status: 'up' } } });
    } finally {
      SwitchHealth.up = true;
    }
  });

  it('measures request durations per route template, method and status class, never per raw URL', async () => {
    const count = async (labels: Record<string, string>) => metricValue(await scrape(service.url), 'care_http_request_duration_seconds_count', labels) ?? 0;
    const item = { method: 'GET', route: '/echo/items/:id', status_class: '2xx' };
    const before = await count(item);
    const unmatchedBefore = await count({ route: 'unmatched', status_class: '4xx' });
    for (const id of ['1', '2', 'three']) expect((await fetch(`${service.url}/echo/items/${id}`)).status).toBe(200);
    await post('{"name": ');
    await fetch(`${service.url}/random-${Date.now()}`);
    const samples = await scrape(service.url);
    expect(metricValue(samples, 'care_http_request_duration_seconds_count', item)).toBe(before + 3);
    expect(metricValue(samples, 'care_http_request_duration_seconds_count', { method: 'POST', route: '/echo', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(samples, 'care_http_request_duration_seconds_count', { route: 'unmatched', status_class: '4xx' })).toBe(unmatchedBefore + 1);
    expect(samples.filter((s) => s.labels['route']?.includes('three') || s.labels['route']?.includes('random-'))).toEqual([]);
    expect(metricValue(samples, 'care_http_request_duration_seconds_bucket', { ...item, le: '+Inf' })).toBe(before + 3);
  });
});
