import { checkNihii, nihiiFrom } from './nihii.js';

describe('INAMI/RIZIV numbers', () => {
  const valid = nihiiFrom(1, 23_456, '003');

  it('accepts the usual spellings and gives one canonical form', () => {
    const digits = valid.replace(/-/g, '');
    for (const spelling of [valid, digits, `${digits.slice(0, 1)} ${digits.slice(1, 6)} ${digits.slice(6, 8)} ${digits.slice(8)}`, `${digits.slice(0, 8)}/${digits.slice(8)}`]) {
      expect(checkNihii(spelling)).toEqual({ ok: true, value: valid, digits, personId: digits.slice(0, 8), professionGroup: '1', qualificationCode: '003' });
    }
  });

  it('accepts check digits computed modulo 89 (numbers issued since 2012/2019)', () => {
    const base = 412_345;
    const digits = `${base}${String(89 - (base % 89)).padStart(2, '0')}401`;
    expect(checkNihii(digits)).toMatchObject({ ok: true, professionGroup: '4' });
  });

  it('refuses malformed numbers and wrong check digits', () => {
    expect(checkNihii('1-23456-78')).toEqual({ ok: false, code: 'nihii.format' });
    expect(checkNihii('1-23456-78-9O1')).toEqual({ ok: false, code: 'nihii.format' });
    const digits = valid.replace(/-/g, '');
    const wrong = `${digits.slice(0, 6)}${String((Number(digits.slice(6, 8)) + 1) % 100).padStart(2, '0')}${digits.slice(8)}`;
    expect(checkNihii(wrong)).toEqual({ ok: false, code: 'nihii.checksum' });
  });
});
