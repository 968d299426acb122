import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { NotFoundError } from '@care/kernel';
import { GEOCODING_STATUSES, SITE_STATES, type Site } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { SiteEntity } from '../persistence/entities/site.entity.js';
import { CategoryEntity } from '../persistence/entities/taxonomy.entity.js';
import { SITE_LABEL } from './site.commands.js';

/** A comma-separated query parameter (`state=draft,submitted`). */
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(50));

export const siteListQuerySchema = z
  .object({
    state: csv(z.enum(SITE_STATES)).optional(),
    municipality: z.string().regex(/^\d{5}$/).optional(),
    postcode: z.string().regex(/^\d{4}$/).optional(),
    category: z.coerce.number().int().positive().optional(),
    sector: z.coerce.number().int().positive().optional(),
    organisationId: z.coerce.number().int().positive().optional(),
    /** Accent- and case-insensitive match on the names, FR or NL. */
    q: z.string().trim().min(2).max(100).optional(),
    /** Sites not verified since this date (or never). */
    verifiedBefore: z.iso.date().optional(),
    geocoding: z.enum(GEOCODING_STATUSES).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export type SiteListQuery = z.output<typeof siteListQuerySchema>;

export const freshnessSchema = z.object({
  asOf: z.iso.datetime({ offset: true }),
  windowMonths: z.number().int(),
  overall: z.object({ published: z.number().int(), verified: z.number().int(), share: z.number() }),
  bySector: z.array(z.object({ sectorId: z.number().int(), name: z.object({ fr: z.string(), nl: z.string() }), published: z.number().int(), verified: z.number().int(), share: z.number() })),
  byMunicipality: z.array(z.object({ nis: z.string().nullable(), name: z.object({ fr: z.string(), nl: z.string() }), published: z.number().int(), verified: z.number().int(), share: z.number() })),
});

@Injectable()
export class SiteQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async get(id: number): Promise<Site> {
    const site = await this.uow.read().findOne(SiteEntity, { id });
    if (!site) throw new NotFoundError(SITE_LABEL, id);
    return site;
  }

  async list(query: SiteListQuery): Promise<{ items: Site[]; total: number }> {
    const em = this.uow.read();
    const where: FilterQuery<Site> = {};
    if (query.state) where.state = { $in: query.state };
    if (query.municipality) where.municipalityNis = query.municipality;
    if (query.postcode) where.postcode = query.postcode;
    if (query.organisationId) where.organisationId = query.organisationId;
    if (query.geocoding) where.geocodingStatus = query.geocoding;
    const categories: number[][] = [];
    if (query.category) categories.push([query.category]);
    if (query.sector) {
      const inSector = await em.find(CategoryEntity, { sectorIds: { $overlap: [query.sector] } }, { fields: ['id'] });
      categories.push(inSector.map((c) => c.id));
    }
    if (categories.length) where.$and = categories.map((ids) => ({ categoryIds: { $overlap: ids } }));
    if (query.q) where.searchText = { $like: `%${normalise(query.q).replace(/[%_\\]/g, (c) => `\\${c}`)}%` };
    if (query.verifiedBefore) where.$or = [{ lastVerifiedAt: null }, { lastVerifiedAt: { $lt: new Date(`${query.verifiedBefore}T00:00:00Z`) } }];
    const [items, total] = await em.findAndCount(SiteEntity, where, {
      orderBy: { id: 'asc' },
      limit: query.size,
      offset: (query.page - 1) * query.size,
    });
    return { items, total };
  }

  /**
   * Share of published sites verified in the last `months` months, overall, per sector and per
   * municipality: the figure that fell from 55 % to 23 % on the old platform.
   */
  async freshness(months = 12, now = new Date()): Promise<z.output<typeof freshnessSchema>> {
    const since = new Date(now);
    since.setUTCMonth(since.getUTCMonth() - months);
    const em = this.uow.read();
    const share = (verified: number, published: number) => (published ? Math.round((verified / published) * 10_000) / 10_000 : 0);
    const [overall] = await em.execute<{ published: string; verified: string }[]>(
      `select count(*) as published, count(*) filter (where last_verified_at >= ?) as verified from site where state = 'published'`,
      [since],
    );
    const bySector = await em.execute<{ sector_id: number; name: { fr: string; nl: string }; published: string; verified: string }[]>(
      `select sec.id as sector_id, sec.name, count(distinct s.id) as published,
              count(distinct s.id) filter (where s.last_verified_at >= ?) as verified
         from site s
         join category c on c.id = any(s.category_ids)
         join sector sec on sec.id = any(c.sector_ids)
        where s.state = 'published'
        group by sec.id, sec.name order by sec.id`,
      [since],
    );
    const byMunicipality = await em.execute<{ nis: string | null; name: { fr: string; nl: string }; published: string; verified: string }[]>(
      `select s.municipality_nis as nis, (array_agg(s.address->'municipality'->'name'))[1] as name, count(*) as published,
              count(*) filter (where s.last_verified_at >= ?) as verified
         from site s where s.state = 'published'
        group by s.municipality_nis order by s.municipality_nis nulls last`,
      [since],
    );
    const figures = <R extends { published: string; verified: string }>(r: R) => ({
      published: Number(r.published),
      verified: Number(r.verified),
      share: share(Number(r.verified), Number(r.published)),
    });
    return {
      asOf: now.toISOString(),
      windowMonths: months,
      overall: figures(overall!),
      bySector: bySector.map((r) => ({ sectorId: r.sector_id, name: r.name, ...figures(r) })),
      byMunicipality: byMunicipality.map((r) => ({ nis: r.nis, name: r.name, ...figures(r) })),
    };
  }
}

function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}
