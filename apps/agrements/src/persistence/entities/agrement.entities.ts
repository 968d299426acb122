import { defineEntity, p } from '@mikro-orm/core';
import type { PublicHolding } from '@care/contracts';
import { AgrementType, Authority, AvailabilityReport, AvailabilitySlot, Holding, HoldingRevision, TypeAttribution, type Capacity } from '@care/agrements-domain';
import type { AvailabilityState } from '@care/contracts';
import type { Localized } from '@care/kernel';

export const AuthorityEntity = defineEntity({
  class: Authority,
  tableName: 'authority',
  properties: {
    id: p.text().primary(),
    abbreviation: p.json<Localized>(),
    name: p.json<Localized>(),
    level: p.text(),
    validFrom: p.string().columnType('date'),
    validTo: p.string().columnType('date').nullable(),
    successorId: p.text().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** A succession between authorities, kept as it was recorded. */
export class Succession {
  id?: string;
  predecessorId!: string;
  successorId!: string;
  effectiveOn!: string;
  typeIds!: string[];
  note!: Localized | null;
  actor!: string;
  recordedAt!: Date;
}

export const SuccessionEntity = defineEntity({
  class: Succession,
  tableName: 'authority_succession',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    predecessorId: p.text().index('authority_succession_predecessor_index'),
    successorId: p.text(),
    effectiveOn: p.string().columnType('date'),
    typeIds: p.array(),
    note: p.json<Localized>().nullable(),
    actor: p.text(),
    recordedAt: p.datetime(),
  },
});

export const AgrementTypeEntity = defineEntity({
  class: AgrementType,
  tableName: 'agrement_type',
  properties: {
    id: p.text().primary(),
    name: p.json<Localized>(),
    legalBasis: p.json<AgrementType['legalBasis']>(),
    validFrom: p.string().columnType('date'),
    validTo: p.string().columnType('date').nullable(),
    capacityUnit: p.text().nullable(),
    categoryIds: p.array<number>((i) => Number(i), (n) => String(n)).columnType('int[]'),
    version: p.integer().version(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export const TypeAttributionEntity = defineEntity({
  class: TypeAttribution,
  tableName: 'type_attribution',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    typeId: p.text().index('type_attribution_type_index'),
    authorityId: p.text().index('type_attribution_authority_index'),
    validFrom: p.string().columnType('date'),
    validTo: p.string().columnType('date').nullable(),
  },
});

export const HoldingEntity = defineEntity({
  class: Holding,
  tableName: 'holding',
  properties: {
    id: p.uuid().primary(),
    typeId: p.text().index('holding_type_index'),
    holderKind: p.text(),
    holderId: p.text(),
    reference: p.text().nullable(),
    validFrom: p.string().columnType('date'),
    validTo: p.string().columnType('date').nullable().index('holding_valid_to_index'),
    status: p.enum(['pending', 'active', 'suspended', 'withdrawn', 'expired'] as const),
    capacity: p.json<Capacity>().nullable(),
    provenance: p.json<PublicHolding['provenance']>(),
    effectiveOn: p.string().columnType('date'),
    version: p.integer().version(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [{ name: 'holding_holder_index', properties: ['holderKind', 'holderId'] }],
});

export const HoldingRevisionEntity = defineEntity({
  class: HoldingRevision,
  tableName: 'holding_revision',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    holdingId: p.uuid(),
    revision: p.integer(),
    effectiveOn: p.string().columnType('date'),
    change: p.enum(['registered', 'corrected', 'status', 'expired'] as const),
    state: p.json<PublicHolding>(),
    reason: p.text().nullable(),
    actor: p.text(),
    recordedAt: p.datetime(),
  },
  uniques: [{ name: 'holding_revision_unique', properties: ['holdingId', 'revision'] }],
  indexes: [{ name: 'holding_revision_effective_index', properties: ['holdingId', 'effectiveOn'] }],
});

/**
 * What this service knows of a holder, from the owning service's public events: enough to show
 * who holds an agrément without calling back (name, place, categories), and whether it is public.
 */
export class Holder {
  kind!: PublicHolding['holder']['kind'];
  id!: string;
  published!: boolean;
  name!: Localized;
  /** Municipality and postcode for sites; null otherwise. */
  place!: { postcode: string; municipality: Localized } | null;
  categoryIds: number[] = [];
  /** The organisation a site belongs to (who may report its availability); null otherwise. */
  organisationId: number | null = null;
  updatedAt!: Date;
}

export const HolderEntity = defineEntity({
  class: Holder,
  tableName: 'holder',
  properties: {
    kind: p.text().primary(),
    id: p.text().primary(),
    published: p.boolean(),
    name: p.json<Localized>(),
    place: p.json<{ postcode: string; municipality: Localized }>().nullable(),
    categoryIds: p.array<number>((i) => Number(i), (n) => String(n)).columnType('int[]'),
    organisationId: p.integer().nullable(),
    updatedAt: p.datetime(),
  },
});

export const AvailabilitySlotEntity = defineEntity({
  class: AvailabilitySlot,
  tableName: 'availability_slot',
  properties: {
    slot: p.text().primary(),
    siteId: p.integer().index('availability_slot_site_index'),
    holdingId: p.uuid().nullable(),
    groupCode: p.text().nullable(),
    status: p.enum(['open', 'full', 'closed'] as const),
    freePlaces: p.integer().nullable(),
    reportedAt: p.datetime(),
    expiresAt: p.datetime().nullable(),
    reporterKind: p.enum(['staff', 'representative'] as const),
    reporterId: p.text(),
    note: p.text().nullable(),
    // Not an optimistic-lock column: reports of one slot are serialised by a row lock instead.
    version: p.integer(),
  },
});

export const AvailabilityReportEntity = defineEntity({
  class: AvailabilityReport,
  tableName: 'availability_report',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    slot: p.text(),
    siteId: p.integer(),
    version: p.integer(),
    state: p.json<AvailabilityState>(),
    recordedAt: p.datetime(),
  },
  uniques: [{ name: 'availability_report_slot_version_unique', properties: ['slot', 'version'] }],
  indexes: [{ name: 'availability_report_site_index', properties: ['siteId', 'recordedAt'] }],
});

export const AGREMENT_ENTITIES = [AuthorityEntity, SuccessionEntity, AgrementTypeEntity, TypeAttributionEntity, HoldingEntity, HoldingRevisionEntity, HolderEntity, AvailabilitySlotEntity, AvailabilityReportEntity];
