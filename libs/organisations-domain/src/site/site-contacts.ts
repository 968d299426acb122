import type { CrisisContacts, SiteContactsState } from '@care/contracts';
import { deepEqual } from '@care/kernel';

/**
 * The crisis contacts of a site (direct and emergency numbers, person in charge): kept apart from
 * the fiche because they are never published and change on their own (an on-call number, a new
 * director), with their own version.
 */
export class SiteContacts {
  siteId!: number;
  contacts!: CrisisContacts;
  version = 1;
  updatedAt!: Date;
  updatedBy!: string;

  static of(siteId: number, contacts: CrisisContacts, actor: string, at: Date): SiteContacts {
    return Object.assign(new SiteContacts(), { siteId, contacts, updatedAt: at, updatedBy: actor });
  }

  /** False when nothing changed. */
  replace(contacts: CrisisContacts, actor: string, at: Date): boolean {
    if (deepEqual(contacts, this.contacts)) return false;
    Object.assign(this, { contacts, updatedAt: at, updatedBy: actor });
    return true;
  }

  toState(): SiteContactsState {
    return { siteId: this.siteId, contacts: this.contacts, updatedAt: this.updatedAt.toISOString(), version: this.version };
  }
}
