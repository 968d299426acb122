import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { issue, NotFoundError, registerMessages } from '@care/kernel';
import { UnitOfWork } from '@care/persistence';
import { ApiNoContent, ApiZodBody, ApiZodQuery, ApiZodResponse, validate } from '@care/service-kit';
import { AuditLog, auditPageSchema, auditQuerySchema } from '../audit/audit.log.js';
import { CredentialsStore } from '../identity/credentials.store.js';
import { CLIENT_SCOPES } from '../identity/principal.js';
import { hashSecret, newCredential, sha256 } from '../identity/secrets.js';
import { ApiKeyEntity, OAuthClientEntity, RepresentativeEntity, type ApiKey, type OAuthClient, type Representative } from '../persistence/entities/gateway.entities.js';
import { ApiKeyUsage } from '../usage/api-key-usage.js';

registerMessages({
  'client.authority_scope': { fr: 'authority:read et export:bulk sont réservés aux clients de type authority', nl: 'authority:read en export:bulk zijn voorbehouden aan clients van het type authority' },
  'client.export_needs_read': { fr: 'export:bulk ne va pas sans authority:read', nl: 'export:bulk gaat niet zonder authority:read' },
});

const clientInputSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,60}$/),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['authority', 'integrator']),
    scopes: z.array(z.enum(CLIENT_SCOPES)).min(1).max(CLIENT_SCOPES.length),
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullable().default(null),
  })
  .strict()
  // Authority data goes to authority clients only; bulk exports of it come with the right to read it.
  .superRefine((client, ctx) => {
    if (client.kind !== 'authority' && client.scopes.some((s) => s === 'authority:read' || s === 'export:bulk')) {
      ctx.addIssue(issue('client.authority_scope', ['scopes']));
    }
    if (client.scopes.includes('export:bulk') && !client.scopes.includes('authority:read')) ctx.addIssue(issue('client.export_needs_read', ['scopes']));
  });
const clientViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['authority', 'integrator']),
  scopes: z.array(z.enum(CLIENT_SCOPES)),
  active: z.boolean(),
  rateLimitPerMinute: z.number().int().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Until when the secret before the last rotation still works (null: none). */
  previousSecretExpiresAt: z.iso.datetime({ offset: true }).nullable(),
});
const rotationSchema = z
  .object({
    /** Hours during which the previous secret keeps working, so the client can switch without an outage (0: revoked now). */
    overlapHours: z.number().int().min(0).max(720).default(24),
  })
  .strict();
const apiKeyInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    contact: z.string().trim().max(200).nullable().default(null),
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullable().default(null),
  })
  .strict();
const apiKeyViewSchema = z.object({ id: z.uuid(), name: z.string(), contact: z.string().nullable(), prefix: z.string(), active: z.boolean(), rateLimitPerMinute: z.number().int().nullable(), createdAt: z.iso.datetime({ offset: true }), revokedAt: z.iso.datetime({ offset: true }).nullable() });
const representativeInputSchema = z
  .object({
    id: z.string().regex(/^[\w.@:-]{1,100}$/).describe('Subject (`sub`) of the account at the identity provider'),
    organisationId: z.number().int().positive().max(2_147_483_647),
    name: z.string().trim().min(1).max(200),
    email: z.email().nullable().default(null),
  })
  .strict();
const representativeViewSchema = z.object({ id: z.string(), organisationId: z.number().int(), name: z.string(), email: z.string().nullable(), active: z.boolean(), createdAt: z.iso.datetime({ offset: true }) });
const usageQuerySchema = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }).strict();
const usageSchema = z.object({ apiKeyId: z.uuid(), days: z.array(z.object({ day: z.iso.date(), requests: z.number().int() })), total: z.number().int() });
const idParam = z.string().min(1).max(200);

const clientView = (c: OAuthClient) => ({
  id: c.id,
  name: c.name,
  kind: c.kind,
  scopes: c.scopes,
  active: c.active,
  rateLimitPerMinute: c.rateLimitPerMinute,
  createdAt: c.createdAt.toISOString(),
  previousSecretExpiresAt: c.previousSecretExpiresAt?.toISOString() ?? null,
});
const apiKeyView = (k: ApiKey) => ({ id: k.id, name: k.name, contact: k.contact, prefix: k.prefix, active: k.active, rateLimitPerMinute: k.rateLimitPerMinute, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null });
const representativeView = (r: Representative) => ({ id: r.id, organisationId: r.organisationId, name: r.name, email: r.email, active: r.active, createdAt: r.createdAt.toISOString() });

const LABELS = { client: { fr: 'Client', nl: 'Client' }, apiKey: { fr: 'Clé d’API', nl: 'API-sleutel' }, representative: { fr: 'Représentant', nl: 'Vertegenwoordiger' } };

/** Administration of identities (admins only, see the policy) and the audit log. Secrets and keys are shown once, at creation. */
@ApiTags('administration')
@Controller('api/admin')
export class AdminController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly credentials: CredentialsStore,
    private readonly usage: ApiKeyUsage,
    private readonly audit: AuditLog,
  ) {}

  @Get('audit')
  @ApiOperation({ summary: 'The audit log: every write through the gateway, newest first' })
  @ApiZodQuery(auditQuerySchema)
  @ApiZodResponse(200, auditPageSchema)
  auditLog(@Query(validate(auditQuerySchema)) query: z.output<typeof auditQuerySchema>) {
    return this.audit.list(query);
  }

  @Get('clients')
  @ApiZodResponse(200, z.array(clientViewSchema))
  async clients() {
    return (await this.uow.read().find(OAuthClientEntity, {}, { orderBy: { id: 'asc' } })).map(clientView);
  }

  @Post('clients')
  @ApiOperation({ summary: 'Register a machine client; its secret is in the answer, once' })
  @ApiZodBody(clientInputSchema)
  @ApiZodResponse(201, clientViewSchema.extend({ secret: z.string() }))
  async createClient(@Body(validate(clientInputSchema)) input: z.output<typeof clientInputSchema>, @Res({ passthrough: true }) res: Response) {
    const secret = newCredential('care_secret');
    const client = await this.uow.run(async (em) => {
      const entity = em.create(OAuthClientEntity, { ...input, secretHash: await hashSecret(secret), previousSecretHash: null, previousSecretExpiresAt: null, active: true, createdAt: new Date() });
      await em.flush();
      return entity;
    });
    res.locals['auditEntityId'] = client.id;
    return { ...clientView(client), secret };
  }

  @Post('clients/:id/secrets')
  @ApiOperation({ summary: 'Rotate a client’s secret: the new one is in the answer, once; the previous one keeps working for `overlapHours`' })
  @ApiZodBody(rotationSchema)
  @ApiZodResponse(201, clientViewSchema.extend({ secret: z.string() }))
  async rotateClientSecret(@Param('id', validate(idParam, 'id')) id: string, @Body(validate(rotationSchema)) input: z.output<typeof rotationSchema>) {
    const secret = newCredential('care_secret');
    const secretHash = await hashSecret(secret);
    const client = await this.uow.run(async (em) => {
      const found = await em.findOne(OAuthClientEntity, { id, active: true });
      if (!found) throw new NotFoundError(LABELS.client, id);
      found.previousSecretHash = input.overlapHours > 0 ? found.secretHash : null;
      found.previousSecretExpiresAt = input.overlapHours > 0 ? new Date(Date.now() + input.overlapHours * 3_600_000) : null;
      found.secretHash = secretHash;
      return found;
    });
    this.credentials.invalidate();
    return { ...clientView(client), secret };
  }

  @Delete('clients/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deactivate a client: its tokens stop working' })
  @ApiNoContent()
  async deactivateClient(@Param('id', validate(idParam, 'id')) id: string): Promise<void> {
    await this.deactivate(OAuthClientEntity, id, LABELS.client);
  }

  @Get('api-keys')
  @ApiZodResponse(200, z.array(apiKeyViewSchema))
  async apiKeys() {
    return (await this.uow.read().find(ApiKeyEntity, {}, { orderBy: { createdAt: 'asc' } })).map(apiKeyView);
  }

  @Post('api-keys')
  @ApiOperation({ summary: 'Register a reuser’s API key; the key is in the answer, once' })
  @ApiZodBody(apiKeyInputSchema)
  @ApiZodResponse(201, apiKeyViewSchema.extend({ key: z.string() }))
  async createApiKey(@Body(validate(apiKeyInputSchema)) input: z.output<typeof apiKeyInputSchema>, @Res({ passthrough: true }) res: Response) {
    const key = newCredential('care_key');
    const apiKey = await this.uow.run(async (em) => {
      const entity = em.create(ApiKeyEntity, { ...input, id: crypto.randomUUID(), keyHash: sha256(key), prefix: key.slice(0, 14), active: true, createdAt: new Date(), revokedAt: null });
      await em.flush();
      return entity;
    });
    res.locals['auditEntityId'] = apiKey.id;
    return { ...apiKeyView(apiKey), key };
  }

  @Get('api-keys/:id/usage')
  @ApiOperation({ summary: 'Requests made with the key, per Brussels calendar day' })
  @ApiZodQuery(usageQuerySchema)
  @ApiZodResponse(200, usageSchema)
  async apiKeyUsage(@Param('id', validate(z.uuid(), 'id')) id: string, @Query(validate(usageQuerySchema)) query: z.output<typeof usageQuerySchema>) {
    if (!(await this.uow.read().findOne(ApiKeyEntity, { id }))) throw new NotFoundError(LABELS.apiKey, id);
    const days = await this.usage.usage(id, query.from, query.to);
    return { apiKeyId: id, days, total: days.reduce((sum, d) => sum + d.requests, 0) };
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key' })
  @ApiNoContent()
  async revokeApiKey(@Param('id', validate(z.uuid(), 'id')) id: string): Promise<void> {
    await this.uow.run(async (em) => {
      const key = await em.findOne(ApiKeyEntity, { id });
      if (!key) throw new NotFoundError(LABELS.apiKey, id);
      key.active = false;
      key.revokedAt ??= new Date();
    });
    this.credentials.invalidate();
  }

  @Get('representatives')
  @ApiZodResponse(200, z.array(representativeViewSchema))
  async representatives() {
    return (await this.uow.read().find(RepresentativeEntity, {}, { orderBy: { id: 'asc' } })).map(representativeView);
  }

  @Post('representatives')
  @ApiOperation({ summary: 'Link an identity provider account to the organisation it represents' })
  @ApiZodBody(representativeInputSchema)
  @ApiZodResponse(201, representativeViewSchema)
  async linkRepresentative(@Body(validate(representativeInputSchema)) input: z.output<typeof representativeInputSchema>, @Res({ passthrough: true }) res: Response) {
    const representative = await this.uow.run(async (em) => {
      const existing = await em.findOne(RepresentativeEntity, { id: input.id });
      if (existing) {
        em.assign(existing, { ...input, active: true });
        return existing;
      }
      return em.create(RepresentativeEntity, { ...input, active: true, createdAt: new Date() });
    });
    this.credentials.invalidate();
    res.locals['auditEntityId'] = representative.id;
    res.status(201);
    return representativeView(representative);
  }

  @Delete('representatives/:id')
  @HttpCode(204)
  @ApiNoContent()
  async unlinkRepresentative(@Param('id', validate(idParam, 'id')) id: string): Promise<void> {
    await this.deactivate(RepresentativeEntity, id, LABELS.representative);
  }

  private async deactivate(entity: typeof OAuthClientEntity | typeof RepresentativeEntity, id: string, label: { fr: string; nl: string }): Promise<void> {
    await this.uow.run(async (em) => {
      const found = await em.findOne(entity as typeof RepresentativeEntity, { id });
      if (!found) throw new NotFoundError(label, id);
      found.active = false;
    });
    this.credentials.invalidate();
  }
}
