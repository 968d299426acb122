import type { Localized } from '@care/kernel';

export const DOCUMENT_KINDS = ['site', 'practice'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Facets the search answers with counts (and FR/NL labels). */
export const FACETS = ['kind', 'sector', 'category', 'municipality', 'language', 'authority', 'profession', 'convention'] as const;
export type Facet = (typeof FACETS)[number];

/** What a hit shows, in both languages: enough for a result list and a map, without a second call. */
export interface SearchDisplay {
  name: Localized;
  /** The organisation (site) or the person (practice). */
  subtitle: Localized | null;
  address: { street: Localized; number: string | null; postcode: string; municipality: Localized } | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  categories: Array<{ id: number; name: Localized }>;
  profession: Localized | null;
  appointmentOnly: boolean;
  hoursRemark: Localized | null;
  /** Where the full record lives: `/sites/{id}` or `/providers/{id}`. */
  link: string;
}

/**
 * One searchable thing: a published activity site, or a practice of an active care provider (a
 * person is found where they work). Built by the search projection from the public events of the
 * owning services; engines index it as is.
 */
export interface SearchDocument {
  /** `site:<id>` or `practice:<id>`. */
  id: string;
  kind: DocumentKind;
  entityId: string;
  /** Increases at every rebuild of the document: engines never replace a document by an older one. */
  version: number;
  name: Localized;
  /** Other names a person may type: alternative and former names, the organisation, the provider. */
  altNames: string[];
  /** Descriptions and remarks, per language (analysed with that language's stemmer). */
  text: Localized;
  /** Category names and keywords, profession and specialisation labels, agrément types, per language. */
  keywords: Localized;
  point: { lat: number; lon: number } | null;
  postcode: string | null;
  /** NIS code of the municipality. */
  municipality: string | null;
  statSector: string | null;
  district: string | null;
  sectorIds: number[];
  rubriqueIds: number[];
  categoryIds: number[];
  agrementTypeIds: string[];
  authorityIds: string[];
  languages: string[];
  offerKind: string | null;
  targetPublics: string[];
  profession: string | null;
  convention: string | null;
  acceptingPatients: boolean | null;
  /** Open intervals over the opening window (ISO instants, `[start, end)`); empty when unknown or closed. */
  openIntervals: Array<{ start: string; end: string }>;
  display: SearchDisplay;
}

/** A label the search shows for a facet value or suggests while typing, kept by the projection. */
export interface SearchTerm {
  facet: Facet | 'rubrique' | 'district' | 'street' | 'name' | 'stat-sector' | 'agrement-type';
  key: string;
  label: Localized;
}

export const documentId = (kind: DocumentKind, entityId: string | number) => `${kind}:${entityId}`;
