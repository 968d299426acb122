import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { HOLDER_KINDS, HOLDING_STATUSES, type PublicHolding } from '@care/contracts';
import { NotFoundError } from '@care/kernel';
import { UnitOfWork } from '@care/persistence';
import type { Audience } from '@care/service-kit';
import { AgrementTypeEntity, AuthorityEntity, HoldingEntity, HoldingRevisionEntity, TypeAttributionEntity } from '../persistence/entities/agrement.entities.js';
import { AUTHORITY_LABEL, TYPE_LABEL } from '../authorities/reference.commands.js';
import { brusselsToday, HOLDING_LABEL } from './holding.commands.js';

const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), size: z.coerce.number().int().min(1).max(500).default(50) };

/** Holdings valid on a date (today by default): the browse of citizens, portals and authorities. */
export const validHoldingsQuerySchema = z
  .object({
    validAt: z.iso.date().optional(),
    authority: z.string().optional(),
    type: z.string().optional(),
    category: z.coerce.number().int().positive().optional(),
    holderKind: z.enum(HOLDER_KINDS).optional(),
    holderId: z.string().regex(/^\d{1,12}$/).optional(),
    ...page,
  })
  .strict();
export type ValidHoldingsQuery = z.output<typeof validHoldingsQuerySchema>;

/** Every holding in its current state, whatever its status (staff, reconciliation). */
export const holdingsQuerySchema = z
  .object({ status: z.enum(HOLDING_STATUSES).optional(), type: z.string().optional(), holderKind: z.enum(HOLDER_KINDS).optional(), holderId: z.string().regex(/^\d{1,12}$/).optional(), ...page })
  .strict();

export const atQuerySchema = z.object({ validAt: z.iso.date().optional() }).strict();

interface HolderView {
  kind: string;
  id: string;
  known: boolean;
  published: boolean | null;
  name: { fr: string; nl: string } | null;
  place: { postcode: string; municipality: { fr: string; nl: string } } | null;
}

/**
 * Reads of authorities, types and holdings. "Valid at D" reads the holding history: the state
 * in force at D (the last revision effective on or before D) must be active and D inside its
 * validity, and the authority is the one that accredited the type at D.
 */
@Injectable()
export class AgrementQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async authorities(validAt = brusselsToday()) {
    const em = this.uow.read();
    const authorities = await em.find(AuthorityEntity, {}, { orderBy: { id: 'asc' } });
    const typeCounts = await em.execute<{ authority_id: string; n: string }[]>(
      `select a.authority_id, count(*) as n from type_attribution a join agrement_type t on t.id = a.type_id
        where a.valid_from <= ? and (a.valid_to is null or a.valid_to >= ?) and t.valid_from <= ? and (t.valid_to is null or t.valid_to >= ?)
        group by a.authority_id`,
      [validAt, validAt, validAt, validAt],
    );
    const holdingCounts = await em.execute<{ authority_id: string; n: string }[]>(`select authority_id, count(*) as n from (${VALID_AT_SQL}) v group by authority_id`, validAtParams(validAt));
    const count = (rows: { authority_id: string; n: string }[], id: string) => Number(rows.find((r) => r.authority_id === id)?.n ?? 0);
    return {
      validAt,
      items: authorities.map((a) => ({ ...a.toPublic(), validAtDate: a.isValidAt(validAt), types: count(typeCounts, a.id), holdings: count(holdingCounts, a.id), version: a.version })),
    };
  }

  async authority(id: string) {
    const authority = await this.uow.read().findOne(AuthorityEntity, { id });
    if (!authority) throw new NotFoundError(AUTHORITY_LABEL, id);
    return authority;
  }

  /** Types accredited by `authorityId` on `validAt` (a type moved by a succession belongs to its successor from that date). */
  async types(filter: { authority?: string; category?: number; validAt?: string }) {
    const em = this.uow.read();
    const validAt = filter.validAt ?? brusselsToday();
    const rows = await em.execute<{ id: string }[]>(
      `select t.id from agrement_type t join type_attribution a on a.type_id = t.id and a.valid_from <= ? and (a.valid_to is null or a.valid_to >= ?)
        where t.valid_from <= ? and (t.valid_to is null or t.valid_to >= ?) ${filter.authority ? 'and a.authority_id = ?' : ''} ${filter.category ? 'and ? = any(t.category_ids)' : ''}
        order by t.id`,
      [validAt, validAt, validAt, validAt, ...(filter.authority ? [filter.authority] : []), ...(filter.category ? [filter.category] : [])],
    );
    const ids = rows.map((r) => r.id);
    const types = await em.find(AgrementTypeEntity, { id: { $in: ids } }, { orderBy: { id: 'asc' } });
    const periods = await em.find(TypeAttributionEntity, { typeId: { $in: ids } });
    return { validAt, items: types.map((t) => ({ ...t.toPublic(periods.filter((p) => p.typeId === t.id)), version: t.version })) };
  }

  async type(id: string) {
    const em = this.uow.read();
    const type = await em.findOne(AgrementTypeEntity, { id });
    if (!type) throw new NotFoundError(TYPE_LABEL, id);
    return { version: type.version, view: { ...type.toPublic(await em.find(TypeAttributionEntity, { typeId: id })), version: type.version } };
  }

  /** Holdings valid at a date with their holders. The public does not see holders that are not public. */
  async validHoldings(query: ValidHoldingsQuery, audience: Audience) {
    const em = this.uow.read();
    const validAt = query.validAt ?? brusselsToday();
    const where: string[] = [];
    const params: unknown[] = validAtParams(validAt);
    const filter = (clause: string, value: unknown) => {
      where.push(clause);
      params.push(value);
    };
    if (query.authority) filter('v.authority_id = ?', query.authority);
    if (query.type) filter(`v.state->>'typeId' = ?`, query.type);
    if (query.holderKind) filter(`v.state->'holder'->>'kind' = ?`, query.holderKind);
    if (query.holderId) filter(`v.state->'holder'->>'id' = ?`, query.holderId);
    if (query.category) filter('? = any(t.category_ids)', query.category);
    if (audience === 'public') where.push('coalesce(h.published, false)');
    const from = `from (${VALID_AT_SQL}) v join agrement_type t on t.id = v.state->>'typeId'
      left join holder h on h.kind = v.state->'holder'->>'kind' and h.id = v.state->'holder'->>'id'
      ${where.length ? `where ${where.join(' and ')}` : ''}`;
    const [{ total }] = (await em.execute<{ total: string }[]>(`select count(*) as total ${from}`, params)) as [{ total: string }];
    const rows = await em.execute<{ state: PublicHolding; authority_id: string; kind: string | null; published: boolean | null; name: HolderView['name']; place: HolderView['place'] }[]>(
      `select v.state, v.authority_id, h.kind, h.published, h.name, h.place ${from}
        order by v.state->>'typeId', coalesce(h.name->>'fr', v.state->'holder'->>'id'), v.holding_id limit ? offset ?`,
      [...params, query.size, (query.page - 1) * query.size],
    );
    return {
      validAt,
      total: Number(total),
      page: query.page,
      size: query.size,
      items: rows.map((r) => ({
        ...r.state,
        authorityId: r.authority_id,
        holder: { ...r.state.holder, known: r.kind !== null, published: r.published, name: r.name, place: r.place } satisfies HolderView,
      })),
    };
  }

  async holdings(query: z.output<typeof holdingsQuerySchema>) {
    const where = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.type ? { typeId: query.type } : {}),
      ...(query.holderKind ? { holderKind: query.holderKind } : {}),
      ...(query.holderId ? { holderId: query.holderId } : {}),
    };
    const [items, total] = await this.uow.read().findAndCount(HoldingEntity, where, { orderBy: { typeId: 'asc', id: 'asc' }, limit: query.size, offset: (query.page - 1) * query.size });
    return { total, page: query.page, size: query.size, items: items.map((h) => h.toPublic()) };
  }

  async holding(id: string) {
    const holding = await this.uow.read().findOne(HoldingEntity, { id });
    if (!holding) throw new NotFoundError(HOLDING_LABEL, id);
    return holding;
  }

  /** Every recorded state of a holding, in the order recorded. */
  async history(id: string) {
    await this.holding(id);
    const revisions = await this.uow.read().find(HoldingRevisionEntity, { holdingId: id }, { orderBy: { revision: 'asc' } });
    return revisions.map((r) => ({ revision: r.revision, change: r.change, effectiveOn: r.effectiveOn, state: r.state, reason: r.reason, recordedAt: r.recordedAt.toISOString() }));
  }
}

/**
 * Holdings valid at a date (parameters: `validAtParams`): the revision in force then, active,
 * within its validity, with the authority of its type at that date.
 */
const VALID_AT_SQL = `
  select r.holding_id, r.state, a.authority_id
    from (select distinct on (holding_id) holding_id, state
            from holding_revision where effective_on <= ?::date
           order by holding_id, effective_on desc, revision desc) r
    join type_attribution a on a.type_id = r.state->>'typeId' and a.valid_from <= ?::date and (a.valid_to is null or a.valid_to >= ?::date)
   where r.state->>'status' = 'active'
     and (r.state->>'validFrom')::date <= ?::date
     and (r.state->>'validTo' is null or (r.state->>'validTo')::date >= ?::date)`;

const validAtParams = (date: string): unknown[] => [date, date, date, date, date];
