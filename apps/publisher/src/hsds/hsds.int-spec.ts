import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CategoryChangedV1, OrganisationChangedV1, SectorChangedV1, SitePublishedV1, SiteUnpublishedV1, type PublishedCategory, type PublishedSector } from '@care/contracts';
import { envelopeFor, generatedSite, publishedOrganisationFixture, publishedSiteFixture } from '@care/contracts/testing';
import type { EventTransport } from '@care/messaging';
import { EVENT_TRANSPORT } from '@care/service-kit';
import type { ServiceUnderTest } from '@care/service-kit/testing';
import { seededRandom, waitFor } from '@care/testing';
import { startPublisherService } from '../testing/publisher-service.js';

/** The official schemas, copied into the repository (apps/publisher/hsds, see its README). */
const SCHEMAS = new URL('../../hsds/schema/', import.meta.url);
const BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const read = (file: string) => JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8'));

function hsdsValidators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Each object schema under its address in the specification, so `"$ref": "phone.json"` resolves.
  for (const file of readdirSync(SCHEMAS).filter((f) => f !== 'openapi.json')) ajv.addSchema({ ...read(file), $id: `${BASE}${file}` });
  const openapi = read('openapi.json');
  const page = (item: string) =>
    ajv.compile({
      allOf: [openapi.components.schemas.Page],
      required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
      properties: { contents: { type: 'array', items: { $ref: `${BASE}${item}` } } },
    });
  const root = openapi.paths['/'].get.responses['200'].content['application/json'].schema;
  return {
    root: ajv.compile({ ...root, required: ['version', 'profile', 'openapi_url'] }),
    item: (file: string) => ajv.getSchema(`${BASE}${file}`)!,
    page,
    errors: (validate: ValidateFunction) => ajv.errorsText(validate.errors),
  };
}

const sector: PublishedSector = {
  id: 3,
  code: 'sante',
  name: { fr: 'Santé', nl: 'Gezondheid' },
  definition: { fr: 'Soins et prévention', nl: 'Zorg en preventie' },
  rubriques: [
    { id: 301, name: { fr: 'Soins de première ligne', nl: 'Eerstelijnszorg' } },
    { id: 302, name: { fr: 'Santé mentale', nl: 'Geestelijke gezondheid' } },
  ],
};
const category = (id: number, status: 'active' | 'retired' = 'active'): PublishedCategory => ({
  id,
  name: { fr: `Catégorie ${id}`, nl: `Categorie ${id}` },
  definition: null,
  keywords: { fr: ['soins'], nl: ['zorg'] },
  referenceUrls: [],
  relatedCategoryIds: [],
  placements: [{ sectorId: 3, rubriqueId: 301 }],
  status,
  retiredAt: status === 'retired' ? '2026-11-01T00:00:00.000Z' : null,
});

describe('HSDS 3.0 API (Brussels profile)', () => {
  let svc: ServiceUnderTest;
  let bus: EventTransport;
  const hsds = hsdsValidators();
  const random = seededRandom(3);
  /** Every line of an NDJSON answer. */
  const ndjson = async (path: string) => {
    const response = await fetch(`${svc.url}${path}`);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/x-ndjson; charset=utf-8']);
    return (await response.text()).trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  };
  const valid = (validate: ValidateFunction, value: unknown, what: string) => {
    if (!validate(value)) throw new Error(`${what} does not validate against HSDS 3.0: ${hsds.errors(validate)}`);
  };

  beforeAll(async () => {
    svc = await startPublisherService('hsds');
    bus = svc.app.get<EventTransport>(EVENT_TRANSPORT);
    const full = generatedSite(41, random, 9);
    await bus.publish([
      envelopeFor(OrganisationChangedV1, '9', 1, publishedOrganisationFixture(9, {
        enterpriseNumbers: ['0411.905.847'],
        names: { official: { fr: 'CPAS de Schaerbeek', nl: 'OCMW Schaarbeek' }, alternative: [{ fr: 'CPAS 1030', nl: 'OCMW 1030' }], former: [] },
        legalStatus: 'public-cpas',
        kbo: { enterpriseNumber: '0411.905.847', status: 'AC', juridicalSituation: null, juridicalForm: null, startDate: '1977-01-01', registeredAddress: null, naceCodes: [], establishments: 1 },
      })),
      envelopeFor(SitePublishedV1, '41', 1, {
        ...full,
        categoryIds: [11, 12],
        texts: { ...full.texts, remarks: { fr: 'Fermé en août', nl: 'Gesloten in augustus' } },
        address: { ...full.address, box: '3', statisticalSector: { code: '21015A01-', name: { fr: 'Josaphat', nl: 'Josaphat' } }, remark: { fr: 'Entrée par la cour', nl: 'Ingang via de binnenplaats' } },
        contacts: { ...full.contacts, faxes: [{ number: '02 123 45 67', language: null }], emails: [{ address: 'nl@example.org', language: 'nl' }, { address: 'fr@example.org', language: 'fr' }] },
        openingHours: {
          ...full.openingHours,
          appointmentOnly: true,
          remark: { fr: 'Sur rendez-vous le mercredi', nl: 'Op woensdag op afspraak' },
          exceptions: [
            { from: '2026-08-01', to: '2026-08-31', closed: true, weekly: [], reason: { fr: 'congés', nl: 'verlof' } },
            { from: '2026-12-20', to: '2026-12-31', closed: false, weekly: [{ day: 'mon', opens: '10:00', closes: '12:00' }], reason: null },
          ],
        },
      }),
      envelopeFor(SitePublishedV1, '42', 1, publishedSiteFixture(42, { address: { ...publishedSiteFixture(42).address, postcode: '1300', insideRegion: false, point: null } })),
      envelopeFor(SitePublishedV1, '43', 1, generatedSite(43, random, 9)),
      envelopeFor(SectorChangedV1, '3', 1, { changes: ['created'], sector }),
      envelopeFor(CategoryChangedV1, '11', 1, { changes: ['created'], category: category(11) }),
      envelopeFor(CategoryChangedV1, '12', 1, { changes: ['created'], category: category(12, 'retired') }),
    ]);
    await waitFor(async () => (await svc.request('GET', '/feed?limit=1')).body.head === '7', 15_000, 'seven records');
  });
  afterAll(() => svc?.close());

  it('answers every endpoint, list and item, json and ndjson, valid against the HSDS 3.0 schemas', async () => {
    valid(hsds.root, (await svc.request('GET', '/hsds')).body, '/hsds');
    const lists = [
      ['/hsds/services', 'service.json', 3],
      ['/hsds/service_at_locations', 'service_at_location.json', 3],
      ['/hsds/organizations', 'organization.json', 1],
      ['/hsds/taxonomies', 'taxonomy.json', 1],
      ['/hsds/taxonomy_terms', 'taxonomy_term.json', 4], // the sector, its two rubriques, the active category
    ] as const;
    for (const [path, schema, count] of lists) {
      for (const lang of ['fr', 'nl']) {
        const page = (await svc.request('GET', `${path}?lang=${lang}`)).body;
        valid(hsds.page(schema), page, `${path} page`);
        expect([path, page.total_items, page.contents.length]).toEqual([path, count, count]);
        const lines = await ndjson(`${path}?format=ndjson&lang=${lang}`);
        expect(lines).toEqual(page.contents);
        lines.forEach((line, i) => valid(hsds.item(schema), line, `${path} ndjson line ${i + 1}`));
      }
    }
    const service = (await svc.request('GET', '/hsds/services/00000001-0000-8000-8000-000000000041')).body;
    valid(hsds.item('service.json'), service, '/hsds/services/{id}');
    expect(service.organization).toMatchObject({ id: '00000004-0000-8000-8000-000000000009', name: 'CPAS de Schaerbeek', tax_id: '0411.905.847', year_incorporated: 1977 });
    const organization = (await svc.request('GET', '/hsds/organizations/00000004-0000-8000-8000-000000000009?lang=nl')).body;
    valid(hsds.item('organization.json'), organization, '/hsds/organizations/{id}');
    expect(organization.organization_identifiers).toEqual([expect.objectContaining({ identifier_scheme: 'BE-BCE_KBO', identifier: '0411.905.847' })]);
  });

  it('maps a site to a service delivered at a location, in the requested language with both languages as attributes', async () => {
    const fr = (await svc.request('GET', '/hsds/services/00000001-0000-8000-8000-000000000041')).body;
    const nl = (await svc.request('GET', '/hsds/services/00000001-0000-8000-8000-000000000041?lang=nl')).body;
    expect(fr.name).toMatch(/ 41$/);
    expect(fr.name).not.toBe(nl.name);
    expect([fr.email, nl.email]).toEqual(['fr@example.org', 'nl@example.org']);
    expect([fr.alert, nl.alert]).toEqual(['Fermé en août', 'Gesloten in augustus']);
    const names = (s: { attributes: Array<{ link_type: string; value: string }> }) => s.attributes.filter((a) => a.link_type.endsWith(':name')).map((a) => `${a.link_type}=${a.value}`);
    expect(names(fr)).toEqual(names(nl));
    expect(names(fr)).toEqual([`fr:name=${fr.name}`, `nl:name=${nl.name}`]);
    expect(fr.attributes.filter((a: { link_type: string }) => a.link_type === 'category').map((a: { taxonomy_term_id: string }) => a.taxonomy_term_id)).toEqual([
      '00000008-0000-8000-8000-000000000011',
      '00000008-0000-8000-8000-000000000012',
    ]);
    expect(fr.phones.map((p: { type: string }) => p.type)).toEqual(['voice', 'fax']);
    expect(fr.schedules.filter((s: { byday?: string }) => s.byday === 'MO')[0]).toMatchObject({ freq: 'WEEKLY', opens_at: '09:00', closes_at: '12:30', attending_type: 'Sur rendez-vous' });
    expect(fr.schedules).toContainEqual(expect.objectContaining({ valid_from: '2026-08-01', valid_to: '2026-08-31', description: 'Fermé : congés' }));
    const [at] = fr.service_at_locations;
    expect(at).toMatchObject({ id: '00000003-0000-8000-8000-000000000041', service_id: fr.id, location_id: '00000002-0000-8000-8000-000000000041' });
    expect(at.location.addresses[0]).toMatchObject({ address_1: expect.stringMatching(/ bte 3$/), address_2: 'Entrée par la cour', state_province: 'Région de Bruxelles-Capitale', country: 'BE' });
    expect(at.location).toMatchObject({ external_identifier: '21015A01-', external_identifier_type: 'statbel-statistical-sector' });
    expect(nl.service_at_locations[0].location.addresses[0].address_1).toMatch(/ bus 3$/);
    // Outside the Region: its province, no coordinates.
    const outside = (await svc.request('GET', '/hsds/services/00000001-0000-8000-8000-000000000042')).body.service_at_locations[0].location;
    expect(outside.addresses[0].state_province).toBe('Brabant wallon');
    expect(outside).not.toHaveProperty('latitude');
  });

  it('filters by organization, category term and modified_after; pages with the Page envelope; lists deletions since a date', async () => {
    const byOrganisation = (await svc.request('GET', '/hsds/services?organization_id=00000004-0000-8000-8000-000000000009')).body;
    expect(byOrganisation.contents.map((s: { id: string }) => s.id)).toEqual(['00000001-0000-8000-8000-000000000041', '00000001-0000-8000-8000-000000000043']);
    const byTerm = (await svc.request('GET', '/hsds/services?taxonomy_term_id=00000008-0000-8000-8000-000000000011')).body;
    expect(byTerm.contents.map((s: { id: string }) => s.id)).toEqual(['00000001-0000-8000-8000-000000000041']);
    const second = (await svc.request('GET', '/hsds/services?per_page=2&page=2')).body;
    expect(second).toMatchObject({ total_items: 3, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
    expect((await svc.request('GET', '/hsds/taxonomy_terms?top_only=true')).body.contents.map((t: { id: string }) => t.id)).toEqual(['00000006-0000-8000-8000-000000000003']);
    expect((await svc.request('GET', '/hsds/taxonomy_terms?parent_id=00000007-0000-8000-8000-000000000301')).body.contents.map((t: { id: string }) => t.id)).toEqual([
      '00000008-0000-8000-8000-000000000011',
    ]);

    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await bus.publish([envelopeFor(SitePublishedV1, '43', 2, generatedSite(43, seededRandom(99), 9, 1)), envelopeFor(SiteUnpublishedV1, '42', 2, { id: 42, reason: 'archived' })]);
    await waitFor(async () => (await svc.request('GET', '/feed?limit=1')).body.head === '9', 15_000, 'two more records');
    const changed = (await svc.request('GET', `/hsds/services?modified_after=${encodeURIComponent(since)}`)).body;
    expect(changed.contents.map((s: { id: string }) => s.id)).toEqual(['00000001-0000-8000-8000-000000000043']);
    const deletions = (await svc.request('GET', `/hsds/deletions?modified_after=${encodeURIComponent(since)}`)).body;
    expect(deletions.contents.map((d: { id: string; type: string }) => `${d.type} ${d.id}`)).toEqual([
      'location 00000002-0000-8000-8000-000000000042',
      'service 00000001-0000-8000-8000-000000000042',
      'service_at_location 00000003-0000-8000-8000-000000000042',
    ]);
    expect(await ndjson(`/hsds/deletions?format=ndjson&modified_after=${encodeURIComponent(since)}`)).toEqual(deletions.contents);
    // The retired category is a deletion too, since its retirement.
    expect((await svc.request('GET', '/hsds/deletions')).body.contents).toContainEqual(expect.objectContaining({ id: '00000008-0000-8000-8000-000000000012', type: 'taxonomy_term' }));
    expect((await svc.request('GET', '/hsds/services/00000001-0000-8000-8000-000000000042')).status).toBe(404);
  });

  it('refuses unknown parameters and values with a 400 naming the field, in French and Dutch', async () => {
    for (const [query, field] of [
      ['lang=de', 'lang'],
      ['format=xml', 'format'],
      ['organization_id=00000001-0000-8000-8000-000000000041', 'organization_id'],
      ['modified_after=yesterday', 'modified_after'],
      ['per_page=5000', 'per_page'],
      ['unknown=1', 'unknown'],
    ]) {
      const answer = await svc.request('GET', `/hsds/services?${query}`, undefined, { 'accept-language': 'nl' });
      expect([query, answer.status, answer.body.errors.map((e: { path: string }) => e.path)]).toEqual([query, 400, [field]]);
      expect(answer.body.errors[0].messages).toEqual({ fr: expect.any(String), nl: expect.any(String) });
    }
    expect((await svc.request('GET', '/hsds/organizations/not-a-uuid')).status).toBe(404);
  });
});
