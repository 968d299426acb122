import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Outbox } from '@care/messaging';
import { enterpriseNumberFrom } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { startOrganisationsService, type OrganisationsUnderTest } from '../../testing/organisations-service.js';
import { ExtractSequenceError, KboImporter } from './kbo-importer.js';
import { KboInboxScheduler } from './kbo-inbox.scheduler.js';
import { addressRow, enterpriseRow, establishmentNumber, standardCodes, writeExtract } from './testing/kbo-extract.writer.js';

const schaerbeek = { fr: 'Schaerbeek', nl: 'Schaarbeek' };
const reyers = { fr: 'Boulevard Auguste Reyers', nl: 'Auguste Reyerslaan' };
const ghent = { fr: 'Gand', nl: 'Gent' };

const KNOWN = '0212.347.945'; // an organisation the directory already holds
const MATCH_A = enterpriseNumberFrom(4_100_001); // Brussels + social work: imported
const MATCH_B = enterpriseNumberFrom(4_100_002);
const NOT_BRUSSELS = enterpriseNumberFrom(4_100_003); // social work in Ghent: ignored
const NOT_SOCIAL = enterpriseNumberFrom(4_100_004); // a Brussels shop: ignored

function fullExtract(number: number): Parameters<typeof writeExtract>[1] {
  return {
    type: 'full',
    number,
    files: {
      'code.csv': standardCodes(),
      'enterprise.csv': [enterpriseRow(KNOWN, '416', '01-01-1977'), enterpriseRow(MATCH_A), enterpriseRow(MATCH_B), enterpriseRow(NOT_BRUSSELS), enterpriseRow(NOT_SOCIAL, '014')],
      'establishment.csv': [[establishmentNumber(1), '01-01-2001', MATCH_A]],
      'denomination.csv': [
        [KNOWN, '1', '001', 'CPAS de Schaerbeek'],
        [KNOWN, '2', '001', 'OCMW van Schaarbeek'],
        [MATCH_A, '1', '001', 'Entraide Reyers'],
        [MATCH_A, '2', '001', 'Onderlinge Hulp Reyers'],
        [MATCH_B, '2', '001', 'Buurtwerk Schaarbeek'],
        [NOT_BRUSSELS, '2', '001', 'Welzijnsschakel Gent'],
        [NOT_SOCIAL, '1', '001', 'Épicerie du coin'],
      ],
      'address.csv': [
        addressRow(KNOWN, '1030', reyers, schaerbeek, '70'),
        addressRow(MATCH_A, '1030', reyers, schaerbeek, '12'),
        addressRow(MATCH_B, '1030', reyers, schaerbeek, '14'),
        addressRow(NOT_BRUSSELS, '9000', { fr: 'Veldstraat', nl: 'Veldstraat' }, ghent),
        addressRow(NOT_SOCIAL, '1030', reyers, schaerbeek, '99'),
      ],
      'activity.csv': [
        [KNOWN, '001', '2008', '88995', 'MAIN'],
        [MATCH_A, '001', '2008', '88991', 'MAIN'],
        [MATCH_B, '001', '2008', '87301', 'MAIN'],
        [NOT_BRUSSELS, '001', '2008', '88101', 'MAIN'],
        [NOT_SOCIAL, '001', '2008', '47110', 'MAIN'],
      ],
    },
  };
}

describe('KBO/BCE import', () => {
  let svc: OrganisationsUnderTest;
  let importer: KboImporter;
  let dir: string;
  const extract = (name: string, spec: Parameters<typeof writeExtract>[1]) => {
    const folder = path.join(dir, name);
    writeExtract(folder, spec);
    return folder;
  };
  const organisationEvents = async () => Number((await svc.sql<{ n: string }>(`select count(*) as n from outbox_message where type = 'organisations.organisation.changed.v1'`))[0]!.n);
  const byNumber = async (number: string) => (await svc.request('GET', `/organisations?enterpriseNumber=${number}`)).body.items[0];

  beforeAll(async () => {
    svc = await startOrganisationsService('kbo');
    importer = new KboImporter(svc.app.get(UnitOfWork), svc.app.get(Outbox), { databaseUrl: svc.databaseUrl, nacePrefixes: ['86', '87', '88'], postcodes: { from: 1000, to: 1299 } });
    dir = mkdtempSync(path.join(tmpdir(), 'care-kbo-'));
    const created = await svc.request('POST', '/organisations', { enterpriseNumbers: [KNOWN], names: { official: { fr: 'CPAS Schaerbeek', nl: 'OCMW Schaarbeek' } }, languageStatus: 'FR-NL', legalStatus: 'public-cpas' });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a full extract: the known organisation is completed, matching enterprises are created, the others ignored', async () => {
    const events = await organisationEvents();
    const run = await importer.import(extract('full-100', fullExtract(100)), 'test');
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ created: 2, updated: 1, unchanged: 0, rejected: 0, conflicts: 0 });
    expect(await organisationEvents()).toBe(events + 3);
    const cpas = await byNumber(KNOWN);
    expect(cpas.names.official).toEqual({ fr: 'CPAS de Schaerbeek', nl: 'OCMW van Schaarbeek' });
    expect(cpas.kbo).toMatchObject({ juridicalForm: { code: '416', label: { fr: 'Centre public d’action sociale' } }, startDate: '1977-01-01', registeredAddress: { postcode: '1030', number: '70' } });
    expect(cpas.legalStatus).toBe('public-cpas'); // the directory's own classification is kept
    const a = await byNumber(MATCH_A);
    expect(a).toMatchObject({ names: { official: { fr: 'Entraide Reyers', nl: 'Onderlinge Hulp Reyers' } }, languageStatus: 'FR-NL', legalStatus: 'asbl', kbo: { establishments: 1, naceCodes: [{ code: '88991', classification: 'MAIN' }] } });
    expect((await byNumber(MATCH_B)).names.official).toEqual({ fr: 'Buurtwerk Schaarbeek', nl: 'Buurtwerk Schaarbeek' });
    expect(await byNumber(NOT_BRUSSELS)).toBeUndefined();
    expect(await byNumber(NOT_SOCIAL)).toBeUndefined();
  });

  it('imports the same full extract again with nothing created, nothing updated and no event', async () => {
    const events = await organisationEvents();
    const run = await importer.import(extract('full-100-again', fullExtract(100)), 'test');
    expect(run.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await organisationEvents()).toBe(events);
  });

  it('applies a daily update that replaces a denomination: exactly that organisation changes, with one event', async () => {
    const events = await organisationEvents();
    const before = await byNumber(MATCH_B);
    const run = await importer.import(
      extract('update-101', {
        type: 'update',
        number: 101,
        files: { 'denomination_delete.csv': [[MATCH_B]], 'denomination_insert.csv': [[MATCH_B, '2', '001', 'Buurthuis Schaarbeek']] },
      }),
      'test',
    );
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await organisationEvents()).toBe(events + 1);
    const [event] = await svc.sql<{ aggregate_id: string }>(`select aggregate_id from outbox_message where type = 'organisations.organisation.changed.v1' order by id desc limit 1`);
    expect(event!.aggregate_id).toBe(String(before.id));
    expect((await byNumber(MATCH_B)).names.official).toEqual({ fr: 'Buurthuis Schaarbeek', nl: 'Buurthuis Schaarbeek' });
  });

  it('refuses an update whose number skips one, or replays one, with a clear message', async () => {
    await expect(importer.import(extract('update-103', { type: 'update', number: 103, files: {} }), 'test')).rejects.toThrow(ExtractSequenceError);
    await expect(importer.import(extract('update-101-again', { type: 'update', number: 101, files: {} }), 'test')).rejects.toMatchObject({ code: 'kbo.extract_replayed' });
    const runs = (await svc.request('GET', '/imports/runs?limit=2')).body;
    expect(runs[1]).toMatchObject({ status: 'refused', extractNumber: 103, message: expect.stringMatching(/saute l’extrait n° 102/) });
    expect(runs[0]).toMatchObject({ status: 'refused', extractNumber: 101, message: expect.stringMatching(/déjà été appliquée/) });
  });

  it('imports the valid rows of a file with broken ones and reports each broken row with its line and reason', async () => {
    const newcomer = enterpriseNumberFrom(4_100_005);
    const run = await importer.import(
      extract('update-102', {
        type: 'update',
        number: 102,
        files: {
          'enterprise_insert.csv': [enterpriseRow(newcomer)],
          'denomination_insert.csv': [[newcomer, '1', '001', 'Maison d’accueil Colignon']],
          'address_insert.csv': [addressRow(newcomer, '1030', reyers, schaerbeek, '3')],
          'activity_insert.csv': [[newcomer, '001', '2008', '87901', 'MAIN']],
        },
        raw: {
          'enterprise_insert.csv': [
            '"0212.347.946","AC","000","2","017","","01-01-2000"', // line 3: bad check digits
            '"0203.201.340","AC","000","2","999","","01-01-2000"', // line 4: unknown juridical form
            '"0203.201.340","AC","000"', // line 5: wrong column count
            Buffer.concat([Buffer.from('"0203.201.340","AC","000","2","017","'), Buffer.from([0xc3, 0x28]), Buffer.from('","01-01-2000"')]), // line 6: bad UTF-8
            '"0203.201.340","AC","000","2","017","","31-02-2000"', // line 7: impossible date
          ],
        },
      }),
      'test',
    );
    expect(run.status).toBe('succeeded');
    expect(run.counts).toMatchObject({ created: 1, rejected: 5 });
    const rejections = (await svc.request('GET', `/imports/runs/${run.id}/rejections`)).body;
    expect(rejections.items.map((r: { file: string; line: number; reason: string }) => [r.file, r.line, r.reason])).toEqual([
      ['enterprise_insert.csv', 3, 'invalid enterprise number 0212.347.946'],
      ['enterprise_insert.csv', 4, 'unknown JuridicalForm code 999'],
      ['enterprise_insert.csv', 5, '3 columns instead of 7'],
      ['enterprise_insert.csv', 6, 'invalid UTF-8 encoding'],
      ['enterprise_insert.csv', 7, 'invalid StartDate 31-02-2000'],
    ]);
    expect((await byNumber(newcomer)).names.official.fr).toBe('Maison d’accueil Colignon');
  });

  it('never overwrites a name validated by staff: the difference is recorded as a conflict to resolve', async () => {
    const cpas = await byNumber(KNOWN);
    expect((await svc.request('POST', `/organisations/${cpas.id}/validate`, undefined, { 'if-match': `"${cpas.version}"`, 'x-care-actor': 'editor.anna' })).status).toBe(200);
    const run = await importer.import(
      extract('update-103', {
        type: 'update',
        number: 103,
        files: { 'denomination_delete.csv': [[KNOWN]], 'denomination_insert.csv': [[KNOWN, '1', '001', 'C.P.A.S. de Schaerbeek'], [KNOWN, '2', '001', 'O.C.M.W. van Schaarbeek']] },
      }),
      'test',
    );
    expect(run.counts).toMatchObject({ conflicts: 1, updated: 0 });
    expect((await byNumber(KNOWN)).names.official.fr).toBe('CPAS de Schaerbeek');
    const [conflict] = (await svc.request('GET', '/imports/conflicts')).body;
    expect(conflict).toMatchObject({ entityId: String(cpas.id), field: 'names.official', current: { fr: 'CPAS de Schaerbeek' }, incoming: { fr: 'C.P.A.S. de Schaerbeek' } });
    const resolved = await svc.request('POST', `/imports/conflicts/${conflict.id}/resolve`, { decision: 'apply' }, { 'x-care-actor': 'validator.bert' });
    expect(resolved.body.status).toBe('applied');
    expect((await byNumber(KNOWN)).names.official.fr).toBe('C.P.A.S. de Schaerbeek');
  });

  it('flags an enterprise that left the KBO as struck off, and keeps it', async () => {
    const run = await importer.import(extract('update-104', { type: 'update', number: 104, files: { 'enterprise_delete.csv': [[MATCH_A]] } }), 'test');
    expect(run.status).toBe('succeeded');
    const a = await byNumber(MATCH_A);
    expect(a.status).toBe('struck-off');
    expect(a.names.official.fr).toBe('Entraide Reyers');
  });
});

describe('scheduled KBO import (inbox folder)', () => {
  let svc: OrganisationsUnderTest;
  let inbox: string;
  beforeAll(async () => {
    inbox = mkdtempSync(path.join(tmpdir(), 'care-kbo-inbox-'));
    svc = await startOrganisationsService('kbo_inbox', { KBO_INBOX_DIR: inbox });
  });
  afterAll(async () => {
    await svc?.close();
    rmSync(inbox, { recursive: true, force: true });
  });

  it('imports the extracts dropped in the inbox in extract-number order, each once, in its own process', async () => {
    const match = enterpriseNumberFrom(4_200_001);
    writeExtract(path.join(inbox, 'b-update-11'), { type: 'update', number: 11, files: { 'denomination_delete.csv': [[match]], 'denomination_insert.csv': [[match, '1', '001', 'Entraide Colignon (nouveau nom)']] } });
    writeExtract(path.join(inbox, 'a-full-10'), {
      type: 'full',
      number: 10,
      files: {
        'code.csv': standardCodes(),
        'enterprise.csv': [enterpriseRow(match)],
        'establishment.csv': [],
        'denomination.csv': [[match, '1', '001', 'Entraide Colignon']],
        'address.csv': [addressRow(match, '1030', reyers, schaerbeek, '5')],
        'activity.csv': [[match, '001', '2008', '88991', 'MAIN']],
      },
    });
    const scheduler = svc.app.get(KboInboxScheduler);
    await scheduler.scan();
    await scheduler.scan(); // nothing new: no further run
    const runs = (await svc.request('GET', '/imports/runs')).body;
    expect(runs.map((r: { extractNumber: number; status: string; actor: string }) => [r.extractNumber, r.status, r.actor])).toEqual([
      [11, 'succeeded', 'scheduler'],
      [10, 'succeeded', 'scheduler'],
    ]);
    expect((await svc.request('GET', `/organisations?enterpriseNumber=${match}`)).body.items[0].names.official.fr).toBe('Entraide Colignon (nouveau nom)');
  });
});
