import { z } from 'zod';
import { CONVENTION_STATUSES } from '@care/contracts';
import { issue, registerMessages, type Language } from '@care/kernel';
import { addDays, brusselsInstant, inBrussels } from '@care/opening-hours';
import { DOCUMENT_KINDS, type DocumentKind } from './search-document.js';

/** Caps that keep one request cheap whatever a caller sends. */
export const SEARCH_LIMITS = {
  maxSize: 100,
  defaultSize: 20,
  /** Deepest result reachable by paging (page × size). */
  maxWindow: 10_000,
  maxRadiusM: 50_000,
  defaultRadiusM: 2_000,
  maxPolygonVertices: 1_000,
  maxQueryLength: 200,
  maxValuesPerFilter: 50,
  /** Days before and after today for which opening intervals are indexed (`openAt`). */
  openingWindowPastDays: 7,
  openingWindowFutureDays: 92,
} as const;

export const SORTS = ['relevance', 'distance', 'name'] as const;

export interface SearchQuery {
  q: string | null;
  lang: Language;
  near: { lat: number; lon: number; radiusM: number } | null;
  /** West, south, east, north (GeoJSON order). */
  bbox: { west: number; south: number; east: number; north: number } | null;
  /** Exterior ring, `[lon, lat]` pairs, closed. */
  polygon: Array<[number, number]> | null;
  kind: DocumentKind[];
  municipality: string[];
  statSector: string[];
  district: string[];
  sector: number[];
  rubrique: number[];
  category: number[];
  agrementType: string[];
  authority: string[];
  language: string[];
  offerKind: string[];
  publicTarget: string[];
  profession: string[];
  convention: string[];
  acceptingPatients: boolean | null;
  openAt: Date | null;
  sort: (typeof SORTS)[number];
  page: number;
  size: number;
}

registerMessages({
  'search.coordinates': { fr: 'attendu « latitude,longitude » en degrés WGS84 valides', nl: 'verwacht "breedtegraad,lengtegraad" in geldige WGS84-graden' },
  'search.bbox': { fr: 'attendu « ouest,sud,est,nord » en degrés WGS84, ouest < est et sud < nord', nl: 'verwacht "west,zuid,oost,noord" in WGS84-graden, west < oost en zuid < noord' },
  'search.window': { fr: `page × size ne peut dépasser ${SEARCH_LIMITS.maxWindow} : affinez la recherche`, nl: `page × size mag niet groter zijn dan ${SEARCH_LIMITS.maxWindow}: verfijn de zoekopdracht` },
  'search.distance-needs-near': { fr: 'le tri par distance demande le paramètre near', nl: 'sorteren op afstand vereist de parameter near' },
  'search.open-at-window': {
    fr: `openAt doit se situer entre ${SEARCH_LIMITS.openingWindowPastDays} jours avant et ${SEARCH_LIMITS.openingWindowFutureDays} jours après aujourd’hui`,
    nl: `openAt moet tussen ${SEARCH_LIMITS.openingWindowPastDays} dagen vóór en ${SEARCH_LIMITS.openingWindowFutureDays} dagen na vandaag liggen`,
  },
  'search.polygon': {
    fr: `attendu un Polygon GeoJSON fermé de 4 à ${SEARCH_LIMITS.maxPolygonVertices} sommets [longitude, latitude]`,
    nl: `verwacht een gesloten GeoJSON-Polygon met 4 tot ${SEARCH_LIMITS.maxPolygonVertices} hoekpunten [lengtegraad, breedtegraad]`,
  },
});

const finite = (s: string) => (s.trim() === '' ? NaN : Number(s));
const validLat = (n: number) => Number.isFinite(n) && n >= -90 && n <= 90;
const validLon = (n: number) => Number.isFinite(n) && n >= -180 && n <= 180;

/** A filter given as `a,b`, repeated (`x=a&x=b`) or, in a JSON body, as an array. */
function list<T extends z.ZodType>(item: T) {
  return z
    .union([z.string(), z.array(z.union([z.string(), z.number()]))])
    .transform((v) => (Array.isArray(v) ? v.map(String) : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(SEARCH_LIMITS.maxValuesPerFilter) as unknown as z.ZodType<z.output<T>[], string[]>)
    .optional()
    .transform((v) => (v ?? []) as z.output<T>[]);
}

const code = z.string().regex(/^[A-Za-z0-9._-]{1,60}$/);
const id = z.coerce.number().int().positive().max(2_147_483_647);
const positiveInt = z.coerce.number().int().positive();

const point = z.string().transform((value, ctx) => {
  const parts = value.split(',').map(finite);
  if (parts.length !== 2 || !validLat(parts[0]!) || !validLon(parts[1]!)) {
    ctx.addIssue(issue('search.coordinates'));
    return z.NEVER;
  }
  return { lat: parts[0]!, lon: parts[1]! };
});

const bbox = z.string().transform((value, ctx) => {
  const [west, south, east, north] = value.split(',').map(finite);
  const ok = value.split(',').length === 4 && validLon(west!) && validLon(east!) && validLat(south!) && validLat(north!) && west! < east! && south! < north!;
  if (!ok) {
    ctx.addIssue(issue('search.bbox'));
    return z.NEVER;
  }
  return { west: west!, south: south!, east: east!, north: north! };
});

/** A date-time with an offset, or a Brussels local date-time (`2026-11-23T14:00`). */
const brusselsDateTime = z.string().transform((value, ctx) => {
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (local) {
    const [h, m] = [Number(local[2]), Number(local[3])];
    if (!Number.isNaN(Date.parse(`${local[1]}T00:00:00Z`)) && h < 24 && m < 60) return brusselsInstant(local[1]!, h * 60 + m);
  } else if (z.iso.datetime({ offset: true }).safeParse(value).success) return new Date(value);
  ctx.addIssue({ code: 'custom', message: 'ISO 8601 date-time (Europe/Brussels when no offset)' });
  return z.NEVER;
});

export const geoJsonPolygonSchema = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(z.array(z.number()).length(2)).max(SEARCH_LIMITS.maxPolygonVertices + 1)).min(1).max(1),
  })
  .superRefine((polygon, ctx) => {
    // Refinements run even after a size issue (zod 4): the ring may be missing or its points short.
    const ring = polygon.coordinates[0] ?? [];
    const first = ring[0];
    const last = ring.at(-1);
    const ok = ring.length >= 4 && ring.every((p) => p.length === 2 && validLon(p[0]!) && validLat(p[1]!)) && first![0] === last![0] && first![1] === last![1];
    if (!ok) ctx.addIssue(issue('search.polygon', ['coordinates']));
  });

/** The filters and paging shared by `GET /search` (query string) and `POST /search/area` (JSON body). */
const searchFields = {
  q: z.string().trim().max(SEARCH_LIMITS.maxQueryLength).optional(),
  lang: z.enum(['fr', 'nl']).optional(),
  near: point.optional(),
  radius: z.coerce.number().positive().optional().describe(`metres, at most ${SEARCH_LIMITS.maxRadiusM} (larger values are capped)`),
  bbox: bbox.optional().describe('west,south,east,north in WGS84 degrees'),
  kind: list(z.enum(DOCUMENT_KINDS)),
  municipality: list(z.string().regex(/^\d{5}$/)).describe('NIS codes'),
  statSector: list(code),
  district: list(code),
  sector: list(id),
  rubrique: list(id),
  category: list(id),
  agrementType: list(code),
  authority: list(code),
  language: list(code),
  offerKind: list(code),
  publicTarget: list(code),
  profession: list(code),
  convention: list(z.enum(CONVENTION_STATUSES)),
  acceptingPatients: z.enum(['true', 'false']).optional(),
  openAt: brusselsDateTime.optional(),
  sort: z.enum(SORTS).optional(),
  page: positiveInt.max(SEARCH_LIMITS.maxWindow).default(1),
  size: positiveInt.default(SEARCH_LIMITS.defaultSize).describe(`at most ${SEARCH_LIMITS.maxSize} (larger values are capped)`),
};

type SearchFields = z.output<z.ZodObject<typeof searchFields>>;

function checkAndBuild(fields: SearchFields, polygon: Array<[number, number]> | null, ctx: z.RefinementCtx, now: () => Date): SearchQuery | typeof z.NEVER {
  let failed = false;
  const fail = (code: string, field: string) => {
    ctx.addIssue(issue(code, [field]));
    failed = true;
  };
  const size = Math.min(fields.size, SEARCH_LIMITS.maxSize);
  if (fields.page * size > SEARCH_LIMITS.maxWindow) fail('search.window', 'page');
  const sort = fields.sort ?? (fields.q ? 'relevance' : fields.near ? 'distance' : 'name');
  if (sort === 'distance' && !fields.near) fail('search.distance-needs-near', 'sort');
  if (fields.openAt) {
    const today = inBrussels(now()).date;
    const at = inBrussels(fields.openAt).date;
    if (at < addDays(today, -SEARCH_LIMITS.openingWindowPastDays) || at > addDays(today, SEARCH_LIMITS.openingWindowFutureDays)) fail('search.open-at-window', 'openAt');
  }
  if (failed) return z.NEVER;
  return {
    q: fields.q ? fields.q : null,
    lang: fields.lang ?? 'fr',
    near: fields.near ? { ...fields.near, radiusM: Math.min(fields.radius ?? SEARCH_LIMITS.defaultRadiusM, SEARCH_LIMITS.maxRadiusM) } : null,
    bbox: fields.bbox ?? null,
    polygon,
    kind: fields.kind,
    municipality: fields.municipality,
    statSector: fields.statSector,
    district: fields.district,
    sector: fields.sector,
    rubrique: fields.rubrique,
    category: fields.category,
    agrementType: fields.agrementType,
    authority: fields.authority,
    language: fields.language,
    offerKind: fields.offerKind,
    publicTarget: fields.publicTarget,
    profession: fields.profession,
    convention: fields.convention,
    acceptingPatients: fields.acceptingPatients === undefined ? null : fields.acceptingPatients === 'true',
    openAt: fields.openAt ?? null,
    sort,
    page: fields.page,
    size,
  };
}

/** `GET /search` query string → a checked, capped query. `now` decides the `openAt` window. */
export function searchQuerySchema(now: () => Date = () => new Date()) {
  return z
    .object(searchFields)
    .strict()
    .transform((fields, ctx) => checkAndBuild(fields, null, ctx, now));
}

/** `POST /search/area` body: the same filters, plus a GeoJSON polygon (exterior ring; holes are not accepted). */
export function areaSearchSchema(now: () => Date = () => new Date()) {
  return z
    .object({ ...searchFields, polygon: geoJsonPolygonSchema })
    .strict()
    .transform(({ polygon, ...fields }, ctx) => checkAndBuild(fields, polygon.coordinates[0]!.map(([lon, lat]) => [lon!, lat!] as [number, number]), ctx, now));
}
