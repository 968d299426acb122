import type { EntityManager } from '@mikro-orm/postgresql';
import { capacityGroupsOf, type AuthorityRecord } from '@care/search-domain';

/**
 * Writes the authority records of a batch of built documents (with the versions the documents
 * got), and tombstones those of removed documents. Like the engines, a write never replaces a
 * newer build. Filter columns are copied out of the record so authority queries select and
 * aggregate without reading JSON.
 */
export async function writeAuthorityRecords(
  em: EntityManager,
  generation: number,
  records: ReadonlyArray<{ record: AuthorityRecord; version: number }>,
  removed: ReadonlyArray<{ id: string; version: number }>,
  today: string,
): Promise<void> {
  if (records.length > 0) {
    const rows = records.map(({ record: r, version }) => {
      const held = r.holdings;
      return {
        version,
        doc_id: r.id,
        kind: r.kind,
        entity_id: r.entityId,
        site_id: r.kind === 'site' ? Number(r.entityId) : null,
        name_fr: r.name.fr,
        name_nl: r.name.nl,
        lat: r.point?.lat ?? null,
        lon: r.point?.lon ?? null,
        municipality: r.municipality,
        district: r.district,
        stat_sector: r.statSector,
        sector_ids: r.sectorIds,
        category_ids: r.categories.map((c) => c.id),
        profession: r.profession?.kind ?? null,
        accepting_patients: r.acceptingPatients,
        holding_keys: [...new Set(held.map((h) => `${h.typeId}|${h.status}`))],
        authority_keys: [...new Set(held.filter((h) => h.authorityId).map((h) => `${h.authorityId}|${h.status}`))],
        holding_statuses: [...new Set(held.map((h) => h.status))],
        accredited_capacity: r.accreditedCapacity,
        capacity_groups: capacityGroupsOf(r, today),
        record: r,
      };
    });
    await em.execute(
      `insert into search.authority_record (generation, doc_id, kind, entity_id, site_id, name_fr, name_nl, lat, lon, pt, municipality, district, stat_sector, sector_ids, category_ids,
         profession, accepting_patients, holding_keys, authority_keys, holding_statuses, accredited_capacity, capacity_groups, record, updated_at, version, deleted, changed_at)
       select ?, r.doc_id, r.kind, r.entity_id, r.site_id, r.name_fr, r.name_nl, r.lat, r.lon, case when r.lon is null then null else point(r.lon, r.lat) end,
         r.municipality, r.district, r.stat_sector, r.sector_ids, r.category_ids, r.profession, r.accepting_patients, r.holding_keys, r.authority_keys,
         r.holding_statuses, r.accredited_capacity, r.capacity_groups, r.record, now(), r.version, false, now()
       from jsonb_to_recordset(?::jsonb) as r(version bigint, doc_id text, kind text, entity_id text, site_id int, name_fr text, name_nl text, lat float8, lon float8, municipality text,
         district text, stat_sector text, sector_ids int[], category_ids int[], profession text, accepting_patients boolean, holding_keys text[],
         authority_keys text[], holding_statuses text[], accredited_capacity int, capacity_groups jsonb, record jsonb)
       on conflict (generation, doc_id) do update set kind = excluded.kind, entity_id = excluded.entity_id, site_id = excluded.site_id, name_fr = excluded.name_fr, name_nl = excluded.name_nl,
         lat = excluded.lat, lon = excluded.lon, pt = excluded.pt, municipality = excluded.municipality, district = excluded.district, stat_sector = excluded.stat_sector,
         sector_ids = excluded.sector_ids, category_ids = excluded.category_ids, profession = excluded.profession, accepting_patients = excluded.accepting_patients,
         holding_keys = excluded.holding_keys, authority_keys = excluded.authority_keys, holding_statuses = excluded.holding_statuses,
         accredited_capacity = excluded.accredited_capacity, capacity_groups = excluded.capacity_groups, record = excluded.record, updated_at = now(),
         changed_at = case when search.authority_record.deleted or search.authority_record.record is distinct from excluded.record then now() else search.authority_record.changed_at end,
         version = excluded.version, deleted = false
       where search.authority_record.version < excluded.version`,
      [generation, JSON.stringify(rows)],
    );
  }
  if (removed.length > 0) {
    await em.execute(
      `insert into search.authority_record (generation, doc_id, kind, entity_id, name_fr, name_nl, sector_ids, category_ids, holding_keys, authority_keys, holding_statuses,
         accredited_capacity, capacity_groups, record, updated_at, version, deleted, changed_at)
       select ?, r.id, split_part(r.id, ':', 1), split_part(r.id, ':', 2), '', '', '{}', '{}', '{}', '{}', '{}', 0, '[]', null, now(), r.version, true, now()
       from jsonb_to_recordset(?::jsonb) as r(id text, version bigint)
       -- The tombstone keeps where it was, so "what changed in this area" can list removals.
       on conflict (generation, doc_id) do update set deleted = true, version = excluded.version, updated_at = now(),
         changed_at = case when search.authority_record.deleted then search.authority_record.changed_at else now() end
       where search.authority_record.version < excluded.version`,
      [generation, JSON.stringify(removed)],
    );
  }
}
