import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SiteChangedV1, SitePublishedV1, SiteUnpublishedV1, SiteUpdatedV1, type PayloadOf } from '@care/contracts';
import { NotFoundError, StaleVersionError } from '@care/kernel';
import { Outbox } from '@care/messaging';
import { Site, type SiteInput, type SiteState, type SiteTransition } from '@care/organisations-domain';
import { UnitOfWork } from '@care/persistence';
import { SiteEntity, SiteVerification } from '../persistence/entities/site.entity.js';
import { SiteContentResolver } from './site-content.resolver.js';

type ChangeKind = PayloadOf<typeof SiteChangedV1>['change'];

const TRANSITION_CHANGE: Record<SiteTransition, ChangeKind> = {
  submit: 'submitted',
  reject: 'rejected',
  validate: 'validated',
  publish: 'published',
  'make-internal': 'made-internal',
  archive: 'archived',
  restore: 'restored',
};

export const SITE_LABEL = { fr: 'Fiche', nl: 'Fiche' };

/**
 * Every change of a site, each in one transaction with its events. Public events follow the
 * public state only: `site.published` when a site becomes public, `site.updated` when a public
 * site changes, `site.unpublished` when it stops being public. Drafts and internal sites produce
 * only the internal `site.changed` trail, which carries no content.
 */
@Injectable()
export class SiteCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly content: SiteContentResolver,
  ) {}

  async create(input: SiteInput, actor: string): Promise<Site> {
    const { content, geocoding } = await this.content.resolve(input);
    return this.uow.run(async (em) => {
      const site = Site.draft(await nextId(em), content, { source: 'staff', reference: actor }, new Date());
      site.markGeocoding(geocoding);
      em.persist(site);
      await em.flush();
      this.record(em, site, 'created', 'draft');
      return site;
    });
  }

  async update(id: number, expectedVersion: number, input: SiteInput, actor: string): Promise<Site> {
    const { content, geocoding } = await this.content.resolve(input);
    return this.uow.run(async (em) => {
      const site = await this.load(em, id, expectedVersion);
      const before = site.state;
      const changed = site.edit(content, { source: 'staff', reference: actor }, new Date());
      if (changed.includes('address')) site.markGeocoding(geocoding);
      if (changed.length === 0) return site;
      await em.flush();
      this.record(em, site, 'edited', before);
      return site;
    });
  }

  async transition(id: number, expectedVersion: number, step: SiteTransition, actor: string): Promise<Site> {
    return this.uow.run(async (em) => {
      const site = await this.load(em, id, expectedVersion);
      const before = site.state;
      site.transition(step, actor, new Date());
      await em.flush();
      this.record(em, site, TRANSITION_CHANGE[step], before);
      return site;
    });
  }

  /** A verification campaign call: the fiche was checked with the organisation, changed or not. */
  async verify(id: number, expectedVersion: number, verification: { withChanges: boolean; note: string | null }, actor: string): Promise<Site> {
    return this.uow.run(async (em) => {
      const site = await this.load(em, id, expectedVersion);
      const at = new Date();
      site.verify(at, actor);
      em.create(SiteVerification, { siteId: site.id, verifiedAt: at, verifiedBy: actor, withChanges: verification.withChanges, note: verification.note });
      await em.flush();
      this.record(em, site, 'verified', site.state);
      return site;
    });
  }

  private async load(em: EntityManager, id: number, expectedVersion: number): Promise<Site> {
    const site = await em.findOne(SiteEntity, { id });
    if (!site) throw new NotFoundError(SITE_LABEL, id);
    if (site.version !== expectedVersion) throw new StaleVersionError(expectedVersion, site.version);
    return site;
  }

  record(em: EntityManager, site: Site, change: ChangeKind, before: SiteState): void {
    const at = { aggregateId: String(site.id), aggregateVersion: site.version };
    this.outbox.record(em, SiteChangedV1, { ...at, payload: { id: site.id, change, state: site.state } });
    const wasPublic = before === 'published';
    if (site.isPublic) this.outbox.record(em, wasPublic ? SiteUpdatedV1 : SitePublishedV1, { ...at, payload: site.toPublished() });
    else if (wasPublic) this.outbox.record(em, SiteUnpublishedV1, { ...at, payload: { id: site.id, reason: site.state === 'archived' ? 'archived' : 'internal' } });
  }
}

/** New public ids come from a sequence above the imported range (imported ids are kept). */
async function nextId(em: EntityManager): Promise<number> {
  const [row] = await em.execute<{ id: string }[]>(`select nextval('site_id_seq') as id`);
  return Number(row!.id);
}
