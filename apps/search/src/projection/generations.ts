import type { MikroORM } from '@mikro-orm/postgresql';
import type { SearchEngine } from '@care/search-domain';

/** How long a service instance may keep answering from the generation it last saw active. */
export const ACTIVE_GENERATION_CACHE_MS = 2_000;

/**
 * Index generations (table `search.generation`): exactly one is active; a rebuild adds a
 * `building` one, which the live projection also feeds, then activates it and retires the old.
 */
export class Generations {
  constructor(
    private readonly orm: MikroORM,
    private readonly engine: SearchEngine,
  ) {}

  async active(): Promise<number | null> {
    const [row] = await this.orm.em.fork().execute<Array<{ id: number }>>(`select id from search.generation where state = 'active'`);
    return row?.id ?? null;
  }

  /** The active generation, creating the first one on an empty database. */
  async ensureActive(): Promise<number> {
    const current = await this.active();
    if (current !== null) {
      await this.engine.prepare(current); // idempotent: an engine switched by configuration gets its index
      return current;
    }
    await this.engine.prepare(1);
    await this.orm.em.fork().execute(`insert into search.generation (id, state, activated_at) values (1, 'active', now()) on conflict (id) do nothing`);
    await this.engine.activate(1);
    return (await this.active())!;
  }

  /** A new generation, fed by the live projection from now on (and by the rebuild's replay). */
  async startBuilding(): Promise<number> {
    const em = this.orm.em.fork();
    const [building] = await em.execute<Array<{ id: number }>>(`select id from search.generation where state = 'building'`);
    if (building) throw new Error(`generation ${building.id} is already being built (another rebuild running, or one that died: run rebuild --abandon)`);
    const [row] = await em.execute<Array<{ id: number }>>(`insert into search.generation (id, state) select coalesce(max(id), 0) + 1, 'building' from search.generation returning id`);
    await this.engine.prepare(row!.id);
    return row!.id;
  }

  /** Swaps `generation` in (engine alias first, so readers switch at once), then drops the old one. */
  async activate(generation: number): Promise<number | null> {
    const previous = await this.active();
    await this.engine.activate(generation);
    await this.orm.em.fork().transactional(async (em) => {
      await em.execute(`update search.generation set state = 'retired' where state = 'active'`);
      await em.execute(`update search.generation set state = 'active', activated_at = now() where id = ?`, [generation]);
    });
    if (previous !== null && previous !== generation) {
      // Service instances cache the active generation briefly: keep the old one until they all moved.
      await new Promise((resolve) => setTimeout(resolve, ACTIVE_GENERATION_CACHE_MS + 1_000));
      await this.discard(previous);
    }
    return previous;
  }

  /** Removes a generation's documents and projected state. */
  async discard(generation: number): Promise<void> {
    await this.engine.drop(generation);
    const em = this.orm.em.fork();
    for (const table of ['source', 'dirty', 'term', 'progress', 'authority_record']) await em.execute(`delete from search.${table} where generation = ?`, [generation]);
    await em.execute(`update search.generation set state = 'retired' where id = ? and state = 'building'`, [generation]);
  }

  async abandonBuilding(): Promise<number | null> {
    const [row] = await this.orm.em.fork().execute<Array<{ id: number }>>(`select id from search.generation where state = 'building'`);
    if (row) await this.discard(row.id);
    return row?.id ?? null;
  }
}
