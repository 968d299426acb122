import { z } from 'zod';
import { DOCUMENT_KINDS, FACETS } from '@care/search-domain';

/** The answers of the search API (documented in its OpenAPI; the gateway's fuzz tests check every answer against them). */
const bucket = z.object({ key: z.string(), count: z.number().int(), label: z.string() });

export const searchHitSchema = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  entityId: z.string(),
  name: z.string(),
  subtitle: z.string().nullable(),
  address: z.object({ street: z.string(), number: z.string().nullable(), postcode: z.string(), municipality: z.string() }).nullable(),
  distanceM: z.number().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  categories: z.array(z.object({ id: z.number().int(), name: z.string() })),
  profession: z.string().nullable(),
  appointmentOnly: z.boolean(),
  hoursRemark: z.string().nullable(),
  link: z.string(),
  score: z.number(),
});

export const searchAnswerSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
  hits: z.array(searchHitSchema),
  facets: z.object(Object.fromEntries(FACETS.map((facet) => [facet, z.array(bucket)])) as Record<(typeof FACETS)[number], z.ZodArray<typeof bucket>>),
});

export const suggestAnswerSchema = z.object({ suggestions: z.array(z.object({ type: z.string(), key: z.string(), label: z.string() })) });
