import { Injectable } from '@nestjs/common';
import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { AgrementTypeChangedV1, AuthorityChangedV1, localizedSchema } from '@care/contracts';
import { AgrementType, Authority, type AgrementTypeInput, type AuthorityInput } from '@care/agrements-domain';
import { ConflictError, fieldIssue, NotFoundError, registerMessages, StaleVersionError, ValidationError } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { UnitOfWork } from '@care/persistence';
import { AgrementTypeEntity, AuthorityEntity, Succession, TypeAttributionEntity } from '../persistence/entities/agrement.entities.js';

registerMessages({
  'authority.unknown': { fr: 'Autorité inconnue', nl: 'Onbekende overheid' },
  'authority.not_valid_then': { fr: 'L’autorité n’existait pas à cette date', nl: 'De overheid bestond niet op die datum' },
  'succession.same_authority': { fr: 'Une autorité ne peut pas se succéder à elle-même', nl: 'Een overheid kan zichzelf niet opvolgen' },
  'succession.type_not_attributed': { fr: 'Ce type n’est pas agréé par l’autorité qui cède ses compétences', nl: 'Dit type wordt niet erkend door de overheid die haar bevoegdheden overdraagt' },
});

export const AUTHORITY_LABEL = { fr: 'Autorité', nl: 'Overheid' };
export const TYPE_LABEL = { fr: 'Type d’agrément', nl: 'Erkenningstype' };

export const successionInputSchema = z
  .object({
    successorId: z.string().min(1),
    effectiveOn: z.iso.date(),
    /** Types whose accreditation moves; all the types the authority accredits when absent. */
    typeIds: z.array(z.string().min(1)).min(1).optional(),
    /** The predecessor ends the day before (all its competences moved). */
    endsPredecessor: z.boolean().default(false),
    note: localizedSchema(1_000).nullable().default(null),
  })
  .strict();
export type SuccessionInput = z.output<typeof successionInputSchema>;

/**
 * Changes to the reference data of agréments: authorities, their successions, agrément types.
 * Each in one transaction with its events.
 */
@Injectable()
export class ReferenceCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  createAuthority(input: AuthorityInput): Promise<Authority> {
    return this.uow.run(async (em) => {
      if (await em.count(AuthorityEntity, { id: input.id })) throw new ConflictError('authority.exists', { fr: `L’autorité ${input.id} existe déjà`, nl: `De overheid ${input.id} bestaat al` });
      const authority = Authority.create(input, new Date());
      em.persist(authority);
      await em.flush();
      this.recordAuthority(em, authority);
      return authority;
    });
  }

  updateAuthority(id: string, version: number, input: Omit<AuthorityInput, 'id'>): Promise<Authority> {
    return this.uow.run(async (em) => {
      const authority = await loadVersioned(em, AuthorityEntity, id, version, AUTHORITY_LABEL);
      if (!authority.update(input, new Date())) return authority;
      await em.flush();
      this.recordAuthority(em, authority);
      return authority;
    });
  }

  /**
   * Competences move from one authority to another on a date: each type moved gets a new
   * attribution period from that date; the earlier periods, and so every answer about an earlier
   * date, stay as they were.
   */
  succeed(predecessorId: string, input: SuccessionInput, actor: string): Promise<Succession> {
    return this.uow.run(async (em) => {
      const predecessor = await em.findOne(AuthorityEntity, { id: predecessorId });
      if (!predecessor) throw new NotFoundError(AUTHORITY_LABEL, predecessorId);
      const successor = await em.findOne(AuthorityEntity, { id: input.successorId });
      if (!successor) throw new ValidationError([fieldIssue('authority.unknown', 'successorId')]);
      if (successor.id === predecessor.id) throw new ValidationError([fieldIssue('succession.same_authority', 'successorId')]);
      if (!successor.isValidAt(input.effectiveOn)) throw new ValidationError([fieldIssue('authority.not_valid_then', 'effectiveOn')]);
      const open = await em.find(TypeAttributionEntity, { authorityId: predecessor.id, validTo: null });
      const typeIds = input.typeIds ?? open.map((a) => a.typeId);
      const issues = typeIds.flatMap((typeId, i) => (open.some((a) => a.typeId === typeId) ? [] : [fieldIssue('succession.type_not_attributed', `typeIds.${i}`)]));
      if (issues.length) throw new ValidationError(issues);
      const at = new Date();
      for (const typeId of typeIds) {
        const periods = await em.find(TypeAttributionEntity, { typeId });
        em.persist(AgrementType.transfer(periods, typeId, predecessor.id, successor.id, input.effectiveOn));
      }
      if (input.endsPredecessor) predecessor.endBySuccession(successor, input.effectiveOn, at);
      const succession = Object.assign(new Succession(), { predecessorId: predecessor.id, successorId: successor.id, effectiveOn: input.effectiveOn, typeIds, note: input.note, actor, recordedAt: at });
      em.persist(succession);
      await em.flush();
      if (input.endsPredecessor) this.recordAuthority(em, predecessor);
      for (const typeId of typeIds) await this.recordType(em, await em.findOneOrFail(AgrementTypeEntity, { id: typeId }));
      return succession;
    });
  }

  createType(input: AgrementTypeInput): Promise<AgrementType> {
    return this.uow.run(async (em) => {
      if (await em.count(AgrementTypeEntity, { id: input.id })) throw new ConflictError('type.exists', { fr: `Le type d’agrément ${input.id} existe déjà`, nl: `Het erkenningstype ${input.id} bestaat al` });
      const authority = await em.findOne(AuthorityEntity, { id: input.authorityId });
      if (!authority) throw new ValidationError([fieldIssue('authority.unknown', 'authorityId')]);
      if (!authority.isValidAt(input.validFrom)) throw new ValidationError([fieldIssue('authority.not_valid_then', 'validFrom')]);
      const { type, attribution } = AgrementType.create(input, new Date());
      em.persist([type, attribution]);
      await em.flush();
      await this.recordType(em, type);
      return type;
    });
  }

  updateType(id: string, version: number, input: Omit<AgrementTypeInput, 'id' | 'authorityId'>): Promise<AgrementType> {
    return this.uow.run(async (em) => {
      const type = await loadVersioned(em, AgrementTypeEntity, id, version, TYPE_LABEL);
      if (!type.update(input, new Date())) return type;
      await em.flush();
      await this.recordType(em, type);
      return type;
    });
  }

  private recordAuthority(em: EntityManager, authority: Authority): void {
    this.outbox.record(em, AuthorityChangedV1, { aggregateId: authority.id, aggregateVersion: authority.version, payload: authority.toPublic() });
  }

  private async recordType(em: EntityManager, type: AgrementType): Promise<void> {
    const periods = await em.find(TypeAttributionEntity, { typeId: type.id });
    // A succession changes the type's periods, not the type row: the event version counts both.
    this.outbox.record(em, AgrementTypeChangedV1, { aggregateId: type.id, aggregateVersion: type.version + periods.length - 1, payload: type.toPublic(periods) });
  }
}

/** The entity at `id`, refusing a stale `version` (optimistic concurrency, 412 at the edge). */
export async function loadVersioned<T extends { version: number }>(em: EntityManager, entity: EntityName<T>, id: string, version: number, label: { fr: string; nl: string }): Promise<T> {
  const found = await em.findOne(entity, { id } as FilterQuery<T>);
  if (!found) throw new NotFoundError(label, id);
  if (found.version !== version) throw new StaleVersionError(version, found.version);
  return found;
}
