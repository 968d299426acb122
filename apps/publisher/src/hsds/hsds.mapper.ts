import type { LocalizedValue, OpeningHours, PublishedCategory, PublishedOrganisation, PublishedSector, PublishedSite } from '@care/contracts';
import { hsdsId, partId } from './hsds-ids.js';
import type { HsdsAttribute, HsdsLanguage, HsdsLocation, HsdsOrganization, HsdsService, HsdsServiceAtLocation, HsdsTaxonomy, HsdsTaxonomyTerm } from './hsds.views.js';

/**
 * The public contracts in HSDS 3.0, Brussels profile (docs/feed.md): a site is where a service is
 * delivered, so it gives a service, a location and the service_at_location joining them; an
 * organisation an organization; sectors, rubriques and categories the terms of one taxonomy. Text
 * fields are in the requested language; both languages are attributes (`fr:name`, `nl:name`…).
 */

const LANGUAGES = ['fr', 'nl'] as const;
const THEMATIC_TREE = 'care-thematic-tree';
export const TAXONOMY_ID = hsdsId('taxonomy', 1);

/** Both languages of each text, as attributes of the object `linkId` (the profile's way to carry FR and NL). */
function translations(linkId: string, linkEntity: string, texts: Record<string, LocalizedValue | null | undefined>): HsdsAttribute[] {
  return Object.entries(texts).flatMap(([field, value]) =>
    value ? LANGUAGES.map((l) => ({ id: partId(linkId, 'text', field, l), link_id: linkId, link_entity: linkEntity, link_type: `${l}:${field}`, value: value[l] })) : [],
  );
}

/** A contact of the site for `lang`: one in that language, else one for both. */
const forLanguage = <T extends { language: string | null }>(items: readonly T[], lang: HsdsLanguage) => items.find((i) => i.language === lang) ?? items.find((i) => i.language === null);

const DAYS = { mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU' } as const;
const CLOSED = { fr: 'Fermé', nl: 'Gesloten' } as const;
const BY_APPOINTMENT = { fr: 'Sur rendez-vous', nl: 'Op afspraak' } as const;

/** Weekly periods as RFC 5545-style weekly schedules; dated exceptions as schedules with their validity. */
function schedules(serviceId: string, hours: OpeningHours, lang: HsdsLanguage): HsdsService['schedules'] {
  const attending = hours.appointmentOnly ? BY_APPOINTMENT[lang] : undefined;
  const weekly = (periods: OpeningHours['weekly'], owner: string, validity: { valid_from?: string; valid_to?: string } = {}): HsdsService['schedules'] =>
    periods.map((p) => ({
      id: partId(owner, 'schedule', p.day, p.opens, p.closes),
      service_id: serviceId,
      ...validity,
      freq: 'WEEKLY' as const,
      wkst: 'MO' as const,
      byday: DAYS[p.day],
      opens_at: p.opens,
      closes_at: p.closes,
      ...(hours.remark ? { description: hours.remark[lang] } : {}),
      ...(attending ? { attending_type: attending } : {}),
    }));
  return [
    ...weekly(hours.weekly, serviceId),
    ...hours.exceptions.flatMap((e): HsdsService['schedules'] => {
      const owner = `${serviceId}:${e.from}:${e.to}`;
      const validity = { valid_from: e.from, valid_to: e.to };
      const reason = e.reason?.[lang];
      if (e.closed) return [{ id: partId(owner, 'closed'), service_id: serviceId, ...validity, description: reason ? `${CLOSED[lang]} : ${reason}` : CLOSED[lang] }];
      return weekly(e.weekly, owner, validity).map((s) => (reason ? { ...s, description: reason } : s));
    }),
  ];
}

function languageName(code: string, lang: HsdsLanguage): string | undefined {
  try {
    return new Intl.DisplayNames([lang], { type: 'language', fallback: 'none' }).of(code);
  } catch {
    return undefined;
  }
}

/** Belgian provinces by postcode (sites outside the Region serve Brussels residents too). */
const PROVINCES: Array<[number, { fr: string; nl: string }]> = [
  [1300, { fr: 'Région de Bruxelles-Capitale', nl: 'Brussels Hoofdstedelijk Gewest' }],
  [1500, { fr: 'Brabant wallon', nl: 'Waals-Brabant' }],
  [2000, { fr: 'Brabant flamand', nl: 'Vlaams-Brabant' }],
  [3000, { fr: 'Anvers', nl: 'Antwerpen' }],
  [3500, { fr: 'Brabant flamand', nl: 'Vlaams-Brabant' }],
  [4000, { fr: 'Limbourg', nl: 'Limburg' }],
  [5000, { fr: 'Liège', nl: 'Luik' }],
  [6000, { fr: 'Namur', nl: 'Namen' }],
  [6600, { fr: 'Hainaut', nl: 'Henegouwen' }],
  [7000, { fr: 'Luxembourg', nl: 'Luxemburg' }],
  [8000, { fr: 'Hainaut', nl: 'Henegouwen' }],
  [9000, { fr: 'Flandre occidentale', nl: 'West-Vlaanderen' }],
  [10000, { fr: 'Flandre orientale', nl: 'Oost-Vlaanderen' }],
];
const provinceOf = (postcode: string, lang: HsdsLanguage) => PROVINCES.find(([below]) => Number(postcode) < below)![1][lang];

export function toLocation(site: PublishedSite, lang: HsdsLanguage): HsdsLocation {
  const id = hsdsId('location', site.id);
  const a = site.address;
  const box = a.box ? ` ${lang === 'fr' ? 'bte' : 'bus'} ${a.box}` : '';
  return {
    id,
    location_type: 'physical',
    ...(site.organisationId ? { organization_id: hsdsId('organization', site.organisationId) } : {}),
    name: site.names.official[lang],
    ...(a.point ? { latitude: a.point.lat, longitude: a.point.lon } : {}),
    ...(a.statisticalSector ? { external_identifier: a.statisticalSector.code, external_identifier_type: 'statbel-statistical-sector' } : {}),
    addresses: [
      {
        id: partId(id, 'address'),
        location_id: id,
        address_1: `${a.street[lang]}${a.number ? ` ${a.number}` : ''}${box}`,
        ...(a.remark ? { address_2: a.remark[lang] } : {}),
        city: a.municipality.name[lang],
        state_province: provinceOf(a.postcode, lang),
        postal_code: a.postcode,
        country: 'BE',
        address_type: 'physical',
      },
    ],
    attributes: translations(id, 'location', { name: site.names.official, street: a.street, city: a.municipality.name }),
  };
}

export function toServiceAtLocation(site: PublishedSite, lang: HsdsLanguage): HsdsServiceAtLocation {
  return { id: hsdsId('service-at-location', site.id), service_id: hsdsId('service', site.id), location_id: hsdsId('location', site.id), location: toLocation(site, lang) };
}

export function toOrganization(organisation: PublishedOrganisation, lang: HsdsLanguage): HsdsOrganization {
  const id = hsdsId('organization', organisation.id);
  const name = organisation.names.official[lang];
  const [enterprise] = organisation.enterpriseNumbers;
  const founded = organisation.kbo?.startDate ? Number(organisation.kbo.startDate.slice(0, 4)) : undefined;
  // HSDS requires a description; the directory has none for legal entities: say what it is.
  const description =
    lang === 'fr'
      ? `${name} : organisation du répertoire social-santé de la Région de Bruxelles-Capitale${enterprise ? `, numéro d’entreprise ${enterprise}` : ''}.`
      : `${name}: organisatie van het sociaal-gezondheidsrepertorium van het Brussels Hoofdstedelijk Gewest${enterprise ? `, ondernemingsnummer ${enterprise}` : ''}.`;
  return {
    id,
    name,
    ...(organisation.names.alternative[0] ? { alternate_name: organisation.names.alternative[0][lang] } : {}),
    description,
    ...(organisation.legalStatus ? { legal_status: organisation.legalStatus } : {}),
    ...(enterprise ? { tax_id: enterprise } : {}),
    ...(founded ? { year_incorporated: founded } : {}),
    organization_identifiers: organisation.enterpriseNumbers.map((number) => ({
      id: partId(id, 'enterprise-number', number),
      organization_id: id,
      identifier_scheme: 'BE-BCE_KBO',
      identifier_type: lang === 'fr' ? 'Numéro d’entreprise (BCE)' : 'Ondernemingsnummer (KBO)',
      identifier: number,
    })),
    attributes: [
      ...translations(id, 'organization', { name: organisation.names.official }),
      { id: partId(id, 'status'), link_id: id, link_entity: 'organization', link_type: 'status', value: organisation.status },
    ],
  };
}

export function toService(site: PublishedSite, lang: HsdsLanguage, lastModified: string, organisation?: PublishedOrganisation | null): HsdsService {
  const id = hsdsId('service', site.id);
  const { texts, contacts } = site;
  const website = forLanguage(
    contacts.websites.filter((w) => w.kind === 'official'),
    lang,
  ) ?? forLanguage(contacts.websites, lang);
  const email = forLanguage(contacts.emails, lang);
  return {
    id,
    ...(site.organisationId ? { organization_id: hsdsId('organization', site.organisationId) } : {}),
    name: site.names.official[lang],
    ...(site.names.alternative[0] ? { alternate_name: site.names.alternative[0][lang] } : {}),
    ...((texts.description ?? texts.activities) ? { description: (texts.description ?? texts.activities)![lang] } : {}),
    ...(website ? { url: website.url } : {}),
    ...(email ? { email: email.address } : {}),
    status: 'active',
    ...(texts.publicTarget ? { eligibility_description: texts.publicTarget[lang] } : {}),
    ...(texts.remarks ? { alert: texts.remarks[lang] } : {}),
    ...(site.lastVerifiedAt ? { assured_date: site.lastVerifiedAt.slice(0, 10) } : {}),
    last_modified: lastModified,
    phones: [
      ...contacts.phones.filter((p) => p.language === null || p.language === lang).map((p) => ({ id: partId(id, 'phone', p.number), service_id: id, number: p.number, type: 'voice' as const })),
      ...contacts.faxes.filter((p) => p.language === null || p.language === lang).map((p) => ({ id: partId(id, 'fax', p.number), service_id: id, number: p.number, type: 'fax' as const })),
    ],
    schedules: schedules(id, site.openingHours, lang),
    languages: site.serviceLanguages.map((code) => {
      const name = languageName(code, lang);
      return { id: partId(id, 'language', code), service_id: id, code, ...(name ? { name } : {}) };
    }),
    service_at_locations: [toServiceAtLocation(site, lang)],
    attributes: [
      ...translations(id, 'service', { name: site.names.official, description: texts.description, activities: texts.activities, eligibility: texts.publicTarget, alert: texts.remarks }),
      ...site.categoryIds.map((category) => ({
        id: partId(id, 'category', String(category)),
        link_id: id,
        link_entity: 'service',
        link_type: 'category',
        taxonomy_term_id: hsdsId('category', category),
        value: String(category),
      })),
    ],
    ...(organisation ? { organization: toOrganization(organisation, lang) } : {}),
  };
}

export function thematicTaxonomy(lang: HsdsLanguage): HsdsTaxonomy {
  return lang === 'fr'
    ? { id: TAXONOMY_ID, name: 'Arbre thématique de Social Brussels', description: 'Secteurs, rubriques et catégories de besoins du répertoire social-santé bruxellois.' }
    : { id: TAXONOMY_ID, name: 'Thematische boom van Social Brussels', description: 'Sectoren, rubrieken en categorieën van noden van het Brusselse sociaal-gezondheidsrepertorium.' };
}

const term = (lang: HsdsLanguage, fields: Omit<HsdsTaxonomyTerm, 'taxonomy' | 'taxonomy_id' | 'language'>): HsdsTaxonomyTerm => ({ ...fields, taxonomy: THEMATIC_TREE, taxonomy_id: TAXONOMY_ID, language: lang });

/** A sector and its rubriques: the first two levels of the tree. */
export function sectorTerms(sector: PublishedSector, lang: HsdsLanguage): HsdsTaxonomyTerm[] {
  const sectorId = hsdsId('sector', sector.id);
  return [
    term(lang, { id: sectorId, code: sector.code, name: sector.name[lang], description: sector.definition?.[lang] ?? sector.name[lang] }),
    ...sector.rubriques.map((r) => term(lang, { id: hsdsId('rubrique', r.id), code: `rubrique-${r.id}`, name: r.name[lang], description: r.name[lang], parent_id: sectorId })),
  ];
}

/** A category, under the rubrique of its first placement (HSDS terms have one parent; the others are in the export). */
export function categoryTerm(category: PublishedCategory, lang: HsdsLanguage): HsdsTaxonomyTerm {
  const [placement] = category.placements;
  return term(lang, {
    id: hsdsId('category', category.id),
    code: `category-${category.id}`,
    name: category.name[lang],
    description: category.definition?.[lang] ?? category.name[lang],
    ...(placement ? { parent_id: hsdsId('rubrique', placement.rubriqueId) } : {}),
  });
}
