import type { EventDefinition, EventOf } from './envelope.js';
import { AgrementTypeChangedV1 } from './events/agrements.type.changed.v1/type-changed.event.js';
import { AuthorityChangedV1 } from './events/agrements.authority.changed.v1/authority-changed.event.js';
import { HoldingChangedV1 } from './events/agrements.holding.changed.v1/holding-changed.event.js';
import { HoldingExpiredV1 } from './events/agrements.holding.expired.v1/holding-expired.event.js';
import { PracticeChangedV1 } from './events/care-providers.practice.changed.v1/practice-changed.event.js';
import { PracticeRemovedV1 } from './events/care-providers.practice.removed.v1/practice-removed.event.js';
import { CareProviderChangedV1 } from './events/care-providers.provider.changed.v1/provider-changed.event.js';
import { CategoryChangedV1 } from './events/organisations.category.changed.v1/category-changed.event.js';
import { OrganisationChangedV1 } from './events/organisations.organisation.changed.v1/organisation-changed.event.js';
import { ReferenceListChangedV1 } from './events/organisations.reference-list.changed.v1/reference-list-changed.event.js';
import { SectorChangedV1 } from './events/organisations.sector.changed.v1/sector-changed.event.js';
import { SitePublishedV1 } from './events/organisations.site.published.v1/site-published.event.js';
import { SiteUnpublishedV1 } from './events/organisations.site.unpublished.v1/site-unpublished.event.js';
import { SiteUpdatedV1 } from './events/organisations.site.updated.v1/site-updated.event.js';

/** The kinds of public entity the public events carry whole (consumers keep their last state). */
export const PUBLIC_ENTITY_TYPES = ['site', 'organisation', 'sector', 'category', 'reference-list', 'provider', 'practice', 'authority', 'agrement-type', 'holding'] as const;
export type PublicEntityType = (typeof PUBLIC_ENTITY_TYPES)[number];

/** What a public event says of one entity: its complete public state, or null when it stopped being public. */
export interface PublicStateChange {
  entityType: PublicEntityType;
  entityId: string;
  state: unknown | null;
}

type Reader<D extends EventDefinition> = (event: EventOf<D>) => PublicStateChange;
const reader = <D extends EventDefinition>(definition: D, read: Reader<D>) => ({ definition, read: read as Reader<EventDefinition> });

/**
 * Every public event that carries an entity's state, and how to read it: one mapping for the
 * consumers that keep public state (search, publisher), so they cannot disagree on it.
 */
export const PUBLIC_STATE_EVENTS = [
  reader(SitePublishedV1, (e) => ({ entityType: 'site', entityId: String(e.payload.id), state: e.payload })),
  reader(SiteUpdatedV1, (e) => ({ entityType: 'site', entityId: String(e.payload.id), state: e.payload })),
  reader(SiteUnpublishedV1, (e) => ({ entityType: 'site', entityId: String(e.payload.id), state: null })),
  reader(OrganisationChangedV1, (e) => ({ entityType: 'organisation', entityId: String(e.payload.id), state: e.payload })),
  reader(SectorChangedV1, (e) => ({ entityType: 'sector', entityId: String(e.payload.sector.id), state: e.payload.sector })),
  reader(CategoryChangedV1, (e) => ({ entityType: 'category', entityId: String(e.payload.category.id), state: e.payload.category })),
  reader(ReferenceListChangedV1, (e) => ({ entityType: 'reference-list', entityId: e.payload.list.name, state: e.payload.list })),
  reader(CareProviderChangedV1, (e) => ({ entityType: 'provider', entityId: e.payload.id, state: e.payload })),
  reader(PracticeChangedV1, (e) => ({ entityType: 'practice', entityId: e.payload.id, state: e.payload })),
  reader(PracticeRemovedV1, (e) => ({ entityType: 'practice', entityId: e.payload.id, state: null })),
  reader(AuthorityChangedV1, (e) => ({ entityType: 'authority', entityId: e.payload.id, state: e.payload })),
  reader(AgrementTypeChangedV1, (e) => ({ entityType: 'agrement-type', entityId: e.payload.id, state: e.payload })),
  reader(HoldingChangedV1, (e) => ({ entityType: 'holding', entityId: e.payload.id, state: e.payload })),
  reader(HoldingExpiredV1, (e) => ({ entityType: 'holding', entityId: e.payload.id, state: e.payload })),
] as const;
