import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiZodBody, ApiZodResponse, errorBodySchema, openApiSchema, validate } from '@care/service-kit';
import { CredentialsStore } from './credentials.store.js';
import { CLIENT_SCOPES, type ClientScope } from './principal.js';
import { TokensService } from './tokens.service.js';

const tokenRequestSchema = z.object({
  grant_type: z.string(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(500).optional(),
  /** Space-separated subset of the client's scopes; all of them when absent. */
  scope: z.string().max(500).optional(),
});

const tokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  scope: z.string(),
});

const oauthErrorSchema = z.object({ error: z.enum(['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope']), error_description: z.string() });

const jwksSchema = z.object({ keys: z.array(z.object({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.string(), crv: z.string(), x: z.string(), y: z.string() })) });

type OAuthError = z.output<typeof oauthErrorSchema>;

/** The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) and the keys that verify its tokens. */
@ApiTags('identity')
@Controller()
export class OAuthController {
  constructor(
    private readonly credentials: CredentialsStore,
    private readonly tokens: TokensService,
  ) {}

  @Post('oauth/token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Client credentials grant: a short-lived access token for a machine client (client id and secret in HTTP Basic or in the form)' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiZodBody(tokenRequestSchema)
  @ApiZodResponse(200, tokenResponseSchema, 'Access token (JWT, ES256, signed by the gateway)')
  @ApiResponse({ status: 400, description: 'invalid_request, unsupported_grant_type or invalid_scope (RFC 6749), or a malformed body', schema: { anyOf: [openApiSchema(oauthErrorSchema), openApiSchema(errorBodySchema)] } as never })
  @ApiResponse({ status: 401, description: 'invalid_client', schema: openApiSchema(oauthErrorSchema) as never })
  async token(@Body(validate(tokenRequestSchema.passthrough())) body: z.output<typeof tokenRequestSchema>, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<z.output<typeof tokenResponseSchema> | OAuthError> {
    res.setHeader('cache-control', 'no-store');
    const fail = (status: number, error: OAuthError['error'], description: string) => {
      res.status(status);
      if (status === 401) res.setHeader('www-authenticate', 'Basic realm="care"');
      return { error, error_description: description };
    };
    if (body.grant_type !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'only client_credentials is supported');
    const basic = basicCredentials(authorization);
    const clientId = basic?.id ?? body.client_id;
    const secret = basic?.secret ?? body.client_secret;
    if (!clientId || !secret) return fail(400, 'invalid_request', 'client_id and client_secret are required');
    const client = await this.credentials.authenticateClient(clientId, secret);
    if (!client) return fail(401, 'invalid_client', 'unknown client or wrong secret');
    const requested = body.scope ? body.scope.split(' ').filter(Boolean) : client.scopes;
    if (requested.some((s) => !(CLIENT_SCOPES as readonly string[]).includes(s) || !client.scopes.includes(s as ClientScope))) {
      return fail(400, 'invalid_scope', `allowed scopes: ${client.scopes.join(' ')}`);
    }
    const scopes = requested as ClientScope[];
    const { token, expiresIn } = await this.tokens.issueClientToken(client, scopes);
    res.locals['auditEntityId'] = client.id;
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: scopes.join(' ') };
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys of the gateway (JWKS): they verify the access tokens it issues' })
  @ApiZodResponse(200, jwksSchema)
  jwks() {
    return this.tokens.jwks();
  }
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = header ? /^Basic +([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  // RFC 6749 §2.3.1: both parts are form-urlencoded.
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      return v;
    }
  };
  return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
}
