import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Language, Localized } from '@care/kernel';
import { CONVENTION_LABELS, FACETS, KIND_LABELS, type Facet, type SearchEngine, type SearchHit, type SearchQuery } from '@care/search-domain';
import { SEARCH_ENGINE } from '../engines/search-engine.token.js';
import { IndexState } from '../projection/index-state.js';

export const suggestQuerySchema = z
  .object({
    q: z.string().trim().min(2).max(100),
    lang: z.enum(['fr', 'nl']).optional(),
    size: z.coerce.number().int().positive().default(10).transform((n) => Math.min(n, 25)),
  })
  .strict();
export type SuggestQuery = z.output<typeof suggestQuerySchema>;

/** What `/suggest` proposes: names of services and people, categories, streets, municipalities, districts. */
const SUGGESTED = ['name', 'category', 'street', 'municipality', 'district'] as const;

/** Facets whose labels the projection records (the others have fixed labels). */
const LABELLED: Partial<Record<Facet, string>> = { sector: 'sector', category: 'category', municipality: 'municipality', authority: 'authority', profession: 'profession', language: 'language' };

@Injectable()
export class SearchQueries {
  constructor(
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    private readonly state: IndexState,
    @Inject(MikroORM) private readonly orm: MikroORM,
  ) {}

  async search(query: SearchQuery) {
    const generation = await this.state.activeGeneration();
    const result = await this.engine.search(generation, query);
    const labels = await this.labels(generation, result.facets);
    const lang = query.lang;
    return {
      total: result.total,
      page: query.page,
      size: query.size,
      hits: result.hits.map((hit) => present(hit, lang)),
      facets: Object.fromEntries(
        FACETS.map((facet) => [facet, result.facets[facet].map((b) => ({ key: b.key, count: b.count, label: pick(labels(facet, b.key), lang) ?? b.key }))]),
      ),
    };
  }

  async suggest(query: SuggestQuery, lang: Language) {
    const generation = await this.state.activeGeneration();
    const rows = await this.orm.em.fork().execute<Array<{ facet: string; key: string; fr: string; nl: string }>>(
      `select facet, key, fr, nl from search.term
       where generation = ? and facet in (select jsonb_array_elements_text(?::jsonb)) and folded like '%' || replace(replace(search.fold(?), '%', ''), '_', '') || '%'
       order by (folded like replace(replace(search.fold(?), '%', ''), '_', '') || '%') desc, word_similarity(search.fold(?), folded) desc, length(folded), key
       limit ?`,
      [generation, JSON.stringify(SUGGESTED), query.q, query.q, query.q, query.size],
    );
    return { suggestions: rows.map((r) => ({ type: r.facet, key: r.key, label: lang === 'nl' ? r.nl : r.fr })) };
  }

  /** Facet labels change rarely (a renamed category): kept in memory for a minute. */
  private readonly labelCache = new Map<string, { label: Localized | null; until: number }>();

  private async labels(generation: number, facets: Record<Facet, Array<{ key: string }>>) {
    const now = Date.now();
    const cacheKey = (termFacet: string, key: string) => `${generation}|${termFacet}|${key}`;
    const missing = Object.entries(LABELLED).flatMap(([facet, termFacet]) =>
      facets[facet as Facet].filter((b) => (this.labelCache.get(cacheKey(termFacet, b.key))?.until ?? 0) < now).map((b) => ({ f: termFacet, k: b.key })),
    );
    if (missing.length > 0) {
      const rows = await this.orm.em.fork().execute<Array<{ facet: string; key: string; fr: string; nl: string }>>(
        `select t.facet, t.key, t.fr, t.nl from jsonb_to_recordset(?::jsonb) as r(f text, k text)
         join search.term t on t.generation = ? and t.facet = r.f and t.key = r.k`,
        [JSON.stringify(missing), generation],
      );
      const found = new Map(rows.map((r) => [cacheKey(r.facet, r.key), { fr: r.fr, nl: r.nl }]));
      if (this.labelCache.size > 50_000) this.labelCache.clear();
      // A value without a label yet (its document indexed a moment before its terms) is asked again soon.
      for (const m of missing) {
        const label = found.get(cacheKey(m.f, m.k)) ?? null;
        this.labelCache.set(cacheKey(m.f, m.k), { label, until: now + (label ? 60_000 : 2_000) });
      }
    }
    return (facet: Facet, key: string): Localized | undefined => {
      if (facet === 'kind') return KIND_LABELS[key];
      if (facet === 'convention') return CONVENTION_LABELS[key];
      return this.labelCache.get(cacheKey(LABELLED[facet]!, key))?.label ?? undefined;
    };
  }
}

const pick = (text: Localized | null | undefined, lang: Language) => (text ? text[lang] : null);

/** A hit in the caller's language. */
function present(hit: SearchHit, lang: Language) {
  const d = hit.display;
  return {
    id: hit.id,
    kind: hit.kind,
    entityId: hit.entityId,
    name: d.name[lang],
    subtitle: pick(d.subtitle, lang),
    address: d.address ? { street: d.address.street[lang], number: d.address.number, postcode: d.address.postcode, municipality: d.address.municipality[lang] } : null,
    distanceM: hit.distanceM,
    point: hit.point,
    phone: d.phone,
    email: d.email,
    website: d.website,
    categories: d.categories.map((c) => ({ id: c.id, name: c.name[lang] })),
    profession: pick(d.profession, lang),
    appointmentOnly: d.appointmentOnly,
    hoursRemark: pick(d.hoursRemark, lang),
    link: d.link,
    score: hit.score,
  };
}
