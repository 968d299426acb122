import type { Writable } from 'node:stream';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { DATA_SOURCE, EXPORT_EXTENSIONS, EXPORT_MEDIA_TYPES, exportFileName, RESTRICTED_LICENCE, writeExport, type ExportDefinition, type ExportMetadata } from '@care/exports';
import type { Localized } from '@care/kernel';
import { cursorBatches } from '@care/persistence';
import type { AuthorityQuery } from '@care/search-domain';
import { IndexState } from '../projection/index-state.js';
import { AuthorityQueries, itemOf, SELECTED_COLUMNS, selection, SELECTION_ORDER, type AuthorityItem, type SelectedRow } from './authority.queries.js';

/** The formats an authority query is exported in (issue 13). */
export const AUTHORITY_EXPORT_FORMATS = ['csv', 'xlsx', 'geojson'] as const;
export type AuthorityExportFormat = (typeof AUTHORITY_EXPORT_FORMATS)[number];
export const authorityExportParamsSchema = z.object({ format: z.enum(AUTHORITY_EXPORT_FORMATS) }).strict();

/** Rows per cursor fetch: one batch (and its availability figures) in memory at a time. */
const BATCH = 1_000;

/** An exported entity: the item of the answer, with the names of its district and statistical sector. */
export interface AuthorityExportRow {
  item: AuthorityItem;
  district: Localized | null;
  statSector: Localized | null;
}

/** What is known before the first byte: the rows the export will hold (counted in its snapshot) and how to name the file. */
export interface ExportHead {
  rows: number;
  mediaType: string;
  fileName: string;
}

const text = (values: ReadonlyArray<string | null | undefined>) => values.filter((v): v is string => !!v).join('; ');
const agrements = (item: AuthorityItem, lang: keyof Localized) =>
  text(
    item.holdings.map((h) => {
      const details = [h.status, h.capacity ? `${h.capacity.value} ${h.capacity.unit}` : null, h.validTo ? `→ ${h.validTo}` : null, h.heldBy === 'organisation' ? (lang === 'fr' ? 'organisation' : 'organisatie') : null];
      return `${h.type?.[lang] ?? h.typeId} (${text(details).replace(/; /g, ', ')})`;
    }),
  );
const counted = (item: AuthorityItem) => item.availability.filter((f) => f.counts);

/**
 * The columns a crisis cell works with: who (names, kind, profession), where (address,
 * municipality, district, sector, position), how to reach them (public, crisis and direct
 * contacts, person in charge), what they hold (agréments, accredited capacity) and what is free
 * now (free places still counting, when reported, status). GeoJSON features carry the item as the
 * query answers it.
 */
export const AUTHORITY_EXPORT: ExportDefinition<AuthorityExportRow> = {
  columns: [
    { header: 'id', value: (r) => r.item.id },
    { header: 'kind', value: (r) => r.item.kind },
    { header: 'name_fr', value: (r) => r.item.name.fr },
    { header: 'name_nl', value: (r) => r.item.name.nl },
    { header: 'subtitle_fr', value: (r) => r.item.subtitle?.fr },
    { header: 'subtitle_nl', value: (r) => r.item.subtitle?.nl },
    { header: 'profession_fr', value: (r) => r.item.profession?.label.fr },
    { header: 'profession_nl', value: (r) => r.item.profession?.label.nl },
    { header: 'categories_fr', value: (r) => text(r.item.categories.map((c) => c.name.fr)) },
    { header: 'categories_nl', value: (r) => text(r.item.categories.map((c) => c.name.nl)) },
    { header: 'street_fr', value: (r) => r.item.address?.street.fr },
    { header: 'street_nl', value: (r) => r.item.address?.street.nl },
    { header: 'number', value: (r) => r.item.address?.number },
    { header: 'postcode', value: (r) => r.item.address?.postcode },
    { header: 'municipality_nis', value: (r) => r.item.municipality },
    { header: 'municipality_fr', value: (r) => r.item.address?.municipality.fr },
    { header: 'municipality_nl', value: (r) => r.item.address?.municipality.nl },
    { header: 'district_code', value: (r) => r.item.district },
    { header: 'district_fr', value: (r) => r.district?.fr },
    { header: 'district_nl', value: (r) => r.district?.nl },
    { header: 'stat_sector_code', value: (r) => r.item.statSector },
    { header: 'stat_sector_fr', value: (r) => r.statSector?.fr },
    { header: 'stat_sector_nl', value: (r) => r.statSector?.nl },
    { header: 'lat', value: (r) => r.item.point?.lat },
    { header: 'lon', value: (r) => r.item.point?.lon },
    { header: 'phone', value: (r) => r.item.publicContacts.phone },
    { header: 'email', value: (r) => r.item.publicContacts.email },
    { header: 'website', value: (r) => r.item.publicContacts.website },
    { header: 'crisis_direct_phone', value: (r) => r.item.crisisContacts?.directPhone },
    { header: 'crisis_emergency_phone', value: (r) => r.item.crisisContacts?.emergencyPhone },
    { header: 'crisis_email', value: (r) => r.item.crisisContacts?.email },
    { header: 'crisis_remark', value: (r) => r.item.crisisContacts?.remark },
    { header: 'responsible_name', value: (r) => r.item.crisisContacts?.responsible?.name },
    { header: 'responsible_role', value: (r) => r.item.crisisContacts?.responsible?.role },
    { header: 'responsible_phone', value: (r) => r.item.crisisContacts?.responsible?.phone },
    { header: 'responsible_email', value: (r) => r.item.crisisContacts?.responsible?.email },
    { header: 'provider_mobile', value: (r) => r.item.directContacts?.mobile },
    { header: 'provider_email', value: (r) => r.item.directContacts?.email },
    { header: 'approval_status', value: (r) => r.item.approvalStatus },
    { header: 'convention', value: (r) => r.item.convention },
    { header: 'accepting_patients', value: (r) => r.item.acceptingPatients },
    { header: 'agrements_fr', value: (r) => agrements(r.item, 'fr') },
    { header: 'agrements_nl', value: (r) => agrements(r.item, 'nl') },
    { header: 'accredited_capacity', value: (r) => r.item.accreditedCapacity },
    { header: 'free_places', value: (r) => r.item.freePlaces },
    { header: 'free_places_reported_oldest', value: (r) => r.item.freePlacesReportedAt?.oldest },
    { header: 'free_places_reported_newest', value: (r) => r.item.freePlacesReportedAt?.newest },
    { header: 'reported_status', value: (r) => text([...new Set(counted(r.item).map((f) => f.status))]) },
    { header: 'link', value: (r) => r.item.link },
  ],
  json: (r) => r.item,
  point: (r) => r.item.point,
};

/**
 * Exports of an authority query: every entity it selects (the shared `selection`), from one
 * repeatable-read snapshot, counted before the first byte and streamed through a server-side
 * cursor a batch at a time. Runs in the export process (`authority-export.cli`), not in the service.
 */
export class AuthorityExports {
  constructor(
    private readonly orm: MikroORM,
    private readonly state: IndexState,
    private readonly queries: AuthorityQueries,
  ) {}

  /** Calls `open` with the head once the rows are counted, writes the file to what it returns; resolves with the rows written. */
  async export(query: AuthorityQuery, format: AuthorityExportFormat, open: (head: ExportHead) => Writable, now = new Date()): Promise<number> {
    const generation = await this.state.activeGeneration();
    return this.orm.em.fork().transactional(
      async (tx) => {
        const { sql, params } = selection(generation, query, now);
        const [{ total }] = (await tx.execute<Array<{ total: string }>>(`${sql} select count(*) as total from sel`, params)) as [{ total: string }];
        const out = open({ rows: Number(total), mediaType: EXPORT_MEDIA_TYPES[format], fileName: exportFileName('authority-query', EXPORT_EXTENSIONS[format], now.toISOString()) });
        return writeExport(format, this.rows(tx, generation, sql, params, now), AUTHORITY_EXPORT, metadataOf(query, now, Number(total)), out);
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  private async *rows(tx: EntityManager, generation: number, sql: string, params: unknown[], now: Date): AsyncGenerator<AuthorityExportRow[]> {
    type Row = SelectedRow & { district_fr: string | null; district_nl: string | null; sector_fr: string | null; sector_nl: string | null };
    const cursor = cursorBatches<Row>(
      tx,
      `${sql} select ${SELECTED_COLUMNS}, d.fr as district_fr, d.nl as district_nl, t.fr as sector_fr, t.nl as sector_nl from sel
       left join search.term d on d.generation = ? and d.facet = 'district' and d.key = sel.district
       left join search.term t on t.generation = ? and t.facet = 'stat-sector' and t.key = sel.stat_sector
       order by ${SELECTION_ORDER}`,
      [...params, generation, generation],
      BATCH,
    );
    for await (const batch of cursor) {
      const figures = await this.queries.figures(tx, generation, batch.map((r) => r.site_id).filter((id): id is number => id !== null), now);
      yield batch.map((r) => ({
        item: itemOf(r, figures),
        district: r.district_fr !== null && r.district_nl !== null ? { fr: r.district_fr, nl: r.district_nl } : null,
        statSector: r.sector_fr !== null && r.sector_nl !== null ? { fr: r.sector_fr, nl: r.sector_nl } : null,
      }));
    }
  }
}

/** Inside the file: a restricted dataset, the query it answers (paging aside); free places are counted at `generatedAt`. */
function metadataOf(query: AuthorityQuery, now: Date, rows: number): ExportMetadata {
  const { page: _page, size: _size, groupBy: _groupBy, ...selected } = query;
  return {
    dataset: 'authority-query',
    title: 'Crisis management: authority query / Gestion de crise : requête des autorités / Crisisbeheer: zoekopdracht van de overheden',
    source: DATA_SOURCE,
    licence: RESTRICTED_LICENCE,
    attribution: `${DATA_SOURCE}. ${RESTRICTED_LICENCE.name}`,
    generatedAt: now.toISOString(),
    rows,
    query: selected,
  };
}
