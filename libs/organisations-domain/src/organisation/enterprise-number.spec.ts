import { checkEnterpriseNumber, enterpriseNumberFrom } from './enterprise-number.js';

describe('enterprise numbers (KBO/BCE)', () => {
  it.each([
    ['0212.347.945', '0212.347.945'],
    ['0212347945', '0212.347.945'],
    ['BE 0212 347 945', '0212.347.945'],
    ['212347945', '0212.347.945'],
  ])('accepts %s as %s', (input, canonical) => {
    expect(checkEnterpriseNumber(input)).toEqual({ ok: true, value: canonical });
  });

  it.each([
    ['0212.347.946', 'enterprise_number.checksum'],
    ['2212.347.945', 'enterprise_number.format'],
    ['0212.347', 'enterprise_number.format'],
    ['abc', 'enterprise_number.format'],
  ])('refuses %s (%s)', (input, code) => {
    expect(checkEnterpriseNumber(input)).toEqual({ ok: false, code });
  });

  it('refuses to build a number outside the 0/1 range', () => {
    expect(() => enterpriseNumberFrom(41_234_567)).toThrow(RangeError);
  });

  it('builds valid numbers', () => {
    for (const n of [2_123_479, 1_234_567, 10_000_000, 19_999_999]) {
      expect(checkEnterpriseNumber(enterpriseNumberFrom(n)).ok).toBe(true);
    }
  });
});
