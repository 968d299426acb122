import { defineEntity, p } from '@mikro-orm/core';

/**
 * The organisations service's copy of the KBO/BCE open data (kept in full, activities limited to
 * the configured NACE codes and to known organisations). Loaded with COPY by the importer; mapped
 * here so migrations and the drift check cover it. Updates are applied to it (deletes, then
 * inserts), and organisations are recomputed from it.
 */
export const KboEnterpriseEntity = defineEntity({
  name: 'KboEnterprise',
  tableName: 'kbo_enterprise',
  properties: {
    enterpriseNumber: p.text().primary(),
    status: p.text(),
    juridicalSituation: p.text().nullable(),
    typeOfEnterprise: p.text().nullable(),
    juridicalForm: p.text().nullable(),
    juridicalFormCac: p.text().nullable(),
    startDate: p.date().nullable(),
  },
});

export const KboDenominationEntity = defineEntity({
  name: 'KboDenomination',
  tableName: 'kbo_denomination',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    entityNumber: p.text().index('kbo_denomination_entity_index'),
    language: p.text(),
    typeOfDenomination: p.text(),
    denomination: p.text(),
  },
});

export const KboAddressEntity = defineEntity({
  name: 'KboAddress',
  tableName: 'kbo_address',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    entityNumber: p.text().index('kbo_address_entity_index'),
    typeOfAddress: p.text(),
    countryNl: p.text().nullable(),
    countryFr: p.text().nullable(),
    zipcode: p.text().nullable(),
    municipalityNl: p.text().nullable(),
    municipalityFr: p.text().nullable(),
    streetNl: p.text().nullable(),
    streetFr: p.text().nullable(),
    houseNumber: p.text().nullable(),
    box: p.text().nullable(),
    extraAddressInfo: p.text().nullable(),
    dateStrikingOff: p.date().nullable(),
  },
});

export const KboActivityEntity = defineEntity({
  name: 'KboActivity',
  tableName: 'kbo_activity',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    entityNumber: p.text().index('kbo_activity_entity_index'),
    activityGroup: p.text(),
    naceVersion: p.text(),
    naceCode: p.text(),
    classification: p.text(),
  },
});

export const KboEstablishmentEntity = defineEntity({
  name: 'KboEstablishment',
  tableName: 'kbo_establishment',
  properties: {
    establishmentNumber: p.text().primary(),
    startDate: p.date().nullable(),
    enterpriseNumber: p.text().index('kbo_establishment_enterprise_index'),
  },
});

export const KboCodeEntity = defineEntity({
  name: 'KboCode',
  tableName: 'kbo_code',
  properties: {
    category: p.text().primary(),
    code: p.text().primary(),
    language: p.text().primary(),
    description: p.text(),
  },
});

export const KBO_MIRROR_ENTITIES = [KboEnterpriseEntity, KboDenominationEntity, KboAddressEntity, KboActivityEntity, KboEstablishmentEntity, KboCodeEntity];
