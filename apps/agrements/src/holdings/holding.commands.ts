import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { HoldingChangedV1, HoldingExpiredV1 } from '@care/contracts';
import { Holding, HoldingRevision, type HoldingInput, type HoldingStatusChange, type HoldingUpdate } from '@care/agrements-domain';
import { fieldIssue, ValidationError } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { inBrussels } from '@care/opening-hours';
import { UnitOfWork } from '@care/persistence';
import { AgrementTypeEntity, HoldingEntity } from '../persistence/entities/agrement.entities.js';
import { loadVersioned } from '../authorities/reference.commands.js';

export const HOLDING_LABEL = { fr: 'Agrément', nl: 'Erkenning' };
const EXPIRY_BATCH = 500;

/** Today in Brussels: agrément dates are Brussels calendar dates. */
export const brusselsToday = (now = new Date()) => inBrussels(now).date;

/**
 * Changes to holdings, each in one transaction with its history row and its event. History rows
 * are only ever added: "valid at date D" reads them.
 */
@Injectable()
export class HoldingCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  register(input: HoldingInput, actor: string): Promise<Holding> {
    return this.uow.run(async (em) => (await this.registerIn(em, [input], actor))[0]!);
  }

  /** Several holdings in one transaction (loaders); all or nothing. */
  registerMany(inputs: readonly HoldingInput[], actor: string): Promise<Holding[]> {
    return this.uow.run((em) => this.registerIn(em, inputs, actor));
  }

  correct(id: string, version: number, input: HoldingUpdate, actor: string): Promise<Holding> {
    return this.uow.run(async (em) => {
      const holding = await loadVersioned(em, HoldingEntity, id, version, HOLDING_LABEL);
      const type = await em.findOneOrFail(AgrementTypeEntity, { id: holding.typeId });
      if (!holding.correct(input, type, brusselsToday(), new Date())) return holding;
      await this.record(em, holding, 'corrected', actor);
      return holding;
    });
  }

  changeStatus(id: string, version: number, change: HoldingStatusChange, actor: string): Promise<Holding> {
    return this.uow.run(async (em) => {
      const holding = await loadVersioned(em, HoldingEntity, id, version, HOLDING_LABEL);
      if (!holding.changeStatus(change, brusselsToday(), new Date())) return holding;
      await this.record(em, holding, 'status', actor, change.reason ?? null);
      return holding;
    });
  }

  /**
   * Marks as expired every holding whose end date is before `today`, from the day after that
   * date, with one `holding.expired` event each. A holding expires once: the status change and
   * its event commit together, and a second run finds nothing left to do. Concurrent runs (two
   * instances) are kept apart by a transaction-scoped advisory lock.
   */
  async expireDue(today: string, actor = 'expiry-job'): Promise<number> {
    let expired = 0;
    for (;;) {
      const done = await this.uow.run(async (em) => {
        const [{ locked }] = (await em.execute<{ locked: boolean }[]>(`select pg_try_advisory_xact_lock(hashtextextended('agrements.expiry', 0)) as locked`)) as [{ locked: boolean }];
        if (!locked) return -1;
        const due = await em.find(HoldingEntity, { status: { $in: ['active', 'suspended'] }, validTo: { $lt: today } }, { limit: EXPIRY_BATCH, orderBy: { validTo: 'asc', id: 'asc' } });
        const at = new Date();
        const changed = due.filter((h) => h.expire(today, at));
        if (changed.length === 0) return 0;
        await em.flush();
        for (const holding of changed) {
          em.persist(HoldingRevision.of(holding, 'expired', actor, at));
          this.outbox.record(em, HoldingExpiredV1, { aggregateId: holding.id, aggregateVersion: holding.version, payload: holding.toPublic() });
        }
        await em.flush();
        return changed.length;
      });
      if (done <= 0) return expired;
      expired += done;
    }
  }

  private async registerIn(em: EntityManager, inputs: readonly HoldingInput[], actor: string): Promise<Holding[]> {
    const typeIds = [...new Set(inputs.map((i) => i.typeId))];
    const types = new Map((await em.find(AgrementTypeEntity, { id: { $in: typeIds } })).map((t) => [t.id, t]));
    const at = new Date();
    const holdings = inputs.map((input) => {
      const type = types.get(input.typeId);
      if (!type) throw new ValidationError([fieldIssue('holding.type_unknown', 'typeId')]);
      return Holding.register(uuidv7(), input, type, at);
    });
    em.persist(holdings);
    await em.flush();
    for (const holding of holdings) this.addHistoryAndEvent(em, holding, 'registered', actor, null, at);
    await em.flush();
    return holdings;
  }

  private async record(em: EntityManager, holding: Holding, change: HoldingRevision['change'], actor: string, reason: string | null = null): Promise<void> {
    await em.flush();
    this.addHistoryAndEvent(em, holding, change, actor, reason, new Date());
    await em.flush();
  }

  private addHistoryAndEvent(em: EntityManager, holding: Holding, change: HoldingRevision['change'], actor: string, reason: string | null, at: Date): void {
    em.persist(HoldingRevision.of(holding, change, actor, at, reason));
    this.outbox.record(em, HoldingChangedV1, { aggregateId: holding.id, aggregateVersion: holding.version, payload: holding.toPublic() });
  }
}
