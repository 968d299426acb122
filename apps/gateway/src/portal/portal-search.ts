import { z } from 'zod';
import { registerMessages, issue, type Language } from '@care/kernel';

/**
 * What a citizen can ask on the results page, as a plain GET form sends it. Empty fields (the
 * "all" choice of a select) count as absent and unknown parameters (`utm_source` from a search
 * engine) are ignored; a value that cannot be right is a 400 naming the field.
 */
export interface PortalSearch {
  q: string | null;
  sector: number | null;
  category: number | null;
  /** NIS code. */
  municipality: string | null;
  /** Monitoring district code (from a suggestion). */
  district: string | null;
  /** Code of the `language` reference list: a language the service can be received in. */
  language: string | null;
  kind: 'site' | 'practice' | null;
  open: boolean;
  near: { lat: number; lon: number } | null;
  /** Metres around `near`. */
  radius: number;
  sort: 'relevance' | 'distance' | 'name' | null;
  page: number;
}

export const PAGE_SIZE = 20;
export const RADII = [500, 1_000, 2_000, 5_000, 10_000] as const;
const DEFAULT_RADIUS = 2_000;
/** The search service refuses page × size beyond 10,000. */
const MAX_PAGE = Math.floor(10_000 / PAGE_SIZE);

registerMessages({
  'portal.near': { fr: 'attendu « latitude,longitude » en degrés', nl: 'verwacht "breedtegraad,lengtegraad" in graden' },
  'portal.radius': { fr: `choisir l’une des distances proposées (${RADII.join(', ')} m)`, nl: `kies een van de voorgestelde afstanden (${RADII.join(', ')} m)` },
  'portal.sort-distance': { fr: 'le tri par distance demande une position (« près de moi »)', nl: 'sorteren op afstand vereist een positie ("in mijn buurt")' },
});

/** A repeated parameter counts once (its first value); an empty one is absent. */
const blank = (value: unknown) => {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return first === '' ? undefined : first;
};
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const id = z.coerce.number().int().positive().max(2_147_483_647);

const point = z.string().transform((value, ctx) => {
  const [lat, lon, ...rest] = value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (rest.length > 0 || !(Math.abs(lat!) <= 90) || !(Math.abs(lon!) <= 180)) {
    ctx.addIssue(issue('portal.near'));
    return z.NEVER;
  }
  // Five decimals (about a metre) are plenty and keep shared URLs short.
  return { lat: Math.round(lat! * 1e5) / 1e5, lon: Math.round(lon! * 1e5) / 1e5 };
});

export const portalSearchSchema = z
  .object({
    q: optional(z.string().trim().max(200)),
    sector: optional(id),
    category: optional(id),
    municipality: optional(z.string().regex(/^21\d{3}$/)),
    district: optional(z.string().regex(/^[A-Za-z0-9._-]{1,60}$/)),
    language: optional(z.string().regex(/^[a-z]{2,3}$/)),
    kind: optional(z.enum(['site', 'practice'])),
    open: optional(z.enum(['1', 'true', 'on'])),
    near: optional(point),
    radius: optional(z.coerce.number().int().refine((r) => (RADII as readonly number[]).includes(r), { params: { i18n: 'portal.radius' } })),
    sort: optional(z.enum(['relevance', 'distance', 'name'])),
    page: optional(z.coerce.number().int().min(1).max(MAX_PAGE)),
  })
  .superRefine((value, ctx) => {
    if (value.sort === 'distance' && !value.near) ctx.addIssue(issue('portal.sort-distance', ['sort']));
  })
  .transform(
    (v): PortalSearch => ({
      q: v.q ? v.q : null,
      sector: v.sector ?? null,
      category: v.category ?? null,
      municipality: v.municipality ?? null,
      district: v.district ?? null,
      language: v.language ?? null,
      kind: v.kind ?? null,
      open: v.open !== undefined,
      near: v.near ?? null,
      radius: v.radius ?? DEFAULT_RADIUS,
      sort: v.sort ?? null,
      page: v.page ?? 1,
    }),
  );

export const EMPTY_SEARCH: PortalSearch = portalSearchSchema.parse({});

/** The portal URL query of a search, in a fixed order so that equal searches have equal URLs. */
export function searchQuery(search: PortalSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.kind) params.set('kind', search.kind);
  if (search.sector !== null) params.set('sector', String(search.sector));
  if (search.category !== null) params.set('category', String(search.category));
  if (search.municipality) params.set('municipality', search.municipality);
  if (search.district) params.set('district', search.district);
  if (search.language) params.set('language', search.language);
  if (search.open) params.set('open', '1');
  if (search.near) {
    params.set('near', `${search.near.lat},${search.near.lon}`);
    if (search.radius !== DEFAULT_RADIUS) params.set('radius', String(search.radius));
  }
  if (search.sort && search.sort !== defaultSort(search)) params.set('sort', search.sort);
  if (search.page > 1) params.set('page', String(search.page));
  return params;
}

/** The order when none is chosen: nearest first near a place, best match for a text, else by name. */
export function defaultSort(search: Pick<PortalSearch, 'q' | 'near'>): 'relevance' | 'distance' | 'name' {
  return search.near ? 'distance' : search.q ? 'relevance' : 'name';
}

/** The same search with some fields changed; any change but paging goes back to page 1. */
export function changed(search: PortalSearch, patch: Partial<PortalSearch>): PortalSearch {
  return { ...search, page: 1, ...patch };
}

/**
 * The query of the search service's `GET /search` for a portal search. "Open now" is the
 * service's `openAt` at `now`; a search near a place ("near me") sorts by distance unless asked otherwise.
 */
export function searchServiceQuery(search: PortalSearch, lang: Language, now: Date): URLSearchParams {
  const params = new URLSearchParams({ lang, page: String(search.page), size: String(PAGE_SIZE) });
  if (search.q) params.set('q', search.q);
  if (search.kind) params.set('kind', search.kind);
  if (search.sector !== null) params.set('sector', String(search.sector));
  if (search.category !== null) params.set('category', String(search.category));
  if (search.municipality) params.set('municipality', search.municipality);
  if (search.district) params.set('district', search.district);
  if (search.language) params.set('language', search.language);
  if (search.open) params.set('openAt', now.toISOString());
  if (search.near) {
    params.set('near', `${search.near.lat},${search.near.lon}`);
    params.set('radius', String(search.radius));
  }
  params.set('sort', search.sort ?? defaultSort(search));
  return params;
}

/** Whether the citizen asked anything (the results page without criteria lists everything by name). */
export function hasCriteria(search: PortalSearch): boolean {
  return searchQuery({ ...search, page: 1 }).size > 0;
}
