import { defineEntity, p } from '@mikro-orm/core';
import type { OpeningHours, PublishedAddress } from '@care/contracts';
import { CareProvider, Practice, type ObjectableField } from '@care/care-providers-domain';

export const CareProviderEntity = defineEntity({
  class: CareProvider,
  tableName: 'care_provider',
  properties: {
    id: p.text().primary(),
    nihii: p.text().unique('care_provider_nihii_unique'),
    version: p.integer().version(),
    firstName: p.text(),
    lastName: p.text(),
    professionKind: p.text().index('care_provider_profession_index'),
    qualificationCode: p.text(),
    specialisations: p.array(),
    convention: p.text().nullable(),
    languages: p.array(),
    gender: p.text().nullable(),
    genderPublic: p.boolean(),
    acceptingNewPatients: p.json<{ value: boolean; statedOn: string }>().nullable(),
    directContacts: p.json<{ mobile: string | null; email: string | null }>(),
    approvalStatus: p.text().nullable(),
    objections: p.array<ObjectableField>(),
    status: p.enum(['active', 'inactive'] as const),
    inactiveReason: p.text().nullable(),
    source: p.text(),
    sourceHash: p.text().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    searchText: p.text(),
  },
  indexes: [{ name: 'care_provider_search_trgm_index', expression: 'create index "care_provider_search_trgm_index" on "care_provider" using gin ("search_text" gin_trgm_ops)' }],
});

export const PracticeEntity = defineEntity({
  class: Practice,
  tableName: 'practice',
  properties: {
    id: p.text().primary(),
    providerId: p.text().index('practice_provider_index'),
    version: p.integer().version(),
    address: p.json<PublishedAddress>(),
    contacts: p.json<{ phone: string | null; email: string | null; website: string | null }>(),
    openingHours: p.json<OpeningHours>().nullable(),
    appointmentModes: p.array(),
    organisationEnterpriseNumber: p.text().nullable(),
    siteId: p.integer().nullable().index('practice_site_index'),
    siteStatus: p.text().nullable(),
    active: p.boolean(),
    municipalityNis: p.text().nullable().index('practice_municipality_index'),
    lat: p.double().nullable(),
    lon: p.double().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** What this service knows of the directory's sites (from organisations events): are they public? */
export class LinkedSite {
  id!: number;
  status!: 'published' | 'unpublished';
  updatedAt!: Date;
}

export const LinkedSiteEntity = defineEntity({
  class: LinkedSite,
  tableName: 'linked_site',
  properties: {
    id: p.integer().primary().autoincrement(false),
    status: p.enum(['published', 'unpublished'] as const),
    updatedAt: p.datetime(),
  },
});
