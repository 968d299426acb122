import { Body, Controller, Get, HttpCode, Inject, Injectable, Logger, type OnApplicationBootstrap, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { UnitOfWork } from '@care/persistence';
import { ApiZodBody, ApiZodResponse, validate } from '@care/service-kit';
import { GATEWAY_CONFIG } from '../config/gateway-config.token.js';
import type { GatewayConfig } from '../config/gateway.config.js';
import { ApiKeyEntity, OAuthClientEntity, RepresentativeEntity } from '../persistence/entities/gateway.entities.js';
import type { ClientScope } from './principal.js';
import { hashSecret, sha256 } from './secrets.js';
import { loadSigningKey, type SigningKey } from './signing-key.js';

export const DEV_IDP_KEY = Symbol('DEV_IDP_KEY');

/** Fails loudly: the development identity provider hands out admin tokens to anyone who asks. */
export function assertDevelopment(config: Pick<GatewayConfig, 'CARE_ENV'>): void {
  if (config.CARE_ENV === 'production') throw new Error('the development identity provider refuses to start with CARE_ENV=production');
}

export const devIdpKeyProvider = {
  provide: DEV_IDP_KEY,
  inject: [GATEWAY_CONFIG],
  useFactory: (config: GatewayConfig): Promise<SigningKey> => {
    assertDevelopment(config);
    return loadSigningKey(undefined);
  },
};

export const devIssuer = (config: GatewayConfig) => `${config.GATEWAY_PUBLIC_URL}/dev-idp`;

/** The documented demo accounts (README, docs/architecture.md). */
export const DEMO_STAFF = {
  editor: { sub: 'demo-editor', name: 'Demo editor', roles: ['editor'] },
  validator: { sub: 'demo-validator', name: 'Demo validator', roles: ['validator'] },
  admin: { sub: 'demo-admin', name: 'Demo admin', roles: ['admin'] },
  representative: { sub: 'demo-representative', name: 'Demo representative', roles: ['representative'] },
} as const;
export const DEMO_CLIENTS: { id: string; name: string; kind: 'authority' | 'integrator'; secret: string; scopes: ClientScope[] }[] = [
  { id: 'demo-authority', name: 'Demo crisis authority', kind: 'authority', secret: 'demo-authority-secret', scopes: ['authority:read', 'export:bulk'] },
  { id: 'demo-fidus', name: 'Demo integrator (FIDUS)', kind: 'integrator', secret: 'demo-fidus-secret', scopes: ['feed:read', 'webhooks:manage'] },
];
export const DEMO_API_KEY = { id: '00000000-0000-4000-8000-00000000d3e0', key: 'care_key_demo_reuser', name: 'Demo reuser' };

const tokenRequestSchema = z.object({ account: z.enum(Object.keys(DEMO_STAFF) as [keyof typeof DEMO_STAFF]) }).strict();
const tokenSchema = z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), account: z.string(), sub: z.string(), roles: z.array(z.string()) });
const accountsSchema = z.object({
  issuer: z.string(),
  staff: z.array(z.object({ account: z.string(), sub: z.string(), name: z.string(), roles: z.array(z.string()), organisationId: z.number().int().nullable() })),
  clients: z.array(z.object({ clientId: z.string(), clientSecret: z.string(), kind: z.string(), scopes: z.array(z.string()) })),
  apiKeys: z.array(z.object({ key: z.string(), name: z.string() })),
});

/** Seeds the demo clients, API key and representative link at start (development only). */
@Injectable()
export class DemoAccountsSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DevIdentityProvider');

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly uow: UnitOfWork,
  ) {
    assertDevelopment(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.uow.run(async (em) => {
      for (const client of DEMO_CLIENTS) {
        if (await em.findOne(OAuthClientEntity, { id: client.id })) continue;
        em.create(OAuthClientEntity, { id: client.id, name: client.name, kind: client.kind, scopes: client.scopes, secretHash: await hashSecret(client.secret), active: true, rateLimitPerMinute: null, createdAt: new Date() });
      }
      if (!(await em.findOne(ApiKeyEntity, { id: DEMO_API_KEY.id }))) {
        em.create(ApiKeyEntity, { id: DEMO_API_KEY.id, name: DEMO_API_KEY.name, contact: null, keyHash: sha256(DEMO_API_KEY.key), prefix: DEMO_API_KEY.key.slice(0, 14), active: true, rateLimitPerMinute: null, createdAt: new Date(), revokedAt: null });
      }
      const representative = DEMO_STAFF.representative;
      const link = await em.findOne(RepresentativeEntity, { id: representative.sub });
      if (link) link.organisationId = this.config.DEV_REPRESENTATIVE_ORGANISATION;
      else em.create(RepresentativeEntity, { id: representative.sub, organisationId: this.config.DEV_REPRESENTATIVE_ORGANISATION, name: representative.name, email: null, active: true, createdAt: new Date() });
    });
    this.logger.warn(`development identity provider on: demo accounts at ${this.config.GATEWAY_PUBLIC_URL}/dev-idp/accounts`);
  }
}

/** The built-in development identity provider: tokens for the demo staff and representative accounts. */
@ApiTags('development identity provider')
@Controller('dev-idp')
export class DevIdentityController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(DEV_IDP_KEY) private readonly key: SigningKey,
  ) {
    assertDevelopment(config);
  }

  @Get('accounts')
  @ApiOperation({ summary: 'The demo accounts (development only)' })
  @ApiZodResponse(200, accountsSchema)
  accounts(): z.output<typeof accountsSchema> {
    return {
      issuer: devIssuer(this.config),
      staff: Object.entries(DEMO_STAFF).map(([account, a]) => ({ account, sub: a.sub, name: a.name, roles: [...a.roles], organisationId: account === 'representative' ? this.config.DEV_REPRESENTATIVE_ORGANISATION : null })),
      clients: DEMO_CLIENTS.map((c) => ({ clientId: c.id, clientSecret: c.secret, kind: c.kind, scopes: c.scopes })),
      apiKeys: [{ key: DEMO_API_KEY.key, name: DEMO_API_KEY.name }],
    };
  }

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'An OIDC-like access token for a demo staff or representative account (development only)' })
  @ApiZodBody(tokenRequestSchema)
  @ApiZodResponse(200, tokenSchema)
  async token(@Body(validate(tokenRequestSchema)) body: z.output<typeof tokenRequestSchema>): Promise<z.output<typeof tokenSchema>> {
    const account = DEMO_STAFF[body.account];
    const expiresIn = 3_600;
    const token = await new SignJWT({ roles: [...account.roles], name: account.name })
      .setProtectedHeader({ alg: 'ES256', kid: this.key.publicJwk.kid, typ: 'JWT' })
      .setIssuer(devIssuer(this.config))
      .setAudience(this.config.OIDC_AUDIENCE)
      .setSubject(account.sub)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.key.privateKey);
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, account: body.account, sub: account.sub, roles: [...account.roles] };
  }
}
