/**
 * Planar polygons and exact point-in-polygon. Coordinates are (x, y); for GeoJSON that is
 * (longitude, latitude). Over a region the size of Brussels, the straight edges of the source
 * polygons (straight in Lambert 72, reprojected vertex by vertex) stay straight to well under a
 * centimetre in degrees, so planar tests on WGS84 coordinates are exact enough.
 */

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * A Polygon or MultiPolygon in a compact form: every ring is a flat `[x0, y0, x1, y1, …]` array
 * (typed arrays keep the hot loop free of object lookups). In each polygon the first ring is the
 * outer boundary, the others are holes.
 */
export interface PolygonGeometry {
  readonly polygons: readonly (readonly Float64Array[])[];
  readonly bbox: BBox;
}

export type GeoJsonPosition = readonly number[];

export type GeoJsonPolygonal =
  | { type: 'Polygon'; coordinates: readonly (readonly GeoJsonPosition[])[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly (readonly GeoJsonPosition[])[])[] };

export function geometryFromGeoJson(geometry: GeoJsonPolygonal): PolygonGeometry {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : null;
  if (!parts) throw new Error(`Unsupported geometry type ${(geometry as { type: unknown }).type}: Polygon or MultiPolygon expected`);
  const bbox: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const polygons = parts.map((rings) => {
    if (rings.length === 0) throw new Error('Polygon without rings');
    return rings.map((ring) => {
      if (ring.length < 3) throw new Error(`Ring with ${ring.length} positions: at least 3 expected`);
      const flat = new Float64Array(ring.length * 2);
      ring.forEach((position, i) => {
        const x = position[0];
        const y = position[1];
        if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
          throw new Error(`Invalid position ${JSON.stringify(position)}`);
        }
        flat[2 * i] = x;
        flat[2 * i + 1] = y;
        if (x < bbox.minX) bbox.minX = x;
        if (x > bbox.maxX) bbox.maxX = x;
        if (y < bbox.minY) bbox.minY = y;
        if (y > bbox.maxY) bbox.maxY = y;
      });
      return flat;
    });
  });
  return { polygons, bbox };
}

export function bboxContains(bbox: BBox, x: number, y: number): boolean {
  return x >= bbox.minX && x <= bbox.maxX && y >= bbox.minY && y <= bbox.maxY;
}

/**
 * Crossing number (ray casting towards +x) over one ring; works whether or not the ring repeats
 * its first position. Each edge is evaluated from its lower end, so two polygons sharing an edge
 * compute the very same intersection and a point on that edge falls in exactly one of them.
 */
function crossesRing(ring: Float64Array, x: number, y: number): boolean {
  let inside = false;
  const n = ring.length;
  let ax = ring[n - 2]!;
  let ay = ring[n - 1]!;
  for (let i = 0; i < n; i += 2) {
    const bx = ring[i]!;
    const by = ring[i + 1]!;
    if (ay > y !== by > y) {
      const xCross = ay < by ? ax + ((y - ay) * (bx - ax)) / (by - ay) : bx + ((y - by) * (ax - bx)) / (ay - by);
      if (x < xCross) inside = !inside;
    }
    ax = bx;
    ay = by;
  }
  return inside;
}

/** Exact point-in-polygon: inside an outer ring and outside its holes, in any part. */
export function pointInGeometry(geometry: PolygonGeometry, x: number, y: number): boolean {
  if (!bboxContains(geometry.bbox, x, y)) return false;
  for (const rings of geometry.polygons) {
    if (!crossesRing(rings[0]!, x, y)) continue;
    let inHole = false;
    for (let h = 1; h < rings.length && !inHole; h++) inHole = crossesRing(rings[h]!, x, y);
    if (!inHole) return true;
  }
  return false;
}

/**
 * A uniformly distributed point inside the geometry: rejection sampling in its bounding box.
 * `random` returns numbers in [0, 1) (Math.random or a seeded generator for reproducible data).
 */
export function randomPointIn(geometry: PolygonGeometry, random: () => number, maxAttempts = 100_000): Point {
  const { minX, minY, maxX, maxY } = geometry.bbox;
  for (let i = 0; i < maxAttempts; i++) {
    const x = minX + random() * (maxX - minX);
    const y = minY + random() * (maxY - minY);
    if (pointInGeometry(geometry, x, y)) return { x, y };
  }
  throw new Error(`No point found inside the geometry after ${maxAttempts} attempts`);
}

