import { z } from 'zod';
import { lambert72ToWgs84 } from '@care/geo';
import type { GeocodedAddress } from './geocoder.port.js';

/*
 * The one place to adjust if URBIS answers differently. Assumed answer of
 * GET {base}/geocode?address=…&language=fr|nl&spatialReference=31370 (coordinates in EPSG:31370):
 *
 *   { "result": [ { "point": { "x": 152302.1, "y": 171263.4 },
 *                   "address": { "street": { "name": "Boulevard Auguste Reyers", "postCode": "1030",
 *                                            "municipality": "Schaerbeek" },
 *                                "number": "70" },
 *                   "score": 100 } ] }
 *
 * The first result is the best match; an empty `result` means "not found". Unknown fields are ignored
 * and the address parts are optional, but `result` and the first result's point are required:
 * without them the answer is unusable and counts as a server failure.
 */

const text = z.union([z.string(), z.number()]).nullish();

const urbisResultSchema = z.object({
  point: z.object({ x: z.number(), y: z.number() }),
  address: z
    .object({
      street: z.object({ name: text, postCode: text, municipality: text }).nullish(),
      number: text,
    })
    .nullish(),
  score: z.number().nullish(),
});

// Only the first result is validated: later candidates are not used, so their shape must not fail the call.
const urbisResponseSchema = z.object({ result: z.array(z.unknown()) });

export type UrbisResult = z.output<typeof urbisResultSchema>;

/** Thrown when the body is not the expected shape; the adapter reports it as a server failure. */
export class UrbisResponseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UrbisResponseError';
  }
}

/** Maps a parsed JSON body to the best match, or null when URBIS found nothing. */
export function parseUrbisResponse(body: unknown): GeocodedAddress | null {
  const response = urbisResponseSchema.safeParse(body);
  if (!response.success) throw new UrbisResponseError('Unexpected URBIS answer: no result array', { cause: response.error });
  if (response.data.result.length === 0) return null;
  const first = urbisResultSchema.safeParse(response.data.result[0]);
  if (!first.success) throw new UrbisResponseError('Unexpected URBIS answer: first result has no usable point', { cause: first.error });
  return toGeocodedAddress(first.data);
}

function toGeocodedAddress(result: UrbisResult): GeocodedAddress {
  const { x, y } = result.point;
  const street = result.address?.street;
  return {
    point: lambert72ToWgs84(x, y),
    lambert72: { x, y },
    street: asText(street?.name),
    number: asText(result.address?.number),
    postcode: asText(street?.postCode),
    municipality: asText(street?.municipality),
    score: result.score ?? null,
    source: 'urbis',
  };
}

function asText(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}
