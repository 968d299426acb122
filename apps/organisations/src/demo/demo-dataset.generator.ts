import type { LocalizedValue, OpeningPeriod, Weekday } from '@care/contracts';
import { BrusselsGeography, StreetDirectory, seededRandom } from '@care/geo';
import { enterpriseNumberFrom, type SiteState } from '@care/organisations-domain';

/** Sites per sector in 2019 (BRIEF §3): the weights of the demo's thematic spread. */
const SECTOR_WEIGHTS = [118, 740, 156, 368, 96, 160, 432, 848, 902, 142, 567, 904, 674, 264, 827, 394, 243, 38, 634, 34, 156, 590];

export interface DemoInputs {
  seed: number;
  /** Active category ids per sector id (1–22). */
  categoriesBySector: Map<number, number[]>;
  categoryNames: Map<number, LocalizedValue>;
  codes: { legalStatus: string[]; language: string[]; accessModality: string[]; targetPublic: string[]; actionZone: string[] };
  geography: BrusselsGeography;
  streets: StreetDirectory;
}

export interface DemoOrganisation {
  id: number;
  input: Record<string, unknown>;
}

export interface DemoSite {
  id: number;
  input: Record<string, unknown>;
  state: SiteState;
  lastVerifiedAt: Date | null;
}

export interface DemoDataset {
  organisations: DemoOrganisation[];
  sites: DemoSite[];
}

const FR_STEMS = ['Entraide', 'Solidarité', 'Accueil', 'Espace', 'Maison', 'Le Pont', 'La Passerelle', 'L’Abri', 'Le Relais', 'Horizon', 'Trait d’Union', 'La Boussole', 'Le Phare', 'Source', 'Lien'];
const NL_STEMS = ['Onderlinge Hulp', 'Solidariteit', 'Onthaal', 'Ruimte', 'Huis', 'De Brug', 'De Loopbrug', 'Het Schuiloord', 'Het Relais', 'Horizon', 'Verbinding', 'Het Kompas', 'De Vuurtoren', 'Bron', 'Band'];
const OUTSIDE = [
  { postcode: '1500', fr: 'Hal', nl: 'Halle', lat: 50.7339, lon: 4.2345, street: { fr: 'Rue de la Gare', nl: 'Stationsstraat' } },
  { postcode: '1700', fr: 'Dilbeek', nl: 'Dilbeek', lat: 50.8485, lon: 4.2597, street: { fr: 'Rue de l’Église', nl: 'Kerkstraat' } },
  { postcode: '1800', fr: 'Vilvorde', nl: 'Vilvoorde', lat: 50.9281, lon: 4.4246, street: { fr: 'Grand-Place', nl: 'Grote Markt' } },
  { postcode: '1930', fr: 'Zaventem', nl: 'Zaventem', lat: 50.8853, lon: 4.4728, street: { fr: 'Rue de Louvain', nl: 'Leuvensesteenweg' } },
  { postcode: '3000', fr: 'Louvain', nl: 'Leuven', lat: 50.8798, lon: 4.7005, street: { fr: 'Bondgenotenlaan', nl: 'Bondgenotenlaan' } },
  { postcode: '1300', fr: 'Wavre', nl: 'Waver', lat: 50.7167, lon: 4.6086, street: { fr: 'Place Henri Berger', nl: 'Place Henri Berger' } },
  { postcode: '1400', fr: 'Nivelles', nl: 'Nijvel', lat: 50.5983, lon: 4.3285, street: { fr: 'Grand-Place', nl: 'Grote Markt' } },
];
const WEEKDAYS5: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const ALL_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const title = (s: string) => s.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
const slug = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);

/**
 * A deterministic, realistic Brussels dataset: ~1,500 organisations with valid enterprise numbers
 * and 5,450 back-office records of which 4,100 published (≈200 outside the Region), on real
 * streets and postcodes, with points inside real statistical sectors, categories spread like the
 * real sectors, varied opening hours, languages and verification dates. Same seed, same data.
 */
export function generateDemoDataset(inputs: DemoInputs): DemoDataset {
  const rnd = seededRandom(inputs.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const chance = (p: number) => rnd() < p;
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const n = min + Math.floor(rnd() * (max - min + 1));
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rnd() * copy.length), 1)[0]!);
    return out;
  };
  const weightedSector = () => {
    const total = SECTOR_WEIGHTS.reduce((a, b) => a + b, 0);
    let r = rnd() * total;
    for (const [i, w] of SECTOR_WEIGHTS.entries()) if ((r -= w) < 0) return i + 1;
    return 22;
  };
  const municipalities = inputs.geography.municipalities();
  const sectorsByMunicipality = new Map<string, string[]>();
  for (const s of inputs.geography.sectors()) sectorsByMunicipality.set(s.municipalityNis, [...(sectorsByMunicipality.get(s.municipalityNis) ?? []), s.code]);
  const districts = inputs.geography.monitoringDistricts();
  const streetName = (nis: string) => {
    const postcode = pick(inputs.streets.postcodesOf(nis));
    return { postcode, street: pick(inputs.streets.streetsOf(postcode, nis)) };
  };

  // Organisations: the 19 CPAS and 19 communes, then associations.
  const organisations: DemoOrganisation[] = [];
  const orgInfo: { name: LocalizedValue; nis: string; kind: 'cpas' | 'commune' | 'association'; slug: string }[] = [];
  let kbo = 2_000_000;
  const addOrganisation = (name: LocalizedValue, legalStatus: string, languageStatus: string, nis: string, kind: 'cpas' | 'commune' | 'association') => {
    kbo += 1 + Math.floor(rnd() * 5_000);
    const number = enterpriseNumberFrom(kbo);
    const digits = number.replace(/\./g, '');
    organisations.push({
      id: organisations.length + 1,
      input: {
        enterpriseNumbers: [number],
        names: { official: name, alternative: [], former: [] },
        legalStatus,
        languageStatus,
        officialJournalUrl: {
          fr: `http://www.ejustice.just.fgov.be/cgi_tsv/tsv_rech.pl?language=fr&btw=${digits}&liste=Liste`,
          nl: `http://www.ejustice.just.fgov.be/cgi_tsv/tsv_rech.pl?language=nl&btw=${digits}&liste=Liste`,
        },
      },
    });
    orgInfo.push({ name, nis, kind, slug: slug(name.fr) });
  };
  const legal = (code: string) => (inputs.codes.legalStatus.includes(code) ? code : pick(inputs.codes.legalStatus));
  for (const m of municipalities) addOrganisation({ fr: `CPAS de ${m.name.fr}`, nl: `OCMW van ${m.name.nl}` }, legal('public-cpas'), 'FR-NL', m.nis, 'cpas');
  for (const m of municipalities) addOrganisation({ fr: `Commune de ${m.name.fr}`, nl: `Gemeente ${m.name.nl}` }, legal('public-commune'), 'FR-NL', m.nis, 'commune');
  const associationStatuses = inputs.codes.legalStatus.filter((c) => !c.startsWith('public'));
  while (organisations.length < 1_500) {
    const i = Math.floor(rnd() * FR_STEMS.length);
    const district = pick(districts);
    const m = pick(municipalities);
    const place = chance(0.5) ? { fr: title(district.name.fr), nl: title(district.name.nl) } : m.name;
    const n = organisations.length;
    const name = { fr: `${FR_STEMS[i]} ${place.fr}${n % 7 === 0 ? '' : ` ${n}`}`, nl: `${NL_STEMS[i]} ${place.nl}${n % 7 === 0 ? '' : ` ${n}`}` };
    addOrganisation(name, legal(chance(0.8) ? 'asbl' : pick(associationStatuses.length ? associationStatuses : inputs.codes.legalStatus)), pick(['FR', 'FR', 'FR', 'NL', 'FR-NL', 'FR-NL']), m.nis, 'association');
  }

  // Sites: 5,449 generated (+ record 13219 loaded from the legacy API format).
  const sites: DemoSite[] = [];
  const states: [SiteState, number][] = [
    ['published', 4_099],
    ['draft', 600],
    ['submitted', 150],
    ['validated', 100],
    ['internal', 300],
    ['archived', 200],
  ];
  const now = Date.UTC(2026, 10, 1);
  const month = 30 * 24 * 3600 * 1000;
  let id = 17_001;
  let outside = 0;
  for (const [state, count] of states) {
    for (let k = 0; k < count; k++, id++) {
      const orgIndex = chance(0.08) ? null : rnd() < 0.15 ? Math.floor(rnd() * 38) : 38 + Math.floor(rnd() * (organisations.length - 38));
      const org = orgIndex === null ? null : orgInfo[orgIndex]!;
      const sectorId = weightedSector();
      const categoryIds = [...new Set([pick(inputs.categoriesBySector.get(sectorId) ?? [1]), ...(chance(0.5) ? [pick(inputs.categoriesBySector.get(weightedSector()) ?? [1])] : []), ...(chance(0.2) ? [pick(inputs.categoriesBySector.get(sectorId) ?? [1])] : [])])];
      const main = inputs.categoryNames.get(categoryIds[0]!) ?? { fr: 'Service', nl: 'Dienst' };
      const isOutside = state === 'published' && outside < 200 && chance(0.05);
      let address: Record<string, unknown>;
      let placeName: LocalizedValue;
      if (isOutside) {
        outside++;
        const town = pick(OUTSIDE);
        address = {
          street: town.street,
          number: String(1 + Math.floor(rnd() * 200)),
          postcode: town.postcode,
          municipalityName: { fr: town.fr, nl: town.nl },
          point: { lat: town.lat + (rnd() - 0.5) * 0.01, lon: town.lon + (rnd() - 0.5) * 0.01 },
        };
        placeName = { fr: town.fr, nl: town.nl };
      } else {
        const nis = org && rnd() < 0.7 ? org.nis : pick(municipalities).nis;
        const sectorCode = pick(sectorsByMunicipality.get(nis)!);
        const point = inputs.geography.randomPointInSector(sectorCode, rnd);
        const { postcode, street } = streetName(nis);
        address = {
          street: chance(0.5) ? { fr: street.fr } : { nl: street.nl },
          number: String(1 + Math.floor(rnd() * 250)),
          box: chance(0.1) ? String(1 + Math.floor(rnd() * 20)) : null,
          postcode,
          municipalityNis: nis,
          point: { lat: Math.round(point.lat * 1e7) / 1e7, lon: Math.round(point.lon * 1e7) / 1e7 },
        };
        const located = inputs.geography.locate(point.lat, point.lon);
        placeName = located.monitoringDistrict ? { fr: title(located.monitoringDistrict.name.fr), nl: title(located.monitoringDistrict.name.nl) } : inputs.streets.municipality(nis)!.name;
      }
      const name: LocalizedValue = org && chance(0.6) ? { fr: `${org.name.fr} – ${main.fr}`, nl: `${org.name.nl} – ${main.nl}` } : { fr: `${main.fr} – ${placeName.fr}`, nl: `${main.nl} – ${placeName.nl}` };
      const hours = openingHours(pick, chance);
      const site = slug(org?.slug ?? name.fr);
      const languages = ['fr', ...(chance(0.65) ? ['nl'] : []), ...(chance(0.4) ? ['en'] : []), ...some(inputs.codes.language.filter((c) => !['fr', 'nl', 'en'].includes(c)), 0, chance(0.3) ? 3 : 0)];
      const verifiedMonthsAgo = state === 'published' ? (chance(0.48) ? rnd() * 11.5 : chance(0.6) ? 12.5 + rnd() * 24 : null) : chance(0.5) ? rnd() * 30 : null;
      sites.push({
        id,
        state,
        lastVerifiedAt: verifiedMonthsAgo === null ? null : new Date(now - verifiedMonthsAgo * month),
        input: {
          organisationId: org ? orgIndex! + 1 : null,
          names: { official: name, alternative: [], former: [], service: categoryIds.slice(1).map((c) => inputs.categoryNames.get(c)!).filter(Boolean) },
          legalStatus: org ? (organisations[orgIndex!]!.input['legalStatus'] as string) : pick(inputs.codes.legalStatus),
          languageStatus: org?.kind === 'association' ? (organisations[orgIndex!]!.input['languageStatus'] as string) : 'FR-NL',
          serviceLanguages: languages.filter((l) => inputs.codes.language.includes(l)),
          offerKind: org && org.kind !== 'association' ? 'public-service' : chance(0.6) ? 'accredited' : 'other',
          address,
          texts: {
            description: chance(0.7) ? { fr: `${name.fr} : ${main.fr.toLowerCase()} pour les habitants de ${placeName.fr}.`, nl: `${name.nl}: ${main.nl.toLowerCase()} voor de inwoners van ${placeName.nl}.` } : null,
            activities: {
              fr: `Activités : ${categoryIds.map((c) => inputs.categoryNames.get(c)?.fr.toLowerCase()).filter(Boolean).join(' ; ')}.`,
              nl: `Activiteiten: ${categoryIds.map((c) => inputs.categoryNames.get(c)?.nl.toLowerCase()).filter(Boolean).join('; ')}.`,
            },
            publicTarget: null,
            remarks: chance(0.1) ? { fr: 'Accessible aux personnes à mobilité réduite.', nl: 'Toegankelijk voor personen met een beperkte mobiliteit.' } : null,
          },
          accessModalities: some(inputs.codes.accessModality, 1, 3),
          targetPublics: some(inputs.codes.targetPublic, 0, 3),
          contacts: {
            phones: [{ number: `02/${200 + Math.floor(rnd() * 700)}.${String(Math.floor(rnd() * 100)).padStart(2, '0')}.${String(Math.floor(rnd() * 100)).padStart(2, '0')}`, language: null }],
            faxes: [],
            emails: chance(0.85) ? [{ address: `info@${site}.be`, language: null }] : [],
            websites: chance(0.7) ? [{ url: `https://www.${site}.be`, kind: 'official', language: null }] : [],
          },
          openingHours: hours,
          categoryIds,
          actionZones: isOutside ? [] : some(inputs.codes.actionZone.filter((c) => /^21\d{3}$/.test(c)), 0, 2),
          otherAgreements: [],
          subsidies: [],
        },
      });
    }
  }
  return { organisations, sites };
}

function openingHours(pick: <T>(items: readonly T[]) => T, chance: (p: number) => boolean): Record<string, unknown> {
  const days = (list: Weekday[], opens: string, closes: string): OpeningPeriod[] => list.map((day) => ({ day, opens, closes }));
  const templates: (() => { weekly: OpeningPeriod[]; fr: string; nl: string; appointmentOnly?: boolean })[] = [
    () => ({ weekly: days(WEEKDAYS5, '09:00', '17:00'), fr: 'Du lundi au vendredi de 9h à 17h', nl: 'Van maandag tot vrijdag van 9 tot 17 uur' }),
    () => ({ weekly: days(WEEKDAYS5, '08:30', '16:00'), fr: 'Du lundi au vendredi de 8h30 à 16h', nl: 'Van maandag tot vrijdag van 8.30 tot 16 uur' }),
    () => ({ weekly: [...days(WEEKDAYS5, '09:00', '12:00'), ...days(WEEKDAYS5, '13:00', '17:00')], fr: 'Du lundi au vendredi de 9h à 12h et de 13h à 17h', nl: 'Van maandag tot vrijdag van 9 tot 12 uur en van 13 tot 17 uur' }),
    () => ({ weekly: days(['mon', 'wed', 'fri'], '14:00', '18:00'), fr: 'Lundi, mercredi et vendredi de 14h à 18h', nl: 'Maandag, woensdag en vrijdag van 14 tot 18 uur' }),
    () => ({ weekly: days(['tue', 'thu'], '18:00', '21:00'), fr: 'Mardi et jeudi de 18h à 21h', nl: 'Dinsdag en donderdag van 18 tot 21 uur' }),
    () => ({ weekly: days(ALL_DAYS, '20:00', '08:00'), fr: 'Tous les jours de 20h à 8h', nl: 'Elke dag van 20 tot 8 uur' }),
    () => ({ weekly: days(ALL_DAYS, '00:00', '24:00'), fr: '24h/24, 7j/7', nl: '24/24, 7/7' }),
    () => ({ weekly: days(WEEKDAYS5, '09:00', '17:00'), fr: 'Sur rendez-vous, du lundi au vendredi', nl: 'Op afspraak, van maandag tot vrijdag', appointmentOnly: true }),
    () => ({ weekly: days(['sat'], '09:00', '13:00'), fr: 'Le samedi de 9h à 13h', nl: 'Op zaterdag van 9 tot 13 uur' }),
    () => ({ weekly: [...days(WEEKDAYS5, '08:00', '18:00'), ...days(['sat'], '09:00', '12:00')], fr: 'Du lundi au vendredi de 8h à 18h, le samedi de 9h à 12h', nl: 'Van maandag tot vrijdag van 8 tot 18 uur, zaterdag van 9 tot 12 uur' }),
  ];
  const t = pick(templates)();
  const exceptions: Record<string, unknown>[] = [];
  if (chance(0.3)) exceptions.push({ from: '2026-07-20', to: '2026-08-14', closed: true, reason: { fr: 'Fermeture estivale', nl: 'Zomersluiting' } });
  if (chance(0.25)) exceptions.push({ from: '2026-12-24', to: '2026-12-26', closed: true, reason: { fr: 'Fêtes de fin d’année', nl: 'Eindejaarsfeesten' } });
  if (chance(0.08)) {
    exceptions.push({ from: '2027-01-04', to: '2027-01-29', closed: false, weekly: [{ day: 'wed', opens: '10:00', closes: '12:00' }], reason: { fr: 'Horaire réduit (travaux)', nl: 'Beperkte openingsuren (werken)' } });
  }
  return { weekly: t.weekly, exceptions, appointmentOnly: t.appointmentOnly ?? false, remark: { fr: t.fr, nl: t.nl } };
}
