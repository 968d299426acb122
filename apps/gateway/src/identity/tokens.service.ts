import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ForbiddenError, UnauthorizedError } from '@care/kernel';
import { GATEWAY_CONFIG } from '../config/gateway-config.token.js';
import type { GatewayConfig } from '../config/gateway.config.js';
import type { OAuthClient } from '../persistence/entities/gateway.entities.js';
import { CredentialsStore } from './credentials.store.js';
import { CLIENT_SCOPES, STAFF_ROLES, type ClientScope, type Principal, type StaffRole } from './principal.js';
import type { SigningKey } from './signing-key.js';

export const GATEWAY_SIGNING_KEY = Symbol('GATEWAY_SIGNING_KEY');
export const STAFF_ISSUERS = Symbol('STAFF_ISSUERS');

/** Audience of the client-credentials tokens the gateway signs. */
export const CLIENT_TOKEN_AUDIENCE = 'care-api';
const STAFF_ALGORITHMS = ['RS256', 'ES256'];

/** An identity provider whose tokens identify staff and representatives (OIDC, or the development one). */
export interface StaffIssuer {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
}

export const invalidToken = () =>
  new UnauthorizedError('invalid_token', { fr: 'Jeton d’accès invalide ou expiré', nl: 'Ongeldig of verlopen toegangstoken' });

/**
 * Signs the short-lived tokens of machine clients and verifies every bearer token: the gateway's
 * own (issuer GATEWAY_PUBLIC_URL) or a staff identity provider's (issuer, audience, RS256/ES256
 * keys from its JWKS). Anything else is a 401.
 */
@Injectable()
export class TokensService {
  private readonly ownKeys: JWTVerifyGetKey;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_SIGNING_KEY) private readonly key: SigningKey,
    @Inject(STAFF_ISSUERS) private readonly staffIssuers: StaffIssuer[],
    private readonly credentials: CredentialsStore,
  ) {
    this.ownKeys = createLocalJWKSet({ keys: [key.publicJwk] });
  }

  get issuer(): string {
    return this.config.GATEWAY_PUBLIC_URL;
  }

  jwks() {
    return { keys: [this.key.publicJwk] };
  }

  async issueClientToken(client: OAuthClient, scopes: readonly ClientScope[]): Promise<{ token: string; expiresIn: number }> {
    const expiresIn = this.config.CLIENT_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ scope: scopes.join(' '), client_id: client.id, client_kind: client.kind })
      .setProtectedHeader({ alg: 'ES256', kid: this.key.publicJwk.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(CLIENT_TOKEN_AUDIENCE)
      .setSubject(client.id)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { token, expiresIn };
  }

  async principalOf(token: string): Promise<Principal> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw invalidToken();
    }
    if (issuer === this.issuer) return this.clientPrincipal(token);
    const staff = this.staffIssuers.find((candidate) => candidate.issuer === issuer);
    if (!staff) throw invalidToken();
    return this.staffPrincipal(token, staff);
  }

  private async clientPrincipal(token: string): Promise<Principal> {
    const payload = await verified(() => jwtVerify(token, this.ownKeys, { issuer: this.issuer, audience: CLIENT_TOKEN_AUDIENCE, algorithms: ['ES256'] }));
    const client = typeof payload.sub === 'string' ? await this.credentials.client(payload.sub) : null;
    // A client deactivated after its token was issued loses access at once (within the cache time).
    if (!client) throw invalidToken();
    const granted = String(payload['scope'] ?? '').split(' ').filter((s): s is ClientScope => (CLIENT_SCOPES as readonly string[]).includes(s) && client.scopes.includes(s as ClientScope));
    return { kind: 'client', actor: client.id, clientId: client.id, clientKind: client.kind, scopes: granted, rateLimitPerMinute: client.rateLimitPerMinute };
  }

  private async staffPrincipal(token: string, issuer: StaffIssuer): Promise<Principal> {
    const payload = await verified(() => jwtVerify(token, issuer.keys, { issuer: issuer.issuer, audience: issuer.audience, algorithms: STAFF_ALGORITHMS }));
    const subject = payload.sub;
    if (typeof subject !== 'string' || !/^[\w.@:-]{1,100}$/.test(subject)) throw invalidToken();
    const roles = rolesOf(payload, this.config.OIDC_ROLES_CLAIM);
    // A representative acts only for the organisation its account is linked to in the gateway
    // database; least privilege wins over any staff role in the same token.
    if (roles.includes('representative')) {
      const account = await this.credentials.representative(subject);
      if (!account) {
        throw new ForbiddenError('representative.not_linked', {
          fr: 'Ce compte de représentant n’est lié à aucune organisation active',
          nl: 'Deze vertegenwoordigersaccount is aan geen actieve organisatie gekoppeld',
        });
      }
      return { kind: 'representative', actor: subject, organisationId: account.organisationId };
    }
    return { kind: 'staff', actor: subject, roles: roles.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r)) };
  }
}

async function verified(verify: () => Promise<{ payload: JWTPayload }>): Promise<JWTPayload> {
  try {
    return (await verify()).payload;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw invalidToken();
    throw error;
  }
}

/** Roles at a dotted claim path (`roles`, `realm_access.roles`), as a list of strings. */
function rolesOf(payload: JWTPayload, claim: string): string[] {
  let value: unknown = payload;
  for (const part of claim.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
