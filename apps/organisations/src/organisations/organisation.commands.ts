import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OrganisationChangedV1 } from '@care/contracts';
import { NotFoundError, StaleVersionError, ValidationError } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { Organisation, type OrganisationInput } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { OrganisationEntity } from '../persistence/entities/organisation.entity.js';
import { ReferenceData } from '../reference/reference-data.service.js';

export const ORGANISATION_LABEL = { fr: 'Organisation', nl: 'Organisatie' };

/** Organisations (legal entities) are public data (KBO/BCE): every change is a public event. */
@Injectable()
export class OrganisationCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly reference: ReferenceData,
  ) {}

  async create(input: OrganisationInput, actor: string): Promise<Organisation> {
    await this.checkReferences(input);
    return this.uow.run(async (em) => {
      const [row] = await em.execute<{ id: string }[]>(`select nextval('organisation_id_seq') as id`);
      const organisation = Organisation.create(Number(row!.id), input, { source: 'staff', reference: actor }, new Date());
      em.persist(organisation);
      await em.flush();
      this.record(em, organisation);
      return organisation;
    });
  }

  async update(id: number, expectedVersion: number, input: OrganisationInput, actor: string): Promise<Organisation> {
    await this.checkReferences(input);
    return this.uow.run(async (em) => {
      const organisation = await this.load(em, id, expectedVersion);
      if (!organisation.edit(input, { source: 'staff', reference: actor }, new Date())) return organisation;
      await em.flush();
      this.record(em, organisation);
      return organisation;
    });
  }

  /** Staff confirm the organisation's identity: later imports record conflicts instead of overwriting it. */
  async validate(id: number, expectedVersion: number, actor: string): Promise<Organisation> {
    return this.uow.run(async (em) => {
      const organisation = await this.load(em, id, expectedVersion);
      organisation.validate(actor, new Date());
      await em.flush();
      this.record(em, organisation);
      return organisation;
    });
  }

  async strikeOff(id: number, expectedVersion: number, date: string): Promise<Organisation> {
    return this.uow.run(async (em) => {
      const organisation = await this.load(em, id, expectedVersion);
      organisation.strikeOff(date, new Date());
      await em.flush();
      this.record(em, organisation);
      return organisation;
    });
  }

  private async checkReferences(input: OrganisationInput): Promise<void> {
    const issues = input.legalStatus ? await this.reference.checkCodes('legal-status', [input.legalStatus], 'legalStatus') : [];
    if (issues.length) throw new ValidationError(issues.map((i) => ({ ...i, path: 'legalStatus' })));
  }

  private async load(em: EntityManager, id: number, expectedVersion: number): Promise<Organisation> {
    const organisation = await em.findOne(OrganisationEntity, { id });
    if (!organisation) throw new NotFoundError(ORGANISATION_LABEL, id);
    if (organisation.version !== expectedVersion) throw new StaleVersionError(expectedVersion, organisation.version);
    return organisation;
  }

  private record(em: EntityManager, organisation: Organisation): void {
    this.outbox.record(em, OrganisationChangedV1, {
      aggregateId: String(organisation.id),
      aggregateVersion: organisation.version,
      payload: organisation.toPublished(),
    });
  }
}
