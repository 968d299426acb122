import { z } from 'zod';
import { localizedSchema, optionalLocalizedSchema } from './localized.schema.js';

export const wgs84PointSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const lambert72PointSchema = z.object({
  x: z.number().min(0).max(300_000),
  y: z.number().min(0).max(300_000),
});

/**
 * A geocoded address as published: the street and municipality in both languages, both
 * coordinate systems, and the statistical sector and monitoring district derived from the point.
 */
export const publishedAddressSchema = z.object({
  street: localizedSchema(200),
  number: z.string().max(20).nullable(),
  box: z.string().max(20).nullable(),
  postcode: z.string().regex(/^\d{4}$/),
  municipality: z.object({ nis: z.string().regex(/^\d{5}$/).nullable(), name: localizedSchema(100) }),
  point: wgs84PointSchema.nullable(),
  lambert72: lambert72PointSchema.nullable(),
  statisticalSector: z.object({ code: z.string(), name: localizedSchema(200) }).nullable(),
  monitoringDistrict: z.object({ code: z.string(), name: localizedSchema(200) }).nullable(),
  /** False for the ~200 sites outside the Region that serve Brussels residents. */
  insideRegion: z.boolean(),
  remark: optionalLocalizedSchema(1_000),
});

export type PublishedAddress = z.output<typeof publishedAddressSchema>;
