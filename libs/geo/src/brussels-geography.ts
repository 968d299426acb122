import type { Localized } from '@care/kernel';
import { readDataFile } from './data-files.js';
import { geometryFromGeoJson, randomPointIn, type GeoJsonPolygonal, type PolygonGeometry } from './geometry.js';
import { wgs84ToLambert72, type Lambert72Point, type LatLon } from './lambert72.js';
import { PolygonLayer } from './spatial-index.js';

export interface MunicipalityInfo {
  /** NIS code, e.g. '21015'. */
  nis: string;
  name: Localized;
}

export interface SectorInfo {
  /** Statbel statistical sector code, e.g. '21015A77-'. */
  code: string;
  name: Localized;
  municipalityNis: string;
  subMunicipality: { code: string; name: Localized };
}

export interface MonitoringDistrictInfo {
  /** Monitoring des Quartiers code, e.g. '87'. */
  code: string;
  name: Localized;
}

export interface Location {
  /** True when the point lies in one of the 19 municipalities. */
  insideRegion: boolean;
  municipality: MunicipalityInfo | null;
  statisticalSector: { code: string; name: Localized } | null;
  monitoringDistrict: MonitoringDistrictInfo | null;
  /** Rounded to the metre: the BD72 datum shift itself is only accurate to about a metre. */
  lambert72: Lambert72Point;
}

/** WGS84 bounding box, degrees. */
export interface LatLonBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface GeographySources {
  /** Parsed GeoJSON FeatureCollections, as in data/*.geojson. */
  statisticalSectors: unknown;
  monitoringDistricts: unknown;
  municipalities: unknown;
}

const FILES = {
  statisticalSectors: 'statistical-sectors.geojson',
  monitoringDistricts: 'monitoring-districts.geojson',
  municipalities: 'municipalities.geojson',
} as const;

/**
 * The administrative geography of the Brussels-Capital Region: the 19 municipalities, the 724
 * Statbel statistical sectors and the 145 monitoring districts, each layer behind a grid index
 * with exact point-in-polygon. Loading is synchronous (about 0.1 s, a few MB of GeoJSON): it
 * happens once at start-up and keeps every caller free of async plumbing.
 */
export class BrusselsGeography {
  private static shared: BrusselsGeography | undefined;

  private readonly sectorLayer: PolygonLayer<SectorEntry>;
  private readonly districtLayer: PolygonLayer<MonitoringDistrictInfo>;
  private readonly municipalityLayer: PolygonLayer<MunicipalityInfo>;
  private readonly municipalitiesByNis: Map<string, MunicipalityInfo>;
  private readonly sectorsByCode: Map<string, SectorEntry>;

  private constructor(sources: GeographySources) {
    // Answers are shared, not copied, on every `locate`: frozen so that no caller can alter them for the others.
    const municipalities = readFeatures(sources.municipalities, 'municipalities', (p): MunicipalityInfo =>
      deepFreeze({
        nis: text(p, 'municipality_nis'),
        name: { fr: text(p, 'name_fr'), nl: text(p, 'name_nl') },
      }),
    );
    this.municipalitiesByNis = uniqueBy(municipalities, (m) => m.value.nis, 'municipality');
    this.municipalityLayer = new PolygonLayer(municipalities);

    const sectors = readFeatures(sources.statisticalSectors, 'statistical sectors', (p): SectorInfo =>
      deepFreeze({
        code: text(p, 'sector_code'),
        // A few sectors have no name in the source (e.g. 21004A19-); their code stands in for it.
        name: { fr: optionalText(p, 'name_fr') ?? text(p, 'sector_code'), nl: optionalText(p, 'name_nl') ?? text(p, 'sector_code') },
        municipalityNis: text(p, 'municipality_nis'),
        subMunicipality: {
          code: text(p, 'sub_municipality_code'),
          name: { fr: text(p, 'sub_municipality_fr'), nl: text(p, 'sub_municipality_nl') },
        },
      }),
    ).map(({ geometry, value }) => ({
      geometry,
      value: { info: value, ref: Object.freeze({ code: value.code, name: value.name }), geometry },
    }));
    this.sectorsByCode = uniqueBy(sectors, (s) => s.value.info.code, 'statistical sector');
    this.sectorLayer = new PolygonLayer(sectors);

    const districts = readFeatures(sources.monitoringDistricts, 'monitoring districts', (p): MonitoringDistrictInfo =>
      deepFreeze({
        code: code(p, 'district_code'),
        name: { fr: text(p, 'name_fr'), nl: text(p, 'name_nl') },
      }),
    );
    uniqueBy(districts, (d) => d.value.code, 'monitoring district');
    this.districtLayer = new PolygonLayer(districts);
  }

  /** The library's own data (data/ next to dist/), loaded once per process; pass `dataDir` for another copy. */
  static load(dataDir?: URL): BrusselsGeography {
    if (dataDir) return BrusselsGeography.fromSources(readSources(dataDir));
    BrusselsGeography.shared ??= BrusselsGeography.fromSources(readSources());
    return BrusselsGeography.shared;
  }

  static fromSources(sources: GeographySources): BrusselsGeography {
    return new BrusselsGeography(sources);
  }

  /**
   * Enriches a WGS84 point with its municipality, statistical sector, monitoring district and
   * Lambert 72 coordinates. Throws a RangeError for coordinates that are not a WGS84 point.
   */
  locate(lat: number, lon: number): Location {
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) throw new RangeError(`Invalid WGS84 coordinates (${lat}, ${lon})`);
    const p = wgs84ToLambert72(lat, lon);
    const municipality = this.municipalityLayer.find(lon, lat);
    return {
      insideRegion: municipality !== null,
      municipality,
      statisticalSector: this.sectorLayer.find(lon, lat)?.ref ?? null,
      monitoringDistrict: this.districtLayer.find(lon, lat),
      lambert72: { x: Math.round(p.x), y: Math.round(p.y) },
    };
  }

  municipality(nis: string): MunicipalityInfo | null {
    return this.municipalitiesByNis.get(nis) ?? null;
  }

  /** The 19 municipalities, by NIS code. */
  municipalities(): MunicipalityInfo[] {
    return [...this.municipalitiesByNis.values()].sort((a, b) => a.nis.localeCompare(b.nis));
  }

  sector(code: string): SectorInfo | null {
    return this.sectorsByCode.get(code)?.info ?? null;
  }

  /** The statistical sectors, by code (which groups them by municipality). */
  sectors(): SectorInfo[] {
    return [...this.sectorsByCode.values()].map((s) => s.info).sort((a, b) => a.code.localeCompare(b.code));
  }

  /** The monitoring districts, by numeric code. */
  monitoringDistricts(): MonitoringDistrictInfo[] {
    return this.districtLayer.features.map((f) => f.value).sort((a, b) => Number(a.code) - Number(b.code) || a.code.localeCompare(b.code));
  }

  sectorGeometry(code: string): PolygonGeometry | null {
    return this.sectorsByCode.get(code)?.geometry ?? null;
  }

  /**
   * A uniformly random point inside a statistical sector (rejection sampling in its bounding box),
   * e.g. to place demo sites at real places. Throws for an unknown code.
   */
  randomPointInSector(code: string, random: () => number): LatLon {
    const geometry = this.sectorGeometry(code);
    if (!geometry) throw new Error(`Unknown statistical sector ${code}`);
    const { x, y } = randomPointIn(geometry, random);
    return { lat: y, lon: x };
  }

  /** The Region's bounding box. */
  bounds(): LatLonBounds {
    const { minX, minY, maxX, maxY } = this.municipalityLayer.extent;
    return { south: minY, west: minX, north: maxY, east: maxX };
  }

  /** The layers, for diagnostics and brute-force checks. */
  get layers(): {
    municipalities: PolygonLayer<MunicipalityInfo>;
    statisticalSectors: PolygonLayer<{ info: SectorInfo }>;
    monitoringDistricts: PolygonLayer<MonitoringDistrictInfo>;
  } {
    return { municipalities: this.municipalityLayer, statisticalSectors: this.sectorLayer, monitoringDistricts: this.districtLayer };
  }
}

interface SectorEntry {
  info: SectorInfo;
  /** What `locate` returns: just the code and name, built once so that enrichment allocates nothing per sector. */
  ref: Readonly<{ code: string; name: Localized }>;
  geometry: PolygonGeometry;
}

function readSources(dataDir?: URL): GeographySources {
  return {
    statisticalSectors: JSON.parse(readDataFile(FILES.statisticalSectors, dataDir)),
    monitoringDistricts: JSON.parse(readDataFile(FILES.monitoringDistricts, dataDir)),
    municipalities: JSON.parse(readDataFile(FILES.municipalities, dataDir)),
  };
}

type Properties = Record<string, unknown>;

function readFeatures<T>(
  collection: unknown,
  what: string,
  read: (properties: Properties) => T,
): { geometry: PolygonGeometry; value: T }[] {
  const features = (collection as { type?: unknown; features?: unknown } | null)?.features;
  if ((collection as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features)) {
    throw new Error(`${what}: a GeoJSON FeatureCollection is expected`);
  }
  return features.map((feature: { properties?: unknown; geometry?: unknown }, index) => {
    try {
      const properties = feature.properties;
      if (typeof properties !== 'object' || properties === null) throw new Error('no properties');
      return { geometry: geometryFromGeoJson(feature.geometry as GeoJsonPolygonal), value: read(properties as Properties) };
    } catch (error) {
      throw new Error(`${what}, feature ${index}: ${(error as Error).message}`, { cause: error });
    }
  });
}

function text(properties: Properties, key: string): string {
  const value = optionalText(properties, key);
  if (value === null) throw new Error(`property ${key} is missing or empty`);
  return value;
}

function optionalText(properties: Properties, key: string): string | null {
  const value = properties[key];
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value !== 'string') throw new Error(`property ${key} is not a string`);
  return value.trim();
}

/** Codes may be numbers in the source (district_code: 87); they are identifiers, so strings here. */
function code(properties: Properties, key: string): string {
  const value = properties[key];
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return text(properties, key);
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  return Object.freeze(value);
}

function uniqueBy<T>(features: { value: T }[], key: (feature: { value: T }) => string, what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const feature of features) {
    const k = key(feature);
    if (map.has(k)) throw new Error(`Duplicate ${what} ${k}`);
    map.set(k, feature.value);
  }
  return map;
}
