import type { Language, Localized } from '@care/kernel';
import { formatCount, formatDistance } from '../format.js';
import { html, telUrl, type SafeHtml } from '../html.js';
import { t, type MessageKey } from '../i18n/portal.messages.js';
import { renderMap } from '../map/map.view.js';
import type { MunicipalityMap } from '../map/municipality-map.js';
import { pageUrl, type PortalPage } from '../portal-routes.js';
import { changed, defaultSort, hasCriteria, PAGE_SIZE, RADII, searchQuery, type PortalSearch } from '../portal-search.js';
import { listLabel, type Taxonomy } from '../upstream/portal-catalog.js';
import { layout, type RenderContext } from './layout.js';
import { searchForm } from './search-form.js';

/** A hit of the search service's `GET /search`, in the language asked. */
export interface SearchHitView {
  id: string;
  kind: 'site' | 'practice';
  entityId: string;
  name: string;
  subtitle: string | null;
  address: { street: string; number: string | null; postcode: string; municipality: string } | null;
  distanceM: number | null;
  point: { lat: number; lon: number } | null;
  phone: string | null;
  categories: Array<{ id: number; name: string }>;
  profession: string | null;
  appointmentOnly: boolean;
  link: string;
}

export interface SearchAnswer {
  total: number;
  hits: SearchHitView[];
  facets: Record<string, Array<{ key: string; count: number; label: string }>>;
}

/** The portal page of a hit: a site's page, or the page of the care provider who practises there. */
export function hitUrl(lang: Language, hit: Pick<SearchHitView, 'kind' | 'entityId' | 'link'>): string {
  if (hit.kind === 'site') return pageUrl(lang, { kind: 'site', id: Number(hit.entityId) });
  const provider = /^\/providers\/(\d{8})$/.exec(hit.link)?.[1] ?? hit.entityId.slice(0, 8);
  return `${pageUrl(lang, { kind: 'provider', id: provider })}#practice-${encodeURIComponent(hit.entityId)}`;
}

export const addressLine = (a: { street: string; number: string | null; postcode: string; municipality: string }) =>
  `${a.street}${a.number ? ` ${a.number}` : ''}, ${a.postcode} ${a.municipality}`;

interface Option {
  value: string;
  label: string;
  count?: number;
}

function select(lang: Language, name: string, labelKey: MessageKey, selected: string | null, options: Option[], withAll = true): SafeHtml {
  const id = `f-${name}`;
  return html`<div class="field">
    <label for="${id}">${t(lang, labelKey)}</label>
    <select id="${id}" name="${name}">
      ${withAll ? html`<option value="">${t(lang, 'search.filter.all')}</option>` : ''}
      ${options.map((o) => html`<option value="${o.value}"${o.value === selected ? ' selected' : ''}>${o.label}${o.count === undefined ? '' : ` (${formatCount(lang, o.count)})`}</option>`)}
    </select>
  </div>`;
}

const byLabel = (lang: Language) => (a: Option, b: Option) => a.label.localeCompare(b.label, lang);

/** Facet counts by key. */
const counts = (answer: SearchAnswer, facet: string) => new Map((answer.facets[facet] ?? []).map((b) => [b.key, b]));

/** Options of one filter: the reference values with their counts, or the facet's values (plus the selected one, even at zero). */
function facetOptions(answer: SearchAnswer, facet: string, selected: string | null, label: (key: string, facetLabel: string | undefined) => string): Option[] {
  const buckets = counts(answer, facet);
  const keys = new Set([...buckets.keys(), ...(selected ? [selected] : [])]);
  return [...keys].map((key) => ({ value: key, label: label(key, buckets.get(key)?.label), count: buckets.get(key)?.count ?? 0 }));
}

interface ActiveFilter {
  label: string;
  without: PortalSearch;
}

function activeFilters(lang: Language, search: PortalSearch, names: { sector?: string; category?: string; municipality?: string; language?: string; district?: string }): ActiveFilter[] {
  const filter = (key: MessageKey, value: string, patch: Partial<PortalSearch>): ActiveFilter => ({ label: t(lang, 'search.filters.chip', { filter: t(lang, key), value }), without: changed(search, patch) });
  const out: ActiveFilter[] = [];
  if (search.kind) out.push(filter('search.filter.kind', t(lang, `search.kind.${search.kind}`), { kind: null }));
  if (search.sector !== null) out.push(filter('search.filter.sector', names.sector ?? String(search.sector), { sector: null }));
  if (search.category !== null) out.push(filter('search.filter.category', names.category ?? String(search.category), { category: null }));
  if (search.municipality) out.push(filter('search.filter.municipality', names.municipality ?? search.municipality, { municipality: null }));
  if (search.district) out.push(filter('search.filter.district', names.district ?? search.district, { district: null }));
  if (search.language) out.push(filter('search.filter.language', names.language ?? search.language, { language: null }));
  if (search.open) out.push({ label: t(lang, 'search.filter.open'), without: changed(search, { open: false }) });
  if (search.near) out.push({ label: `${t(lang, 'search.filter.near')} (${formatDistance(lang, search.radius)})`, without: changed(search, { near: null, sort: search.sort === 'distance' ? null : search.sort }) });
  return out;
}

function countText(lang: Language, total: number): string {
  if (total === 0) return t(lang, 'search.count.none');
  if (total === 1) return t(lang, 'search.count.one');
  return t(lang, 'search.count.many', { count: formatCount(lang, total) });
}

function hitItem(lang: Language, hit: SearchHitView, number: number): SafeHtml {
  const tel = hit.phone ? telUrl(hit.phone) : null;
  const facts = [t(lang, hit.kind === 'site' ? 'search.hit.site' : 'search.hit.practice'), hit.distanceM === null ? null : t(lang, 'search.hit.distance', { distance: formatDistance(lang, hit.distanceM) })].filter(Boolean);
  return html`<li class="hit" id="hit-${number}" data-hit="${number}">
    <span class="hit-number" aria-hidden="true">${number}</span>
    <div class="hit-body">
      <h3 class="hit-name"><a href="${hitUrl(lang, hit)}">${hit.name}</a></h3>
      <p class="hit-facts">${facts.join(' · ')}${hit.appointmentOnly ? html` · <span class="badge">${t(lang, 'search.hit.appointment')}</span>` : ''}</p>
      ${hit.subtitle && hit.subtitle !== hit.profession ? html`<p class="hit-subtitle">${hit.subtitle}</p>` : ''}
      ${hit.profession ? html`<p class="hit-subtitle">${hit.profession}</p>` : ''}
      ${hit.address ? html`<p class="hit-address">${addressLine(hit.address)}</p>` : ''}
      ${hit.categories.length > 0 ? html`<p class="hit-categories">${hit.categories.slice(0, 4).map((c) => c.name).join(' · ')}</p>` : ''}
      ${hit.phone ? html`<p class="hit-phone">${tel ? html`<a href="${tel}">${hit.phone}</a>` : hit.phone}</p>` : ''}
    </div>
  </li>`;
}

function pagination(lang: Language, search: PortalSearch, total: number): SafeHtml {
  const pages = Math.min(Math.ceil(total / PAGE_SIZE), Math.floor(10_000 / PAGE_SIZE));
  if (pages <= 1) return html``;
  const at = (page: number) => pageUrl(lang, { kind: 'search', query: searchQuery({ ...search, page }) });
  return html`<nav class="pagination" aria-label="${t(lang, 'search.pages')}">
    ${search.page > 1 ? html`<a rel="prev" href="${at(search.page - 1)}">${t(lang, 'search.previous')}</a>` : ''}
    <span>${t(lang, 'search.count.page', { page: search.page, pages })}</span>
    ${search.page < pages ? html`<a rel="next" href="${at(search.page + 1)}">${t(lang, 'search.next')}</a>` : ''}
  </nav>`;
}

/** The results page: the search form with its filters (one GET form), the active filters, the list, the pages, the map. */
export function searchPage(ctx: RenderContext, search: PortalSearch, answer: SearchAnswer, taxonomy: Taxonomy, map: MunicipalityMap, districts: ReadonlyMap<string, Localized>): string {
  const { lang } = ctx;
  const pick = (text: Localized | undefined) => text?.[lang];
  const municipalityName = (nis: string) => map.municipalities.find((m) => m.nis === nis)?.name[lang];
  const sectorName = (id: number) => pick(taxonomy.sectors.find((s) => s.id === id)?.name);
  const categoryName = (id: number) => pick(taxonomy.categories.get(id));
  const languageName = (code: string) => listLabel(taxonomy, 'language', code)[lang];

  const sectorCounts = counts(answer, 'sector');
  const municipalityCounts = counts(answer, 'municipality');
  const kindCounts = counts(answer, 'kind');
  const filters = html`
    <details class="filters">
      <summary>${t(lang, 'search.filters')}</summary>
      <div class="filter-grid">
        ${select(lang, 'kind', 'search.filter.kind', search.kind, (['site', 'practice'] as const).map((k) => ({ value: k, label: t(lang, `search.kind.${k}`), count: kindCounts.get(k)?.count ?? 0 })))}
        ${select(lang, 'sector', 'search.filter.sector', search.sector === null ? null : String(search.sector), taxonomy.sectors.map((s) => ({ value: String(s.id), label: s.name[lang], count: sectorCounts.get(String(s.id))?.count ?? 0 })))}
        ${select(lang, 'category', 'search.filter.category', search.category === null ? null : String(search.category), facetOptions(answer, 'category', search.category === null ? null : String(search.category), (key, label) => categoryName(Number(key)) ?? label ?? key).sort(byLabel(lang)))}
        ${select(lang, 'municipality', 'search.filter.municipality', search.municipality, [...map.municipalities].map((m) => ({ value: m.nis, label: m.name[lang], count: municipalityCounts.get(m.nis)?.count ?? 0 })).sort(byLabel(lang)))}
        ${select(lang, 'language', 'search.filter.language', search.language, facetOptions(answer, 'language', search.language, (key) => languageName(key)).sort(byLabel(lang)))}
        ${search.near
          ? html`<input type="hidden" name="near" value="${`${search.near.lat},${search.near.lon}`}">
            ${select(lang, 'radius', 'search.filter.radius', String(search.radius), RADII.map((r) => ({ value: String(r), label: formatDistance(lang, r) })), false)}`
          : ''}
        ${sorts(search).length > 1 ? select(lang, 'sort', 'search.filter.sort', effectiveSort(search), sorts(search).map((s) => ({ value: s, label: t(lang, `search.sort.${s}`) })), false) : ''}
        ${search.district ? html`<input type="hidden" name="district" value="${search.district}">` : ''}
        <div class="field checkbox"><input type="checkbox" id="f-open" name="open" value="1"${search.open ? ' checked' : ''}><label for="f-open">${t(lang, 'search.filter.open')}</label></div>
      </div>
      <button type="submit" class="button secondary">${t(lang, 'search.filters.apply')}</button>
    </details>`;

  const active = activeFilters(lang, search, {
    sector: search.sector === null ? undefined : sectorName(search.sector),
    category: search.category === null ? undefined : categoryName(search.category),
    municipality: search.municipality ? municipalityName(search.municipality) : undefined,
    language: search.language ? languageName(search.language) : undefined,
    district: search.district ? pick(districts.get(search.district)) : undefined,
  });
  const first = (search.page - 1) * PAGE_SIZE + 1;
  const markers = answer.hits.flatMap((hit, i) => (hit.point ? [{ number: first + i, label: hit.name, href: hitUrl(lang, hit), point: hit.point }] : []));
  const unplaced = answer.hits.length - markers.length;
  const heading = search.q ? t(lang, 'search.title.query', { q: search.q }) : t(lang, 'search.title');

  // Filters stay folded (one line on a phone, results first); the chips below show the active ones.
  const main = html`
    <h1>${heading}</h1>
    ${searchForm(lang, { q: search.q, extra: filters })}
    ${active.length > 0
      ? html`<div class="active-filters"><h2 class="visually-hidden" id="active-heading">${t(lang, 'search.filters.active')}</h2>
          <ul class="chips" aria-labelledby="active-heading">${active.map(
            (f) => html`<li><a class="chip" href="${pageUrl(lang, { kind: 'search', query: searchQuery(f.without) })}" aria-label="${t(lang, 'search.filters.remove', { filter: f.label })}">${f.label} <span aria-hidden="true">×</span></a></li>`,
          )}${active.length > 1 ? html`<li><a class="chip clear" href="${pageUrl(lang, { kind: 'search', query: searchQuery(changed(search, { kind: null, sector: null, category: null, municipality: null, district: null, language: null, open: false, near: null, sort: null })) })}">${t(lang, 'search.filters.clear')}</a></li>` : ''}</ul></div>`
      : ''}
    <div class="results-layout">
      <section class="results" aria-labelledby="results-heading">
        <h2 id="results-heading">${countText(lang, answer.total)}${answer.total > PAGE_SIZE ? html` <span class="muted">(${t(lang, 'search.count.page', { page: search.page, pages: Math.ceil(answer.total / PAGE_SIZE) })})</span>` : ''}</h2>
        ${answer.total === 0 ? html`<p>${t(lang, 'search.none.help')}</p>` : html`<ol class="hits" start="${first}" aria-label="${t(lang, 'search.results')}">${answer.hits.map((hit, i) => hitItem(lang, hit, first + i))}</ol>`}
        ${pagination(lang, search, answer.total)}
      </section>
      ${markers.length > 0
        ? html`<section class="results-map" aria-labelledby="map-heading">
            <h2 id="map-heading">${t(lang, 'search.map')}</h2>
            ${renderMap(lang, map, { id: 'results-map', label: t(lang, 'search.map.label'), markers, you: search.near, highlight: search.municipality })}
            ${unplaced > 0 ? html`<p class="muted">${t(lang, 'search.map.unplaced', { count: unplaced })}</p>` : ''}
          </section>`
        : ''}
    </div>`;
  const page: PortalPage = { kind: 'search', query: searchQuery(search) };
  return layout(ctx, { title: `${heading} (${countText(lang, answer.total)})`, description: t(lang, 'search.description'), page, index: !hasCriteria(search) }, main);
}

/** The orders that make sense: relevance only for a text, distance only near a place. */
function sorts(search: PortalSearch): Array<'relevance' | 'distance' | 'name'> {
  return [...(search.q ? (['relevance'] as const) : []), ...(search.near ? (['distance'] as const) : []), 'name'];
}

function effectiveSort(search: PortalSearch): string {
  return search.sort ?? defaultSort(search);
}
