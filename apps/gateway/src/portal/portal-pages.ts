import { Inject, Injectable } from '@nestjs/common';
import type { PublicCareProvider, PublicPractice, PublishedSite } from '@care/contracts';
import { BrusselsGeography } from '@care/geo';
import { NotFoundError, type Language, type Localized } from '@care/kernel';
import { PortalAssets } from './http/portal-assets.js';
import { MESSAGES, t, type MessageKey } from './i18n/portal.messages.js';
import { MunicipalityMap } from './map/municipality-map.js';
import { errorPage, type ErrorStatus } from './pages/error.page.js';
import { homePage } from './pages/home.page.js';
import type { HoldingView } from './pages/detail.parts.js';
import type { RenderContext } from './pages/layout.js';
import { providerPage } from './pages/provider.page.js';
import { searchPage, type SearchAnswer } from './pages/search.page.js';
import { sitePage } from './pages/site.page.js';
import { PORTAL_CONFIG, type PortalConfig } from './portal.config.js';
import { pageUrl } from './portal-routes.js';
import { changed, EMPTY_SEARCH, searchQuery, searchServiceQuery, type PortalSearch } from './portal-search.js';
import { PortalCatalog } from './upstream/portal-catalog.js';
import { PortalUpstream, UpstreamUnavailableError } from './upstream/portal-upstream.js';


export interface Suggestion {
  label: string;
  /** What kind of thing it is, in the page's language ("Commune", "Catégorie"…). */
  type: string;
  url: string;
}

interface HoldingsAnswer {
  items: HoldingView[];
}

/**
 * The portal's pages: each reads what it shows from the services (as the public) and renders it
 * on the server, so every page is complete HTML with real links, without JavaScript.
 */
@Injectable()
export class PortalPages {
  private readonly map = MunicipalityMap.load();
  private readonly districts: ReadonlyMap<string, Localized> = new Map(BrusselsGeography.load().monitoringDistricts().map((d) => [d.code, d.name]));

  constructor(
    private readonly upstream: PortalUpstream,
    private readonly catalog: PortalCatalog,
    private readonly assets: PortalAssets,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

  context(lang: Language, now = new Date()): RenderContext {
    return { lang, now, asset: (name) => this.assets.url(name), publicUrl: this.config.PORTAL_PUBLIC_URL ?? null };
  }

  async home(lang: Language): Promise<string> {
    return homePage(this.context(lang), await this.catalog.taxonomyData(), this.map);
  }

  async search(lang: Language, search: PortalSearch): Promise<string> {
    const ctx = this.context(lang);
    const [answer, taxonomy] = await Promise.all([
      this.upstream.require<SearchAnswer>('search', `/search?${searchServiceQuery(search, lang, ctx.now)}`, lang),
      this.catalog.taxonomyData(),
    ]);
    return searchPage(ctx, search, answer, taxonomy, this.map, this.districts);
  }

  /** A published site: the service gives the public audience nothing else (a draft, internal or archived site is a 404). */
  async site(lang: Language, id: number): Promise<string> {
    const site = await this.upstream.get<PublishedSite>('organisations', `/sites/${id}`, lang);
    if (!site) throw new NotFoundError(MESSAGES['suggest.type.site'], id);
    const [organisation, agrements, taxonomy] = await Promise.all([
      site.organisationId ? this.upstream.get<{ names: { official: Localized } }>('organisations', `/organisations/${site.organisationId}`, lang).catch(() => null) : null,
      this.agrementsOf('site', String(site.id), lang),
      this.catalog.taxonomyData(),
    ]);
    return sitePage(this.context(lang), { site, organisation, ...agrements }, taxonomy, this.map);
  }

  /** An active care provider as the public sees them (objections honoured by the service). */
  async provider(lang: Language, id: string): Promise<string> {
    const provider = await this.upstream.get<PublicCareProvider & { practices: PublicPractice[] }>('care-providers', `/providers/${id}`, lang);
    if (!provider || provider.status !== 'active') throw new NotFoundError(MESSAGES['suggest.type.practice'], id);
    const siteIds = [...new Set(provider.practices.flatMap((p) => (p.active && p.site?.status === 'published' ? [p.site.id] : [])))];
    const [sites, agrements, taxonomy] = await Promise.all([
      Promise.all(siteIds.map((siteId) => this.upstream.get<PublishedSite>('organisations', `/sites/${siteId}`, lang).catch(() => null))),
      this.agrementsOf('care-provider', provider.id, lang),
      this.catalog.taxonomyData(),
    ]);
    const names = new Map(sites.flatMap((s) => (s ? [[s.id, s.names.official[lang]] as const] : [])));
    return providerPage(this.context(lang), { provider, sites: names, ...agrements }, taxonomy, this.map);
  }

  /** Agréments valid today of a holder; the rest of the page still shows when the agréments service is down. */
  private async agrementsOf(kind: 'site' | 'care-provider', id: string, lang: Language) {
    try {
      const [answer, catalog] = await Promise.all([
        this.upstream.require<HoldingsAnswer>('agrements', `/holdings/valid?holderKind=${kind}&holderId=${encodeURIComponent(id)}&size=100`, lang),
        this.catalog.agrementData(),
      ]);
      return { holdings: answer.items, agrements: catalog };
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) return { holdings: null, agrements: null };
      throw error;
    }
  }

  /**
   * Completions for the search box, each with the portal page it leads to: a service or a care
   * provider opens its page, a category, municipality or district filters the results, a street
   * searches for it.
   */
  async suggest(lang: Language, q: string): Promise<{ suggestions: Suggestion[] }> {
    if (q.trim().length < 2) return { suggestions: [] };
    const params = new URLSearchParams({ q: q.trim().slice(0, 100), lang, size: '12' });
    const answer = await this.upstream.require<{ suggestions: Array<{ type: string; key: string; label: string }> }>('search', `/suggest?${params}`, lang);
    const searchFor = (patch: Partial<PortalSearch>) => pageUrl(lang, { kind: 'search', query: searchQuery(changed(EMPTY_SEARCH, patch)) });
    const seen = new Set<string>();
    const suggestions: Suggestion[] = [];
    for (const s of answer.suggestions) {
      const item = this.suggestion(lang, s, searchFor);
      if (!item || seen.has(item.url + item.label)) continue;
      seen.add(item.url + item.label);
      suggestions.push(item);
    }
    return { suggestions: suggestions.slice(0, 8) };
  }

  private suggestion(lang: Language, s: { type: string; key: string; label: string }, searchFor: (patch: Partial<PortalSearch>) => string): Suggestion | null {
    const typed = (type: MessageKey, url: string, label = s.label): Suggestion => ({ label, type: t(lang, type), url });
    switch (s.type) {
      case 'name': {
        const site = /^site:(\d+)$/.exec(s.key);
        if (site) return typed('suggest.type.site', pageUrl(lang, { kind: 'site', id: Number(site[1]) }));
        const practice = /^practice:(\d{8})/.exec(s.key);
        if (practice) return typed('suggest.type.practice', pageUrl(lang, { kind: 'provider', id: practice[1]! }));
        return typed('suggest.type.site', searchFor({ q: s.label }));
      }
      case 'category':
        return /^\d+$/.test(s.key) ? typed('suggest.type.category', searchFor({ category: Number(s.key) })) : null;
      case 'municipality':
        return /^21\d{3}$/.test(s.key) ? typed('suggest.type.municipality', searchFor({ municipality: s.key })) : null;
      case 'district':
        return typed('suggest.type.district', searchFor({ district: s.key }));
      case 'street': {
        const postcode = /^(\d{4}):/.exec(s.key)?.[1];
        return typed('suggest.type.street', searchFor({ q: s.label }), postcode ? `${s.label}, ${postcode}` : s.label);
      }
      default:
        return null;
    }
  }

  error(lang: Language, status: ErrorStatus, problems: Array<{ field: string; message: string }> = []): string {
    return errorPage(this.context(lang), status, problems);
  }
}
