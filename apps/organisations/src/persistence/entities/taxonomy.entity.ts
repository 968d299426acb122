import { defineEntity, p } from '@mikro-orm/core';
import type { LocalizedValue } from '@care/contracts';
import { Category, ReferenceItem, REFERENCE_LISTS, Rubrique, Sector } from '@care/organisations-domain';

const intArray = () => p.array<number>((i) => Number(i), (i) => String(i)).columnType('int[]');

export const SectorEntity = defineEntity({
  class: Sector,
  tableName: 'sector',
  properties: {
    id: p.integer().primary(),
    code: p.text().unique('sector_code_unique'),
    name: p.json<LocalizedValue>(),
    definition: p.json<LocalizedValue>().nullable(),
    position: p.integer(),
    version: p.integer().version(),
    updatedAt: p.datetime(),
  },
});

export const RubriqueEntity = defineEntity({
  class: Rubrique,
  tableName: 'rubrique',
  properties: {
    id: p.integer().primary(),
    sectorId: p.integer().index('rubrique_sector_index'),
    name: p.json<LocalizedValue>(),
    position: p.integer(),
  },
});

export const CategoryEntity = defineEntity({
  class: Category,
  tableName: 'category',
  properties: {
    id: p.integer().primary(),
    name: p.json<LocalizedValue>(),
    definition: p.json<LocalizedValue>().nullable(),
    keywords: p.json<{ fr: string[]; nl: string[] }>(),
    referenceUrls: p.array(),
    relatedCategoryIds: intArray(),
    rubriqueIds: intArray(),
    sectorIds: intArray(),
    status: p.enum(['active', 'retired'] as const),
    retiredAt: p.datetime().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** History of the thematic tree: consumers ask what changed since a date. */
export class TaxonomyChange {
  id!: string;
  entityType!: 'category' | 'sector';
  entityId!: number;
  changes!: string[];
  at!: Date;
  actor!: string;
  before: unknown = null;
  after!: unknown;
}

export const TaxonomyChangeEntity = defineEntity({
  class: TaxonomyChange,
  tableName: 'taxonomy_change',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    entityType: p.text(),
    entityId: p.integer(),
    changes: p.array(),
    at: p.datetime().index('taxonomy_change_at_index'),
    actor: p.text(),
    before: p.json<unknown>().nullable(),
    after: p.json<unknown>(),
  },
});

export const ReferenceItemEntity = defineEntity({
  class: ReferenceItem,
  tableName: 'reference_item',
  properties: {
    list: p.enum(REFERENCE_LISTS).primary(),
    code: p.text().primary(),
    label: p.json<LocalizedValue>(),
    parent: p.text().nullable(),
    position: p.integer(),
    active: p.boolean(),
  },
});

/** The published version of each closed list: the aggregate version of its events. */
export class ReferenceListVersion {
  list!: (typeof REFERENCE_LISTS)[number];
  version!: number;
}

export const ReferenceListVersionEntity = defineEntity({
  class: ReferenceListVersion,
  tableName: 'reference_list',
  properties: {
    list: p.enum(REFERENCE_LISTS).primary(),
    version: p.integer(),
  },
});
