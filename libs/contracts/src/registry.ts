import type { EventDefinition } from './envelope.js';
import { AvailabilityReportedV1 } from './events/agrements.availability.reported.v1/availability-reported.event.js';
import { AuthorityChangedV1 } from './events/agrements.authority.changed.v1/authority-changed.event.js';
import { HoldingChangedV1 } from './events/agrements.holding.changed.v1/holding-changed.event.js';
import { HoldingExpiredV1 } from './events/agrements.holding.expired.v1/holding-expired.event.js';
import { AgrementTypeChangedV1 } from './events/agrements.type.changed.v1/type-changed.event.js';
import { PracticeChangedV1 } from './events/care-providers.practice.changed.v1/practice-changed.event.js';
import { PracticeRemovedV1 } from './events/care-providers.practice.removed.v1/practice-removed.event.js';
import { CareProviderAuthorityChangedV1 } from './events/care-providers.provider.authority-changed.v1/provider-authority-changed.event.js';
import { CareProviderChangedV1 } from './events/care-providers.provider.changed.v1/provider-changed.event.js';
import { CategoryChangedV1 } from './events/organisations.category.changed.v1/category-changed.event.js';
import { OrganisationChangedV1 } from './events/organisations.organisation.changed.v1/organisation-changed.event.js';
import { ReferenceListChangedV1 } from './events/organisations.reference-list.changed.v1/reference-list-changed.event.js';
import { SectorChangedV1 } from './events/organisations.sector.changed.v1/sector-changed.event.js';
import { SiteContactsChangedV1 } from './events/organisations.site-contacts.changed.v1/site-contacts-changed.event.js';
import { SiteChangedV1 } from './events/organisations.site.changed.v1/site-changed.event.js';
import { SitePublishedV1 } from './events/organisations.site.published.v1/site-published.event.js';
import { SiteUnpublishedV1 } from './events/organisations.site.unpublished.v1/site-unpublished.event.js';
import { SiteUpdatedV1 } from './events/organisations.site.updated.v1/site-updated.event.js';

/**
 * Every event contract of the platform. Each contract lives in its own folder under
 * `events/<context>.<entity>.<action>.v<n>/` and is listed here; `docs/events.md` and
 * `docs/events.schema.json` are generated from this list (`npm run docs:events`).
 */
export const EVENT_CONTRACTS = [
  SitePublishedV1,
  SiteUpdatedV1,
  SiteUnpublishedV1,
  SiteChangedV1,
  SiteContactsChangedV1,
  OrganisationChangedV1,
  CategoryChangedV1,
  SectorChangedV1,
  ReferenceListChangedV1,
  CareProviderChangedV1,
  CareProviderAuthorityChangedV1,
  PracticeChangedV1,
  PracticeRemovedV1,
  AuthorityChangedV1,
  AgrementTypeChangedV1,
  HoldingChangedV1,
  HoldingExpiredV1,
  AvailabilityReportedV1,
] as const satisfies readonly EventDefinition[];

export type KnownEvent = (typeof EVENT_CONTRACTS)[number];

const byType = new Map<string, EventDefinition>(EVENT_CONTRACTS.map((d: EventDefinition) => [d.type, d]));

export function contractOf(type: string): EventDefinition | undefined {
  return byType.get(type);
}
