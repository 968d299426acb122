import { defineEntity, p } from '@mikro-orm/core';
import type { KboFacts, LocalizedValue } from '@care/contracts';
import { Organisation, type OrganisationInput, type StoredOrganisationProvenance } from '@care/organisations-domain';

export const OrganisationEntity = defineEntity({
  class: Organisation,
  tableName: 'organisation',
  properties: {
    id: p.integer().primary(),
    version: p.integer().version(),
    enterpriseNumbers: p.array(),
    names: p.json<OrganisationInput['names']>(),
    legalStatus: p.text().nullable(),
    languageStatus: p.text(),
    officialJournalUrl: p.json<LocalizedValue>().nullable(),
    status: p.enum(['active', 'struck-off'] as const),
    struckOffAt: p.date().nullable(),
    kbo: p.json<KboFacts>().nullable(),
    provenance: p.json<Partial<Record<'identity' | 'legal', StoredOrganisationProvenance>>>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    searchText: p.text(),
  },
  indexes: [
    { name: 'organisation_enterprise_numbers_index', expression: 'create index "organisation_enterprise_numbers_index" on "organisation" using gin ("enterprise_numbers")' },
  ],
});
