import type { EntityManager } from '@mikro-orm/postgresql';
import { CareProviderChangedV1, OrganisationChangedV1, SitePublishedV1, SiteUnpublishedV1, SiteUpdatedV1, type PublishedSite } from '@care/contracts';
import type { EventHandlerRegistry } from '@care/messaging';
import { Holder, HolderEntity } from '../persistence/entities/agrement.entities.js';

export const HOLDERS_GROUP = 'agrements.holders';

/**
 * What agréments show of their holders, kept from the public events of the services that own
 * them: sites (name, place, categories, published or not), organisations, care providers.
 * Framework-free, so the service and the demo loader apply the same code.
 */
export function registerHolderProjection(registry: Pick<EventHandlerRegistry, 'on'>): void {
  registry.on(SitePublishedV1, (event, em) => upsertSite(em, event.payload, new Date(event.occurredAt)));
  registry.on(SiteUpdatedV1, (event, em) => upsertSite(em, event.payload, new Date(event.occurredAt)));
  registry.on(SiteUnpublishedV1, async (event, em) => {
    await em.nativeUpdate(HolderEntity, { kind: 'site', id: String(event.payload.id) }, { published: false, updatedAt: new Date(event.occurredAt) });
  });
  registry.on(OrganisationChangedV1, (event, em) =>
    upsert(em, { kind: 'organisation', id: String(event.payload.id), published: event.payload.status === 'active', name: event.payload.names.official, place: null, categoryIds: [], organisationId: null, updatedAt: new Date(event.occurredAt) }),
  );
  registry.on(CareProviderChangedV1, (event, em) => {
    const p = event.payload;
    const name = `${p.name.first} ${p.name.last}`;
    return upsert(em, { kind: 'care-provider', id: p.id, published: p.status === 'active', name: { fr: name, nl: name }, place: null, categoryIds: [], organisationId: null, updatedAt: new Date(event.occurredAt) });
  });
}

function upsertSite(em: EntityManager, site: PublishedSite, at: Date): Promise<void> {
  return upsert(em, {
    kind: 'site',
    id: String(site.id),
    published: true,
    name: site.names.official,
    place: { postcode: site.address.postcode, municipality: site.address.municipality.name },
    categoryIds: site.categoryIds,
    organisationId: site.organisationId,
    updatedAt: at,
  });
}

/** One statement per event (insert or update): catching up thousands of events is round-trip bound. */
async function upsert(em: EntityManager, data: Holder): Promise<void> {
  await em.upsert(HolderEntity, Object.assign(new Holder(), data));
}
