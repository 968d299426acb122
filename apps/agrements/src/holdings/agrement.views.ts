import { z } from 'zod';
import { holderSchema, publicAgrementTypeSchema, publicAuthoritySchema, publicHoldingSchema } from '@care/contracts';

/** The answers of the agréments API, documented in its OpenAPI (the gateway's fuzz tests check every answer against them). */
const text = z.object({ fr: z.string(), nl: z.string() });
const page = { total: z.number().int(), page: z.number().int(), size: z.number().int() };

export const authorityListSchema = z.object({
  validAt: z.iso.date(),
  items: z.array(publicAuthoritySchema.extend({ validAtDate: z.boolean(), types: z.number().int(), holdings: z.number().int(), version: z.number().int() })),
});
export const agrementTypeViewSchema = publicAgrementTypeSchema.extend({ version: z.number().int() });
export const agrementTypeListSchema = z.object({ validAt: z.iso.date(), items: z.array(agrementTypeViewSchema) });
export const successionViewSchema = z.object({
  id: z.string(),
  predecessorId: z.string(),
  successorId: z.string(),
  effectiveOn: z.iso.date(),
  typeIds: z.array(z.string()),
  note: text.nullable(),
  actor: z.string(),
  recordedAt: z.iso.datetime({ offset: true }),
});
const holderViewSchema = holderSchema.extend({
  known: z.boolean(),
  published: z.boolean().nullable(),
  name: text.nullable(),
  place: z.object({ postcode: z.string(), municipality: text }).nullable(),
});
export const validHoldingsSchema = z.object({ validAt: z.iso.date(), ...page, items: z.array(publicHoldingSchema.extend({ authorityId: z.string(), holder: holderViewSchema })) });
export const holdingPageSchema = z.object({ ...page, items: z.array(publicHoldingSchema) });
export const holdingHistorySchema = z.array(
  z.object({
    revision: z.number().int(),
    change: z.enum(['registered', 'corrected', 'status', 'expired']),
    effectiveOn: z.iso.date(),
    state: publicHoldingSchema,
    reason: z.string().nullable(),
    recordedAt: z.iso.datetime({ offset: true }),
  }),
);
