import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AvailabilityState } from '@care/contracts';
import type { Localized } from '@care/kernel';
import type { AuthorityGrouping, AuthorityQuery, AuthorityRecord } from '@care/search-domain';
import { IndexState } from '../projection/index-state.js';

/** Metres per degree of latitude (the radius box; the exact distance trims it). */
const METRES_PER_DEGREE = 111_320;

/** The term facet whose labels name each grouping's keys. */
const GROUP_TERMS: Record<AuthorityGrouping, { column: string; facet: string }> = {
  municipality: { column: 'r.municipality', facet: 'municipality' },
  district: { column: 'r.district', facet: 'district' },
  statSector: { column: 'r.stat_sector', facet: 'stat-sector' },
  sector: { column: 'unnest(r.sector_ids)::text', facet: 'sector' },
};

/** A figure as authorities see it: who reported it is a kind (staff, representative), not a person. */
export interface AvailabilityFigure extends Omit<AvailabilityState, 'version' | 'reporter'> {
  reporter: { kind: AvailabilityState['reporter']['kind'] };
  /** Whether it still counts (not past `expiresAt`). */
  counts: boolean;
  ageSeconds: number;
}

export interface AuthorityItem extends AuthorityRecord {
  /** Free places reported and still counting (null: none reported, or all expired). */
  freePlaces: number | null;
  /** When the counted figures were reported (oldest, newest). */
  freePlacesReportedAt: { oldest: string; newest: string } | null;
  availability: AvailabilityFigure[];
}

export interface AuthorityGroup {
  key: string | null;
  label: Localized | null;
  count: number;
  accreditedCapacity: number;
  freePlaces: number;
  /** Entities with a counted free-places figure. */
  reporting: number;
  oldestReportAt: string | null;
  newestReportAt: string | null;
}

/** A row of `sel` as the answer and the exports read it. */
export interface SelectedRow {
  record: AuthorityRecord;
  free: number | string | null;
  oldest: Date | null;
  newest: Date | null;
  site_id: number | null;
}
export const SELECTED_COLUMNS = 'record, free, oldest, newest, site_id';
/** The order of the answer's pages and of the exports. */
export const SELECTION_ORDER = 'name_fr, doc_id';

/** An entity of the answer: its record, its free places still counting and when they were reported, its figures. */
export function itemOf(row: SelectedRow, figures: ReadonlyMap<number, AvailabilityFigure[]>): AuthorityItem {
  return {
    ...row.record,
    freePlaces: row.free === null ? null : Number(row.free),
    freePlacesReportedAt: row.oldest && row.newest ? { oldest: new Date(row.oldest).toISOString(), newest: new Date(row.newest).toISOString() } : null,
    availability: row.site_id === null ? [] : (figures.get(row.site_id) ?? []),
  };
}

/**
 * The SQL of an authority query's selection, shared by the answer, its aggregates and its
 * exports so they always describe the same entities. Free places are computed at `now` from the
 * availability figures still counting, without double counting: a holding's capacity groups
 * replace the holding's own figure when they reported, a site's holdings replace its site-wide
 * figure.
 */
export function selection(generation: number, query: AuthorityQuery, now: Date, options: { includeRemoved?: boolean } = {}): { sql: string; params: unknown[] } {
  // Placeholders are positional: every value is pushed where its `?` is written, in text order.
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return '?';
  };
  const usedFor = (column: string) =>
    `case when bool_or(group_code is not null) then ${column} filter (where group_code is not null) else ${column} filter (where group_code is null) end`;
  let sql = `with avail as (
      select (s.payload->>'siteId')::int as site_id, s.payload->>'holdingId' as holding_id, s.payload->>'groupCode' as group_code,
        s.payload->>'status' as status, (s.payload->>'freePlaces')::int as free_places,
        (s.payload->>'reportedAt')::timestamptz as reported_at, (s.payload->>'expiresAt')::timestamptz as expires_at
      from search.source s where s.generation = ${p(generation)} and s.kind = 'availability' and not s.deleted),
    counted as (select * from avail where expires_at is null or expires_at > ${p(now.toISOString())}::timestamptz),
    per_holding as (
      select site_id, holding_id, ${usedFor('sum(free_places)')} as free, ${usedFor('min(reported_at)')} as oldest, ${usedFor('max(reported_at)')} as newest
      from counted where holding_id is not null group by site_id, holding_id),
    site_free as (
      select coalesce(h.site_id, s.site_id) as site_id,
        case when h.site_id is not null then h.free else s.free_places end as free,
        case when h.site_id is not null then h.oldest else s.reported_at end as oldest,
        case when h.site_id is not null then h.newest else s.reported_at end as newest
      from (select site_id, sum(free) as free, min(oldest) as oldest, max(newest) as newest from per_holding group by site_id) h
      full join (select site_id, free_places, reported_at from counted where holding_id is null) s on s.site_id = h.site_id),
    site_status as (select site_id, array_agg(distinct status) as statuses from counted group by site_id),
    f as (select coalesce(sf.site_id, ss.site_id) as site_id, sf.free, sf.oldest, sf.newest, ss.statuses from site_free sf full join site_status ss on ss.site_id = sf.site_id)`;
  const takesAge = (group: string) => `coalesce((${group}->>'ageMin')::int, 0) <= ${p(query.age)} and coalesce((${group}->>'ageMax')::int, 200) >= ${p(query.age)}`;
  if (query.age !== undefined) {
    sql += `,
    age_free as (
      select r.site_id, sum(c.free_places) as free from search.authority_record r
      cross join lateral jsonb_array_elements(r.capacity_groups) cg
      join counted c on c.site_id = r.site_id and c.holding_id = cg->>'holdingId' and c.group_code = cg->>'code'
      where r.generation = ${p(generation)} and r.site_id is not null and not r.deleted and ${takesAge('cg')}
      group by r.site_id)`;
  }
  const where: string[] = [`r.generation = ${p(generation)}`, ...(options.includeRemoved ? [] : ['not r.deleted'])];
  const list = (clause: (placeholder: string) => string, values: readonly unknown[] | undefined) => {
    if (values && values.length > 0) where.push(clause(p(pgArray(values))));
  };
  list((v) => `r.kind = any(${v}::text[])`, query.kind);
  list((v) => `r.sector_ids && ${v}::int[]`, query.sector);
  list((v) => `r.category_ids && ${v}::int[]`, query.category);
  list((v) => `r.holding_keys && ${v}::text[]`, query.agrementType?.flatMap((t) => query.agrementStatus.map((s) => `${t}|${s}`)));
  list((v) => `r.authority_keys && ${v}::text[]`, query.authority?.flatMap((a) => query.agrementStatus.map((s) => `${a}|${s}`)));
  list((v) => `r.profession = any(${v}::text[])`, query.profession);
  const area = query.area;
  list((v) => `r.municipality = any(${v}::text[])`, area?.municipality);
  list((v) => `r.district = any(${v}::text[])`, area?.district);
  list((v) => `r.stat_sector = any(${v}::text[])`, area?.statSector);
  const box = (south: number, north: number, west: number, east: number) => where.push(`r.lat between ${p(south)} and ${p(north)} and r.lon between ${p(west)} and ${p(east)}`);
  if (area?.polygon) {
    const ring = area.polygon.coordinates[0]!;
    box(Math.min(...ring.map((c) => c[1]!)), Math.max(...ring.map((c) => c[1]!)), Math.min(...ring.map((c) => c[0]!)), Math.max(...ring.map((c) => c[0]!)));
    where.push(`r.pt <@ ${p(`(${ring.map(([lon, lat]) => `(${lon},${lat})`).join(',')})`)}::polygon`);
  }
  if (area?.near) {
    const { lat, lon, radiusM } = area.near;
    const dLat = radiusM / METRES_PER_DEGREE;
    const dLon = radiusM / (METRES_PER_DEGREE * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
    box(lat - dLat, lat + dLat, lon - dLon, lon + dLon);
    where.push(`search.distance_m(r.pt, point(${p(lon)}, ${p(lat)})) <= ${p(radiusM)}`);
  }
  if (query.acceptingPatients !== undefined) where.push(`r.accepting_patients = ${p(query.acceptingPatients)}`);
  if (query.age !== undefined) where.push(`exists (select 1 from jsonb_array_elements(r.capacity_groups) cg where ${takesAge('cg')})`);
  list((v) => `f.statuses && ${v}::text[]`, query.availabilityStatus);
  if (query.withFreePlaces) where.push(query.age !== undefined ? 'coalesce(af.free, 0) > 0' : 'coalesce(f.free, 0) > 0');
  sql += `,
    sel as (
      select r.*, f.free, f.oldest, f.newest${query.age !== undefined ? ', af.free as age_free_places' : ''}
      from search.authority_record r
      left join f on f.site_id = r.site_id
      ${query.age !== undefined ? 'left join age_free af on af.site_id = r.site_id' : ''}
      where ${where.join(' and ')})`;
  return { sql, params };
}

/**
 * An array as a PostgreSQL array literal: the ORM would expand an array value into a list of
 * placeholders, so arrays travel as one text value cast in SQL (`?::text[]`).
 */
function pgArray(values: readonly unknown[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Authority queries: the selection, its aggregates and each entity's current figures. */
@Injectable()
export class AuthorityQueries {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly state: IndexState,
  ) {}

  async query(query: AuthorityQuery, now = new Date()) {
    const generation = await this.state.activeGeneration();
    const em = this.orm.em.fork();
    // One snapshot for the page, the total and the aggregates.
    return em.transactional(
      async (tx) => {
        const { sql, params } = selection(generation, query, now);
        const rows = await tx.execute<SelectedRow[]>(`${sql} select ${SELECTED_COLUMNS} from sel order by ${SELECTION_ORDER} limit ? offset ?`, [...params, query.size, (query.page - 1) * query.size]);
        const [{ total }] = (await tx.execute<Array<{ total: string }>>(`${sql} select count(*) as total from sel`, params)) as [{ total: string }];
        const groups = await this.aggregates(tx, generation, query, sql, params);
        const figures = await this.figures(tx, generation, rows.map((r) => r.site_id).filter((id): id is number => id !== null), now);
        return {
          at: now.toISOString(),
          total: Number(total),
          page: query.page,
          size: query.size,
          items: rows.map((r) => itemOf(r, figures)),
          aggregates: { groupBy: query.groupBy, ...groups },
        };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  private async aggregates(em: EntityManager, generation: number, query: AuthorityQuery, sql: string, params: unknown[]) {
    const group = GROUP_TERMS[query.groupBy];
    const rows = await em.execute<Array<{ key: string | null; n: string; capacity: string; free: string; reporting: string; oldest: Date | null; newest: Date | null; fr: string | null; nl: string | null }>>(
      `${sql}, grouped as (
         select ${group.column.replace(/r\./g, 's.')} as key, s.accredited_capacity, s.free, s.oldest, s.newest from sel s)
       select g.key, count(*) as n, coalesce(sum(g.accredited_capacity), 0) as capacity, coalesce(sum(g.free), 0) as free, count(g.free) as reporting,
         min(g.oldest) as oldest, max(g.newest) as newest, t.fr, t.nl
       from grouped g left join search.term t on t.generation = ? and t.facet = ? and t.key = g.key
       group by g.key, t.fr, t.nl order by g.key nulls last`,
      [...params, generation, group.facet],
    );
    const groups: AuthorityGroup[] = rows.map((r) => ({
      key: r.key,
      label: r.fr !== null && r.nl !== null ? { fr: r.fr, nl: r.nl } : null,
      count: Number(r.n),
      accreditedCapacity: Number(r.capacity),
      freePlaces: Number(r.free),
      reporting: Number(r.reporting),
      oldestReportAt: r.oldest ? new Date(r.oldest).toISOString() : null,
      newestReportAt: r.newest ? new Date(r.newest).toISOString() : null,
    }));
    const [totals] = await em.execute<Array<{ n: string; capacity: string; free: string; reporting: string }>>(
      `${sql} select count(*) as n, coalesce(sum(accredited_capacity), 0) as capacity, coalesce(sum(free), 0) as free, count(free) as reporting from sel`,
      params,
    );
    return {
      groups,
      totals: { count: Number(totals!.n), accreditedCapacity: Number(totals!.capacity), freePlaces: Number(totals!.free), reporting: Number(totals!.reporting) },
    };
  }

  /**
   * What changed since `since` among what the query selects (removed entities included): the
   * entity as authorities see it changed (content, contacts, holdings), it was removed, or it
   * reported availability. Newest first.
   */
  async changes(query: AuthorityQuery, since: Date, now = new Date()) {
    const generation = await this.state.activeGeneration();
    const em = this.orm.em.fork();
    const { sql, params } = selection(generation, query, now, { includeRemoved: true });
    const rows = await em.execute<Array<{ doc_id: string; kind: string; entity_id: string; name_fr: string; name_nl: string; deleted: boolean; changed_at: Date | null; reported_at: Date | null }>>(
      `${sql}, reported as (
         select (payload->>'siteId')::int as site_id, max(event_at) as reported_at from search.source
         where generation = ? and kind = 'availability' and event_at > ?::timestamptz group by 1)
       select s.doc_id, s.kind, s.entity_id, s.name_fr, s.name_nl, s.deleted, case when s.changed_at > ?::timestamptz then s.changed_at end as changed_at, rp.reported_at
       from sel s left join reported rp on rp.site_id = s.site_id
       where s.changed_at > ?::timestamptz or rp.reported_at is not null
       order by greatest(s.changed_at, rp.reported_at) desc, s.doc_id limit ? offset ?`,
      [...params, generation, since.toISOString(), since.toISOString(), since.toISOString(), query.size, (query.page - 1) * query.size],
    );
    return {
      since: since.toISOString(),
      at: now.toISOString(),
      page: query.page,
      size: query.size,
      items: rows.map((r) => ({
        id: r.doc_id,
        kind: r.kind,
        entityId: r.entity_id,
        name: r.name_fr ? { fr: r.name_fr, nl: r.name_nl } : null,
        changes: [
          ...(r.changed_at ? [{ what: r.deleted ? 'removed' : 'changed', at: new Date(r.changed_at).toISOString() }] : []),
          ...(r.reported_at ? [{ what: 'availability', at: new Date(r.reported_at).toISOString() }] : []),
        ],
      })),
    };
  }

  /** Every availability figure of these sites, counted or expired, with its age. */
  async figures(em: EntityManager, generation: number, siteIds: number[], now: Date): Promise<Map<number, AvailabilityFigure[]>> {
    const byId = new Map<number, AvailabilityFigure[]>();
    if (siteIds.length === 0) return byId;
    const rows = await em.execute<Array<{ payload: AvailabilityState }>>(
      `select payload from search.source where generation = ? and kind = 'availability' and not deleted and (payload->>'siteId')::int = any(?::int[]) order by id`,
      [generation, pgArray(siteIds)],
    );
    for (const { payload } of rows) {
      const { version: _version, reporter, ...state } = payload;
      const figure: AvailabilityFigure = {
        ...state,
        reporter: { kind: reporter.kind },
        counts: payload.expiresAt === null || Date.parse(payload.expiresAt) > now.getTime(),
        ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(payload.reportedAt)) / 1000)),
      };
      byId.set(payload.siteId, [...(byId.get(payload.siteId) ?? []), figure]);
    }
    return byId;
  }
}
