import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { nihiiFrom } from '@care/care-providers-domain';
import { BrusselsGeography, seededRandom, StreetDirectory } from '@care/geo';
import { COBRHA_COLUMNS, type CobrhaColumn } from './cobrha-columns.js';

/** Writes CoBRHA-like extracts in the documented format: for tests, `npm run bench:providers` and the demo data. */
const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const line = (row: Partial<Record<CobrhaColumn, string>>) => `${COBRHA_COLUMNS.map((c) => quote(row[c] ?? '')).join(',')}\n`;

export type CobrhaRow = Partial<Record<CobrhaColumn, string>>;

export async function writeCobrha(file: string, rows: Iterable<CobrhaRow | string>): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${COBRHA_COLUMNS.join(',')}\n`);
  for (const row of rows) if (!out.write(typeof row === 'string' ? `${row}\n` : line(row))) await once(out, 'drain');
  await new Promise((resolve) => out.end(resolve));
}

const FIRST = ['Anne', 'Marc', 'Sofia', 'Jan', 'Fatima', 'Pieter', 'Élise', 'Mohamed', 'Lotte', 'Thomas', 'Inès', 'Wouter', 'Ayşe', 'Lucas', 'Nora'];
const LAST = ['Dubois', 'Peeters', 'Janssens', 'Maes', 'El Amrani', 'Lambert', 'Claes', 'Dupont', 'Yılmaz', 'Willems', 'Mertens', 'Leroy', 'Goossens', 'Benali', 'Vermeulen'];
const GROUPS: [number, string][] = [
  [1, '003'],
  [1, '004'],
  [1, '730'],
  [4, '401'],
  [5, '501'],
  [3, '300'],
  [2, '200'],
];

/**
 * `providers` providers, `practices` practices in all (each provider has one, some two), in
 * Brussels streets with points inside real statistical sectors. `variant` changes the phone of
 * the first `changed` providers' first practice, to test "only real changes emit events".
 */
export function* cobrhaRows(options: { providers: number; practices: number; seed?: number; changed?: number }): Generator<CobrhaRow> {
  const rnd = seededRandom(options.seed ?? 7);
  const geography = BrusselsGeography.load();
  const streets = StreetDirectory.load();
  const sectors = geography.sectors();
  const extra = options.practices - options.providers;
  for (let i = 0; i < options.providers; i++) {
    const [group, qualification] = GROUPS[i % GROUPS.length]!;
    const nihii = nihiiFrom(group, i, qualification);
    const base: CobrhaRow = {
      nihii,
      last_name: LAST[Math.floor(rnd() * LAST.length)]!,
      first_name: FIRST[Math.floor(rnd() * FIRST.length)]!,
      gender: ['F', 'M', 'X'][i % 3],
      gender_public: i % 4 === 0 ? 'Y' : 'N',
      convention: ['C', 'C', 'P', 'N'][i % 4],
      languages: ['fr', 'nl', 'fr|nl', 'fr|en', 'nl|en|fr'][i % 5],
      accepting_new_patients: i % 3 === 0 ? 'Y' : i % 3 === 1 ? 'N' : '',
      accepting_stated_on: i % 3 === 2 ? '' : '2026-10-01',
      direct_mobile: `04${String(70_000_000 + i).slice(-8)}`,
      direct_email: `provider${i}@example.be`,
      approval_status: 'approved',
    };
    const count = i < extra ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const sector = sectors[Math.floor(rnd() * sectors.length)]!;
      // Rounded to the extract's 6 decimals, a point drawn at a sector's edge can leave the
      // Region's outline (the layers come from different sources): draw again.
      let point = geography.randomPointInSector(sector.code, rnd);
      while (geography.locate(Number(point.lat.toFixed(6)), Number(point.lon.toFixed(6))).municipality?.nis !== sector.municipalityNis) point = geography.randomPointInSector(sector.code, rnd);
      const postcode = streets.postcodesOf(sector.municipalityNis)[0]!;
      const street = streets.streetsOf(postcode, sector.municipalityNis)[Math.floor(rnd() * 50) % streets.streetsOf(postcode, sector.municipalityNis).length]!;
      const changed = k === 0 && i < (options.changed ?? 0);
      yield {
        ...base,
        practice_id: `P${k}`,
        practice_street: street.fr,
        practice_number: String(1 + (i % 150)),
        practice_postcode: postcode,
        practice_lat: point.lat.toFixed(6),
        practice_lon: point.lon.toFixed(6),
        practice_phone: changed ? `02/999.${String(i % 100).padStart(2, '0')}.00` : `02/${String(200 + (i % 700))}.${String(i % 100).padStart(2, '0')}.${String(k).padStart(2, '0')}`,
        practice_email: `cabinet${i}@example.be`,
        appointment_modes: ['by-appointment', 'by-appointment|walk-in', 'home-visit', 'teleconsultation|by-appointment'][i % 4],
      };
    }
  }
}
