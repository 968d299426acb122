import { defineEntity, p } from '@mikro-orm/core';
import type { ClientScope } from '../../identity/principal.js';

/** A machine client of the client-credentials grant (FIDUS, an authority). The secret is stored hashed (scrypt). */
export class OAuthClient {
  id!: string;
  name!: string;
  kind!: 'authority' | 'integrator';
  secretHash!: string;
  /** The secret before the last rotation, accepted until `previousSecretExpiresAt` (the client switches meanwhile). */
  previousSecretHash: string | null = null;
  previousSecretExpiresAt: Date | null = null;
  scopes!: ClientScope[];
  active = true;
  /** Overrides RATE_LIMIT_CLIENT_PER_MINUTE for this client. */
  rateLimitPerMinute: number | null = null;
  createdAt!: Date;
}

export const OAuthClientEntity = defineEntity({
  class: OAuthClient,
  tableName: 'oauth_client',
  properties: {
    id: p.text().primary(),
    name: p.text(),
    kind: p.enum(['authority', 'integrator']),
    secretHash: p.text(),
    previousSecretHash: p.text().nullable(),
    previousSecretExpiresAt: p.datetime().nullable(),
    scopes: p.array<ClientScope>(),
    active: p.boolean(),
    rateLimitPerMinute: p.integer().nullable(),
    createdAt: p.datetime(),
  },
});

/**
 * An API key of a registered reuser. Only the SHA-256 of the key is kept: keys are 32 random
 * bytes, so a fast hash cannot be brute-forced and lets a request find its key by equality.
 */
export class ApiKey {
  id!: string;
  name!: string;
  contact: string | null = null;
  keyHash!: string;
  /** First characters of the key, to recognise it in lists. */
  prefix!: string;
  active = true;
  rateLimitPerMinute: number | null = null;
  createdAt!: Date;
  revokedAt: Date | null = null;
}

export const ApiKeyEntity = defineEntity({
  class: ApiKey,
  tableName: 'api_key',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    contact: p.text().nullable(),
    keyHash: p.text().unique('api_key_key_hash_unique'),
    prefix: p.text(),
    active: p.boolean(),
    rateLimitPerMinute: p.integer().nullable(),
    createdAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});

/** Requests per API key per day (Brussels calendar day): reuse made measurable. */
export class ApiKeyUsage {
  apiKeyId!: string;
  day!: string;
  requests!: string;
}

export const ApiKeyUsageEntity = defineEntity({
  class: ApiKeyUsage,
  tableName: 'api_key_usage',
  properties: {
    apiKeyId: p.uuid().primary(),
    day: p.string().columnType('date').primary(),
    requests: p.bigint('string'),
  },
});

/** An organisation representative account: the staff identity provider's subject, linked to one organisation. */
export class Representative {
  id!: string;
  organisationId!: number;
  name!: string;
  email: string | null = null;
  active = true;
  createdAt!: Date;
}

export const RepresentativeEntity = defineEntity({
  class: Representative,
  tableName: 'representative',
  properties: {
    id: p.text().primary(),
    organisationId: p.integer().index('representative_organisation_index'),
    name: p.text(),
    email: p.text().nullable(),
    active: p.boolean(),
    createdAt: p.datetime(),
  },
});

/** What the caller asked, kept for routes with `auditRequest` (an authority query's selection). */
export interface AuditedRequest {
  /** The query string, without `?`. */
  query: string | null;
  /** The request body as text, cut at AUDIT_REQUEST_MAX_BYTES. */
  body: string | null;
  truncated: boolean;
}

/** One write through the gateway (and audited reads): who, through which client, what, with which effect. */
export class AuditEntry {
  id!: string;
  at!: Date;
  actor!: string;
  actorKind!: string;
  client: string | null = null;
  organisationId: number | null = null;
  method!: string;
  route!: string;
  path!: string;
  entityType: string | null = null;
  entityId: string | null = null;
  status!: number;
  beforeHash: string | null = null;
  afterHash: string | null = null;
  rowCount: number | null = null;
  requestId!: string;
  request: AuditedRequest | null = null;
}

export const AuditEntryEntity = defineEntity({
  class: AuditEntry,
  tableName: 'audit_entry',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    at: p.datetime().index('audit_entry_at_index'),
    actor: p.text().index('audit_entry_actor_index'),
    actorKind: p.text(),
    client: p.text().nullable(),
    organisationId: p.integer().nullable(),
    method: p.text(),
    route: p.text(),
    path: p.text(),
    entityType: p.text().nullable(),
    entityId: p.text().nullable(),
    status: p.integer(),
    beforeHash: p.text().nullable(),
    afterHash: p.text().nullable(),
    rowCount: p.integer().nullable(),
    requestId: p.text(),
    request: p.json<AuditedRequest>().nullable(),
  },
  indexes: [{ name: 'audit_entry_entity_index', properties: ['entityType', 'entityId'] }],
});

export const GATEWAY_ENTITIES = [OAuthClientEntity, ApiKeyEntity, ApiKeyUsageEntity, RepresentativeEntity, AuditEntryEntity];
