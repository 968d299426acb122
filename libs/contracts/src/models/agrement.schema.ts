import { z } from 'zod';
import { localizedSchema } from '../values/localized.schema.js';
import { provenanceSchema } from '../values/provenance.schema.js';

export const AUTHORITY_LEVELS = ['federal', 'region', 'community', 'community-commission', 'agency'] as const;
export const CAPACITY_UNITS = ['beds', 'places', 'housing-units'] as const;
export const HOLDING_STATUSES = ['pending', 'active', 'suspended', 'withdrawn', 'expired'] as const;
export const HOLDER_KINDS = ['site', 'organisation', 'care-provider'] as const;

/** A calendar date (Brussels), `YYYY-MM-DD`. */
const date = z.iso.date();

/** An accrediting authority ("pouvoir agréant" / "erkennende overheid"). */
export const publicAuthoritySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  abbreviation: localizedSchema(40),
  name: localizedSchema(300),
  level: z.enum(AUTHORITY_LEVELS),
  validFrom: date,
  validTo: date.nullable(),
  /** The authority that took over all its competences, when it ended by a succession. */
  successorId: z.string().nullable(),
});
export type PublicAuthority = z.output<typeof publicAuthoritySchema>;

/** The legal text an agrément type rests on: its title, and its ELI identifier or URL when known. */
export const legalBasisSchema = z.object({
  title: localizedSchema(1_000),
  /** European Legislation Identifier, e.g. `http://www.ejustice.just.fgov.be/eli/ordonnance/2017/…`. */
  eli: z.url().regex(/\/eli\//, 'an ELI identifier contains /eli/').nullable(),
  url: z.url().nullable(),
});

/** Which authority accredited the type during a period (successions add periods, never rewrite them). */
export const attributionSchema = z.object({ authorityId: z.string(), validFrom: date, validTo: date.nullable() });

export const publicAgrementTypeSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: localizedSchema(300),
  /** The authority accrediting it today (the last period of `attributions`). */
  authorityId: z.string(),
  attributions: z.array(attributionSchema).min(1),
  legalBasis: legalBasisSchema,
  validFrom: date,
  validTo: date.nullable(),
  capacityUnit: z.enum(CAPACITY_UNITS).nullable(),
  /** Categories of the thematic tree (organisations service) this kind of service belongs to. */
  categoryIds: z.array(z.number().int().positive()),
});
export type PublicAgrementType = z.output<typeof publicAgrementTypeSchema>;

export const holderSchema = z.object({
  kind: z.enum(HOLDER_KINDS),
  /** Site id, organisation id, or care provider id (8 digits), as the owning service publishes it. */
  id: z.string().regex(/^[0-9]{1,12}$/),
});

/**
 * A part of a holding's capacity with its own public, when the place has them: a living group of
 * a youth home for 3–6 year olds with 12 places. Ages in whole years, both ends included.
 */
export const capacityGroupSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9-]{1,40}$/),
    name: localizedSchema(200),
    ageMin: z.number().int().min(0).max(120).nullable(),
    ageMax: z.number().int().min(0).max(120).nullable(),
    places: z.number().int().min(0).max(100_000),
  })
  .strict();
export type CapacityGroup = z.output<typeof capacityGroupSchema>;

/** A site, an organisation or a care provider holds an agrément type. */
export const publicHoldingSchema = z.object({
  id: z.uuid(),
  typeId: z.string(),
  holder: holderSchema,
  /** The authority's reference number of the agrément. */
  reference: z.string().nullable(),
  validFrom: date,
  validTo: date.nullable(),
  status: z.enum(HOLDING_STATUSES),
  /** Accredited capacity; `groups` (optional, added in 2026-12) split it into groups whose places add up to `value`. */
  capacity: z.object({ value: z.number().int().min(0), unit: z.enum(CAPACITY_UNITS), groups: z.array(capacityGroupSchema).optional() }).nullable(),
  /** Date from which this state applies (a suspension, an expiry the day after the end date, …). */
  effectiveOn: date,
  provenance: provenanceSchema,
  version: z.number().int().positive(),
});
export type PublicHolding = z.output<typeof publicHoldingSchema>;
