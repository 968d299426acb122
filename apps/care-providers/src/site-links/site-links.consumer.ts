import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SitePublishedV1, SiteUnpublishedV1, SiteUpdatedV1 } from '@care/contracts';
import { EventConsumers } from '@care/service-kit';
import { CareProviderEntity, LinkedSite, LinkedSiteEntity, PracticeEntity } from '../persistence/entities/care-provider.entity.js';
import { ProviderCommands } from '../providers/provider.commands.js';

/**
 * Keeps practices consistent with the directory's sites: remembers which sites are public, and
 * when a site a practice is linked to stops (or starts again) being public, flags the practice
 * and publishes its new state.
 */
@Injectable()
export class SiteLinksConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly commands: ProviderCommands,
  ) {}

  onModuleInit(): void {
    const published = async (id: number, em: EntityManager) => this.apply(em, id, 'published');
    this.consumers
      .group('care-providers.site-links')
      .on(SitePublishedV1, (event, em) => published(event.payload.id, em))
      .on(SiteUpdatedV1, (event, em) => published(event.payload.id, em))
      .on(SiteUnpublishedV1, (event, em) => this.apply(em, event.payload.id, 'unpublished'));
  }

  async apply(em: EntityManager, siteId: number, status: 'published' | 'unpublished'): Promise<void> {
    const at = new Date();
    const site = await em.findOne(LinkedSiteEntity, { id: siteId });
    if (site?.status === status) return;
    if (site) Object.assign(site, { status, updatedAt: at });
    else em.persist(Object.assign(new LinkedSite(), { id: siteId, status, updatedAt: at }));
    const practices = await em.find(PracticeEntity, { siteId, active: true });
    const changed = practices.filter((p) => p.siteChanged(status, at));
    await em.flush();
    for (const practice of changed) this.commands.recordPractice(em, practice, await em.findOneOrFail(CareProviderEntity, { id: practice.providerId }));
  }
}
