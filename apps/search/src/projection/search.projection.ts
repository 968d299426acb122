import type { EntityManager } from '@mikro-orm/postgresql';
import { AUTHORITY_STATE_EVENTS, PUBLIC_STATE_EVENTS, type PublishedReferenceList } from '@care/contracts';
import type { EventHandlerRegistry } from '@care/messaging';
import { documentId } from '@care/search-domain';
import type { SourceKind } from './source-kinds.js';

/** The live projection's consumer group; a rebuild uses `search.rebuild.g<N>`. */
export const PROJECTION_GROUP = 'search.projection';

/** The generations an event is applied to: the active one and one being rebuilt (live), or the rebuilt one. */
export type TargetGenerations = (em: EntityManager) => Promise<number[]>;

export const liveTargets: TargetGenerations = async (em) =>
  (await em.execute<Array<{ id: number }>>(`select id from search.generation where state in ('active', 'building') order by id`)).map((r) => r.id);

/** One piece of public state as an event carried it (null payload: unpublished or removed). */
interface Staged {
  kind: SourceKind;
  id: string;
  version: number;
  deleted: boolean;
  payload: unknown | null;
  event_at: string;
}

/**
 * Keeps, per generation, the public state of everything a search document is made of, and marks
 * the documents to rebuild. Each row keeps the aggregate version it came from: a replayed or
 * late event (lower version) changes nothing, so a rebuild can replay the log while the live
 * consumer writes to the same generation. Handlers only stage what they see; the batch is then
 * written in bulk, in the same transaction as the inbox rows.
 */
export function registerSearchProjection(registry: EventHandlerRegistry, targets: TargetGenerations): void {
  const staged = new WeakMap<EntityManager, Map<string, Staged>>();
  for (const { definition, read } of [...PUBLIC_STATE_EVENTS, ...AUTHORITY_STATE_EVENTS]) {
    registry.on(definition, async (event, em) => {
      const batch = staged.get(em) ?? new Map<string, Staged>();
      staged.set(em, batch);
      const { entityType: kind, entityId: id, state } = read(event);
      const key = `${kind}:${id}`;
      if ((batch.get(key)?.version ?? 0) < event.aggregateVersion) {
        batch.set(key, { kind, id, version: event.aggregateVersion, deleted: state === null, payload: state, event_at: event.occurredAt });
      }
    });
  }
  registry.afterBatch(async (em) => {
    const batch = staged.get(em);
    staged.delete(em);
    if (!batch || batch.size === 0) return;
    for (const generation of await targets(em)) await applyBatch(em, generation, [...batch.values()]);
  });
}

async function applyBatch(em: EntityManager, generation: number, batch: Staged[]): Promise<void> {
  // The guarded upsert of every staged state; returns what changed and what it replaced.
  const applied = await em.execute<Array<{ kind: SourceKind; id: string; previous: Record<string, unknown> | null; payload: Record<string, unknown> | null }>>(
    `with input as (select * from jsonb_to_recordset(?::jsonb) as r(kind text, id text, version int, deleted boolean, payload jsonb, event_at timestamptz)),
     prev as (select s.kind, s.id, s.payload from search.source s join input i on s.generation = ? and s.kind = i.kind and s.id = i.id),
     up as (
       insert into search.source (generation, kind, id, version, deleted, payload, event_at)
       select ?, kind, id, version, deleted, payload, event_at from input
       on conflict (generation, kind, id) do update set version = excluded.version, deleted = excluded.deleted,
         payload = coalesce(excluded.payload, search.source.payload), event_at = excluded.event_at
       where search.source.version < excluded.version returning kind, id, payload)
     select up.kind, up.id, prev.payload as previous, up.payload from up left join prev on prev.kind = up.kind and prev.id = up.id`,
    [JSON.stringify(batch), generation, generation],
  );
  if (applied.length === 0) return; // all stale or replayed
  const docs = new Set<string>();
  const idsOf = (kind: SourceKind) => applied.filter((a) => a.kind === kind).map((a) => a.id);
  for (const id of [...idsOf('site'), ...idsOf('site-contacts')]) docs.add(documentId('site', id));
  for (const id of idsOf('practice')) docs.add(documentId('practice', id));
  const add = (found: string[]) => found.forEach((d) => docs.add(d));
  // (Availability is read live by authority queries: it changes no document.)
  const providers = [...idsOf('provider'), ...idsOf('provider-authority')].map((id) => `care-provider:${id}`);
  add(await holderDocuments(em, generation, [...idsOf('organisation').map((id) => `organisation:${id}`), ...providers]));
  add(await sitesWithCategories(em, generation, idsOf('category').map(Number)));
  for (const sectorId of idsOf('sector')) {
    const categories = await em.execute<Array<{ id: string }>>(
      `select id from search.source where generation = ? and kind = 'category' and payload->'placements' @> jsonb_build_array(jsonb_build_object('sectorId', ?::int))`,
      [generation, Number(sectorId)],
    );
    add(await sitesWithCategories(em, generation, categories.map((c) => Number(c.id))));
  }
  const typeIds = idsOf('agrement-type');
  if (typeIds.length > 0) {
    const holders = await em.execute<Array<{ holder: string }>>(
      `select distinct (payload->'holder'->>'kind') || ':' || (payload->'holder'->>'id') as holder from search.source
       where generation = ? and kind = 'holding' and payload->>'typeId' in (select jsonb_array_elements_text(?::jsonb))`,
      [generation, JSON.stringify(typeIds)],
    );
    add(await holderDocuments(em, generation, holders.map((h) => h.holder)));
  }
  // A holding shows on its holder's documents, before and after a change of holder.
  const holdingHolders = applied
    .filter((a) => a.kind === 'holding')
    .flatMap((a) => [a.previous, a.payload].map((state) => state?.['holder'] as { kind: string; id: string } | undefined))
    .filter((h): h is { kind: string; id: string } => !!h)
    .map((h) => `${h.kind}:${h.id}`);
  add(await holderDocuments(em, generation, [...new Set(holdingHolders)]));
  for (const list of applied.filter((a) => a.kind === 'reference-list' && a.payload)) {
    await labelFacetValues(em, generation, list.payload as unknown as PublishedReferenceList);
  }
  for (const authority of applied.filter((a) => a.kind === 'authority' && a.payload)) {
    await relabelAuthority(em, generation, authority.payload as { id: string; abbreviation: { fr: string; nl: string }; name: { fr: string; nl: string } });
  }
  if (docs.size > 0) {
    await em.execute(`insert into search.dirty (generation, doc_id) select ?, jsonb_array_elements_text(?::jsonb)`, [generation, JSON.stringify([...docs])]);
  }
}

async function sitesWithCategories(em: EntityManager, generation: number, categoryIds: number[]): Promise<string[]> {
  if (categoryIds.length === 0) return [];
  const rows = await em.execute<Array<{ doc: string }>>(
    `select 'site:' || id as doc from search.source where generation = ? and kind = 'site'
       and payload->'categoryIds' @> any (array(select jsonb_build_array(c::int) from jsonb_array_elements_text(?::jsonb) c))`,
    [generation, JSON.stringify(categoryIds)],
  );
  return rows.map((r) => r.doc);
}

/** Holders (`site:1`, `organisation:2`, `care-provider:12345678`) → the documents showing them. */
async function holderDocuments(em: EntityManager, generation: number, holders: string[]): Promise<string[]> {
  const ids = (kind: string) => JSON.stringify(holders.filter((h) => h.startsWith(`${kind}:`)).map((h) => h.slice(kind.length + 1)));
  const docs = holders.filter((h) => h.startsWith('site:'));
  const organisations = ids('organisation');
  const providers = ids('care-provider');
  if (organisations !== '[]') {
    const rows = await em.execute<Array<{ doc: string }>>(
      `select 'site:' || id as doc from search.source where generation = ? and kind = 'site' and payload->>'organisationId' in (select jsonb_array_elements_text(?::jsonb))`,
      [generation, organisations],
    );
    docs.push(...rows.map((r) => r.doc));
  }
  if (providers !== '[]') {
    const rows = await em.execute<Array<{ doc: string }>>(
      `select 'practice:' || id as doc from search.source where generation = ? and kind = 'practice' and payload->>'providerId' in (select jsonb_array_elements_text(?::jsonb))`,
      [generation, providers],
    );
    docs.push(...rows.map((r) => r.doc));
  }
  return docs;
}

/** Closed lists whose codes are facet values: their items label them (FR/NL). */
const LIST_FACETS: Record<string, string> = { language: 'language' };

async function labelFacetValues(em: EntityManager, generation: number, list: PublishedReferenceList): Promise<void> {
  const facet = LIST_FACETS[list.name];
  if (!facet || list.items.length === 0) return;
  await em.execute(
    `insert into search.term (generation, facet, key, fr, nl, folded)
     select ?, ?, r.code, r.fr, r.nl, search.fold(r.fr || ' ' || r.nl) from jsonb_to_recordset(?::jsonb) as r(code text, fr text, nl text)
     on conflict (generation, facet, key) do update set fr = excluded.fr, nl = excluded.nl, folded = excluded.folded`,
    [generation, facet, JSON.stringify(list.items.map((i) => ({ code: i.code, fr: i.label.fr, nl: i.label.nl })))],
  );
}

/** An authority's name only labels a facet value: relabel it where it is shown. */
async function relabelAuthority(em: EntityManager, generation: number, authority: { id: string; abbreviation: { fr: string; nl: string }; name: { fr: string; nl: string } }): Promise<void> {
  const fr = `${authority.abbreviation.fr} – ${authority.name.fr}`;
  const nl = `${authority.abbreviation.nl} – ${authority.name.nl}`;
  await em.execute(`update search.term set fr = ?, nl = ?, folded = search.fold(? || ' ' || ?) where generation = ? and facet = 'authority' and key = ?`, [fr, nl, fr, nl, generation, authority.id]);
}

