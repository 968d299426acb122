import { z } from 'zod';
import { HOLDING_STATUSES, AVAILABILITY_STATUSES } from '@care/contracts';
import { issue, registerMessages } from '@care/kernel';
import { DOCUMENT_KINDS } from './search-document.js';
import { geoJsonPolygonSchema, SEARCH_LIMITS } from './search-query.js';

registerMessages({
  'authority.age_needs_capacity': { fr: 'age ne se combine qu’avec des lieux (kind=site)', nl: 'age kan alleen met plaatsen (kind=site) gecombineerd worden' },
});

/** Ways to group the aggregates of an authority query. */
export const AUTHORITY_GROUPINGS = ['municipality', 'district', 'statSector', 'sector'] as const;
export type AuthorityGrouping = (typeof AUTHORITY_GROUPINGS)[number];

export const AUTHORITY_LIMITS = { maxSize: 500, defaultSize: 100, maxValuesPerFilter: 200, maxRadiusM: 50_000 } as const;

const code = z.string().regex(/^[A-Za-z0-9._-]{1,60}$/);
const ids = z.array(z.number().int().positive()).max(AUTHORITY_LIMITS.maxValuesPerFilter);
const codes = z.array(code).max(AUTHORITY_LIMITS.maxValuesPerFilter);

/** Where: every part given must hold (a polygon and municipalities narrow each other). */
export const authorityAreaSchema = z
  .object({
    polygon: geoJsonPolygonSchema.optional(),
    municipality: z.array(z.string().regex(/^\d{5}$/)).max(19).optional(),
    district: codes.optional(),
    statSector: codes.optional(),
    near: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), radiusM: z.number().positive().transform((r) => Math.min(r, AUTHORITY_LIMITS.maxRadiusM)) })
      .strict()
      .optional(),
  })
  .strict();
export type AuthorityArea = z.output<typeof authorityAreaSchema>;

/**
 * An authority query: which kind of offer (thematic sector or category, agrément type or
 * authority with the holdings' status, care-provider profession), where, and in what state
 * (accepting patients, free places now, places for an age). Filters combine with AND, values of
 * one filter with OR.
 */
export const authorityQuerySchema = z
  .object({
    kind: z.array(z.enum(DOCUMENT_KINDS)).optional(),
    sector: ids.optional(),
    category: ids.optional(),
    agrementType: codes.optional(),
    authority: codes.optional(),
    /** Status of the holdings `agrementType` / `authority` look at (active by default): pending lists what awaits accreditation. */
    agrementStatus: z.array(z.enum(HOLDING_STATUSES)).min(1).default(['active']),
    profession: codes.optional(),
    area: authorityAreaSchema.optional(),
    /** Name of an area the client saved; combined with `area` when both are given. */
    savedArea: z.string().trim().min(1).max(100).optional(),
    acceptingPatients: z.boolean().optional(),
    /** Only what reported free places (still counting) — for `age`, in a group taking that age. */
    withFreePlaces: z.boolean().optional(),
    /** Sites with a capacity group taking a child or person of this age (whole years). */
    age: z.number().int().min(0).max(120).optional(),
    availabilityStatus: z.array(z.enum(AVAILABILITY_STATUSES)).optional(),
    groupBy: z.enum(AUTHORITY_GROUPINGS).default('municipality'),
    page: z.number().int().positive().max(SEARCH_LIMITS.maxWindow).default(1),
    size: z.number().int().positive().default(AUTHORITY_LIMITS.defaultSize).transform((n) => Math.min(n, AUTHORITY_LIMITS.maxSize)),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.age !== undefined && query.kind?.length === 1 && query.kind[0] === 'practice') ctx.addIssue(issue('authority.age_needs_capacity', ['age']));
  });
export type AuthorityQuery = z.output<typeof authorityQuerySchema>;
