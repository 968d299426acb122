import type { Request } from 'express';
import { Strategy } from 'passport-strategy';
import { UnauthorizedError } from '@care/kernel';
import type { CredentialsStore } from './credentials.store.js';
import { ANONYMOUS, type Principal } from './principal.js';
import { invalidToken, type TokensService } from './tokens.service.js';

/*
 * Passport strategies, tried in order by the edge: a strategy whose credential is absent fails
 * (the next one is tried); a credential that is present but wrong is an error (401 at once, never
 * a silent fall back to anonymous access).
 */

/** `Authorization: Bearer <jwt>`: staff and representatives (OIDC) or machine clients (gateway-signed). */
export class BearerStrategy extends Strategy {
  name = 'care-bearer';

  constructor(private readonly tokens: TokensService) {
    super();
  }

  override authenticate(req: Request): void {
    const header = req.headers.authorization;
    // Another scheme (HTTP Basic client credentials on /oauth/token) is not this strategy's.
    if (header === undefined || !/^Bearer\b/i.test(header)) return this.fail(401);
    const match = /^Bearer +([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(header);
    if (!match) return this.error(invalidToken());
    this.tokens.principalOf(match[1]!).then(
      (principal) => this.success(principal),
      (error: unknown) => this.error(error as Error),
    );
  }
}

const invalidKey = () => new UnauthorizedError('invalid_api_key', { fr: 'Clé d’API inconnue ou révoquée', nl: 'Onbekende of ingetrokken API-sleutel' });

/** `x-api-key: <key>`: a registered reuser. */
export class ApiKeyStrategy extends Strategy {
  name = 'care-api-key';

  constructor(private readonly credentials: CredentialsStore) {
    super();
  }

  override authenticate(req: Request): void {
    const key = req.headers['x-api-key'];
    if (key === undefined) return this.fail(401);
    if (typeof key !== 'string' || key.length > 200) return this.error(invalidKey());
    this.credentials.apiKey(key).then(
      (found) => (found ? this.success({ kind: 'api-key', actor: `apikey:${found.id}`, apiKeyId: found.id, rateLimitPerMinute: found.rateLimitPerMinute } satisfies Principal) : this.error(invalidKey())),
      (error: unknown) => this.error(error as Error),
    );
  }
}

/** No credential at all: public read access, decided route by route by the policy. */
export class AnonymousStrategy extends Strategy {
  name = 'care-anonymous';

  override authenticate(): void {
    this.success(ANONYMOUS);
  }
}

export const STRATEGY_ORDER = ['care-bearer', 'care-api-key', 'care-anonymous'];
