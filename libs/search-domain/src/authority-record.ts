import type { AuthorityCareProvider, CapacityGroup, CrisisContacts, PublicAgrementType, PublicHolding } from '@care/contracts';
import type { Localized } from '@care/kernel';
import type { SearchDisplay, SearchDocument } from './search-document.js';

/** A holding as authorities see it on an entity: type, authority, status, validity and accredited capacity. */
export interface AuthorityHolding {
  id: string;
  typeId: string;
  type: Localized | null;
  authorityId: string | null;
  status: PublicHolding['status'];
  validFrom: string;
  validTo: string | null;
  /** Held by the site itself, or by its organisation (shown, not counted in the site's capacity). */
  heldBy: 'site' | 'organisation' | 'care-provider';
  capacity: { value: number; unit: string; groups: CapacityGroup[] } | null;
}

/**
 * One site or practice as crisis authorities receive it: its public data, the authority-only
 * contacts, and its holdings with their accredited capacity. Never internal fields (workflow,
 * provenance, staff identities, objections); free places are added at query time.
 */
export interface AuthorityRecord {
  id: string;
  kind: SearchDocument['kind'];
  entityId: string;
  name: Localized;
  subtitle: Localized | null;
  address: SearchDisplay['address'];
  point: { lat: number; lon: number } | null;
  municipality: string | null;
  district: string | null;
  statSector: string | null;
  categories: SearchDisplay['categories'];
  sectorIds: number[];
  profession: { kind: string; label: Localized } | null;
  convention: string | null;
  acceptingPatients: boolean | null;
  publicContacts: { phone: string | null; email: string | null; website: string | null };
  /** Sites: direct and emergency numbers, person in charge (null when none were given). */
  crisisContacts: CrisisContacts | null;
  /** Practices: the provider's direct contacts and INAMI/RIZIV approval status. */
  directContacts: AuthorityCareProvider['directContacts'] | null;
  approvalStatus: string | null;
  holdings: AuthorityHolding[];
  /** Sum of the capacity of the entity's own holdings that are active and valid today. */
  accreditedCapacity: number;
  link: string;
}

export interface AuthoritySources {
  /** Holdings of the entity itself, and (sites) of its organisation. */
  holdings: ReadonlyArray<{ holding: PublicHolding; heldBy: AuthorityHolding['heldBy'] }>;
  agrementType(id: string): PublicAgrementType | undefined;
  crisisContacts: CrisisContacts | null;
  provider: AuthorityCareProvider | null;
  profession: { kind: string; label: Localized } | null;
  today: string;
}

const validOn = (h: PublicHolding, today: string) => h.status === 'active' && h.validFrom <= today && (h.validTo === null || h.validTo >= today);

/** The authority record of a built search document. */
export function buildAuthorityRecord(document: Omit<SearchDocument, 'version'>, sources: AuthoritySources): AuthorityRecord {
  const holdings = sources.holdings.map(({ holding, heldBy }): AuthorityHolding => {
    const type = sources.agrementType(holding.typeId);
    return {
      id: holding.id,
      typeId: holding.typeId,
      type: type?.name ?? null,
      authorityId: type?.authorityId ?? null,
      status: holding.status,
      validFrom: holding.validFrom,
      validTo: holding.validTo,
      heldBy,
      capacity: holding.capacity ? { value: holding.capacity.value, unit: holding.capacity.unit, groups: holding.capacity.groups ?? [] } : null,
    };
  });
  const own = sources.holdings.filter((h) => h.heldBy !== 'organisation' && validOn(h.holding, sources.today));
  return {
    id: document.id,
    kind: document.kind,
    entityId: document.entityId,
    name: document.name,
    subtitle: document.display.subtitle,
    address: document.display.address,
    point: document.point,
    municipality: document.municipality,
    district: document.district,
    statSector: document.statSector,
    categories: document.display.categories,
    sectorIds: document.sectorIds,
    profession: sources.profession,
    convention: document.convention,
    acceptingPatients: document.acceptingPatients,
    publicContacts: { phone: document.display.phone, email: document.display.email, website: document.display.website },
    crisisContacts: sources.crisisContacts,
    directContacts: sources.provider?.directContacts ?? null,
    approvalStatus: sources.provider?.approvalStatus ?? null,
    holdings,
    accreditedCapacity: own.reduce((sum, h) => sum + (h.holding.capacity?.value ?? 0), 0),
    link: document.display.link,
  };
}

/** Capacity groups of the entity's own valid holdings: what "places for a 4-year-old" looks at. */
export function capacityGroupsOf(record: AuthorityRecord, today: string): Array<CapacityGroup & { holdingId: string }> {
  return record.holdings
    .filter((h) => h.heldBy !== 'organisation' && h.status === 'active' && h.validFrom <= today && (h.validTo === null || h.validTo >= today))
    .flatMap((h) => (h.capacity?.groups ?? []).map((g) => ({ ...g, holdingId: h.id })));
}
