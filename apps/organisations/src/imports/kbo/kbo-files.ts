/**
 * The KBO/BCE open-data tables the importer reads, with their exact headers (as published by the
 * FPS Economy) and the column that identifies the entity a row belongs to. A full extract has
 * `<table>.csv`; a daily update has `<table>_delete.csv` (the key column only) then
 * `<table>_insert.csv` (all columns).
 */
export interface KboTable {
  name: 'code' | 'enterprise' | 'establishment' | 'denomination' | 'address' | 'activity';
  header: readonly string[];
  /** Key column of the delete files: all rows of that entity are removed. */
  key: string;
  mirror: string;
  /** Mirror columns, in the order of the file's columns. */
  columns: readonly string[];
}

export const KBO_TABLES: readonly KboTable[] = [
  {
    name: 'code',
    header: ['Category', 'Code', 'Language', 'Description'],
    key: 'Category',
    mirror: 'kbo_code',
    columns: ['category', 'code', 'language', 'description'],
  },
  {
    name: 'enterprise',
    header: ['EnterpriseNumber', 'Status', 'JuridicalSituation', 'TypeOfEnterprise', 'JuridicalForm', 'JuridicalFormCAC', 'StartDate'],
    key: 'EnterpriseNumber',
    mirror: 'kbo_enterprise',
    columns: ['enterprise_number', 'status', 'juridical_situation', 'type_of_enterprise', 'juridical_form', 'juridical_form_cac', 'start_date'],
  },
  {
    name: 'establishment',
    header: ['EstablishmentNumber', 'StartDate', 'EnterpriseNumber'],
    key: 'EstablishmentNumber',
    mirror: 'kbo_establishment',
    columns: ['establishment_number', 'start_date', 'enterprise_number'],
  },
  {
    name: 'denomination',
    header: ['EntityNumber', 'Language', 'TypeOfDenomination', 'Denomination'],
    key: 'EntityNumber',
    mirror: 'kbo_denomination',
    columns: ['entity_number', 'language', 'type_of_denomination', 'denomination'],
  },
  {
    name: 'address',
    header: ['EntityNumber', 'TypeOfAddress', 'CountryNL', 'CountryFR', 'Zipcode', 'MunicipalityNL', 'MunicipalityFR', 'StreetNL', 'StreetFR', 'HouseNumber', 'Box', 'ExtraAddressInfo', 'DateStrikingOff'],
    key: 'EntityNumber',
    mirror: 'kbo_address',
    columns: ['entity_number', 'type_of_address', 'country_nl', 'country_fr', 'zipcode', 'municipality_nl', 'municipality_fr', 'street_nl', 'street_fr', 'house_number', 'box', 'extra_address_info', 'date_striking_off'],
  },
  {
    name: 'activity',
    header: ['EntityNumber', 'ActivityGroup', 'NaceVersion', 'NaceCode', 'Classification'],
    key: 'EntityNumber',
    mirror: 'kbo_activity',
    columns: ['entity_number', 'activity_group', 'nace_version', 'nace_code', 'classification'],
  },
];

export const META_HEADER = ['Variable', 'Value'] as const;

/** KBO dates are `dd-mm-yyyy`. */
export function kboDate(value: string): string | null | 'invalid' {
  if (value.trim() === '') return null;
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value.trim());
  if (!m) return 'invalid';
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? 'invalid' : iso;
}
