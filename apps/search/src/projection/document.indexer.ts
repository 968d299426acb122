import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AuthorityCareProvider, PublicAgrementType, PublicAuthority, PublicCareProvider, PublicHolding, PublicPractice, PublishedCategory, PublishedOrganisation, PublishedSector, PublishedSite, SiteContactsState } from '@care/contracts';
import { inBrussels } from '@care/opening-hours';
import { buildAuthorityRecord, buildPracticeDocument, buildSiteDocument, type AuthorityRecord, type BuiltDocument, type DocumentSources, type SearchDocument, type SearchEngine, type SearchTerm } from '@care/search-domain';
import { writeAuthorityRecords } from '../authority/authority-records.js';

interface SourceRow<T> {
  id: string;
  payload: T | null;
  deleted: boolean;
}

export const brusselsToday = () => inBrussels(new Date()).date;

/**
 * Turns dirty document ids of a generation into documents: reads the projected public state,
 * builds each document, writes it (or its removal) to the engine with a fresh version, records
 * facet labels and suggestions, then clears the ids that were not dirtied again meanwhile.
 */
export class DocumentIndexer {
  constructor(
    private readonly orm: MikroORM,
    private readonly engine: SearchEngine,
    private readonly today: () => string = brusselsToday,
    private readonly batchSize = 500,
  ) {}

  /** Indexes until nothing is dirty; returns the number of documents written or removed. */
  async drain(generation: number): Promise<number> {
    let total = 0;
    for (;;) {
      const em = this.orm.em.fork();
      const [progress] = await em.execute<Array<{ last_event_at: Date | null }>>(`select max(event_at) as last_event_at from search.source where generation = ?`, [generation]);
      const done = await this.batch(em, generation);
      total += done;
      if (done < this.batchSize) {
        await this.engine.refresh(generation);
        await em.execute(
          `insert into search.progress (generation, indexed_through, indexed_at) values (?, ?, now())
           on conflict (generation) do update set indexed_through = excluded.indexed_through, indexed_at = now()`,
          [generation, progress?.last_event_at ?? null],
        );
        return total;
      }
    }
  }

  private async batch(em: EntityManager, generation: number): Promise<number> {
    // The oldest documents first; `upto` is the last mark seen, so marks added meanwhile stay.
    const picked = await em.execute<Array<{ doc_id: string; upto: string }>>(
      `select doc_id, max(id) as upto from search.dirty where generation = ? group by doc_id order by min(id) limit ?`,
      [generation, this.batchSize],
    );
    if (picked.length === 0) return 0;
    const { built, removed, records } = await this.build(em, generation, picked.map((p) => p.doc_id));
    const versions = (await em.execute<Array<{ v: string }>>(`select nextval('search.document_version') as v from generate_series(1, ?)`, [built.length + removed.length])).map((r) => Number(r.v));
    const documents: SearchDocument[] = built.map((b, i) => ({ ...b.document, version: versions[i]! }));
    await this.engine.index(generation, documents);
    await this.engine.remove(generation, removed.map((id, i) => ({ id, version: versions[built.length + i]! })));
    await this.saveTerms(em, generation, built.flatMap((b) => b.terms), removed);
    // Authority records live in the search database whatever the engine (crisis queries, issue 13).
    await writeAuthorityRecords(
      em,
      generation,
      records.map((record, i) => ({ record, version: versions[i]! })),
      removed.map((id, i) => ({ id, version: versions[built.length + i]! })),
      this.today(),
    );
    await em.execute(
      `delete from search.dirty d using jsonb_to_recordset(?::jsonb) as r(id text, upto bigint) where d.generation = ? and d.doc_id = r.id and d.id <= r.upto`,
      [JSON.stringify(picked.map((p) => ({ id: p.doc_id, upto: p.upto }))), generation],
    );
    return picked.length;
  }

  private async build(em: EntityManager, generation: number, ids: string[]): Promise<{ built: BuiltDocument[]; removed: string[]; records: AuthorityRecord[] }> {
    const siteIds = ids.filter((id) => id.startsWith('site:')).map((id) => id.slice(5));
    const practiceIds = ids.filter((id) => id.startsWith('practice:')).map((id) => id.slice(9));
    const load = async <T>(kind: string, keys: string[] | null) =>
      em.execute<Array<SourceRow<T>>>(
        keys === null
          ? `select id, payload, deleted from search.source where generation = ? and kind = ?`
          : `select id, payload, deleted from search.source where generation = ? and kind = ? and id in (select jsonb_array_elements_text(?::jsonb))`,
        keys === null ? [generation, kind] : [generation, kind, JSON.stringify(keys)],
      );
    const live = <T>(rows: Array<SourceRow<T>>) => new Map(rows.filter((r) => !r.deleted && r.payload).map((r) => [r.id, r.payload as T]));
    const sites = live(await load<PublishedSite>('site', siteIds));
    const practices = live(await load<PublicPractice>('practice', practiceIds));
    const providers = live(await load<PublicCareProvider>('provider', [...new Set([...practices.values()].map((p) => p.providerId))]));
    const organisations = live(await load<PublishedOrganisation>('organisation', [...new Set([...sites.values()].map((s) => String(s.organisationId)))]));
    // The taxonomy and the agrément reference data are small: read whole.
    const categories = live(await load<PublishedCategory>('category', null));
    const sectors = live(await load<PublishedSector>('sector', null));
    const types = live(await load<PublicAgrementType>('agrement-type', null));
    const authorities = live(await load<PublicAuthority>('authority', null));
    const holders = [
      ...[...sites.keys()].map((id) => `site:${id}`),
      ...[...sites.values()].filter((s) => s.organisationId).map((s) => `organisation:${s.organisationId}`),
      ...[...providers.keys()].map((id) => `care-provider:${id}`),
    ];
    const holdingRows = await em.execute<Array<{ holder: string; payload: PublicHolding }>>(
      `select (payload->'holder'->>'kind') || ':' || (payload->'holder'->>'id') as holder, payload from search.source
       where generation = ? and kind = 'holding' and not deleted and (payload->'holder'->>'kind') || ':' || (payload->'holder'->>'id') in (select jsonb_array_elements_text(?::jsonb))`,
      [generation, JSON.stringify(holders)],
    );
    const holdings = new Map<string, PublicHolding[]>();
    for (const row of holdingRows) holdings.set(row.holder, [...(holdings.get(row.holder) ?? []), row.payload]);
    const sources: DocumentSources = {
      organisation: (id) => organisations.get(String(id)),
      category: (id) => categories.get(String(id)),
      sector: (id) => sectors.get(String(id)),
      holdings: (kind, id) => holdings.get(`${kind}:${id}`) ?? [],
      agrementType: (id) => types.get(id),
      authority: (id) => authorities.get(id),
    };
    // Authority-only state (crisis contacts, providers' direct contacts) for the authority records.
    const siteContacts = new Map((await load<SiteContactsState>('site-contacts', [...sites.keys()])).filter((r) => r.payload).map((r) => [r.id, r.payload!.contacts]));
    const providerAuthority = new Map((await load<AuthorityCareProvider>('provider-authority', [...providers.keys()])).filter((r) => r.payload).map((r) => [r.id, r.payload!]));
    const today = this.today();
    const built: BuiltDocument[] = [];
    const records: AuthorityRecord[] = [];
    const removed: string[] = [];
    for (const id of ids) {
      if (id.startsWith('site:')) {
        const site = sites.get(id.slice(5));
        if (!site) {
          removed.push(id);
          continue;
        }
        const doc = buildSiteDocument(site, sources, today);
        built.push(doc);
        const held = [
          ...(holdings.get(`site:${site.id}`) ?? []).map((holding) => ({ holding, heldBy: 'site' as const })),
          ...(site.organisationId ? (holdings.get(`organisation:${site.organisationId}`) ?? []) : []).map((holding) => ({ holding, heldBy: 'organisation' as const })),
        ];
        records.push(buildAuthorityRecord(doc.document, { holdings: held, agrementType: sources.agrementType, crisisContacts: siteContacts.get(String(site.id)) ?? null, provider: null, profession: null, today }));
      } else {
        const practice = practices.get(id.slice(9));
        const provider = practice ? providers.get(practice.providerId) : undefined;
        // A person is findable only while active, at an active practice.
        if (!(practice && provider && practice.active && provider.status === 'active')) {
          removed.push(id);
          continue;
        }
        const doc = buildPracticeDocument(practice, provider, sources, today);
        built.push(doc);
        const held = (holdings.get(`care-provider:${provider.id}`) ?? []).map((holding) => ({ holding, heldBy: 'care-provider' as const }));
        const profession = { kind: provider.profession.kind, label: provider.profession.label };
        records.push(buildAuthorityRecord(doc.document, { holdings: held, agrementType: sources.agrementType, crisisContacts: null, provider: providerAuthority.get(provider.id) ?? null, profession, today }));
      }
    }
    return { built, removed, records };
  }

  private async saveTerms(em: EntityManager, generation: number, terms: SearchTerm[], removedDocs: string[]): Promise<void> {
    // Sorted: concurrent indexers then lock term rows in the same order.
    const unique = new Map(terms.map((t) => [`${t.facet}\u0000${t.key}`, t] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    if (unique.size > 0) {
      const rows = [...unique.values()].map((t) => ({ facet: t.facet, key: t.key, fr: t.label.fr, nl: t.label.nl }));
      await em.execute(
        `insert into search.term (generation, facet, key, fr, nl, folded)
         select ?, r.facet, r.key, r.fr, r.nl, search.fold(case when r.fr = r.nl then r.fr else r.fr || ' ' || r.nl end)
         from jsonb_to_recordset(?::jsonb) as r(facet text, key text, fr text, nl text)
         on conflict (generation, facet, key) do update set fr = excluded.fr, nl = excluded.nl, folded = excluded.folded
         where search.term.fr <> excluded.fr or search.term.nl <> excluded.nl`,
        [generation, JSON.stringify(rows)],
      );
    }
    if (removedDocs.length > 0) await em.execute(`delete from search.term where generation = ? and facet = 'name' and key in (select jsonb_array_elements_text(?::jsonb))`, [generation, JSON.stringify(removedDocs)]);
  }
}
