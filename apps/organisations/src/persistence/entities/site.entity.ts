import { defineEntity, p } from '@mikro-orm/core';
import type { Contacts, CrisisContacts, LocalizedValue, OpeningHours, PublishedAddress } from '@care/contracts';
import { GEOCODING_STATUSES, Site, SiteContacts, SITE_STATES, type SiteInput, type SiteFieldGroup, type StoredProvenance } from '@care/organisations-domain';

const intArray = () => p.array<number>((i) => Number(i), (i) => String(i)).columnType('int[]');

/**
 * The activity site aggregate: value objects (names, address, texts, contacts, hours) as JSON,
 * plus plain columns for what the back office and the statistics filter on.
 */
export const SiteEntity = defineEntity({
  class: Site,
  tableName: 'site',
  properties: {
    id: p.integer().primary(),
    organisationId: p.integer().nullable().index('site_organisation_index'),
    state: p.enum(SITE_STATES).index('site_state_index'),
    version: p.integer().version(),
    names: p.json<SiteInput['names']>(),
    legalStatus: p.text().nullable(),
    languageStatus: p.text(),
    serviceLanguages: p.array(),
    offerKind: p.text(),
    address: p.json<PublishedAddress>(),
    texts: p.json<SiteInput['texts']>(),
    accessModalities: p.array(),
    targetPublics: p.array(),
    contacts: p.json<Contacts>(),
    openingHours: p.json<OpeningHours>(),
    categoryIds: intArray(),
    actionZones: p.array(),
    otherAgreements: p.json<LocalizedValue[]>(),
    subsidies: p.json<LocalizedValue[]>(),
    provenance: p.json<Partial<Record<SiteFieldGroup, StoredProvenance>>>(),
    lastVerifiedAt: p.datetime().nullable().index('site_last_verified_index'),
    publishedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    postcode: p.text(),
    municipalityNis: p.text().nullable().index('site_municipality_index'),
    sectorCode: p.text().nullable(),
    districtCode: p.text().nullable(),
    lat: p.double().nullable(),
    lon: p.double().nullable(),
    geocodingStatus: p.enum(GEOCODING_STATUSES).index('site_geocoding_status_index'),
    searchText: p.text(),
  },
  indexes: [
    { name: 'site_category_ids_index', expression: 'create index "site_category_ids_index" on "site" using gin ("category_ids")' },
    { name: 'site_search_text_trgm_index', expression: 'create index "site_search_text_trgm_index" on "site" using gin ("search_text" gin_trgm_ops)' },
  ],
});

/** One check of a fiche with its organisation (campaigns of verification). */
export class SiteVerification {
  id!: string;
  siteId!: number;
  verifiedAt!: Date;
  verifiedBy!: string;
  withChanges!: boolean;
  note: string | null = null;
}

export const SiteVerificationEntity = defineEntity({
  class: SiteVerification,
  tableName: 'site_verification',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    siteId: p.integer().index('site_verification_site_index'),
    verifiedAt: p.datetime(),
    verifiedBy: p.text(),
    withChanges: p.boolean(),
    note: p.text().nullable(),
  },
});

/** Crisis contacts of a site, authority audience only (see libs/organisations-domain SiteContacts). */
export const SiteContactsEntity = defineEntity({
  class: SiteContacts,
  tableName: 'site_contacts',
  properties: {
    siteId: p.integer().primary().autoincrement(false),
    contacts: p.json<CrisisContacts>(),
    version: p.integer().version(),
    updatedAt: p.datetime(),
    updatedBy: p.text(),
  },
});
