import type {
  PublicAgrementType,
  PublicAuthority,
  PublicCareProvider,
  PublicHolding,
  PublicPractice,
  PublishedAddress,
  PublishedCategory,
  PublishedOrganisation,
  PublishedReferenceList,
  PublishedSector,
  PublishedSite,
} from '@care/contracts';
import type { ExportColumn, ExportDefinition } from '@care/exports';
import type { EntityType } from '../persistence/entities/feed.entities.js';

/** The current version of one entity, as exports read it from `entity_head`. */
export interface HeadRow<T> {
  id: string;
  version: number;
  seq: string;
  validFrom: string;
  payload: T;
}

export const EXPORT_DATASETS = ['sites', 'organisations', 'providers', 'practices', 'authorities', 'agrement-types', 'holdings', 'sectors', 'categories', 'reference-lists'] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];

export interface DatasetDefinition<T> {
  entityType: EntityType;
  title: { fr: string; nl: string };
  definition: ExportDefinition<HeadRow<T>>;
}

type Column<T> = ExportColumn<HeadRow<T>>;
const col = <T>(header: string, value: (p: T, row: HeadRow<T>) => string | number | boolean | null | undefined): Column<T> => ({ header, value: (row) => value(row.payload, row) });
const list = (values: ReadonlyArray<string | number> | undefined) => (values && values.length ? values.join(' | ') : null);

/** The feed state of the row, last in every table: version, sequence number and validity start. */
const feedColumns = <T>(): Column<T>[] => [col<T>('version', (_, r) => r.version), col<T>('feed_seq', (_, r) => r.seq), col<T>('valid_from', (_, r) => r.validFrom)];

const addressColumns = <T>(address: (p: T) => PublishedAddress): Column<T>[] => [
  col<T>('street_fr', (p) => address(p).street.fr),
  col<T>('street_nl', (p) => address(p).street.nl),
  col<T>('number', (p) => address(p).number),
  col<T>('box', (p) => address(p).box),
  col<T>('postcode', (p) => address(p).postcode),
  col<T>('municipality_nis', (p) => address(p).municipality.nis),
  col<T>('municipality_fr', (p) => address(p).municipality.name.fr),
  col<T>('municipality_nl', (p) => address(p).municipality.name.nl),
  col<T>('lat', (p) => address(p).point?.lat),
  col<T>('lon', (p) => address(p).point?.lon),
  col<T>('lambert72_x', (p) => address(p).lambert72?.x),
  col<T>('lambert72_y', (p) => address(p).lambert72?.y),
  col<T>('statistical_sector', (p) => address(p).statisticalSector?.code),
  col<T>('monitoring_district', (p) => address(p).monitoringDistrict?.code),
  col<T>('inside_region', (p) => address(p).insideRegion),
];

/**
 * How rows become lines: NDJSON lines and GeoJSON properties carry the public contract whole with
 * the row's feed state under `feed`; CSV and XLSX flatten the fields reusers filter on, in both
 * languages.
 */
function dataset<T>(entityType: EntityType, title: { fr: string; nl: string }, columns: Column<T>[], point: (p: T) => { lat: number; lon: number } | null = () => null): DatasetDefinition<T> {
  return {
    entityType,
    title,
    definition: {
      columns: [...columns, ...feedColumns<T>()],
      json: (row) => ({ ...row.payload, feed: { version: row.version, seq: row.seq, validFrom: row.validFrom } }),
      point: (row) => point(row.payload),
    },
  };
}

export const DATASETS: Record<ExportDataset, DatasetDefinition<unknown>> = {
  sites: dataset<PublishedSite>(
    'site',
    { fr: 'Sites d’activité publiés', nl: 'Gepubliceerde activiteitsvestigingen' },
    [
      col('id', (p) => p.id),
      col('organisation_id', (p) => p.organisationId),
      col('name_fr', (p) => p.names.official.fr),
      col('name_nl', (p) => p.names.official.nl),
      col('alternative_names_fr', (p) => list(p.names.alternative.map((n) => n.fr))),
      col('alternative_names_nl', (p) => list(p.names.alternative.map((n) => n.nl))),
      col('legal_status', (p) => p.legalStatus),
      col('language_status', (p) => p.languageStatus),
      col('offer_kind', (p) => p.offerKind),
      col('service_languages', (p) => list(p.serviceLanguages)),
      ...addressColumns<PublishedSite>((p) => p.address),
      col('phones', (p) => list(p.contacts.phones.map((c) => c.number))),
      col('emails', (p) => list(p.contacts.emails.map((c) => c.address))),
      col('websites', (p) => list(p.contacts.websites.map((c) => c.url))),
      col('description_fr', (p) => p.texts.description?.fr),
      col('description_nl', (p) => p.texts.description?.nl),
      col('category_ids', (p) => list(p.categoryIds)),
      col('target_publics', (p) => list(p.targetPublics)),
      col('access_modalities', (p) => list(p.accessModalities)),
      col('appointment_only', (p) => p.openingHours.appointmentOnly),
      col('last_verified_at', (p) => p.lastVerifiedAt),
      col('updated_at', (p) => p.updatedAt),
    ],
    (p) => p.address.point,
  ),
  organisations: dataset<PublishedOrganisation>('organisation', { fr: 'Organisations (personnes morales)', nl: 'Organisaties (rechtspersonen)' }, [
    col('id', (p) => p.id),
    col('enterprise_numbers', (p) => list(p.enterpriseNumbers)),
    col('name_fr', (p) => p.names.official.fr),
    col('name_nl', (p) => p.names.official.nl),
    col('legal_status', (p) => p.legalStatus),
    col('language_status', (p) => p.languageStatus),
    col('status', (p) => p.status),
    col('struck_off_at', (p) => p.struckOffAt),
    col('kbo_juridical_form', (p) => p.kbo?.juridicalForm?.code),
    col('kbo_start_date', (p) => p.kbo?.startDate),
    col('nace_codes', (p) => list(p.kbo?.naceCodes.map((n) => n.code))),
    col('updated_at', (p) => p.updatedAt),
  ]),
  providers: dataset<PublicCareProvider>('provider', { fr: 'Prestataires de soins (données publiques)', nl: 'Zorgverleners (openbare gegevens)' }, [
    col('id', (p) => p.id),
    col('nihii', (p) => p.nihii),
    col('first_name', (p) => p.name.first),
    col('last_name', (p) => p.name.last),
    col('profession', (p) => p.profession.kind),
    col('profession_fr', (p) => p.profession.label.fr),
    col('profession_nl', (p) => p.profession.label.nl),
    col('qualification_code', (p) => p.profession.qualificationCode),
    col('specialisations_fr', (p) => list(p.specialisations.map((s) => s.label.fr))),
    col('specialisations_nl', (p) => list(p.specialisations.map((s) => s.label.nl))),
    col('convention', (p) => p.convention),
    // Absent when the provider objected to publishing it: an empty cell, never a guess.
    col('languages', (p) => list(p.languages)),
    col('gender', (p) => p.gender),
    col('accepting_new_patients', (p) => p.acceptingNewPatients?.value),
    col('accepting_stated_on', (p) => p.acceptingNewPatients?.statedOn),
    col('status', (p) => p.status),
  ]),
  practices: dataset<PublicPractice>(
    'practice',
    { fr: 'Lieux d’exercice des prestataires', nl: 'Praktijken van zorgverleners' },
    [
      col('id', (p) => p.id),
      col('provider_id', (p) => p.providerId),
      ...addressColumns<PublicPractice>((p) => p.address),
      col('phone', (p) => p.contacts?.phone),
      col('email', (p) => p.contacts?.email),
      col('website', (p) => p.contacts?.website),
      col('appointment_modes', (p) => list(p.appointmentModes)),
      col('organisation_enterprise_number', (p) => p.organisationEnterpriseNumber),
      col('site_id', (p) => p.site?.id),
      col('site_status', (p) => p.site?.status),
      col('active', (p) => p.active),
    ],
    (p) => p.address.point,
  ),
  authorities: dataset<PublicAuthority>('authority', { fr: 'Pouvoirs agréants', nl: 'Erkennende overheden' }, [
    col('id', (p) => p.id),
    col('abbreviation_fr', (p) => p.abbreviation.fr),
    col('abbreviation_nl', (p) => p.abbreviation.nl),
    col('name_fr', (p) => p.name.fr),
    col('name_nl', (p) => p.name.nl),
    col('level', (p) => p.level),
    col('valid_from_date', (p) => p.validFrom),
    col('valid_to_date', (p) => p.validTo),
    col('successor_id', (p) => p.successorId),
  ]),
  'agrement-types': dataset<PublicAgrementType>('agrement-type', { fr: 'Types d’agrément', nl: 'Erkenningstypes' }, [
    col('id', (p) => p.id),
    col('name_fr', (p) => p.name.fr),
    col('name_nl', (p) => p.name.nl),
    col('authority_id', (p) => p.authorityId),
    col('attributions', (p) => list(p.attributions.map((a) => `${a.authorityId} ${a.validFrom}..${a.validTo ?? ''}`))),
    col('legal_basis_fr', (p) => p.legalBasis.title.fr),
    col('legal_basis_nl', (p) => p.legalBasis.title.nl),
    col('legal_basis_eli', (p) => p.legalBasis.eli),
    col('legal_basis_url', (p) => p.legalBasis.url),
    col('valid_from_date', (p) => p.validFrom),
    col('valid_to_date', (p) => p.validTo),
    col('capacity_unit', (p) => p.capacityUnit),
    col('category_ids', (p) => list(p.categoryIds)),
  ]),
  holdings: dataset<PublicHolding>('holding', { fr: 'Agréments détenus', nl: 'Toegekende erkenningen' }, [
    col('id', (p) => p.id),
    col('type_id', (p) => p.typeId),
    col('holder_kind', (p) => p.holder.kind),
    col('holder_id', (p) => p.holder.id),
    col('reference', (p) => p.reference),
    col('valid_from_date', (p) => p.validFrom),
    col('valid_to_date', (p) => p.validTo),
    col('status', (p) => p.status),
    col('effective_on', (p) => p.effectiveOn),
    col('capacity', (p) => p.capacity?.value),
    col('capacity_unit', (p) => p.capacity?.unit),
    col('capacity_groups', (p) => list(p.capacity?.groups?.map((g) => `${g.code} ${g.ageMin ?? ''}-${g.ageMax ?? ''}: ${g.places}`))),
  ]),
  sectors: dataset<PublishedSector>('sector', { fr: 'Secteurs et rubriques de l’arbre thématique', nl: 'Sectoren en rubrieken van de thematische boom' }, [
    col('id', (p) => p.id),
    col('code', (p) => p.code),
    col('name_fr', (p) => p.name.fr),
    col('name_nl', (p) => p.name.nl),
    col('definition_fr', (p) => p.definition?.fr),
    col('definition_nl', (p) => p.definition?.nl),
    col('rubriques_fr', (p) => list(p.rubriques.map((r) => `${r.id}: ${r.name.fr}`))),
    col('rubriques_nl', (p) => list(p.rubriques.map((r) => `${r.id}: ${r.name.nl}`))),
  ]),
  categories: dataset<PublishedCategory>('category', { fr: 'Catégories de l’arbre thématique', nl: 'Categorieën van de thematische boom' }, [
    col('id', (p) => p.id),
    col('name_fr', (p) => p.name.fr),
    col('name_nl', (p) => p.name.nl),
    col('definition_fr', (p) => p.definition?.fr),
    col('definition_nl', (p) => p.definition?.nl),
    col('keywords_fr', (p) => list(p.keywords.fr)),
    col('keywords_nl', (p) => list(p.keywords.nl)),
    col('placements', (p) => list(p.placements.map((pl) => `${pl.sectorId}/${pl.rubriqueId}`))),
    col('related_category_ids', (p) => list(p.relatedCategoryIds)),
    col('status', (p) => p.status),
    col('retired_at', (p) => p.retiredAt),
  ]),
  // The closed lists whose codes sites carry (languages, legal statuses, access modalities…).
  'reference-lists': dataset<PublishedReferenceList>('reference-list', { fr: 'Listes fermées (codes et libellés)', nl: 'Gesloten lijsten (codes en labels)' }, [
    col('name', (p) => p.name),
    col('items_fr', (p) => list(p.items.filter((i) => i.active).map((i) => `${i.code}: ${i.label.fr}`))),
    col('items_nl', (p) => list(p.items.filter((i) => i.active).map((i) => `${i.code}: ${i.label.nl}`))),
    col('retired_codes', (p) => list(p.items.filter((i) => !i.active).map((i) => i.code))),
  ]),
};
