import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { AvailabilityState } from '@care/contracts';
import { UnitOfWork } from '@care/persistence';
import type { Audience } from '@care/service-kit';
import { AvailabilityReportEntity, AvailabilitySlotEntity } from '../persistence/entities/agrement.entities.js';

export const currentAvailabilityQuerySchema = z.object({ siteId: z.coerce.number().int().positive() }).strict();

export const availabilityHistoryQuerySchema = z
  .object({
    siteId: z.coerce.number().int().positive(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    size: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** Who reported a figure: staff see the account; authorities its kind only (a staff member, the site's representative), never a person. */
export const reporterViewSchema = z.object({ kind: z.enum(['staff', 'representative']), id: z.string().optional() });

function forAudience<S extends AvailabilityState>(state: S, audience: Audience): Omit<S, 'reporter'> & { reporter: z.output<typeof reporterViewSchema> } {
  return audience === 'internal' ? state : { ...state, reporter: { kind: state.reporter.kind } };
}

/** Current figures of a site (each with its age and whether it still counts) and the reports made, as the audience may see them. */
@Injectable()
export class AvailabilityQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async current(siteId: number, audience: Audience, now = new Date()) {
    const slots = await this.uow.read().find(AvailabilitySlotEntity, { siteId }, { orderBy: { slot: 'asc' } });
    return {
      siteId,
      at: now.toISOString(),
      items: slots.map((s) => ({ ...forAudience(s.toState(), audience), counts: s.counts(now), ageSeconds: Math.max(0, Math.round((now.getTime() - s.reportedAt.getTime()) / 1000)) })),
    };
  }

  async history(query: z.output<typeof availabilityHistoryQuerySchema>, audience: Audience) {
    const where = {
      siteId: query.siteId,
      ...(query.from || query.to ? { recordedAt: { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) } } : {}),
    };
    const [rows, total] = await this.uow.read().findAndCount(AvailabilityReportEntity, where, { orderBy: { recordedAt: 'desc', id: 'desc' }, limit: query.size, offset: (query.page - 1) * query.size });
    return { total, page: query.page, size: query.size, items: rows.map((r) => ({ ...forAudience(r.state, audience), recordedAt: r.recordedAt.toISOString() })) };
  }
}
