import { Injectable } from '@nestjs/common';
import { SiteContactsChangedV1, type CrisisContacts } from '@care/contracts';
import { ForbiddenError, NotFoundError, StaleVersionError } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { SiteContacts } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import type { Audience } from '@care/service-kit';
import { SiteContactsEntity, SiteEntity } from '../persistence/entities/site.entity.js';
import { SITE_LABEL } from '../sites/site.commands.js';

/** Who asks: their audience, and the organisation they represent (representatives only). */
export interface ContactsCaller {
  audience: Audience;
  organisationId: number | null;
  actor: string;
}

const NOT_YOURS = { fr: 'Ces contacts ne concernent pas un lieu de votre organisation', nl: 'Deze contacten horen niet bij een plaats van uw organisatie' };
const RESTRICTED = { fr: 'Les contacts de crise sont réservés aux autorités, au personnel et à l’organisation du lieu', nl: 'De crisiscontacten zijn voorbehouden aan de overheden, het personeel en de organisatie van de plaats' };

/**
 * Crisis contacts of sites: read by authorities, staff and the site's own organisation; written
 * by staff and by the organisation's representatives. Each change emits the authority-audience
 * `site-contacts.changed` event (never a public one).
 */
@Injectable()
export class CrisisContactsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async get(siteId: number, caller: ContactsCaller): Promise<SiteContacts> {
    const em = this.uow.read();
    await this.checkAccess(em, siteId, caller, 'read');
    const found = await em.findOne(SiteContactsEntity, { siteId });
    // None yet: version 0, which the first write names in If-Match.
    return found ?? Object.assign(SiteContacts.of(siteId, EMPTY, 'none', new Date(0)), { version: 0 });
  }

  replace(siteId: number, expectedVersion: number, contacts: CrisisContacts, caller: ContactsCaller): Promise<SiteContacts> {
    return this.uow.run(async (em) => {
      await this.checkAccess(em, siteId, caller, 'write');
      const at = new Date();
      const current = await em.findOne(SiteContactsEntity, { siteId });
      if (expectedVersion !== (current?.version ?? 0)) throw new StaleVersionError(expectedVersion, current?.version ?? 0);
      const record = current ?? SiteContacts.of(siteId, contacts, caller.actor, at);
      if (current && !current.replace(contacts, caller.actor, at)) return current;
      if (!current) em.persist(record);
      await em.flush();
      this.outbox.record(em, SiteContactsChangedV1, { aggregateId: String(siteId), aggregateVersion: record.version, payload: record.toState() });
      await em.flush();
      return record;
    });
  }

  private async checkAccess(em: ReturnType<UnitOfWork['read']>, siteId: number, caller: ContactsCaller, mode: 'read' | 'write'): Promise<void> {
    const site = await em.findOne(SiteEntity, { id: siteId }, { fields: ['id', 'organisationId'] });
    if (!site) throw new NotFoundError(SITE_LABEL, String(siteId));
    if (caller.organisationId !== null) {
      if (site.organisationId !== caller.organisationId) throw new ForbiddenError('crisis_contacts.not_yours', NOT_YOURS);
      return;
    }
    // Authorities read; only staff (internal) write.
    const allowed: Audience[] = mode === 'read' ? ['authority', 'internal'] : ['internal'];
    if (!allowed.includes(caller.audience)) throw new ForbiddenError('crisis_contacts.restricted', RESTRICTED);
  }
}

const EMPTY: CrisisContacts = { directPhone: null, emergencyPhone: null, email: null, responsible: null, remark: null };
