import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { UnitOfWork } from '@care/persistence';
import { AuditEntryEntity, type AuditEntry } from '../persistence/entities/gateway.entities.js';

export type AuditRecord = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };

/** Bytes of a request body an audit entry keeps: a polygon of 1,000 vertices (the search limit) fits. */
export const AUDIT_REQUEST_MAX_BYTES = 64 * 1024;

export const auditQuerySchema = z
  .object({
    actor: z.string().max(200).optional(),
    client: z.string().max(200).optional(),
    entityType: z.string().max(100).optional(),
    entityId: z.string().max(200).optional(),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
    status: z.coerce.number().int().min(100).max(599).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    size: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  actor: z.string(),
  actorKind: z.string(),
  client: z.string().nullable(),
  organisationId: z.number().int().nullable(),
  method: z.string(),
  route: z.string(),
  path: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  status: z.number().int(),
  beforeHash: z.string().nullable(),
  afterHash: z.string().nullable(),
  rowCount: z.number().int().nullable(),
  requestId: z.string(),
  request: z
    .object({ query: z.string().nullable(), body: z.string().nullable(), truncated: z.boolean() })
    .nullable()
    .describe('What the caller asked (query string and body), on routes that keep it: authority queries and exports'),
});

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), total: z.number().int(), page: z.number().int(), size: z.number().int() });

/** The audit log of every write through the gateway, in the gateway database. */
@Injectable()
export class AuditLog {
  constructor(private readonly uow: UnitOfWork) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.uow.read().insert(AuditEntryEntity, { ...entry, at: entry.at ?? new Date() });
  }

  async list(query: z.output<typeof auditQuerySchema>): Promise<z.output<typeof auditPageSchema>> {
    const where: FilterQuery<AuditEntry> = {};
    if (query.actor) where.actor = query.actor;
    if (query.client) where.client = query.client;
    if (query.entityType) where.entityType = query.entityType;
    if (query.entityId) where.entityId = query.entityId;
    if (query.method) where.method = query.method;
    if (query.status) where.status = query.status;
    if (query.from || query.to) where.at = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) };
    const [rows, total] = await this.uow.read().findAndCount(AuditEntryEntity, where, { orderBy: { id: 'desc' }, limit: query.size, offset: (query.page - 1) * query.size });
    return { items: rows.map((row) => ({ ...row, at: row.at.toISOString() })), total, page: query.page, size: query.size };
  }
}
