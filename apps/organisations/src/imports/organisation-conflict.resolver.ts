import { Injectable } from '@nestjs/common';
import { OrganisationChangedV1, type LocalizedValue } from '@care/contracts';
import { NotFoundError } from '@care/kernel';
import { ImportConflictEntity, type ImportConflict } from '@care/imports';
import { Outbox } from '@care/messaging';
import { UnitOfWork } from '@care/persistence';
import { OrganisationEntity } from '../persistence/entities/organisation.entity.js';

/** Closes a conflict: `keep` confirms the staff value; `apply` takes the source's (with its event). */
@Injectable()
export class OrganisationConflictResolver {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async resolve(id: string, decision: 'keep' | 'apply', actor: string): Promise<ImportConflict | null> {
    return this.uow.run(async (em) => {
      const conflict = await em.findOne(ImportConflictEntity, { id });
      if (!conflict) throw new NotFoundError({ fr: 'Conflit', nl: 'Conflict' }, id);
      if (conflict.status !== 'open') return null;
      if (decision === 'apply' && conflict.entityType === 'organisation' && conflict.field === 'names.official') {
        const organisation = await em.findOneOrFail(OrganisationEntity, { id: Number(conflict.entityId) });
        organisation.acceptOfficialName(conflict.incoming as LocalizedValue, `import run ${conflict.runId}`, actor, new Date());
        await em.flush();
        this.outbox.record(em, OrganisationChangedV1, { aggregateId: String(organisation.id), aggregateVersion: organisation.version, payload: organisation.toPublished() });
      }
      Object.assign(conflict, { status: decision === 'apply' ? 'applied' : 'kept', resolvedAt: new Date(), resolvedBy: actor });
      return conflict;
    });
  }
}
