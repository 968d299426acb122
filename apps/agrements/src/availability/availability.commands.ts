import { Injectable } from '@nestjs/common';
import { AvailabilityReportedV1 } from '@care/contracts';
import { AvailabilityReport, AvailabilitySlot, type AvailabilityReportInput, type Reporter } from '@care/agrements-domain';
import { ForbiddenError, NotFoundError } from '@care/kernel';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Outbox } from '@care/messaging';
import { UnitOfWork } from '@care/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AvailabilitySlotEntity, HolderEntity, HoldingEntity } from '../persistence/entities/agrement.entities.js';
import { HOLDING_LABEL } from '../holdings/holding.commands.js';

export const SITE_LABEL = { fr: 'Lieu d’activité', nl: 'Activiteitsplaats' };

/**
 * Reports of current free places and status. The slot's new figure, its history row and its
 * authority event commit together; a representative may only report for a site of the
 * organisation they represent.
 */
@Injectable()
export class AvailabilityCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async report(input: AvailabilityReportInput, reporter: Reporter & { organisationId: number | null }): Promise<AvailabilitySlot> {
    try {
      return await this.reportOnce(input, reporter);
    } catch (error) {
      // Two first reports of one slot at once: the second insert lost; it now finds the row and queues behind the lock.
      if (error instanceof UniqueConstraintViolationException) return this.reportOnce(input, reporter);
      throw error;
    }
  }

  /** Several reports in one transaction (loaders); all or nothing. */
  reportMany(inputs: readonly AvailabilityReportInput[], reporter: Reporter & { organisationId: number | null }): Promise<AvailabilitySlot[]> {
    return this.uow.run(async (em) => {
      const slots: AvailabilitySlot[] = [];
      for (const input of inputs) slots.push(await this.reportIn(em, input, reporter));
      return slots;
    });
  }

  private reportOnce(input: AvailabilityReportInput, reporter: Reporter & { organisationId: number | null }): Promise<AvailabilitySlot> {
    return this.uow.run((em) => this.reportIn(em, input, reporter));
  }

  private async reportIn(em: EntityManager, input: AvailabilityReportInput, reporter: Reporter & { organisationId: number | null }): Promise<AvailabilitySlot> {
    const at = new Date();
    let holding = null;
    if (input.holdingId) {
      holding = await em.findOne(HoldingEntity, { id: input.holdingId });
      if (!holding) throw new NotFoundError(HOLDING_LABEL, input.holdingId);
    }
    const target = AvailabilitySlot.check(input, holding, at);
    const site = await em.findOne(HolderEntity, { kind: 'site', id: String(target.siteId) });
    if (!site) throw new NotFoundError(SITE_LABEL, String(target.siteId));
    if (reporter.kind === 'representative' && (reporter.organisationId === null || site.organisationId !== reporter.organisationId)) {
      throw new ForbiddenError('availability.not_your_site', {
        fr: 'Vous ne pouvez rapporter que pour les lieux de votre organisation',
        nl: 'U kunt alleen melden voor de plaatsen van uw organisatie',
      });
    }
    // The slot row is locked while its next version is written: concurrent reports queue up.
    const current = await em.findOne(AvailabilitySlotEntity, { slot: target.slot }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const slot = AvailabilitySlot.report(current, target, input, reporter, at);
    if (!current) em.persist(slot);
    await em.flush();
    em.persist(AvailabilityReport.of(slot, at));
    this.outbox.record(em, AvailabilityReportedV1, { aggregateId: slot.slot, aggregateVersion: slot.version, payload: slot.toState() });
    await em.flush();
    return slot;
  }
}
