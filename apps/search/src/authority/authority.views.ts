import { z } from 'zod';
import { authorityCareProviderSchema, AVAILABILITY_STATUSES, capacityGroupSchema, crisisContactsSchema, HOLDING_STATUSES } from '@care/contracts';
import { AUTHORITY_GROUPINGS, DOCUMENT_KINDS } from '@care/search-domain';
import { SAVED_KINDS } from './authority-saved.service.js';

/**
 * The answers of the authority API (documented in its OpenAPI; the gateway's fuzz tests check
 * every answer against them). Mirrors `AuthorityRecord` / `AuthorityItem`.
 */
const localized = z.object({ fr: z.string(), nl: z.string() });
const instant = z.iso.datetime({ offset: true });

const holdingSchema = z.object({
  id: z.string(),
  typeId: z.string(),
  type: localized.nullable(),
  authorityId: z.string().nullable(),
  status: z.enum(HOLDING_STATUSES),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
  heldBy: z.enum(['site', 'organisation', 'care-provider']),
  capacity: z.object({ value: z.number().int(), unit: z.string(), groups: z.array(capacityGroupSchema) }).nullable(),
});

const figureSchema = z.object({
  slot: z.string(),
  siteId: z.number().int(),
  holdingId: z.string().nullable(),
  groupCode: z.string().nullable(),
  status: z.enum(AVAILABILITY_STATUSES),
  freePlaces: z.number().int().nullable(),
  reportedAt: instant,
  expiresAt: instant.nullable(),
  reporter: z.object({ kind: z.enum(['staff', 'representative']) }),
  note: z.string().nullable(),
  counts: z.boolean(),
  ageSeconds: z.number().int(),
});

export const authorityItemSchema = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  entityId: z.string(),
  name: localized,
  subtitle: localized.nullable(),
  address: z.object({ street: localized, number: z.string().nullable(), postcode: z.string(), municipality: localized }).nullable(),
  point: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  municipality: z.string().nullable(),
  district: z.string().nullable(),
  statSector: z.string().nullable(),
  categories: z.array(z.object({ id: z.number().int(), name: localized })),
  sectorIds: z.array(z.number().int()),
  profession: z.object({ kind: z.string(), label: localized }).nullable(),
  convention: z.string().nullable(),
  acceptingPatients: z.boolean().nullable(),
  publicContacts: z.object({ phone: z.string().nullable(), email: z.string().nullable(), website: z.string().nullable() }),
  crisisContacts: crisisContactsSchema.nullable(),
  directContacts: authorityCareProviderSchema.shape.directContacts.nullable(),
  approvalStatus: z.string().nullable(),
  holdings: z.array(holdingSchema),
  accreditedCapacity: z.number().int(),
  link: z.string(),
  freePlaces: z.number().int().nullable(),
  freePlacesReportedAt: z.object({ oldest: instant, newest: instant }).nullable(),
  availability: z.array(figureSchema),
});

const groupSchema = z.object({
  key: z.string().nullable(),
  label: localized.nullable(),
  count: z.number().int(),
  accreditedCapacity: z.number().int(),
  freePlaces: z.number().int(),
  reporting: z.number().int(),
  oldestReportAt: instant.nullable(),
  newestReportAt: instant.nullable(),
});

export const authorityAnswerSchema = z.object({
  at: instant,
  total: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
  items: z.array(authorityItemSchema),
  aggregates: z.object({
    groupBy: z.enum(AUTHORITY_GROUPINGS),
    groups: z.array(groupSchema),
    totals: z.object({ count: z.number().int(), accreditedCapacity: z.number().int(), freePlaces: z.number().int(), reporting: z.number().int() }),
  }),
});

export const authorityChangesSchema = z.object({
  since: instant,
  at: instant,
  page: z.number().int(),
  size: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(DOCUMENT_KINDS),
      entityId: z.string(),
      name: localized.nullable(),
      changes: z.array(z.object({ what: z.enum(['changed', 'removed', 'availability']), at: instant })),
    }),
  ),
});

export const savedSchema = z.object({ id: z.string(), kind: z.enum(SAVED_KINDS), name: z.string(), body: z.unknown(), createdAt: instant, updatedAt: instant });

/** An authority export in GeoJSON: the file's metadata, then one feature per entity with the item as properties. */
export const authorityGeoJsonSchema = z.object({
  type: z.literal('FeatureCollection'),
  metadata: z.object({ dataset: z.literal('authority-query'), title: z.string(), source: z.string(), licence: z.object({ name: z.string(), url: z.string() }), attribution: z.string(), generatedAt: instant, rows: z.number().int(), query: z.record(z.string(), z.unknown()) }),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()).length(2) }).nullable(),
      properties: authorityItemSchema,
    }),
  ),
});
