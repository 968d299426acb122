import type { PublicAgrementType, PublicAuthority, PublicCareProvider, PublicHolding, PublicPractice, PublishedAddress, PublishedCategory, PublishedOrganisation, PublishedSector, PublishedSite } from '@care/contracts';
import type { Localized } from '@care/kernel';
import { addDays, openIntervals } from '@care/opening-hours';
import type { OpeningHours } from '@care/contracts';
import { documentId, type SearchDisplay, type SearchDocument, type SearchTerm } from './search-document.js';
import { SEARCH_LIMITS } from './search-query.js';

/** Public state the projection keeps from the owning services' events, looked up by the builder. */
export interface DocumentSources {
  organisation(id: number): PublishedOrganisation | undefined;
  category(id: number): PublishedCategory | undefined;
  sector(id: number): PublishedSector | undefined;
  /** Holdings held by a site, an organisation or a care provider. */
  holdings(kind: PublicHolding['holder']['kind'], id: string): readonly PublicHolding[];
  agrementType(id: string): PublicAgrementType | undefined;
  authority(id: string): PublicAuthority | undefined;
}

export interface BuiltDocument {
  document: Omit<SearchDocument, 'version'>;
  terms: SearchTerm[];
}

export const CONVENTION_LABELS: Record<string, Localized> = {
  conventioned: { fr: 'Conventionné', nl: 'Geconventioneerd' },
  partially: { fr: 'Partiellement conventionné', nl: 'Gedeeltelijk geconventioneerd' },
  'not-conventioned': { fr: 'Non conventionné', nl: 'Niet geconventioneerd' },
};

export const KIND_LABELS: Record<string, Localized> = {
  site: { fr: 'Service (lieu d’activité)', nl: 'Dienst (activiteitsplaats)' },
  practice: { fr: 'Prestataire de soins', nl: 'Zorgverlener' },
};

/** The local dates whose opening intervals are indexed, around `today`. */
export function openingWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -SEARCH_LIMITS.openingWindowPastDays - 1), to: addDays(today, SEARCH_LIMITS.openingWindowFutureDays + 1) };
}

const both = (text: string): Localized => ({ fr: text, nl: text });
const join = (parts: Array<string | null | undefined>) => parts.filter((p): p is string => !!p).join(' \n');

function intervals(hours: OpeningHours | null | undefined, today: string): SearchDocument['openIntervals'] {
  if (!hours) return [];
  const { from, to } = openingWindow(today);
  return openIntervals(hours, from, to).map((i) => ({ start: i.start.toISOString(), end: i.end.toISOString() }));
}

function placeTerms(address: PublishedAddress): SearchTerm[] {
  const terms: SearchTerm[] = [{ facet: 'street', key: `${address.postcode}:${address.street.fr}`, label: address.street }];
  if (address.municipality.nis) terms.push({ facet: 'municipality', key: address.municipality.nis, label: address.municipality.name });
  if (address.monitoringDistrict) terms.push({ facet: 'district', key: address.monitoringDistrict.code, label: address.monitoringDistrict.name });
  if (address.statisticalSector) terms.push({ facet: 'stat-sector', key: address.statisticalSector.code, label: address.statisticalSector.name });
  return terms;
}

function displayAddress(address: PublishedAddress): SearchDisplay['address'] {
  return { street: address.street, number: address.number, postcode: address.postcode, municipality: address.municipality.name };
}

/** Active holdings' types and their current authorities, as terms and keyword text. */
function agrements(holdings: readonly PublicHolding[], sources: DocumentSources) {
  const types = new Map<string, PublicAgrementType>();
  for (const h of holdings) {
    const type = h.status === 'active' ? sources.agrementType(h.typeId) : undefined;
    if (type) types.set(type.id, type);
  }
  const authorityIds = [...new Set([...types.values()].map((t) => t.authorityId))];
  const terms: SearchTerm[] = [...types.values()].map((t) => ({ facet: 'agrement-type', key: t.id, label: t.name }));
  for (const id of authorityIds) {
    const authority = sources.authority(id);
    if (authority) terms.push({ facet: 'authority', key: id, label: { fr: `${authority.abbreviation.fr} – ${authority.name.fr}`, nl: `${authority.abbreviation.nl} – ${authority.name.nl}` } });
  }
  const names = [...types.values()].map((t) => t.name);
  return { typeIds: [...types.keys()], authorityIds, terms, keywords: { fr: join(names.map((n) => n.fr)), nl: join(names.map((n) => n.nl)) } };
}

/** The search document of a published site. */
export function buildSiteDocument(site: PublishedSite, sources: DocumentSources, today: string): BuiltDocument {
  const organisation = site.organisationId ? sources.organisation(site.organisationId) : undefined;
  const categories = site.categoryIds.map((id) => sources.category(id)).filter((c): c is PublishedCategory => !!c && c.status === 'active');
  const sectorIds = [...new Set(categories.flatMap((c) => c.placements.map((p) => p.sectorId)))];
  const rubriqueIds = [...new Set(categories.flatMap((c) => c.placements.map((p) => p.rubriqueId)))];
  const holdings = [...sources.holdings('site', String(site.id)), ...(site.organisationId ? sources.holdings('organisation', String(site.organisationId)) : [])];
  const agr = agrements(holdings, sources);
  const terms: SearchTerm[] = [...placeTerms(site.address), ...agr.terms, { facet: 'name', key: documentId('site', site.id), label: site.names.official }];
  for (const c of categories) terms.push({ facet: 'category', key: String(c.id), label: c.name });
  for (const sectorId of sectorIds) {
    const sector = sources.sector(sectorId);
    if (!sector) continue;
    terms.push({ facet: 'sector', key: String(sectorId), label: sector.name });
    for (const r of sector.rubriques) if (rubriqueIds.includes(r.id)) terms.push({ facet: 'rubrique', key: String(r.id), label: r.name });
  }
  const names = site.names;
  const texts = Object.values(site.texts).filter((t): t is Localized => !!t);
  const phone = site.contacts.phones[0]?.number ?? null;
  return {
    document: {
      id: documentId('site', site.id),
      kind: 'site',
      entityId: String(site.id),
      name: names.official,
      altNames: [...names.alternative, ...names.former, ...names.service, ...(organisation ? [organisation.names.official, ...organisation.names.alternative] : [])].flatMap((n) => [n.fr, n.nl]),
      text: { fr: join(texts.map((t) => t.fr)), nl: join(texts.map((t) => t.nl)) },
      keywords: {
        fr: join([...categories.flatMap((c) => [c.name.fr, ...c.keywords.fr]), agr.keywords.fr]),
        nl: join([...categories.flatMap((c) => [c.name.nl, ...c.keywords.nl]), agr.keywords.nl]),
      },
      point: site.address.point,
      postcode: site.address.postcode,
      municipality: site.address.municipality.nis,
      statSector: site.address.statisticalSector?.code ?? null,
      district: site.address.monitoringDistrict?.code ?? null,
      sectorIds,
      rubriqueIds,
      categoryIds: categories.map((c) => c.id),
      agrementTypeIds: agr.typeIds,
      authorityIds: agr.authorityIds,
      languages: site.serviceLanguages,
      offerKind: site.offerKind,
      targetPublics: site.targetPublics,
      profession: null,
      convention: null,
      acceptingPatients: null,
      openIntervals: intervals(site.openingHours, today),
      display: {
        name: names.official,
        subtitle: organisation && organisation.names.official.fr !== names.official.fr ? organisation.names.official : null,
        address: displayAddress(site.address),
        phone,
        email: site.contacts.emails[0]?.address ?? null,
        website: site.contacts.websites[0]?.url ?? null,
        categories: categories.map((c) => ({ id: c.id, name: c.name })),
        profession: null,
        appointmentOnly: site.openingHours.appointmentOnly,
        hoursRemark: site.openingHours.remark,
        link: `/sites/${site.id}`,
      },
    },
    terms,
  };
}

/** The search document of a practice of an active care provider (public fields only). */
export function buildPracticeDocument(practice: PublicPractice, provider: PublicCareProvider, sources: DocumentSources, today: string): BuiltDocument {
  const person = `${provider.name.first} ${provider.name.last}`;
  const agr = agrements(sources.holdings('care-provider', provider.id), sources);
  const specialisations = provider.specialisations.map((s) => s.label);
  const terms: SearchTerm[] = [
    ...placeTerms(practice.address),
    ...agr.terms,
    { facet: 'profession', key: provider.profession.kind, label: provider.profession.label },
    { facet: 'name', key: documentId('practice', practice.id), label: both(person) },
  ];
  if (provider.convention) terms.push({ facet: 'convention', key: provider.convention, label: CONVENTION_LABELS[provider.convention]! });
  return {
    document: {
      id: documentId('practice', practice.id),
      kind: 'practice',
      entityId: practice.id,
      name: both(person),
      altNames: [provider.name.last, provider.nihii],
      text: { fr: join(specialisations.map((s) => s.fr)), nl: join(specialisations.map((s) => s.nl)) },
      keywords: { fr: join([provider.profession.label.fr, agr.keywords.fr]), nl: join([provider.profession.label.nl, agr.keywords.nl]) },
      point: practice.address.point,
      postcode: practice.address.postcode,
      municipality: practice.address.municipality.nis,
      statSector: practice.address.statisticalSector?.code ?? null,
      district: practice.address.monitoringDistrict?.code ?? null,
      sectorIds: [],
      rubriqueIds: [],
      categoryIds: [],
      agrementTypeIds: agr.typeIds,
      authorityIds: agr.authorityIds,
      languages: provider.languages ?? [],
      offerKind: null,
      targetPublics: [],
      profession: provider.profession.kind,
      convention: provider.convention,
      acceptingPatients: provider.acceptingNewPatients?.value ?? null,
      openIntervals: intervals(practice.openingHours, today),
      display: {
        name: both(person),
        subtitle: provider.profession.label,
        address: displayAddress(practice.address),
        phone: practice.contacts?.phone ?? null,
        email: practice.contacts?.email ?? null,
        website: practice.contacts?.website ?? null,
        categories: [],
        profession: provider.profession.label,
        appointmentOnly: practice.appointmentModes.length > 0 && !practice.appointmentModes.includes('walk-in'),
        hoursRemark: practice.openingHours?.remark ?? null,
        link: `/providers/${provider.id}`,
      },
    },
    terms,
  };
}
