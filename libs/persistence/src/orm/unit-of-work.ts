import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConcurrentModificationError } from '@care/kernel';

/**
 * One transaction per use case: the aggregate change and its outbox events commit together. A
 * concurrent writer detected at flush (version column) becomes a 412 for the caller. Framework-free
 * (the services register it as a provider; command-line tools build it from their ORM).
 */
export class UnitOfWork {
  constructor(private readonly em: EntityManager) {}

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.em.fork().transactional(work);
    } catch (error) {
      if (error instanceof OptimisticLockError) throw new ConcurrentModificationError();
      throw error;
    }
  }

  /** A fresh, non-transactional unit for queries. */
  read(): EntityManager {
    return this.em.fork();
  }
}
