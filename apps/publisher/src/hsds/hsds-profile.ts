import { OPEN_DATA_ATTRIBUTION, OPEN_DATA_LICENCE } from '@care/exports';
import type { z } from 'zod';
import type { hsdsProfileSchema } from './hsds.views.js';

/** The Brussels profile of HSDS 3.0, served at `/hsds/profile` (the root's `profile` link) and described in docs/feed.md. */
export const BRUSSELS_PROFILE: z.output<typeof hsdsProfileSchema> = {
  name: 'Social Brussels CARE — Brussels profile of HSDS 3.0',
  hsds_version: '3.0',
  description: {
    fr: 'HSDS 3.0 sans changement de schéma, plus : les textes en français et en néerlandais, et les suppressions depuis une date. Un site d’activité est un service, son lieu (location) et leur lien (service_at_location) ; une organisation une organization ; secteurs, rubriques et catégories les termes d’une taxonomie.',
    nl: 'HSDS 3.0 zonder schemawijziging, plus: de teksten in het Frans en het Nederlands, en de verwijderingen sinds een datum. Een activiteitsvestiging is een service, haar plaats (location) en hun verband (service_at_location); een organisatie een organization; sectoren, rubrieken en categorieën de termen van één taxonomie.',
  },
  identifiers:
    'UUIDv8 0000000k-0000-8000-8000-nnnnnnnnnnnn: k the kind (1 service, 2 location, 3 service_at_location, 4 organization, 5 taxonomy, 6 sector, 7 rubrique, 8 category), n the directory id on 12 digits (site 13219 → service 00000001-0000-8000-8000-000000013219).',
  parameters: [
    { name: 'lang', endpoints: ['all'], description: 'fr (default) or nl: the language of the text fields; taxonomy terms carry it in `language`.' },
    { name: 'modified_after', endpoints: ['/services', '/service_at_locations', '/organizations', '/taxonomy_terms', '/deletions'], description: 'Only what changed (or was deleted) at or after this instant (ISO 8601).' },
    { name: 'format', endpoints: ['lists'], description: 'json (pages) or ndjson (every result, one per line, from one consistent state).' },
  ],
  attributes: [
    { link_type: 'fr:<field>, nl:<field>', description: 'The text of <field> (name, description, activities, eligibility, alert, street, city) in each language: both languages, whatever `lang`.' },
    { link_type: 'category', description: 'The service is classified in the category term `taxonomy_term_id` (value: the directory’s category id).' },
    { link_type: 'status', description: 'Organization: active or struck-off (KBO/BCE).' },
  ],
  endpoints: [
    { path: '/deletions', description: 'Page of {id, type, deleted_at}: services, locations and service_at_locations of sites no longer published, retired category terms.' },
    { path: '/profile', description: 'This document.' },
  ],
  licence: OPEN_DATA_LICENCE,
  attribution: OPEN_DATA_ATTRIBUTION,
};
