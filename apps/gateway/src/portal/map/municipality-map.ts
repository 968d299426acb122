import { readFileSync } from 'node:fs';
import { DATA_DIR } from '@care/geo';
import type { Localized } from '@care/kernel';

/**
 * The 19 municipalities of the Region, projected once at start-up for inline SVG maps: no tile
 * server, no script, no request to anyone. The outlines are the Statbel municipalities shipped
 * with `@care/geo` (`libs/geo/data/municipalities.geojson`, provenance and licence in its
 * README), simplified to what a map a few hundred pixels wide can show.
 */
export interface ProjectedMunicipality {
  nis: string;
  name: Localized;
  /** SVG path data in map units. */
  path: string;
  /** Where its name goes (area centroid of its largest ring). */
  label: { x: number; y: number };
}

export interface MapPoint {
  x: number;
  y: number;
}

export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Map units across the Region: a scale of about 24 m per unit. */
const WIDTH = 1_000;
/** Douglas–Peucker tolerance, in map units (about 36 m: invisible at the sizes drawn). */
const TOLERANCE = 1.5;

type Ring = Array<[number, number]>;

export class MunicipalityMap {
  private static shared: MunicipalityMap | undefined;

  readonly width = WIDTH;
  readonly height: number;
  private readonly west: number;
  private readonly north: number;
  private readonly scaleX: number;
  private readonly scaleY: number;

  readonly municipalities: ProjectedMunicipality[];
  /** Vertices in the source outlines and in the drawn ones. */
  readonly vertices: { source: number; drawn: number };

  private constructor(features: Array<{ nis: string; name: Localized; rings: Ring[] }>) {
    const all = features.flatMap((f) => f.rings.flat());
    const lons = all.map((p) => p[0]);
    const lats = all.map((p) => p[1]);
    this.west = Math.min(...lons);
    this.north = Math.max(...lats);
    const east = Math.max(...lons);
    const south = Math.min(...lats);
    // Equirectangular at the Region's mid-latitude: over 20 km the distortion is far below a pixel.
    const cosLat = Math.cos((((south + this.north) / 2) * Math.PI) / 180);
    this.scaleX = WIDTH / (east - this.west);
    this.scaleY = this.scaleX / cosLat;
    this.height = Math.round((this.north - south) * this.scaleY);
    let drawn = 0;
    this.municipalities = features
      .map((f) => {
        const rings = f.rings.map((ring) => simplify(ring.map(([lon, lat]) => this.projectRaw(lat, lon)), TOLERANCE)).filter((r) => r.length >= 4);
        drawn += rings.reduce((n, r) => n + r.length, 0);
        const largest = rings.reduce((a, b) => (Math.abs(area(b)) > Math.abs(area(a)) ? b : a));
        return { nis: f.nis, name: f.name, path: rings.map(pathOf).join(''), label: centroid(largest) };
      })
      .sort((a, b) => a.nis.localeCompare(b.nis));
    this.vertices = { source: all.length, drawn };
  }

  /** The shipped outlines, read and projected once per process. */
  static load(): MunicipalityMap {
    MunicipalityMap.shared ??= MunicipalityMap.fromGeoJson(JSON.parse(readFileSync(new URL('municipalities.geojson', DATA_DIR), 'utf8')));
    return MunicipalityMap.shared;
  }

  static fromGeoJson(collection: unknown): MunicipalityMap {
    const features = (collection as { features?: unknown[] }).features;
    if (!Array.isArray(features)) throw new Error('municipalities: a GeoJSON FeatureCollection is expected');
    const parsed = features.map((feature) => {
      const { properties, geometry } = feature as { properties: Record<string, string>; geometry: { type: string; coordinates: unknown } };
      const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
      const rings = polygons.flatMap((polygon) => polygon.map((ring) => ring.map(([lon, lat]) => [lon!, lat!] as [number, number])));
      return { nis: properties['municipality_nis']!, name: { fr: properties['name_fr']!, nl: properties['name_nl']! }, rings };
    });
    return new MunicipalityMap(parsed);
  }

  private projectRaw(lat: number, lon: number): [number, number] {
    return [(lon - this.west) * this.scaleX, (this.north - lat) * this.scaleY];
  }

  /** A WGS84 point in map units; null when it falls outside the drawn area (with a margin of a tenth). */
  project(point: { lat: number; lon: number }): MapPoint | null {
    const [x, y] = this.projectRaw(point.lat, point.lon);
    const margin = WIDTH / 10;
    if (x < -margin || y < -margin || x > WIDTH + margin || y > this.height + margin) return null;
    return { x: round(x), y: round(y) };
  }

  /**
   * The part of the map to show for some points: their bounding box with a margin, at least
   * `minSpan` of the Region's width across, kept to the map's proportions; the whole map without points.
   */
  viewBoxAround(points: readonly MapPoint[], minSpan = 0.2): ViewBox {
    const full = { x: 0, y: 0, width: WIDTH, height: this.height };
    if (points.length === 0) return full;
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const ratio = this.height / WIDTH;
    const spanX = Math.max(Math.max(...xs) - Math.min(...xs), WIDTH * minSpan);
    const spanY = Math.max(Math.max(...ys) - Math.min(...ys), spanX * ratio);
    // A margin of 15 % on each side, so that markers at the edge are drawn whole.
    const width = Math.max(spanX, spanY / ratio) * 1.3;
    const height = width * ratio;
    if (width >= WIDTH) return full;
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    const x = Math.min(Math.max(cx - width / 2, 0), WIDTH - width);
    const y = Math.min(Math.max(cy - height / 2, 0), this.height - height);
    return { x: round(x), y: round(y), width: round(width), height: round(height) };
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

function pathOf(ring: Ring): string {
  return `M${ring
    .slice(0, -1)
    .map(([x, y]) => `${round(x)} ${round(y)}`)
    .join('L')}Z`;
}

/** Douglas–Peucker on a closed ring (first point = last point), iterative. */
export function simplify(ring: Ring, tolerance: number): Ring {
  if (ring.length <= 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  // A closed ring has no chord between its ends: split it at the point farthest from the start.
  let far = 0;
  let farDistance = -1;
  for (let i = 1; i < ring.length - 1; i++) {
    const d = Math.hypot(ring[i]![0] - ring[0]![0], ring[i]![1] - ring[0]![1]);
    if (d > farDistance) [far, farDistance] = [i, d];
  }
  keep[far] = 1;
  const stack: Array<[number, number]> = [
    [0, far],
    [far, ring.length - 1],
  ];
  while (stack.length > 0) {
    const [start, end] = stack.pop()!;
    let index = -1;
    let max = tolerance;
    for (let i = start + 1; i < end; i++) {
      const d = segmentDistance(ring[i]!, ring[start]!, ring[end]!);
      if (d > max) [index, max] = [i, d];
    }
    if (index !== -1) {
      keep[index] = 1;
      stack.push([start, index], [index, end]);
    }
  }
  return ring.filter((_, i) => keep[i] === 1);
}

function segmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function area(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return sum / 2;
}

function centroid(ring: Ring): MapPoint {
  const a = area(ring);
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const cross = ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
    cx += (ring[i]![0] + ring[i + 1]![0]) * cross;
    cy += (ring[i]![1] + ring[i + 1]![1]) * cross;
  }
  return { x: round(cx / (6 * a)), y: round(cy / (6 * a)) };
}
