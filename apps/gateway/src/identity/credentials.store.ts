import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@care/persistence';
import { ApiKeyEntity, OAuthClientEntity, RepresentativeEntity, type ApiKey, type OAuthClient, type Representative } from '../persistence/entities/gateway.entities.js';
import { sha256, verifySecret } from './secrets.js';

const CACHE_MS = 30_000;

interface Cached<T> {
  value: T | null;
  until: number;
}

/**
 * Reads machine clients, API keys and representative accounts from the gateway database, with a
 * short in-memory cache per instance: a request does not wait for the database to know its
 * caller, and a revoked key or deactivated account stops working within CACHE_MS.
 */
@Injectable()
export class CredentialsStore {
  private readonly apiKeys = new Map<string, Cached<ApiKey>>();
  private readonly clients = new Map<string, Cached<OAuthClient>>();
  private readonly representatives = new Map<string, Cached<Representative>>();

  constructor(private readonly uow: UnitOfWork) {}

  apiKey(key: string): Promise<ApiKey | null> {
    return this.cached(this.apiKeys, sha256(key), (keyHash) => this.uow.read().findOne(ApiKeyEntity, { keyHash, active: true }));
  }

  client(id: string): Promise<OAuthClient | null> {
    return this.cached(this.clients, id, (clientId) => this.uow.read().findOne(OAuthClientEntity, { id: clientId, active: true }));
  }

  representative(subject: string): Promise<Representative | null> {
    return this.cached(this.representatives, subject, (id) => this.uow.read().findOne(RepresentativeEntity, { id, active: true }));
  }

  /**
   * The active client whose secret matches (slow hash: verified on token requests only): its
   * current secret, or the one before the last rotation while its overlap lasts.
   */
  async authenticateClient(id: string, secret: string, now = new Date()): Promise<OAuthClient | null> {
    const client = await this.uow.read().findOne(OAuthClientEntity, { id, active: true });
    if (!client) {
      // Same work for an unknown client as for a wrong secret: no timing hint of which ids exist.
      await verifySecret(secret, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      return null;
    }
    if (await verifySecret(secret, client.secretHash)) return client;
    const previousValid = client.previousSecretHash && client.previousSecretExpiresAt && client.previousSecretExpiresAt > now;
    return previousValid && (await verifySecret(secret, client.previousSecretHash!)) ? client : null;
  }

  /** Forget cached entries after an administrative change on this instance. */
  invalidate(): void {
    this.apiKeys.clear();
    this.clients.clear();
    this.representatives.clear();
  }

  private async cached<T>(cache: Map<string, Cached<T>>, key: string, load: (key: string) => Promise<T | null>): Promise<T | null> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load(key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { value, until: now + CACHE_MS });
    return value;
  }
}
