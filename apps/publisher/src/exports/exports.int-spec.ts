import http from 'node:http';
import ExcelJS from 'exceljs';
import {
  AgrementTypeChangedV1,
  AuthorityChangedV1,
  CareProviderChangedV1,
  CategoryChangedV1,
  HoldingChangedV1,
  OrganisationChangedV1,
  PracticeChangedV1,
  ReferenceListChangedV1,
  SectorChangedV1,
  SitePublishedV1,
  SiteUnpublishedV1,
  SiteUpdatedV1,
  type EventEnvelope,
} from '@care/contracts';
import { envelopeFor, generatedSite, publishedOrganisationFixture, publishedSiteFixture } from '@care/contracts/testing';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { seededRandom, waitFor } from '@care/testing';
import { startPublisherService } from '../testing/publisher-service.js';
import { EXPORT_DATASETS } from './export-datasets.js';

const address = publishedSiteFixture(1).address;
const localized = (fr: string) => ({ fr, nl: `${fr} (nl)` });

/** One public entity of every kind the exports cover (and an unpublished site, which they leave out). */
function entities(): EventEnvelope[] {
  const random = seededRandom(5);
  return [
    envelopeFor(SitePublishedV1, '1', 1, generatedSite(1, random, 9)),
    envelopeFor(SitePublishedV1, '2', 1, publishedSiteFixture(2, { address: { ...address, point: null } })),
    envelopeFor(SitePublishedV1, '3', 1, publishedSiteFixture(3)),
    envelopeFor(SiteUnpublishedV1, '3', 2, { id: 3, reason: 'archived' }),
    envelopeFor(OrganisationChangedV1, '9', 1, publishedOrganisationFixture(9, { enterpriseNumbers: ['0411.905.847'] })),
    envelopeFor(CareProviderChangedV1, '12345678', 1, {
      id: '12345678',
      nihii: '1-23456-78-004',
      name: { first: 'Anne', last: 'Dubois' },
      profession: { kind: 'physician', label: localized('Médecin'), qualificationCode: '004' },
      specialisations: [],
      convention: 'conventioned',
      languages: ['fr', 'nl'],
      status: 'active',
    }),
    envelopeFor(PracticeChangedV1, 'cabinet', 1, { id: 'cabinet', providerId: '12345678', address, appointmentModes: ['by-appointment'], organisationEnterpriseNumber: null, site: null, active: true }),
    envelopeFor(AuthorityChangedV1, 'iriscare', 1, { id: 'iriscare', abbreviation: localized('Iriscare'), name: localized('Iriscare'), level: 'agency', validFrom: '2019-01-01', validTo: null, successorId: null }),
    envelopeFor(AgrementTypeChangedV1, 'mrs', 1, {
      id: 'mrs',
      name: localized('Maison de repos et de soins'),
      authorityId: 'iriscare',
      attributions: [{ authorityId: 'iriscare', validFrom: '2019-01-01', validTo: null }],
      legalBasis: { title: localized('Ordonnance du 24 avril 2008'), eli: null, url: null },
      validFrom: '2019-01-01',
      validTo: null,
      capacityUnit: 'beds',
      categoryIds: [],
    }),
    envelopeFor(HoldingChangedV1, '0193a5f0-0000-7000-8000-000000000001', 1, {
      id: '0193a5f0-0000-7000-8000-000000000001',
      typeId: 'mrs',
      holder: { kind: 'site', id: '1' },
      reference: 'MRS-1',
      validFrom: '2020-01-01',
      validTo: null,
      status: 'active',
      capacity: { value: 60, unit: 'beds' },
      effectiveOn: '2020-01-01',
      provenance: { source: 'authority', reference: null, retrievedAt: null, validatedAt: null },
      version: 1,
    }),
    envelopeFor(SectorChangedV1, '3', 1, { changes: ['created'], sector: { id: 3, code: 'sante', name: localized('Santé'), definition: null, rubriques: [{ id: 301, name: localized('Soins') }] } }),
    envelopeFor(CategoryChangedV1, '11', 1, {
      changes: ['created'],
      category: { id: 11, name: localized('Soins'), definition: null, keywords: { fr: [], nl: [] }, referenceUrls: [], relatedCategoryIds: [], placements: [{ sectorId: 3, rubriqueId: 301 }], status: 'active', retiredAt: null },
    }),
    envelopeFor(ReferenceListChangedV1, 'reference-list:language', 1, { list: { name: 'language', items: [{ code: 'fr', label: localized('Français'), parent: null, active: true }] } }),
  ];
}

describe('open-data exports', () => {
  let svc: ServiceUnderTest;
  let bus: EventTransport;
  const head = async () => (await svc.request('GET', '/feed?limit=1')).body.head as string;
  const download = async (path: string) => {
    const response = await fetch(`${svc.url}${path}`);
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    svc = await startPublisherService('exports');
    bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    await bus.publish(entities());
    await waitFor(async () => (await head()) === '13', 15_000, 'thirteen records');
  });
  afterAll(() => svc?.close());

  it('lists the datasets with their formats, licence and attribution', async () => {
    const catalogue = (await svc.request('GET', '/exports')).body;
    expect(catalogue).toMatchObject({ sequence: '13', licence: { name: 'CC BY-SA 4.0' }, attribution: expect.stringContaining('Social Brussels CARE') });
    expect(catalogue.datasets.map((d: { dataset: string }) => d.dataset)).toEqual([...EXPORT_DATASETS]);
    expect(catalogue.datasets[0].formats.map((f: { href: string }) => f.href)).toEqual(['/exports/sites?format=ndjson', '/exports/sites?format=csv', '/exports/sites?format=xlsx', '/exports/sites?format=geojson']);
  });

  it('streams every dataset in NDJSON, CSV, XLSX and GeoJSON: the current version of each public entity, and the sequence it reflects', async () => {
    const counts: Record<string, number> = { sites: 2 };
    for (const dataset of EXPORT_DATASETS) {
      const rows = counts[dataset] ?? 1;
      const ndjson = await download(`/exports/${dataset}?format=ndjson`);
      expect([dataset, ndjson.status, ndjson.headers.get('content-type'), ndjson.headers.get('x-care-feed-sequence')]).toEqual([dataset, 200, 'application/x-ndjson; charset=utf-8', '13']);
      expect(ndjson.headers.get('content-disposition')).toBe(`attachment; filename="care-${dataset}-seq-13.ndjson"`);
      const lines = ndjson.bytes.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines[0].metadata).toMatchObject({ dataset, sequence: '13', licence: { name: 'CC BY-SA 4.0' }, attribution: expect.stringContaining('CC BY-SA'), source: expect.any(String) });
      expect([dataset, lines.length - 1]).toEqual([dataset, rows]);

      const csv = (await download(`/exports/${dataset}?format=csv`)).bytes;
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csvLines = csv.toString('utf8').slice(1).split('\r\n').filter(Boolean);
      expect(csvLines[0]).toMatch(new RegExp(`^# dataset=${dataset}; `));
      expect(csvLines[0]).toContain('; sequence=13; ');
      expect(csvLines[0]).toContain('; licence=CC BY-SA 4.0; ');
      expect([dataset, csvLines.length - 2]).toEqual([dataset, rows]);

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await download(`/exports/${dataset}?format=xlsx`)).bytes as unknown as ArrayBuffer);
      const [data, metadata] = workbook.worksheets;
      expect([dataset, data!.rowCount - 1]).toEqual([dataset, rows]);
      expect(Object.fromEntries(metadata!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 3) as [string, string]))).toMatchObject({ dataset, sequence: '13' });

      const geojson = JSON.parse((await download(`/exports/${dataset}?format=geojson`)).bytes.toString('utf8'));
      expect(geojson).toMatchObject({ type: 'FeatureCollection', metadata: { dataset, sequence: '13' } });
      expect([dataset, geojson.features.length]).toEqual([dataset, rows]);
    }
  });

  it('carries the public contract with its feed state, both languages in the tables, points in GeoJSON', async () => {
    const [, first, second] = (await download('/exports/sites?format=ndjson')).bytes.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    const current = (await svc.request('GET', '/entities/site/1')).body;
    expect(first).toEqual({ ...current.payload, feed: { version: 1, seq: current.seq, validFrom: current.validFrom } });
    expect(second.id).toBe(2);
    const csv = (await download('/exports/sites?format=csv')).bytes.toString('utf8').split('\r\n');
    expect(csv[1]!.split(',').slice(0, 4)).toEqual(['id', 'organisation_id', 'name_fr', 'name_nl']);
    expect(csv[1]!.split(',').slice(-3)).toEqual(['version', 'feed_seq', 'valid_from']);
    const features = JSON.parse((await download('/exports/sites?format=geojson')).bytes.toString('utf8')).features;
    expect(features[0].geometry).toEqual({ type: 'Point', coordinates: [current.payload.address.point.lon, current.payload.address.point.lat] });
    expect(features[1].geometry).toBeNull();
  });

  it('refuses an unknown dataset or format with a 400 naming the field, in French and Dutch', async () => {
    for (const [path, field] of [
      ['/exports/everything', 'dataset'],
      ['/exports/sites?format=pdf', 'format'],
      ['/exports/sites?limit=3', 'limit'],
    ]) {
      const answer = await svc.request('GET', path!);
      expect([path, answer.status, answer.body.errors.map((e: { path: string }) => e.path)]).toEqual([path, 400, [field]]);
      expect(answer.body.errors[0].messages).toEqual({ fr: expect.any(String), nl: expect.any(String) });
    }
  });

  it('reads one snapshot: a change committed while a download is under way is not in it, and the file states the sequence it reflects', async () => {
    const random = seededRandom(11);
    await bus.publish(Array.from({ length: 6_000 }, (_, i) => envelopeFor(SitePublishedV1, String(10_000 + i), 1, generatedSite(10_000 + i, random))));
    await waitFor(async () => (await head()) === '6013', 60_000, '6,000 more sites in the feed');
    // A reader that takes the first chunk and then stops reading: the export waits on it, mid-file.
    const chunks: Buffer[] = [];
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(`${svc.url}/exports/sites?format=ndjson`, resolve).on('error', reject));
    chunks.push(await new Promise<Buffer>((resolve) => response.once('data', resolve)));
    response.pause();
    const exporting = async () => Number((await svc.sql<{ n: string }>(`select count(*) as n from pg_stat_activity where datname = current_database() and query like 'fetch forward%' and state = 'idle in transaction'`))[0]!.n);
    await waitFor(async () => (await exporting()) === 1, 10_000, 'the export waiting for its reader');

    await bus.publish([envelopeFor(SiteUpdatedV1, '15999', 2, generatedSite(15_999, random, null, 1)), envelopeFor(SitePublishedV1, '16000', 1, generatedSite(16_000, random))]);
    await waitFor(async () => (await head()) === '6015', 15_000, 'the two changes in the feed');
    expect(await exporting()).toBe(1); // still the same download, mid-file

    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.resume();
    await new Promise((resolve) => response.once('end', resolve));
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].metadata.sequence).toBe('6013');
    expect(lines.length - 1).toBe(6_002);
    const byId = new Map(lines.slice(1).map((line) => [line.id, line]));
    expect([byId.get(15_999).feed.version, byId.get(15_999).names.official.fr]).toEqual([1, expect.not.stringContaining('(1)')]);
    expect(byId.has(16_000)).toBe(false);
    const after = (await download('/exports/sites?format=ndjson')).bytes.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    const afterById = new Map(after.slice(1).map((line) => [line.id, line]));
    expect([after[0].metadata.sequence, afterById.size, afterById.get(15_999).names.official.fr, afterById.has(16_000)]).toEqual(['6015', 6_003, expect.stringContaining('(1)'), true]);
  });
});
