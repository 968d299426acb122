import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Outbox } from '@care/messaging';
import { UnitOfWork } from '@care/persistence';
import { GEOCODER } from '../../geocoding/geocoder.provider.js';
import { GeocodingRetryJob } from '../../geocoding/geocoding-retry.job.js';
import { SiteCommands } from '../../sites/site.commands.js';
import { SiteContentResolver } from '../../sites/site-content.resolver.js';
import { startOrganisationsService, type OrganisationsUnderTest } from '../../testing/organisations-service.js';
import { LegacyImporter } from './legacy-importer.js';

const record13219 = JSON.parse(readFileSync(new URL('../../../data/demo/organisation-13219.json', import.meta.url), 'utf8'));
/** A fiche whose address has no coordinates: the geocoder must place it. */
const withoutPoint = {
  ...record13219,
  id: 18_500,
  nameOfficialFr: 'Épicerie sociale du Nord',
  nameOfficialNl: 'Sociale kruidenier Noord',
  pmRp: [],
  address: { ...record13219.address, x: null, y: null, lat: null, lon: null, streetFr: 'Boulevard Auguste Reyers', streetNl: 'Auguste Reyerslaan', number: '12' },
};

function legacyFile(dir: string): string {
  const lines = [
    JSON.stringify(record13219),
    JSON.stringify(withoutPoint),
    '{"id": 18501, "nameOfficialFr": ', // line 3: not JSON
    JSON.stringify({ ...record13219, id: 18_502, address: { ...record13219.address, zipCode: null } }), // line 4: no postcode
    JSON.stringify({ ...record13219, id: 18_503, address: { ...record13219.address, streetFr: 'Rue Imaginaire', streetNl: 'Denkbeeldige straat', lat: null, lon: null, x: null, y: null } }), // line 5: unknown street
    JSON.stringify({ ...record13219, id: -4 }), // line 6: bad id
  ];
  const file = path.join(dir, 'fiches.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function importerOf(svc: OrganisationsUnderTest): LegacyImporter {
  const commands = svc.app.get(SiteCommands);
  return new LegacyImporter(svc.app.get(UnitOfWork), svc.app.get(Outbox), svc.app.get(SiteContentResolver), (em, site, change, before) => commands.record(em, site, change, before));
}

describe('legacy import (Bruxelles Social API format) with URBIS down', () => {
  let svc: OrganisationsUnderTest;
  let dir: string;
  beforeAll(async () => {
    // A port where nothing listens: every geocoding attempt fails at once.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    svc = await startOrganisationsService('legacy', { URBIS_GEOCODER_URL: `http://127.0.0.1:${port}`, URBIS_GEOCODER_RETRIES: '0' });
    dir = mkdtempSync(path.join(tmpdir(), 'care-legacy-'));
  });
  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the good records, keeps their public ids, reports the bad ones with their line, and lists the sites awaiting geocoding', async () => {
    const run = await importerOf(svc).import(legacyFile(dir), 'test');
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ read: 6, created: 2, rejected: 4, awaitingGeocoding: 1 });
    const rejections = (await svc.request('GET', `/imports/runs/${run.id}/rejections`)).body.items;
    expect(rejections.map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 6]);
    expect(rejections[0].reason).toMatch(/not valid JSON/);
    expect(rejections[1].reason).toMatch(/address\.postcode/);
    expect(rejections[2].reason).toMatch(/address\.street/);
    expect(rejections[3].reason).toMatch(/^id:/);

    const site = (await svc.request('GET', '/sites/13219')).body;
    expect(site).toMatchObject({ id: 13219, state: 'published', geocoding: 'located', address: { statisticalSector: { code: '21015A77-' }, monitoringDistrict: { code: '87' } } });
    expect(site.openingHours.weekly).toHaveLength(5);
    expect(site.lastVerifiedAt).toBe('2020-08-28T00:00:00.000Z');
    const organisation = (await svc.request('GET', `/organisations/${site.organisationId}`)).body;
    expect(organisation.enterpriseNumbers).toEqual(['0212.347.945']);

    const waiting = (await svc.request('GET', '/geocoding?status=pending')).body;
    expect(waiting.items.map((s: { id: number }) => s.id)).toEqual([18_500]);
    const unplaced = (await svc.request('GET', '/sites/18500')).body;
    expect(unplaced).toMatchObject({ state: 'published', geocoding: 'pending', address: { point: null, statisticalSector: null, street: { nl: 'Auguste Reyerslaan' } } });
  });

  it('re-importing the same file changes nothing and emits nothing', async () => {
    const [before] = await svc.sql<{ n: string }>('select count(*) as n from outbox_message');
    const run = await importerOf(svc).import(legacyFile(dir), 'test');
    expect(run.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 4 });
    const [after] = await svc.sql<{ n: string }>('select count(*) as n from outbox_message');
    expect(after).toEqual(before);
  });

  it('never overwrites what staff validated since: a changed record becomes a conflict', async () => {
    const site = (await svc.request('GET', '/sites/13219')).body;
    await svc.request('POST', `/sites/13219/verifications`, { withChanges: false }, { 'if-match': `"${site.version}"`, 'x-care-actor': 'editor.anna' });
    const changed = { ...record13219, telFr: ['02/435.51.40'], telNl: ['02/435.51.40'], activitiesFr: 'Nouveau texte', activitiesNl: 'Nieuwe tekst' };
    const file = path.join(dir, 'changed.ndjson');
    writeFileSync(file, `${JSON.stringify(changed)}\n`);
    const run = await importerOf(svc).import(file, 'test');
    expect(run.counts).toMatchObject({ conflicts: 2, updated: 0 });
    expect((await svc.request('GET', '/sites/13219')).body.contacts.phones[0].number).toBe('02/435.51.38');
    const conflicts = (await svc.request('GET', '/imports/conflicts')).body;
    expect(conflicts.map((c: { entityType: string; entityId: string; field: string }) => `${c.entityType}:${c.entityId}:${c.field}`).sort()).toEqual(['site:13219:contacts', 'site:13219:texts']);
  });
});

describe('geocoding queue', () => {
  let svc: OrganisationsUnderTest;
  let urbis: Server;
  let answering = false;
  let dir: string;
  beforeAll(async () => {
    urbis = createServer((req, res) => {
      if (!answering) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: [{ point: { x: 152_302, y: 171_263 }, address: { street: { name: 'Boulevard Auguste Reyers', postCode: '1030', municipality: 'Schaerbeek' }, number: '12' }, score: 100 }] }));
    });
    await new Promise<void>((resolve) => urbis.listen(0, '127.0.0.1', resolve));
    svc = await startOrganisationsService('geoqueue', { URBIS_GEOCODER_URL: `http://127.0.0.1:${(urbis.address() as AddressInfo).port}`, URBIS_GEOCODER_RETRIES: '0', URBIS_GEOCODER_BREAKER_THRESHOLD: '100' });
    dir = mkdtempSync(path.join(tmpdir(), 'care-geoqueue-'));
  });
  afterAll(async () => {
    await svc?.close();
    await new Promise((resolve) => urbis.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('places the waiting sites once URBIS answers again, with their sector, district and a site.updated event', async () => {
    const file = path.join(dir, 'one.ndjson');
    writeFileSync(file, `${JSON.stringify(withoutPoint)}\n`);
    const run = await importerOf(svc).import(file, 'test');
    expect(run.counts).toMatchObject({ created: 1, awaitingGeocoding: 1 });
    expect(svc.app.get(GEOCODER)).toBeDefined();
    const job = svc.app.get(GeocodingRetryJob);
    expect(await job.retry()).toBe(0); // still down: stays queued
    answering = true;
    expect(await job.retry()).toBe(1);
    const site = (await svc.request('GET', '/sites/18500')).body;
    expect(site).toMatchObject({ geocoding: 'located', address: { statisticalSector: { code: '21015A77-' }, monitoringDistrict: { code: '87' } } });
    expect(site.provenance.address.source).toBe('urbis');
    expect((await svc.request('GET', '/geocoding?status=pending')).body.total).toBe(0);
    const events = await svc.sql<{ type: string }>(`select type from outbox_message where aggregate_id = '18500' and type like 'organisations.site.%' and type <> 'organisations.site.changed.v1' order by id`);
    expect(events.map((e) => e.type)).toEqual(['organisations.site.published.v1', 'organisations.site.updated.v1']);
  });
});
