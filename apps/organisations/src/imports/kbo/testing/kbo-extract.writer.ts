import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { seededRandom } from '@care/geo';
import { enterpriseNumberFrom } from '@care/organisations-domain';
import { KBO_TABLES, META_HEADER } from '../kbo-files.js';

/**
 * Writes KBO/BCE open-data extracts in the published format (quoted CSV, exact headers, meta.csv),
 * for tests and for `npm run bench:import`. Broken lines can be appended verbatim to any file.
 */
const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
const csvLine = (fields: readonly string[]) => `${fields.map(quote).join(',')}\n`;

export interface ExtractSpec {
  type: 'full' | 'update';
  number: number;
  /** Rows per file name (`enterprise.csv`, `denomination_delete.csv`, …), without the header. */
  files: Record<string, string[][]>;
  /** Raw lines appended to a file (broken rows, bad encodings as Buffers). */
  raw?: Record<string, (string | Buffer)[]>;
}

function headerOf(file: string): readonly string[] {
  if (file === 'meta.csv') return META_HEADER;
  const [table, suffix] = file.replace(/\.csv$/, '').split('_');
  const spec = KBO_TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`unknown KBO file ${file}`);
  return suffix === 'delete' ? [spec.key] : spec.header;
}

export function writeExtract(dir: string, spec: ExtractSpec): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'meta.csv'),
    [csvLine(META_HEADER), csvLine(['SnapshotDate', '01-11-2026']), csvLine(['ExtractTimestamp', '01-11-2026 06:00:00']), csvLine(['ExtractType', spec.type]), csvLine(['ExtractNumber', String(spec.number)]), csvLine(['Version', '1.0.0'])].join(''),
  );
  const files = new Set([...Object.keys(spec.files), ...Object.keys(spec.raw ?? {})]);
  for (const file of files) {
    const parts: Buffer[] = [Buffer.from(csvLine(headerOf(file))), ...(spec.files[file] ?? []).map((row) => Buffer.from(csvLine(row)))];
    for (const raw of spec.raw?.[file] ?? []) parts.push(typeof raw === 'string' ? Buffer.from(`${raw}\n`) : Buffer.concat([raw, Buffer.from('\n')]));
    writeFileSync(path.join(dir, file), Buffer.concat(parts));
  }
}

/** The code table rows every fixture needs (FR and NL labels). */
export function standardCodes(): string[][] {
  const codes: [string, string, string, string][] = [
    ['Status', 'AC', 'Actif', 'Actief'],
    ['JuridicalSituation', '000', 'Situation normale', 'Normale toestand'],
    ['TypeOfEnterprise', '1', 'Personne physique', 'Natuurlijk persoon'],
    ['TypeOfEnterprise', '2', 'Personne morale', 'Rechtspersoon'],
    ['JuridicalForm', '017', 'Association sans but lucratif', 'Vereniging zonder winstoogmerk'],
    ['JuridicalForm', '026', 'Fondation privée', 'Private stichting'],
    ['JuridicalForm', '014', 'Société anonyme', 'Naamloze vennootschap'],
    ['JuridicalForm', '416', 'Centre public d’action sociale', 'Openbaar centrum voor maatschappelijk welzijn'],
    ['TypeOfAddress', 'REGO', 'Siège', 'Zetel'],
    ['TypeOfAddress', 'BAET', 'Unité d’établissement', 'Vestigingseenheid'],
    ['TypeOfDenomination', '001', 'Dénomination', 'Maatschappelijke naam'],
    ['TypeOfDenomination', '002', 'Abréviation', 'Afkorting'],
    ['TypeOfDenomination', '003', 'Dénomination commerciale', 'Commerciële naam'],
    ['Classification', 'MAIN', 'Principale', 'Hoofdactiviteit'],
    ['Classification', 'SECO', 'Secondaire', 'Nevenactiviteit'],
    ['Classification', 'ANCI', 'Auxiliaire', 'Hulpactiviteit'],
  ];
  return codes.flatMap(([category, code, fr, nl]) => [
    [category, code, 'FR', fr],
    [category, code, 'NL', nl],
  ]);
}

export function enterpriseRow(number: string, form = '017', start = '15-03-1998'): string[] {
  return [number, 'AC', '000', '2', form, '', start];
}

export function addressRow(entity: string, postcode: string, street: { fr: string; nl: string }, municipality: { fr: string; nl: string }, houseNumber = '1'): string[] {
  return [entity, 'REGO', 'België', 'Belgique', postcode, municipality.nl, municipality.fr, street.nl, street.fr, houseNumber, '', '', ''];
}

export function establishmentNumber(n: number): string {
  const base = 20_000_000 + (n % 79_999_999);
  const check = String(97 - (base % 97)).padStart(2, '0');
  const digits = `${base}${check}`;
  return `${digits[0]}.${digits.slice(1, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
}

const MUNICIPALITIES = [
  { postcode: '1030', fr: 'Schaerbeek', nl: 'Schaarbeek', street: { fr: 'Boulevard Auguste Reyers', nl: 'Auguste Reyerslaan' } },
  { postcode: '1000', fr: 'Bruxelles', nl: 'Brussel', street: { fr: 'Rue Haute', nl: 'Hoogstraat' } },
  { postcode: '1070', fr: 'Anderlecht', nl: 'Anderlecht', street: { fr: 'Rue Wayez', nl: 'Wayezstraat' } },
  { postcode: '9000', fr: 'Gand', nl: 'Gent', street: { fr: 'Veldstraat', nl: 'Veldstraat' } },
  { postcode: '4000', fr: 'Liège', nl: 'Luik', street: { fr: 'Rue Léopold', nl: 'Leopoldstraat' } },
  { postcode: '2000', fr: 'Anvers', nl: 'Antwerpen', street: { fr: 'Meir', nl: 'Meir' } },
];
const SOCIAL_NACE = ['88101', '88991', '87301', '86210', '88995', '87101'];
const OTHER_NACE = ['47110', '56101', '62010', '41201', '70220', '46900', '96021'];

/**
 * A full extract of `enterprises` enterprises written as a stream (memory flat), of which about
 * `matchingShare` have their registered office in Brussels and a social or health activity.
 * Returns the number of enterprises expected to match the filter.
 */
export async function generateFullExtract(dir: string, options: { enterprises: number; matchingShare: number; number: number; seed?: number }): Promise<{ matching: number; rows: number }> {
  mkdirSync(dir, { recursive: true });
  writeExtract(dir, { type: 'full', number: options.number, files: { 'code.csv': standardCodes() } });
  const rnd = seededRandom(options.seed ?? 42);
  const open = (name: string) => {
    const stream = createWriteStream(path.join(dir, name), { highWaterMark: 1 << 20 });
    stream.write(csvLine(headerOf(name)));
    return stream;
  };
  const files = { enterprise: open('enterprise.csv'), establishment: open('establishment.csv'), denomination: open('denomination.csv'), address: open('address.csv'), activity: open('activity.csv') };
  const write = async (stream: NodeJS.WritableStream, row: string[]) => {
    if (!stream.write(csvLine(row))) await once(stream, 'drain');
  };
  let matching = 0;
  let rows = 0;
  let establishments = 0;
  for (let i = 0; i < options.enterprises; i++) {
    const number = enterpriseNumberFrom(400_000 + i * 7);
    const match = rnd() < options.matchingShare;
    const brussels = match || rnd() < 0.1;
    const place = brussels ? MUNICIPALITIES[Math.floor(rnd() * 3)]! : MUNICIPALITIES[3 + Math.floor(rnd() * 3)]!;
    const social = match || (!brussels && rnd() < 0.03);
    if (match) matching++;
    await write(files.enterprise, enterpriseRow(number, social ? '017' : '014'));
    await write(files.denomination, [number, brussels ? '1' : '2', '001', `${social ? 'Entraide' : 'Société'} ${i}`]);
    if (rnd() < 0.2) await write(files.denomination, [number, '2', '001', `${social ? 'Onderlinge Hulp' : 'Bedrijf'} ${i}`]);
    await write(files.address, addressRow(number, place.postcode, place.street, place, String(1 + (i % 200))));
    const activities = 1 + Math.floor(rnd() * 2);
    for (let a = 0; a < activities; a++) {
      const nace = a === 0 && social ? SOCIAL_NACE[i % SOCIAL_NACE.length]! : OTHER_NACE[(i + a) % OTHER_NACE.length]!;
      await write(files.activity, [number, '001', '2008', nace, a === 0 ? 'MAIN' : 'SECO']);
      rows++;
    }
    if (rnd() < 0.3) await write(files.establishment, [establishmentNumber(establishments++), '01-01-2010', number]);
    rows += 3;
  }
  await Promise.all(Object.values(files).map((s) => new Promise((resolve) => s.end(resolve))));
  return { matching, rows };
}
