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
 * One ring as a flat `[x0, y0, x1, y1, …]` array (typed arrays keep the hot loop free of object
 * lookups), with its edges bucketed by horizontal bands: a ray cast at height y can only cross
 * edges spanning y, so a query tests the few edges of one band instead of the whole ring
 * (municipality rings have up to a few thousand vertices).
 */
export interface Ring {
  readonly coords: Float64Array;
  readonly bands: EdgeBands | null;
}

export interface EdgeBands {
  readonly minY: number;
  /** Bands per unit of y. */
  readonly scale: number;
  readonly count: number;
  /** Edges of band b: `edges[start[b]] … edges[start[b + 1] - 1]`, each the index of its end vertex. */
  readonly start: Int32Array;
  readonly edges: Int32Array;
}

/** A Polygon or MultiPolygon: in each polygon the first ring is the outer boundary, the others are holes. */
export interface PolygonGeometry {
  readonly polygons: readonly (readonly Ring[])[];
  readonly bbox: BBox;
}

export type GeoJsonPosition = readonly number[];

export type GeoJsonPolygonal =
  | { type: 'Polygon'; coordinates: readonly (readonly GeoJsonPosition[])[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly (readonly GeoJsonPosition[])[])[] };

/** Below this many vertices a plain scan is as fast as the band lookup. */
const BANDED_FROM = 32;
/** About this many vertices per band: a few edges to test per query, modest memory. */
const VERTICES_PER_BAND = 4;

export function geometryFromGeoJson(geometry: GeoJsonPolygonal): PolygonGeometry {
  const type = (geometry as { type?: unknown } | null | undefined)?.type;
  const parts = type === 'Polygon' ? [geometry.coordinates] : type === 'MultiPolygon' ? geometry.coordinates : null;
  if (!parts) throw new Error(`Unsupported geometry type ${String(type)}: Polygon or MultiPolygon expected`);
  const bbox: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const polygons = (parts as readonly (readonly (readonly GeoJsonPosition[])[])[]).map((rings) => {
    if (rings.length === 0) throw new Error('Polygon without rings');
    return rings.map((ring) => {
      if (ring.length < 3) throw new Error(`Ring with ${ring.length} positions: at least 3 expected`);
      const coords = new Float64Array(ring.length * 2);
      ring.forEach((position, i) => {
        const x = position[0];
        const y = position[1];
        if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
          throw new Error(`Invalid position ${JSON.stringify(position)}`);
        }
        coords[2 * i] = x;
        coords[2 * i + 1] = y;
        if (x < bbox.minX) bbox.minX = x;
        if (x > bbox.maxX) bbox.maxX = x;
        if (y < bbox.minY) bbox.minY = y;
        if (y > bbox.maxY) bbox.maxY = y;
      });
      return ringOf(coords);
    });
  });
  return { polygons, bbox };
}

/** A ring from flat coordinates; the closing position may be repeated or not. */
export function ringOf(coords: Float64Array): Ring {
  const vertices = coords.length / 2;
  if (vertices < BANDED_FROM) return { coords, bands: null };
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 1; i < coords.length; i += 2) {
    minY = Math.min(minY, coords[i]!);
    maxY = Math.max(maxY, coords[i]!);
  }
  const count = Math.max(1, Math.floor(vertices / VERTICES_PER_BAND));
  const scale = maxY > minY ? count / (maxY - minY) : 0;
  const bandOf = (y: number) => Math.min(count - 1, Math.floor((y - minY) * scale));
  // Two passes (count, then fill) into flat arrays, like the grid index.
  const start = new Int32Array(count + 1);
  const forEachEdge = (visit: (band: number, end: number) => void) => {
    for (let i = 0; i < vertices; i++) {
      const j = i === 0 ? vertices - 1 : i - 1;
      const y0 = coords[2 * j + 1]!;
      const y1 = coords[2 * i + 1]!;
      if (y0 === y1) continue; // a horizontal edge never counts as a crossing
      for (let b = bandOf(Math.min(y0, y1)), last = bandOf(Math.max(y0, y1)); b <= last; b++) visit(b, i);
    }
  };
  forEachEdge((band) => start[band + 1]!++);
  for (let b = 1; b <= count; b++) start[b]! += start[b - 1]!;
  const edges = new Int32Array(start[count]!);
  const fill = start.slice(0, count);
  forEachEdge((band, end) => {
    edges[fill[band]!++] = end;
  });
  return { coords, bands: { minY, scale, count, start, edges } };
}

export function bboxContains(bbox: BBox, x: number, y: number): boolean {
  return x >= bbox.minX && x <= bbox.maxX && y >= bbox.minY && y <= bbox.maxY;
}

/**
 * Whether the edge ending at vertex i (starting at the previous vertex) crosses the ray from
 * (x, y) towards +x. Half-open in y, and evaluated from the edge's lower end, so two polygons
 * sharing an edge compute the very same intersection and a point on it falls in exactly one.
 */
function crosses(coords: Float64Array, i: number, x: number, y: number): boolean {
  const j = i === 0 ? coords.length / 2 - 1 : i - 1;
  const ax = coords[2 * j]!;
  const ay = coords[2 * j + 1]!;
  const bx = coords[2 * i]!;
  const by = coords[2 * i + 1]!;
  if (ay > y === by > y) return false;
  const xCross = ay < by ? ax + ((y - ay) * (bx - ax)) / (by - ay) : bx + ((y - by) * (ax - bx)) / (ay - by);
  return x < xCross;
}

/** Crossing number (even-odd rule) of one ring. */
export function pointInRing(ring: Ring, x: number, y: number): boolean {
  const { coords, bands } = ring;
  let inside = false;
  if (bands === null) {
    for (let i = 0, n = coords.length / 2; i < n; i++) if (crosses(coords, i, x, y)) inside = !inside;
    return inside;
  }
  const band = Math.floor((y - bands.minY) * bands.scale);
  // Above the top the band is past the end; exactly at the top it is the last band.
  if (!(band >= 0 && band <= bands.count)) return false;
  const b = Math.min(band, bands.count - 1);
  for (let k = bands.start[b]!, end = bands.start[b + 1]!; k < end; k++) if (crosses(coords, bands.edges[k]!, x, y)) inside = !inside;
  return inside;
}

/** Exact point-in-polygon: inside an outer ring and outside its holes, in any part. */
export function pointInGeometry(geometry: PolygonGeometry, x: number, y: number): boolean {
  if (!bboxContains(geometry.bbox, x, y)) return false;
  for (const rings of geometry.polygons) {
    if (!pointInRing(rings[0]!, x, y)) continue;
    let inHole = false;
    for (let h = 1; h < rings.length && !inHole; h++) inHole = pointInRing(rings[h]!, x, y);
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
