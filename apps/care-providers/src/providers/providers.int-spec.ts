import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publicCareProviderSchema, publicPracticeSchema, SitePublishedV1, SiteUnpublishedV1 } from '@care/contracts';
import { envelopeFor, publishedSiteFixture } from '@care/contracts/testing';
import { waitFor } from '@care/testing';
import { nihiiFrom, type Professions } from '@care/care-providers-domain';
import { MikroORM } from '@mikro-orm/postgresql';
import { UnitOfWork } from '@care/persistence';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { EventTransport } from '@care/messaging';
import { CobrhaImporter } from '../imports/cobrha/cobrha-importer.js';
import { cobrhaRows, writeCobrha } from '../imports/cobrha/cobrha-extract.generator.js';
import { PROFESSIONS } from '../professions/professions.token.js';
import { ProviderCommands } from './provider.commands.js';
import { startCareProvidersService, type CareProvidersUnderTest } from '../testing/care-providers-service.js';

const PUBLIC_TYPES = ['care-providers.provider.changed.v1', 'care-providers.practice.changed.v1', 'care-providers.practice.removed.v1'];
const reyers = { street: { fr: 'Boulevard Auguste Reyers' }, number: '70', postcode: '1030', point: { lat: 50.851756, lon: 4.401445 } };

describe('care-providers service', () => {
  let svc: CareProvidersUnderTest;
  let dir: string;
  const gp = nihiiFrom(1, 54_321, '003');
  const secret = { mobile: '0470 12 34 56', email: 'dr.secret@example.be', approval: 'suspended-for-review' };

  beforeAll(async () => {
    svc = await startCareProvidersService('providers');
    dir = mkdtempSync(path.join(tmpdir(), 'care-cobrha-'));
  });
  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const publicEvents = () => svc.sql<{ type: string; payload: any; aggregate_id: string }>(`select type, envelope->'payload' as payload, aggregate_id from outbox_message where type = any($1) order by id`, [PUBLIC_TYPES]);
  const importer = () => {
    const uow = svc.app.get(UnitOfWork);
    const professions = svc.app.get<Professions>(PROFESSIONS);
    return new CobrhaImporter(svc.app.get(MikroORM), uow, svc.app.get(ProviderCommands), professions, svc.databaseUrl);
  };

  it('refuses a malformed or wrong-check INAMI number with a clear message, and normalises a valid one', async () => {
    const body = (nihii: string) => ({ nihii, name: { first: 'Anne', last: 'Dubois' } });
    const malformed = await svc.request('POST', '/providers', body('1-2345-67-003'), { 'accept-language': 'fr' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ path: 'nihii', code: 'nihii.format', message: expect.stringMatching(/11 chiffres/) });
    const digits = gp.replace(/-/g, '');
    const wrong = `${digits.slice(0, 6)}${(Number(digits.slice(6, 8)) + 1) % 100}`.padEnd(8, '0') + digits.slice(8);
    const checksum = await svc.request('POST', '/providers', body(wrong), { 'accept-language': 'nl' });
    expect(checksum.body.errors[0]).toMatchObject({ path: 'nihii', code: 'nihii.checksum', message: expect.stringMatching(/controlecijfers/) });
    const created = await svc.request('POST', '/providers', { ...body(digits), convention: 'conventioned', languages: ['nl', 'fr'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: digits.slice(0, 8), nihii: gp });
  });

  it('labels professions in French and Dutch from the eHealth cd-hcparty data', async () => {
    const provider = (await svc.request('GET', `/providers/${gp.replace(/-/g, '').slice(0, 8)}`)).body;
    expect(provider.profession).toEqual({ kind: 'persgeneralphysician', label: { fr: 'médecin général', nl: 'huisarts' }, qualificationCode: '003' });
    const kinds = (await svc.request('GET', '/professions')).body;
    expect(kinds).toContainEqual({ kind: 'persnurse', label: { fr: 'infirmier', nl: 'verpleegkundige' } });
  });

  it('never shows authority-only or objected fields in a public response or public event, but shows them to authorities', async () => {
    const id = gp.replace(/-/g, '').slice(0, 8);
    const current = await svc.request('GET', `/providers/${id}`);
    const updated = await svc.request(
      'PUT',
      `/providers/${id}`,
      {
        nihii: gp,
        name: { first: 'Anne', last: 'Dubois' },
        convention: 'conventioned',
        languages: ['ar', 'fr', 'nl'],
        gender: 'female',
        genderPublic: false,
        acceptingNewPatients: { value: true, statedOn: '2026-11-01' },
        directContacts: { mobile: secret.mobile, email: secret.email },
        approvalStatus: secret.approval,
      },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(updated.status).toBe(200);
    const practice = await svc.request('POST', `/providers/${id}/practices`, { id: 'cabinet', address: reyers, contacts: { phone: '02/111.22.33', email: 'cabinet@example.be' }, appointmentModes: ['by-appointment'] });
    expect(practice.status).toBe(201);
    const objected = await svc.request('POST', `/providers/${id}/objections`, { fields: ['languages', 'practiceContacts'] }, { 'if-match': updated.headers.get('etag')! });
    expect(objected.status).toBe(200);

    const publicResponses = [
      objected.body,
      (await svc.request('GET', `/providers/${id}`)).body,
      (await svc.request('GET', '/providers?profession=persgeneralphysician')).body,
      (await svc.request('GET', '/providers?municipality=21015')).body,
      (await svc.request('GET', `/providers/${id}`, undefined, { 'x-care-audience': 'nonsense' })).body,
    ];
    for (const response of publicResponses) {
      const text = JSON.stringify(response);
      for (const value of [secret.mobile, secret.email, secret.approval, '02/111.22.33', 'cabinet@example.be', '"ar"', 'female', 'directContacts', 'approvalStatus', 'objections']) expect(text).not.toContain(value);
    }
    const single = publicResponses[1];
    expect(publicCareProviderSchema.extend({ practices: publicPracticeSchema.array() }).parse(single)).toBeTruthy();
    expect(single).not.toHaveProperty('languages');
    expect(single.practices[0]).not.toHaveProperty('contacts');
    expect(single.acceptingNewPatients).toEqual({ value: true, statedOn: '2026-11-01' });

    // Searching by an objected field does not find the provider publicly either.
    expect((await svc.request('GET', '/providers?language=ar')).body.total).toBe(0);
    expect((await svc.request('GET', '/providers?language=ar', undefined, { 'x-care-audience': 'authority' })).body.total).toBe(1);

    const authority = (await svc.request('GET', `/providers/${id}`, undefined, { 'x-care-audience': 'authority' })).body;
    expect(authority).toMatchObject({ directContacts: { mobile: secret.mobile, email: secret.email }, approvalStatus: secret.approval, languages: ['ar', 'fr', 'nl'] });
    expect(authority.practices[0].contacts.phone).toBe('02/111.22.33');
    expect(authority).not.toHaveProperty('inactiveReason');

    const events = await publicEvents();
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['care-providers.provider.changed.v1', 'care-providers.practice.changed.v1']));
    const last = events.filter((e) => e.aggregate_id === id).at(-1)!.payload;
    expect(last).not.toHaveProperty('languages');
    for (const event of events) {
      const text = JSON.stringify(event.payload);
      for (const value of [secret.mobile, secret.email, secret.approval, 'female']) expect(text).not.toContain(value);
    }
    const practiceEvents = events.filter((e) => e.type === 'care-providers.practice.changed.v1');
    expect(practiceEvents.at(-1)!.payload).not.toHaveProperty('contacts');
    const [authorityEvent] = await svc.sql<{ payload: any }>(`select envelope->'payload' as payload from outbox_message where type = 'care-providers.provider.authority-changed.v1' order by id desc limit 1`);
    expect(authorityEvent!.payload.directContacts.mobile).toBe(secret.mobile);
  });

  it('imports a CoBRHA extract: re-importing it emits nothing, changing some providers emits events for exactly those, absent ones are deactivated', async () => {
    const file = path.join(dir, 'extract.csv');
    await writeCobrha(file, cobrhaRows({ providers: 300, practices: 360 }));
    const first = await importer().import(file, 'test');
    expect(first.status).toBe('succeeded');
    // The provider registered through the API is absent from the extract: deactivated, not deleted.
    expect(first.counts).toMatchObject({ read: 360, created: 300, rejected: 0, deactivated: 1 });
    const before = (await publicEvents()).length;
    const again = await importer().import(file, 'test');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 300 });
    expect(again.counts['deactivated'] ?? 0).toBe(0);
    const afterAgain = await publicEvents();
    expect(afterAgain.length).toBe(before);

    const changedFile = path.join(dir, 'changed.csv');
    await writeCobrha(changedFile, cobrhaRows({ providers: 300, practices: 360, changed: 10 }));
    const changed = await importer().import(changedFile, 'test');
    expect(changed.counts).toMatchObject({ created: 0, updated: 0, unchanged: 300 });
    const newEvents = (await publicEvents()).slice(before);
    expect(newEvents.map((e) => e.type)).toEqual(Array(10).fill('care-providers.practice.changed.v1'));
    expect(new Set(newEvents.map((e) => e.payload.providerId)).size).toBe(10);

    const shorter = path.join(dir, 'shorter.csv');
    await writeCobrha(shorter, [...cobrhaRows({ providers: 300, practices: 360, changed: 10 })].filter((r) => !r.nihii!.startsWith(nihiiFrom(1, 0, '003').slice(0, 7))));
    const third = await importer().import(shorter, 'test');
    expect(third.counts['deactivated']).toBeGreaterThanOrEqual(1);
    const gone = (await svc.request('GET', `/providers/${nihiiFrom(1, 0, '003').replace(/-/g, '').slice(0, 8)}`, undefined, { 'x-care-audience': 'internal' })).body;
    expect(gone).toMatchObject({ status: 'inactive', inactiveReason: expect.stringMatching(/absent from the CoBRHA extract shorter\.csv/) });
  });

  it('reports malformed rows with their line and keeps the good ones', async () => {
    const file = path.join(dir, 'broken.csv');
    const good = [...cobrhaRows({ providers: 3, practices: 3, seed: 99 })];
    await writeCobrha(file, [
      good[0]!,
      { ...good[1]!, nihii: '1-00001-00-003' }, // line 3: wrong check digits
      { ...good[1]!, nihii: '12345' }, // line 4: malformed
      { ...good[1]!, convention: 'Z' }, // line 5
      'only,three,columns', // line 6
      { ...good[2]!, practice_street: 'Rue qui n’existe pas' }, // line 7: street not in the register
      good[1]!,
    ]);
    const run = await importer().import(file, 'test');
    const rejections = (await svc.request('GET', `/imports/runs/${run.id}/rejections`)).body.items.map((r: { line: number; reason: string }) => [r.line, r.reason]);
    expect(rejections).toEqual([
      [3, expect.stringMatching(/wrong check digits/)],
      [4, expect.stringMatching(/malformed INAMI number/)],
      [5, 'unknown convention Z (C, P or N)'],
      [6, '3 columns instead of 26'],
      [7, expect.stringMatching(/practice P0: address\.street/)],
    ]);
  });

  it('flags a practice whose site is unpublished in the directory, from the organisations events', async () => {
    const transport = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    const id = gp.replace(/-/g, '').slice(0, 8);
    const site = 30_123;
    await transport.publish([envelopeFor(SitePublishedV1, String(site), 3, publishedSiteFixture(site))]);
    await waitFor(async () => (await svc.sql(`select 1 from linked_site where id = $1 and status = 'published'`, [site])).length === 1);
    const linked = await svc.request('POST', `/providers/${id}/practices`, { id: 'maison-medicale', address: reyers, siteId: site });
    expect(linked.body.site).toEqual({ id: site, status: 'published' });
    await transport.publish([envelopeFor(SiteUnpublishedV1, String(site), 4, { id: site, reason: 'archived' })]);
    await waitFor(async () => (await svc.request('GET', `/providers/${id}`)).body.practices.find((p: { id: string }) => p.id.endsWith('maison-medicale'))?.site.status === 'unpublished');
    const [event] = await svc.sql<{ payload: any }>(`select envelope->'payload' as payload from outbox_message where aggregate_id = $1 order by id desc limit 1`, [`${id}:maison-medicale`]);
    expect(event!.payload.site).toEqual({ id: site, status: 'unpublished' });
  });
});
