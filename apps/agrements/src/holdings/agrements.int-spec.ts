import { SitePublishedV1, SiteUnpublishedV1 } from '@care/contracts';
import { envelopeFor, publishedSiteFixture } from '@care/contracts/testing';
import type { EventTransport } from '@care/messaging';
import { addDays } from '@care/opening-hours';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { waitFor } from '@care/testing';
import { startAgrementsService } from '../testing/agrements-service.js';
import { ExpiryJob } from './expiry.job.js';
import { brusselsToday } from './holding.commands.js';

const name = (fr: string, nl = fr) => ({ fr, nl });
const basis = { title: name('Ordonnance de test', 'Testordonnantie'), eli: null, url: null };

describe('agrements service', () => {
  let svc: ServiceUnderTest;
  const today = brusselsToday();
  const validIds = async (query: string, headers: Record<string, string> = { 'x-care-audience': 'internal' }) =>
    ((await svc.request('GET', `/holdings/valid?${query}&size=500`, undefined, headers)).body.items as { id: string; authorityId: string }[]);
  const expiredEvents = async (id: string) => (await svc.sql(`select 1 from outbox_message where type = 'agrements.holding.expired.v1' and aggregate_id = $1`, [id])).length;

  beforeAll(async () => {
    svc = await startAgrementsService('agrements');
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('seeds the 14 authorities of the brief (and Opgroeien, successor of Kind en Gezin) and about 230 types from data', async () => {
    const { body } = await svc.request('GET', '/authorities?validAt=2019-01-15');
    const ids = body.items.map((a: { id: string }) => a.id);
    expect(ids).toHaveLength(15);
    expect(ids).toEqual(expect.arrayContaining(['federal', 'brussels-region', 'slrb', 'fwb', 'one', 'cocof', 'phare', 'cocom', 'vlaamse-gemeenschap', 'vaph', 'vdab', 'kind-en-gezin', 'vgc', 'iriscare', 'opgroeien']));
    const kg = body.items.find((a: { id: string }) => a.id === 'kind-en-gezin');
    expect(kg).toMatchObject({ validTo: '2019-03-31', successorId: 'opgroeien', validAtDate: true, types: 15 });
    const types = (await svc.request('GET', '/types')).body.items;
    expect(types.length).toBeGreaterThanOrEqual(220);
    // Kind en Gezin's types belong to Opgroeien since the succession, and to Kind en Gezin before it.
    expect((await svc.request('GET', '/authorities/opgroeien/types?validAt=2019-03-31')).body.items).toHaveLength(0);
    expect((await svc.request('GET', '/authorities/kind-en-gezin/types?validAt=2019-03-31')).body.items).toHaveLength(15);
    expect((await svc.request('GET', '/authorities/opgroeien/types?validAt=2019-04-01')).body.items).toHaveLength(15);
  });

  it('answers "valid at date D" as things were at D, before and after a succession and an expiry', async () => {
    const old = await svc.request('POST', '/authorities', { id: 'test-old', abbreviation: name('OLD'), name: name('Ancienne autorité', 'Oude overheid'), level: 'agency', validFrom: '2000-01-01' });
    expect(old.status).toBe(201);
    await svc.request('POST', '/authorities', { id: 'test-new', abbreviation: name('NEW'), name: name('Nouvelle autorité', 'Nieuwe overheid'), level: 'agency', validFrom: '2020-01-01' });
    const type = await svc.request('POST', '/types', { id: 'test-old-maison-repos', authorityId: 'test-old', name: name('Maison de repos', 'Woonzorgcentrum'), legalBasis: basis, validFrom: '2000-01-01', capacityUnit: 'beds' });
    expect(type.status).toBe(201);
    const holding = await svc.request('POST', '/holdings', { typeId: 'test-old-maison-repos', holder: { kind: 'site', id: '90001' }, reference: 'MR-1', validFrom: '2010-01-01', validTo: '2023-06-30', capacity: { value: 120, unit: 'beds' } });
    expect(holding.status).toBe(201);
    const id = holding.body.id;
    const succession = await svc.request('POST', '/authorities/test-old/successions', { successorId: 'test-new', effectiveOn: '2020-01-01', endsPredecessor: true });
    expect(succession.status).toBe(201);

    const at = async (date: string, authority: string) => (await validIds(`validAt=${date}&authority=${authority}`)).filter((h) => h.id === id);
    expect(await at('2009-12-31', 'test-old')).toHaveLength(0);
    expect(await at('2019-12-31', 'test-old')).toEqual([expect.objectContaining({ authorityId: 'test-old', capacity: { value: 120, unit: 'beds' } })]);
    expect(await at('2019-12-31', 'test-new')).toHaveLength(0);
    expect(await at('2020-01-01', 'test-new')).toHaveLength(1);
    expect(await at('2020-01-01', 'test-old')).toHaveLength(0);
    expect(await at('2023-06-30', 'test-new')).toHaveLength(1);
    expect(await at('2023-07-01', 'test-new')).toHaveLength(0);

    await svc.app.get(ExpiryJob).run();
    await svc.app.get(ExpiryJob).run();
    const history = (await svc.request('GET', `/holdings/${id}/history`)).body;
    expect(history.map((r: { change: string; effectiveOn: string }) => `${r.change}@${r.effectiveOn}`)).toEqual(['registered@2010-01-01', 'expired@2023-07-01']);
    // The expiry and the succession added history; what was true before them still is.
    expect(await at('2015-06-01', 'test-old')).toHaveLength(1);
    expect(await at('2022-01-01', 'test-new')).toHaveLength(1);
    expect((await svc.request('GET', '/authorities/test-old')).body).toMatchObject({ validTo: '2019-12-31', successorId: 'test-new' });
    const type2019 = (await svc.request('GET', '/authorities/test-old/types?validAt=2019-06-01')).body.items.map((t: { id: string }) => t.id);
    const type2021 = (await svc.request('GET', '/authorities/test-new/types?validAt=2021-06-01')).body.items.map((t: { id: string }) => t.id);
    expect(type2019).toEqual(['test-old-maison-repos']);
    expect(type2021).toEqual(['test-old-maison-repos']);
    expect((await svc.request('GET', '/types/test-old-maison-repos')).body.attributions).toEqual([
      { authorityId: 'test-old', validFrom: '2000-01-01', validTo: '2019-12-31' },
      { authorityId: 'test-new', validFrom: '2020-01-01', validTo: null },
    ]);
  });

  it('drops an expired holding from the current browse the day after its end date, with exactly one expired event', async () => {
    await svc.request('POST', '/types', { id: 'test-old-centre-jour', authorityId: 'test-new', name: name('Centre de jour', 'Dagcentrum'), legalBasis: basis, validFrom: '2020-01-01', capacityUnit: 'places' });
    const register = async (validTo: string, site: string) =>
      (await svc.request('POST', '/holdings', { typeId: 'test-old-centre-jour', holder: { kind: 'site', id: site }, validFrom: '2021-01-01', validTo, capacity: { value: 20, unit: 'places' } })).body.id as string;
    const endedYesterday = await register(addDays(today, -1), '90002');
    const endsToday = await register(today, '90003');
    const current = (await validIds('type=test-old-centre-jour')).map((h) => h.id);
    expect(current).toContain(endsToday);
    expect(current).not.toContain(endedYesterday);
    for (let i = 0; i < 3; i++) await svc.app.get(ExpiryJob).run();
    expect(await expiredEvents(endedYesterday)).toBe(1);
    expect(await expiredEvents(endsToday)).toBe(0);
    expect((await svc.request('GET', `/holdings/${endedYesterday}`)).body).toMatchObject({ status: 'expired', effectiveOn: today });
    expect((await validIds(`validAt=${addDays(today, 1)}&type=test-old-centre-jour`)).map((h) => h.id)).not.toContain(endsToday);
  });

  it('refuses invalid input with 400 and the field paths, in the caller’s language, and saves nothing', async () => {
    const counts = async () => (await svc.sql<{ h: string; t: string; o: string }>(`select (select count(*) from holding) as h, (select count(*) from agrement_type) as t, (select count(*) from outbox_message) as o`))[0];
    const before = await counts();
    const unknownAuthority = await svc.request('POST', '/types', { id: 'test-ghost', authorityId: 'nobody', name: name('Fantôme', 'Spook'), legalBasis: basis, validFrom: '2020-01-01' }, { 'accept-language': 'nl' });
    expect(unknownAuthority.status).toBe(400);
    expect(unknownAuthority.body.errors).toEqual([expect.objectContaining({ path: 'authorityId', message: 'Onbekende overheid' })]);
    const endBeforeStart = await svc.request('POST', '/holdings', { typeId: 'test-old-centre-jour', holder: { kind: 'site', id: '90004' }, validFrom: '2022-01-01', validTo: '2021-12-31' });
    expect(endBeforeStart.status).toBe(400);
    expect(endBeforeStart.body.errors).toEqual([expect.objectContaining({ path: 'validTo', message: 'La date de fin précède la date de début' })]);
    const noUnit = await svc.request('POST', '/holdings', { typeId: 'test-old-centre-jour', holder: { kind: 'site', id: '90004' }, validFrom: '2022-01-01', capacity: { value: 20 } });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.errors.map((e: { path: string }) => e.path)).toEqual(['capacity.unit']);
    const wrongUnit = await svc.request('POST', '/holdings', { typeId: 'test-old-centre-jour', holder: { kind: 'site', id: '90004' }, validFrom: '2022-01-01', capacity: { value: 20, unit: 'beds' } });
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.body.errors.map((e: { path: string }) => e.path)).toEqual(['capacity.unit']);
    const unknownType = await svc.request('POST', '/holdings', { typeId: 'no-such-type', holder: { kind: 'site', id: '90004' }, validFrom: '2022-01-01' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.errors.map((e: { path: string }) => e.path)).toEqual(['typeId']);
    const badSuccession = await svc.request('POST', '/authorities/cocof/successions', { successorId: 'nobody', effectiveOn: '2030-01-01' });
    expect(badSuccession.status).toBe(400);
    expect(badSuccession.body.errors.map((e: { path: string }) => e.path)).toEqual(['successorId']);
    expect(await counts()).toEqual(before);
  });

  it('shows holders from the organisations events: the public sees published sites only, authorities see all', async () => {
    const transport = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    const holding = await svc.request('POST', '/holdings', { typeId: 'test-old-centre-jour', holder: { kind: 'site', id: '90010' }, validFrom: '2022-01-01', capacity: { value: 15, unit: 'places' } });
    const site = publishedSiteFixture(90_010, { names: { official: name('Centre de jour Les Tilleuls', 'Dagcentrum De Linden'), alternative: [], former: [], service: [] } });
    await transport.publish([envelopeFor(SitePublishedV1, '90010', 1, site)]);
    const publicView = async () => (await svc.request('GET', '/types/test-old-centre-jour/holders')).body.items.find((h: { id: string }) => h.id === holding.body.id);
    await waitFor(async () => (await publicView()) !== undefined, 15_000, 'holder projected');
    expect((await publicView()).holder).toEqual({ kind: 'site', id: '90010', known: true, published: true, name: name('Centre de jour Les Tilleuls', 'Dagcentrum De Linden'), place: { postcode: '1030', municipality: name('Schaerbeek', 'Schaarbeek') } });
    await transport.publish([envelopeFor(SiteUnpublishedV1, '90010', 2, { id: 90_010, reason: 'internal' })]);
    await waitFor(async () => (await publicView()) === undefined, 15_000, 'holder hidden');
    const authorityView = (await svc.request('GET', '/types/test-old-centre-jour/holders', undefined, { 'x-care-audience': 'authority' })).body.items.find((h: { id: string }) => h.id === holding.body.id);
    expect(authorityView.holder).toMatchObject({ id: '90010', published: false });
  });
});
