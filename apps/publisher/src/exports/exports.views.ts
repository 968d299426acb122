import { z } from 'zod';
import { EXPORT_FORMATS } from '@care/exports';
import { ENTITY_TYPES } from '../persistence/entities/feed.entities.js';
import { EXPORT_DATASETS } from './export-datasets.js';

export const exportParamsSchema = z.object({ dataset: z.enum(EXPORT_DATASETS) });
export const exportQuerySchema = z.object({ format: z.enum(EXPORT_FORMATS).default('csv') }).strict();

const localized = z.object({ fr: z.string(), nl: z.string() });

/** The list of datasets (documented in the OpenAPI; the gateway's fuzz tests check answers against it). */
export const exportCatalogueSchema = z.object({
  /** The feed sequence number the exports would reflect if started now. */
  sequence: z.string(),
  licence: z.object({ name: z.string(), url: z.string() }),
  attribution: z.string(),
  datasets: z.array(
    z.object({
      dataset: z.enum(EXPORT_DATASETS),
      entityType: z.enum(ENTITY_TYPES),
      title: localized,
      formats: z.array(z.object({ format: z.enum(EXPORT_FORMATS), mediaType: z.string(), href: z.string() })),
    }),
  ),
});

/** The GeoJSON export: the metadata, then a feature per row (its public contract and feed state as properties). */
export const exportGeoJsonSchema = z.object({
  type: z.literal('FeatureCollection'),
  metadata: z.looseObject({ dataset: z.enum(EXPORT_DATASETS), sequence: z.string(), licence: z.object({ name: z.string(), url: z.string() }), attribution: z.string() }),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()).length(2) }).nullable(),
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
});
