import { registerMessages } from '@care/kernel';

registerMessages({
  'enterprise_number.format': {
    fr: 'Numéro d’entreprise invalide : 10 chiffres attendus (0XXX.XXX.XXX)',
    nl: 'Ongeldig ondernemingsnummer: 10 cijfers verwacht (0XXX.XXX.XXX)',
  },
  'enterprise_number.checksum': {
    fr: 'Numéro d’entreprise invalide : le chiffre de contrôle ne correspond pas',
    nl: 'Ongeldig ondernemingsnummer: het controlegetal klopt niet',
  },
});

export type EnterpriseNumberCheck = { ok: true; value: string } | { ok: false; code: 'enterprise_number.format' | 'enterprise_number.checksum' };

/**
 * Belgian enterprise number (KBO/BCE): 10 digits, starting with 0 or 1; the last two digits are
 * 97 − (first eight mod 97). Accepts the usual spellings (`0212.347.945`, `0212347945`,
 * `BE 0212 347 945`, 9 digits without the leading 0) and returns the canonical `0XXX.XXX.XXX`.
 */
export function checkEnterpriseNumber(input: string): EnterpriseNumberCheck {
  let digits = input.replace(/^\s*BE/i, '').replace(/[\s.\-/]/g, '');
  if (/^\d{9}$/.test(digits)) digits = `0${digits}`;
  if (!/^[01]\d{9}$/.test(digits)) return { ok: false, code: 'enterprise_number.format' };
  const base = Number(digits.slice(0, 8));
  if (97 - (base % 97) !== Number(digits.slice(8))) return { ok: false, code: 'enterprise_number.checksum' };
  return { ok: true, value: `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}` };
}

/** Builds a valid number from its 8 leading digits, 0 to 19,999,999 (test and demo data). */
export function enterpriseNumberFrom(first8: number): string {
  if (!Number.isInteger(first8) || first8 < 0 || first8 >= 20_000_000) throw new RangeError(`${first8}: the first 8 digits must make 0…19,999,999`);
  const base = String(first8).padStart(8, '0');
  const check = String(97 - (Number(base) % 97)).padStart(2, '0');
  const digits = `${base}${check}`;
  return `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
}
