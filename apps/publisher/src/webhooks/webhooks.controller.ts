import { Body, Controller, createParamDecorator, Delete, Get, HttpCode, Param, Post, Put, Query, Res, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiNoContent, ApiZodBody, ApiZodQuery, ApiZodResponse, CARE_HEADERS, validate } from '@care/service-kit';
import { WebhookSubscriptions, type WebhookCaller } from './webhook-subscriptions.service.js';
import { deliveriesPageSchema, deliveriesQuerySchema, webhookInputSchema, webhookParamsSchema, webhookReplaySchema, webhookSchema, webhookUpdateSchema, type DeliveriesQuery, type WebhookInput, type WebhookUpdate } from './webhooks.views.js';

const header = (req: Request, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' && /^[\w.@:-]{1,100}$/.test(value) ? value : undefined;
};

/**
 * The caller, from the gateway's headers: a machine client (`x-care-client`) owns the
 * subscriptions it registers; staff with the admin role (`x-care-roles`) see and manage all.
 */
const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): WebhookCaller => {
  const req = context.switchToHttp().getRequest<Request>();
  const roles = String(req.headers[CARE_HEADERS.roles] ?? '').split(',').map((role) => role.trim());
  return { owner: header(req, CARE_HEADERS.client) ?? header(req, CARE_HEADERS.actor) ?? 'anonymous', admin: roles.includes('admin') };
});

type Id = z.output<typeof webhookParamsSchema>;

@ApiTags('webhooks')
@ApiHeader({ name: 'x-care-client', required: false, description: 'Set by the gateway: the machine client (owner of its subscriptions)' })
@ApiHeader({ name: 'x-care-roles', required: false, description: 'Set by the gateway: staff roles (admins manage every subscription)' })
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly subscriptions: WebhookSubscriptions) {}

  @Post()
  @ApiOperation({
    summary: 'Register a webhook: the feed records of some entity types, pushed in order to a URL, signed with the secret',
    description: 'Each delivery is a POST of `{subscriptionId, records}` with `care-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` (docs/feed.md).',
  })
  @ApiZodBody(webhookInputSchema)
  @ApiZodResponse(201, webhookSchema)
  async create(@Body(validate(webhookInputSchema)) input: WebhookInput, @Caller() caller: WebhookCaller, @Res({ passthrough: true }) res: Response) {
    const view = await this.subscriptions.create(caller, input);
    res.location(`/webhooks/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'The caller’s subscriptions (every subscription for an admin)' })
  @ApiZodResponse(200, z.array(webhookSchema))
  list(@Caller() caller: WebhookCaller) {
    return this.subscriptions.list(caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A subscription: position, backlog, failed attempts, next attempt' })
  @ApiZodResponse(200, webhookSchema)
  get(@Param(validate(webhookParamsSchema)) params: Id, @Caller() caller: WebhookCaller) {
    return this.subscriptions.get(caller, params.id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change the URL and entity types; a new secret rotates it (the old one keeps signing for WEBHOOK_SECRET_OVERLAP_HOURS)' })
  @ApiZodBody(webhookUpdateSchema)
  @ApiZodResponse(200, webhookSchema)
  update(@Param(validate(webhookParamsSchema)) params: Id, @Body(validate(webhookUpdateSchema)) input: WebhookUpdate, @Caller() caller: WebhookCaller) {
    return this.subscriptions.update(caller, params.id, input);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a subscription and its delivery log' })
  @ApiNoContent()
  remove(@Param(validate(webhookParamsSchema)) params: Id, @Caller() caller: WebhookCaller) {
    return this.subscriptions.remove(caller, params.id);
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver again from a sequence number (inclusive): after an outage, or dead-lettered records' })
  @ApiZodBody(webhookReplaySchema)
  @ApiZodResponse(200, webhookSchema)
  replay(@Param(validate(webhookParamsSchema)) params: Id, @Body(validate(webhookReplaySchema)) body: z.output<typeof webhookReplaySchema>, @Caller() caller: WebhookCaller) {
    return this.subscriptions.replay(caller, params.id, body.fromSeq);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first (`outcome=dead-lettered`: the dead letters, to replay)' })
  @ApiZodQuery(deliveriesQuerySchema)
  @ApiZodResponse(200, deliveriesPageSchema)
  deliveries(@Param(validate(webhookParamsSchema)) params: Id, @Query(validate(deliveriesQuerySchema)) query: DeliveriesQuery, @Caller() caller: WebhookCaller) {
    return this.subscriptions.deliveries(caller, params.id, query);
  }
}
