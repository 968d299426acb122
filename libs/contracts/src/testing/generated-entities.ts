import type { PublishedOrganisation } from '../models/published-organisation.schema.js';
import type { PublishedSite } from '../models/published-site.schema.js';
import { publishedSiteFixture } from './fixtures.js';

/** A minimal, valid public organisation (the organisations contract). */
export function publishedOrganisationFixture(id: number, overrides: Partial<PublishedOrganisation> = {}): PublishedOrganisation {
  return {
    id,
    enterpriseNumbers: [],
    names: { official: { fr: `Organisation ${id}`, nl: `Organisatie ${id}` }, alternative: [], former: [] },
    legalStatus: null,
    languageStatus: 'FR-NL',
    officialJournalUrl: null,
    status: 'active',
    kbo: null,
    struckOffAt: null,
    updatedAt: new Date().toISOString(),
    provenance: {},
    ...overrides,
  };
}

const MUNICIPALITIES = [
  { nis: '21004', postcode: '1000', fr: 'Bruxelles', nl: 'Brussel', lat: 50.846, lon: 4.352 },
  { nis: '21001', postcode: '1070', fr: 'Anderlecht', nl: 'Anderlecht', lat: 50.836, lon: 4.308 },
  { nis: '21015', postcode: '1030', fr: 'Schaerbeek', nl: 'Schaarbeek', lat: 50.867, lon: 4.373 },
  { nis: '21012', postcode: '1080', fr: 'Molenbeek-Saint-Jean', nl: 'Sint-Jans-Molenbeek', lat: 50.855, lon: 4.322 },
  { nis: '21009', postcode: '1050', fr: 'Ixelles', nl: 'Elsene', lat: 50.827, lon: 4.372 },
  { nis: '21013', postcode: '1060', fr: 'Saint-Gilles', nl: 'Sint-Gillis', lat: 50.828, lon: 4.345 },
  { nis: '21016', postcode: '1180', fr: 'Uccle', nl: 'Ukkel', lat: 50.801, lon: 4.337 },
  { nis: '21007', postcode: '1190', fr: 'Forest', nl: 'Vorst', lat: 50.811, lon: 4.318 },
];
const STREETS = [
  { fr: 'Rue Haute', nl: 'Hoogstraat' },
  { fr: 'Chaussée de Gand', nl: 'Gentsesteenweg' },
  { fr: 'Boulevard Anspach', nl: 'Anspachlaan' },
  { fr: 'Rue de la Loi', nl: 'Wetstraat' },
  { fr: 'Avenue Louise', nl: 'Louizalaan' },
  { fr: 'Chaussée d’Ixelles', nl: 'Elsensesteenweg' },
];
const KINDS = [
  { fr: 'Maison médicale', nl: 'Wijkgezondheidscentrum' },
  { fr: 'Service social', nl: 'Sociale dienst' },
  { fr: 'Centre de planning familial', nl: 'Centrum voor gezinsplanning' },
  { fr: 'Maison de repos', nl: 'Rusthuis' },
  { fr: 'Service d’aide à domicile', nl: 'Thuiszorgdienst' },
  { fr: 'Centre de santé mentale', nl: 'Centrum voor geestelijke gezondheid' },
];

/**
 * A public site as the organisations service publishes one, with every field group filled
 * (bilingual names and texts, a geocoded Brussels address, contacts, weekly hours, categories):
 * for tests and benches that need realistic volumes. `random` in [0, 1) picks the variations.
 */
export function generatedSite(id: number, random: () => number, organisationId: number | null = null, revision = 0): PublishedSite {
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const place = pick(MUNICIPALITIES);
  const street = pick(STREETS);
  const kind = pick(KINDS);
  const suffix = revision ? ` (${revision})` : '';
  return publishedSiteFixture(id, {
    organisationId,
    names: { official: { fr: `${kind.fr} ${place.fr} ${id}${suffix}`, nl: `${kind.nl} ${place.nl} ${id}${suffix}` }, alternative: [], former: [], service: [] },
    serviceLanguages: random() < 0.5 ? ['fr', 'nl'] : ['fr', 'nl', 'en'],
    address: {
      street,
      number: String(1 + Math.floor(random() * 200)),
      box: null,
      postcode: place.postcode,
      municipality: { nis: place.nis, name: { fr: place.fr, nl: place.nl } },
      point: { lat: place.lat + (random() - 0.5) * 0.02, lon: place.lon + (random() - 0.5) * 0.03 },
      lambert72: { x: 148_000 + Math.floor(random() * 8_000), y: 168_000 + Math.floor(random() * 8_000) },
      statisticalSector: null,
      monitoringDistrict: null,
      insideRegion: true,
      remark: null,
    },
    texts: {
      description: { fr: `${kind.fr} ouvert à toute personne habitant ${place.fr} : accueil, information et accompagnement.`, nl: `${kind.nl} open voor iedereen die in ${place.nl} woont: onthaal, informatie en begeleiding.` },
      activities: null,
      publicTarget: random() < 0.3 ? { fr: 'Adultes et familles', nl: 'Volwassenen en gezinnen' } : null,
      remarks: null,
    },
    accessModalities: random() < 0.5 ? ['phone', 'walk-in'] : ['appointment'],
    targetPublics: ['adults'],
    contacts: {
      phones: [{ number: `+32 2 ${200 + (id % 700)} ${String(id % 100).padStart(2, '0')} ${String((id * 7) % 100).padStart(2, '0')}`, language: null }],
      faxes: [],
      emails: [{ address: `contact${id}@example.org`, language: null }],
      websites: [{ url: `https://service${id}.example.org`, kind: 'official', language: null }],
    },
    openingHours: {
      weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].flatMap((day) => [
        { day: day as 'mon', opens: '09:00', closes: '12:30' },
        { day: day as 'mon', opens: '13:30', closes: random() < 0.5 ? '17:00' : '18:00' },
      ]),
      exceptions: [],
      appointmentOnly: false,
      remark: null,
    },
    categoryIds: [1 + Math.floor(random() * 700)],
  });
}
