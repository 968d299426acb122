import { registerMessages } from '@care/kernel';

registerMessages({
  'nihii.format': {
    fr: 'Numéro INAMI invalide : 11 chiffres attendus (X-XXXXX-XX-XXX)',
    nl: 'Ongeldig RIZIV-nummer: 11 cijfers verwacht (X-XXXXX-XX-XXX)',
  },
  'nihii.checksum': {
    fr: 'Numéro INAMI invalide : les chiffres de contrôle ne correspondent pas',
    nl: 'Ongeldig RIZIV-nummer: de controlecijfers kloppen niet',
  },
});

export type NihiiCheck =
  | { ok: true; value: string; digits: string; personId: string; professionGroup: string; qualificationCode: string }
  | { ok: false; code: 'nihii.format' | 'nihii.checksum' };

/**
 * INAMI/RIZIV number of a care provider: 11 digits. Digits 1–6 number the person (the first one
 * is the profession group), 7–8 are check digits, 9–11 the qualification. The check digits are
 * 97 − (first six mod 97), or — for numbers issued since 2012 (nurses, midwives) and 2019
 * (doctors), when the modulo-97 range ran out — 89 − (first six mod 89); the person is then
 * identified by the first eight digits. Accepts the usual spellings and returns `X-XXXXX-XX-XXX`.
 */
export function checkNihii(input: string): NihiiCheck {
  const digits = input.replace(/[\s.\-/]/g, '');
  if (!/^\d{11}$/.test(digits)) return { ok: false, code: 'nihii.format' };
  const base = Number(digits.slice(0, 6));
  const check = Number(digits.slice(6, 8));
  if (check !== 97 - (base % 97) && check !== 89 - (base % 89)) return { ok: false, code: 'nihii.checksum' };
  return {
    ok: true,
    digits,
    value: `${digits[0]}-${digits.slice(1, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`,
    personId: digits.slice(0, 8),
    professionGroup: digits[0]!,
    qualificationCode: digits.slice(8),
  };
}

/** A valid number (modulo 97) from a profession group, a five-digit sequence and a qualification (tests, demo). */
export function nihiiFrom(group: number, sequence: number, qualification: string): string {
  const base = group * 100_000 + (sequence % 100_000);
  const digits = `${String(base).padStart(6, '0')}${String(97 - (base % 97)).padStart(2, '0')}${qualification.padStart(3, '0')}`;
  return `${digits[0]}-${digits.slice(1, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`;
}
