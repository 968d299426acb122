import type { EventDefinition, EventOf } from './envelope.js';
import { AvailabilityReportedV1 } from './events/agrements.availability.reported.v1/availability-reported.event.js';
import { CareProviderAuthorityChangedV1 } from './events/care-providers.provider.authority-changed.v1/provider-authority-changed.event.js';
import { SiteContactsChangedV1 } from './events/organisations.site-contacts.changed.v1/site-contacts-changed.event.js';

/** Kinds of authority-only state (crisis management): never part of a public output. */
export const AUTHORITY_ENTITY_TYPES = ['provider-authority', 'site-contacts', 'availability'] as const;
export type AuthorityEntityType = (typeof AUTHORITY_ENTITY_TYPES)[number];

export interface AuthorityStateChange {
  entityType: AuthorityEntityType;
  entityId: string;
  state: unknown;
}

type Reader<D extends EventDefinition> = (event: EventOf<D>) => AuthorityStateChange;
const reader = <D extends EventDefinition>(definition: D, read: Reader<D>) => ({ definition, read: read as Reader<EventDefinition> });

/** Every authority-audience event carrying an entity's restricted state, and how to read it. */
export const AUTHORITY_STATE_EVENTS = [
  reader(CareProviderAuthorityChangedV1, (e) => ({ entityType: 'provider-authority', entityId: e.payload.id, state: e.payload })),
  reader(SiteContactsChangedV1, (e) => ({ entityType: 'site-contacts', entityId: String(e.payload.siteId), state: e.payload })),
  reader(AvailabilityReportedV1, (e) => ({ entityType: 'availability', entityId: e.payload.slot, state: e.payload })),
] as const;
