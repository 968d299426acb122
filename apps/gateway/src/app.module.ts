import { type DynamicModule, Module } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import { ServiceModule } from '@care/service-kit';
import { AdminController } from './admin/admin.controller.js';
import { AuditLog } from './audit/audit.log.js';
import { GATEWAY_CONFIG } from './config/gateway-config.token.js';
import { UPSTREAM_SERVICES, type GatewayConfig } from './config/gateway.config.js';
import { EdgeMiddleware } from './edge/edge.middleware.js';
import { CredentialsStore } from './identity/credentials.store.js';
import { DemoAccountsSeeder, DEV_IDP_KEY, devIdpKeyProvider, devIssuer, DevIdentityController } from './identity/dev-identity.js';
import { IdentityService } from './identity/identity.service.js';
import { OAuthController } from './identity/oauth.controller.js';
import { loadSigningKey, type SigningKey } from './identity/signing-key.js';
import { GATEWAY_SIGNING_KEY, STAFF_ISSUERS, TokensService, type StaffIssuer } from './identity/tokens.service.js';
import { DocsController } from './openapi/docs.controller.js';
import { OpenApiAggregator, OWN_DOCUMENT } from './openapi/openapi.aggregator.js';
import { GATEWAY_DATABASE } from './persistence/gateway.database.js';
import { PortalModule } from './portal/portal.module.js';
import { Policy } from './policy/policy.js';
import { ROUTES } from './policy/routes.policy.js';
import { UpstreamProxy } from './proxy/upstream.proxy.js';
import { ApiKeyUsage } from './usage/api-key-usage.js';

function staffIssuers(config: GatewayConfig, devKey: SigningKey | undefined): StaffIssuer[] {
  const issuers: StaffIssuer[] = [];
  if (config.OIDC_ISSUER && config.OIDC_JWKS_URL) {
    issuers.push({ issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, keys: createRemoteJWKSet(new URL(config.OIDC_JWKS_URL), { timeoutDuration: 5_000, cooldownDuration: 30_000 }) });
  }
  if (devKey) issuers.push({ issuer: devIssuer(config), audience: config.OIDC_AUDIENCE, keys: createLocalJWKSet({ keys: [devKey.publicJwk] }) });
  return issuers;
}

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    const dev = config.DEV_IDENTITY_PROVIDER;
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot({ database: GATEWAY_DATABASE, config, publishesEvents: false }),
        // The citizen portal: `/`, `/fr/**`, `/nl/**`, `/assets/**`.
        PortalModule.register(config),
      ],
      controllers: [OAuthController, AdminController, DocsController, ...(dev ? [DevIdentityController] : [])],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: Policy, useValue: new Policy(ROUTES, UPSTREAM_SERVICES) },
        { provide: GATEWAY_SIGNING_KEY, useFactory: () => loadSigningKey(config.GATEWAY_SIGNING_KEY) },
        ...(dev ? [devIdpKeyProvider, DemoAccountsSeeder] : []),
        { provide: STAFF_ISSUERS, useFactory: (devKey?: SigningKey) => staffIssuers(config, devKey), inject: [{ token: DEV_IDP_KEY, optional: true }] },
        { provide: OWN_DOCUMENT, useValue: { document: null } },
        CredentialsStore,
        TokensService,
        IdentityService,
        UpstreamProxy,
        ApiKeyUsage,
        AuditLog,
        OpenApiAggregator,
        EdgeMiddleware,
      ],
    };
  }
}
