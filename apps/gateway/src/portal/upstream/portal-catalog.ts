import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Localized } from '@care/kernel';
import { PortalUpstream } from './portal-upstream.js';

export interface Taxonomy {
  sectors: Array<{ id: number; name: Localized }>;
  categories: Map<number, Localized>;
  /** Closed lists of the organisations service (`language`, `legal-status`, `target-public`, …): code → label. */
  lists: Map<string, Map<string, Localized>>;
}

export interface AgrementCatalog {
  types: Map<string, { name: Localized; authorityId: string }>;
  authorities: Map<string, { name: Localized; abbreviation: Localized }>;
}

/** Reference data changes rarely (a renamed category): kept for five minutes, and kept longer when its service is down. */
const TTL_MS = 5 * 60_000;

class Cached<T> {
  private value: T | undefined;
  private loadedAt = 0;
  private loading: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly what: string,
    private readonly logger: Logger,
  ) {}

  async get(): Promise<T> {
    if (this.value !== undefined && Date.now() - this.loadedAt < TTL_MS) return this.value;
    this.loading ??= this.load()
      .then((value) => {
        this.value = value;
        this.loadedAt = Date.now();
        return value;
      })
      .catch((error: Error) => {
        if (this.value === undefined) throw error;
        this.logger.warn(`${this.what}: keeping the previous copy (${error.message})`);
        return this.value;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}

/** Names the portal shows for ids and codes: sectors, categories, closed lists, agrément types and authorities. */
@Injectable()
export class PortalCatalog implements OnApplicationBootstrap {
  private readonly logger = new Logger('PortalCatalog');
  private readonly taxonomy: Cached<Taxonomy>;
  private readonly agrements: Cached<AgrementCatalog>;

  constructor(upstream: PortalUpstream) {
    this.taxonomy = new Cached(
      async () => {
        const [tree, categories, lists] = await Promise.all([
          upstream.require<Array<{ id: number; name: Localized }>>('organisations', '/taxonomy/tree', 'fr'),
          upstream.require<Array<{ id: number; name: Localized }>>('organisations', '/taxonomy/categories', 'fr'),
          upstream.require<Record<string, Array<{ code: string; label: Localized }>>>('organisations', '/reference-lists', 'fr'),
        ]);
        return {
          sectors: tree.map((s) => ({ id: s.id, name: s.name })),
          categories: new Map(categories.map((c) => [c.id, c.name])),
          lists: new Map(Object.entries(lists).map(([list, items]) => [list, new Map(items.map((i) => [i.code, i.label]))])),
        };
      },
      'taxonomy',
      this.logger,
    );
    this.agrements = new Cached(
      async () => {
        const [types, authorities] = await Promise.all([
          upstream.require<{ items: Array<{ id: string; name: Localized; authorityId: string }> }>('agrements', '/types', 'fr'),
          upstream.require<{ items: Array<{ id: string; name: Localized; abbreviation: Localized }> }>('agrements', '/authorities', 'fr'),
        ]);
        return {
          types: new Map(types.items.map((t) => [t.id, { name: t.name, authorityId: t.authorityId }])),
          authorities: new Map(authorities.items.map((a) => [a.id, { name: a.name, abbreviation: a.abbreviation }])),
        };
      },
      'agrément types',
      this.logger,
    );
  }

  /** Loaded once at start-up so that the first visitor does not wait; a service not up yet is simply asked again later. */
  onApplicationBootstrap(): void {
    void Promise.all([this.taxonomyData(), this.agrementData()]).catch(() => undefined);
  }

  taxonomyData(): Promise<Taxonomy> {
    return this.taxonomy.get();
  }

  agrementData(): Promise<AgrementCatalog> {
    return this.agrements.get();
  }
}

/** The label of a code in a closed list, the code itself when the list does not know it. */
export function listLabel(taxonomy: Taxonomy, list: string, code: string): Localized {
  return taxonomy.lists.get(list)?.get(code) ?? { fr: code, nl: code };
}
