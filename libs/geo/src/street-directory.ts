import type { FieldIssue, Localized } from '@care/kernel';
import { parseCsvRecords } from './csv.js';
import { readDataFile } from './data-files.js';

export interface StreetMatch {
  /** The official names, as in the register. */
  street: Localized;
  postcode: string;
  municipality: { nis: string; name: Localized };
}

export interface StreetAddressQuery {
  postcode: string;
  /** Street name in French or Dutch; not checked when blank. */
  street?: string | null;
  /** NIS code of the municipality the address claims, e.g. '21015'. */
  municipalityNis?: string | null;
}

export type AddressProblemCode =
  | 'postcode.invalid'
  | 'postcode.unknown'
  | 'street.unknown_for_postcode'
  | 'street.unknown_for_municipality'
  | 'municipality.postcode_mismatch';

export interface AddressProblem extends FieldIssue {
  code: AddressProblemCode;
}

export interface AddressValidation {
  /** No problems. An address outside the Region can be valid. */
  valid: boolean;
  /** The postcode is not a Brussels-Capital one (outside 1000–1299): allowed, but flagged. */
  outsideRegion: boolean;
  problems: AddressProblem[];
  /** The street as registered, when found. */
  match: StreetMatch | null;
}

interface StreetEntry {
  street: Localized;
  postcode: string;
  nis: string;
}

interface PostcodeEntry {
  /** NIS codes, the municipality with most streets under this postcode first. */
  municipalities: string[];
  streets: StreetEntry[];
  byKey: Map<string, StreetEntry[]>;
}

// One collator each: localeCompare with a locale argument builds a new one per call.
const FRENCH = new Intl.Collator('fr');
const DUTCH = new Intl.Collator('nl');

/** Brussels-Capital postcodes are in this range; a postcode in it but not in the register is an error, not an outside address. */
const REGION_POSTCODES = { min: 1000, max: 1299 };

/**
 * Lower case, no diacritics (NFD), ligatures spelled out, and every run of spaces or punctuation
 * (' ’ - . , / …) collapsed to one space: "Boulevard Auguste-Reyers" → "boulevard auguste reyers".
 */
export function normalizeStreetName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Matching ignores the spaces as well, so that "Auguste Reyerslaan", "Auguste-Reyers laan" and
 * "rue de l'Empereur" / "rue de lEmpereur" meet: Dutch compounds and elided articles are written
 * both ways in the wild.
 */
function matchKey(name: string): string {
  return normalizeStreetName(name).replaceAll(' ', '');
}

/**
 * The Region's street register (BeSt Address, data/streets.csv): street names in French and Dutch
 * per postcode and municipality. Answers "does this street exist at this postcode", lists
 * postcodes and streets for forms and generators, and validates addresses with stable codes.
 * Loading is synchronous (a 1.3 MB CSV, a few tens of ms), once per process.
 */
export class StreetDirectory {
  private static shared: StreetDirectory | undefined;

  private readonly byPostcode = new Map<string, PostcodeEntry>();
  private readonly municipalityNames = new Map<string, Localized>();
  private readonly postcodesByNis = new Map<string, Set<string>>();

  private constructor(records: Record<string, string>[]) {
    const seen = new Set<string>();
    const counts = new Map<string, Map<string, number>>();
    records.forEach((record, index) => {
      const field = (name: string) => {
        const value = record[name]?.trim();
        if (!value) throw new Error(`streets, record ${index + 1}: ${name} is missing`);
        return value;
      };
      const entry: StreetEntry = {
        street: { fr: field('street_fr'), nl: field('street_nl') },
        postcode: field('postal_id'),
        nis: field('city_no'),
      };
      if (!this.municipalityNames.has(entry.nis)) this.municipalityNames.set(entry.nis, { fr: field('city_fr'), nl: field('city_nl') });
      const perPostcode = counts.get(entry.postcode) ?? new Map<string, number>();
      counts.set(entry.postcode, perPostcode.set(entry.nis, (perPostcode.get(entry.nis) ?? 0) + 1));
      // The register lists some streets several times (one line per street segment id).
      const identity = [entry.postcode, entry.nis, entry.street.fr, entry.street.nl].join('\u0000');
      if (seen.has(identity)) return;
      seen.add(identity);
      const postcode: PostcodeEntry = this.byPostcode.get(entry.postcode) ?? { municipalities: [], streets: [], byKey: new Map() };
      this.byPostcode.set(entry.postcode, postcode);
      postcode.streets.push(entry);
      for (const key of new Set([matchKey(entry.street.fr), matchKey(entry.street.nl)])) {
        postcode.byKey.set(key, [...(postcode.byKey.get(key) ?? []), entry]);
      }
      this.postcodesByNis.set(entry.nis, (this.postcodesByNis.get(entry.nis) ?? new Set()).add(entry.postcode));
    });
    for (const [code, postcode] of this.byPostcode) {
      const perNis = counts.get(code)!;
      postcode.municipalities = [...perNis.keys()].sort((a, b) => perNis.get(b)! - perNis.get(a)! || a.localeCompare(b));
      postcode.streets.sort((a, b) => FRENCH.compare(a.street.fr, b.street.fr) || DUTCH.compare(a.street.nl, b.street.nl));
    }
  }

  /** The library's own register (data/streets.csv), loaded once per process; pass `dataDir` for another copy. */
  static load(dataDir?: URL): StreetDirectory {
    if (dataDir) return StreetDirectory.fromCsv(readDataFile('streets.csv', dataDir));
    StreetDirectory.shared ??= StreetDirectory.fromCsv(readDataFile('streets.csv'));
    return StreetDirectory.shared;
  }

  /** From the CSV text (columns postal_id, street_fr, street_nl, city_no, city_fr, city_nl; others ignored). */
  static fromCsv(text: string): StreetDirectory {
    return new StreetDirectory(parseCsvRecords(text));
  }

  /** The Brussels postcodes of the register, ascending. */
  postcodes(): string[] {
    return [...this.byPostcode.keys()].sort();
  }

  isBrusselsPostcode(postcode: string): boolean {
    return this.byPostcode.has(postcode.trim());
  }

  /** NIS codes of the municipalities sharing a postcode, the one with most of its streets first; [] when unknown. */
  municipalitiesOfPostcode(postcode: string): string[] {
    return [...(this.byPostcode.get(postcode.trim())?.municipalities ?? [])];
  }

  /** Postcodes used in a municipality, ascending. */
  postcodesOf(municipalityNis: string): string[] {
    return [...(this.postcodesByNis.get(municipalityNis) ?? [])].sort();
  }

  /** Municipality names as written in the street register (e.g. 'Molenbeek-Saint-Jean'). */
  municipality(nis: string): { nis: string; name: Localized } | null {
    const name = this.municipalityNames.get(nis);
    return name ? { nis, name } : null;
  }

  /** The streets of a postcode (optionally only those in one municipality), by French name. */
  streetsOf(postcode: string, municipalityNis?: string): Localized[] {
    const streets = this.byPostcode.get(postcode.trim())?.streets ?? [];
    const seen = new Set<string>();
    const result: Localized[] = [];
    for (const { street, nis } of streets) {
      if (municipalityNis !== undefined && nis !== municipalityNis) continue;
      const identity = `${street.fr}\u0000${street.nl}`;
      if (seen.has(identity)) continue; // the same street on both sides of a municipal boundary
      seen.add(identity);
      result.push({ fr: street.fr, nl: street.nl });
    }
    return result;
  }

  /**
   * Every registered street of the postcode whose French or Dutch name matches `name` (case,
   * accents, spaces and punctuation ignored). Several when a street runs along a municipal
   * boundary under one postcode (e.g. Rue Belliard, 1040: Etterbeek and Bruxelles).
   */
  findStreets(postcode: string, name: string): StreetMatch[] {
    const entry = this.byPostcode.get(postcode.trim());
    const found = entry?.byKey.get(matchKey(name)) ?? [];
    const rank = (nis: string) => entry!.municipalities.indexOf(nis);
    return [...found].sort((a, b) => rank(a.nis) - rank(b.nis)).map((street) => this.matchOf(street));
  }

  /**
   * The street of that name at that postcode, or null. When it exists in several municipalities
   * of the postcode, the one given (`municipalityNis`) wins, otherwise the postcode's main municipality.
   */
  findStreet(postcode: string, name: string, municipalityNis?: string): StreetMatch | null {
    const matches = this.findStreets(postcode, name);
    return matches.find((m) => m.municipality.nis === municipalityNis) ?? matches[0] ?? null;
  }

  /**
   * Checks an address against the register. Problems carry stable codes and FR/NL messages, with
   * paths under `options.path` (e.g. 'address' → 'address.postcode'). An address outside the
   * Region is not a problem: it is reported by `outsideRegion`, and its street is not checked.
   */
  validateAddress(input: StreetAddressQuery, options: { path?: string } = {}): AddressValidation {
    const at = (field: string) => (options.path ? `${options.path}.${field}` : field);
    const problems: AddressProblem[] = [];
    const postcode = input.postcode.trim();
    const street = input.street?.trim() ?? '';
    const nis = input.municipalityNis?.trim() || null;
    const result = (outsideRegion: boolean, match: StreetMatch | null = null): AddressValidation => ({
      valid: problems.length === 0,
      outsideRegion,
      problems,
      match,
    });

    if (!/^\d{4}$/.test(postcode)) {
      problems.push({
        path: at('postcode'),
        code: 'postcode.invalid',
        message: { fr: 'Code postal invalide : 4 chiffres attendus', nl: 'Ongeldige postcode: 4 cijfers verwacht' },
      });
      return result(false);
    }
    const claimed = nis ? this.municipality(nis) : null;
    const mismatch = (): AddressProblem => ({
      path: at('municipalityNis'),
      code: 'municipality.postcode_mismatch',
      message: {
        fr: `Le code postal ${postcode} ne correspond pas à la commune ${claimed?.name.fr ?? nis}`,
        nl: `Postcode ${postcode} hoort niet bij de gemeente ${claimed?.name.nl ?? nis}`,
      },
    });

    const numeric = Number(postcode);
    if (numeric < REGION_POSTCODES.min || numeric > REGION_POSTCODES.max) {
      // A Brussels municipality with a postcode from elsewhere is still inconsistent.
      if (claimed) problems.push(mismatch());
      return result(true);
    }
    const entry = this.byPostcode.get(postcode);
    if (!entry) {
      problems.push({
        path: at('postcode'),
        code: 'postcode.unknown',
        message: {
          fr: `Le code postal ${postcode} n'existe pas en Région de Bruxelles-Capitale`,
          nl: `Postcode ${postcode} bestaat niet in het Brussels Hoofdstedelijk Gewest`,
        },
      });
      return result(false);
    }
    const nisMatchesPostcode = nis === null || entry.municipalities.includes(nis);
    if (!nisMatchesPostcode) problems.push(mismatch());
    if (street === '') return result(false);

    const matches = this.findStreets(postcode, street);
    if (matches.length === 0) {
      problems.push({
        path: at('street'),
        code: 'street.unknown_for_postcode',
        message: { fr: `Rue inconnue pour le code postal ${postcode}`, nl: `Onbekende straat voor postcode ${postcode}` },
      });
      return result(false);
    }
    const inMunicipality = nis === null ? matches[0]! : matches.find((m) => m.municipality.nis === nis);
    // Only meaningful when the postcode does cover the municipality; otherwise the mismatch says it all.
    if (!inMunicipality && nisMatchesPostcode) {
      problems.push({
        path: at('street'),
        code: 'street.unknown_for_municipality',
        message: {
          fr: `Cette rue n'existe pas dans la partie de ${claimed?.name.fr ?? nis} du code postal ${postcode}`,
          nl: `Deze straat bestaat niet in het deel van ${claimed?.name.nl ?? nis} van postcode ${postcode}`,
        },
      });
    }
    return result(false, inMunicipality ?? matches[0]!);
  }

  private matchOf(entry: StreetEntry): StreetMatch {
    return {
      street: { fr: entry.street.fr, nl: entry.street.nl },
      postcode: entry.postcode,
      municipality: { nis: entry.nis, name: { ...this.municipalityNames.get(entry.nis)! } },
    };
  }
}
