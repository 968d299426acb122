import { ValidationError } from '@care/kernel';
import { AgrementType, authorityAt, TypeAttribution } from './agrement-type.js';
import { Holding, holdingInputSchema } from './holding.js';

const at = new Date('2026-01-01T10:00:00Z');
const { type } = AgrementType.create(
  { id: 'x-maison-repos', authorityId: 'x', name: { fr: 'Maison de repos', nl: 'Woonzorgcentrum' }, legalBasis: { title: { fr: 'T', nl: 'T' }, eli: null, url: null }, validFrom: '2000-01-01', validTo: null, capacityUnit: 'beds', categoryIds: [] },
  at,
);
const holding = (validTo: string | null) =>
  Holding.register('0190b5a0-0000-7000-8000-000000000001', holdingInputSchema.parse({ typeId: type.id, holder: { kind: 'site', id: '1' }, validFrom: '2010-01-01', validTo, capacity: { value: 90, unit: 'beds' } }), type, at);

describe('Holding', () => {
  it('expires only once its end date has passed, from the day after it', () => {
    const h = holding('2025-12-31');
    expect(h.expire('2025-12-31', at)).toBe(false);
    expect(h.expire('2026-01-01', at)).toBe(true);
    expect(h).toMatchObject({ status: 'expired', effectiveOn: '2026-01-01' });
    expect(h.expire('2026-01-02', at)).toBe(false);
  });

  it('follows the status rules: withdrawal is final, reinstatement needs a validity that has not ended', () => {
    const h = holding('2030-12-31');
    expect(h.changeStatus({ status: 'suspended' }, '2026-01-01', at)).toBe(true);
    expect(h.changeStatus({ status: 'active' }, '2026-02-01', at)).toBe(true);
    expect(h.changeStatus({ status: 'withdrawn' }, '2026-03-01', at)).toBe(true);
    expect(() => h.changeStatus({ status: 'active' }, '2026-04-01', at)).toThrow(/ne peut pas passer/);
    const ended = holding('2020-12-31');
    ended.expire('2026-01-01', at);
    expect(() => ended.changeStatus({ status: 'active' }, '2026-01-01', at)).toThrow(ValidationError);
  });

  it('renewing an expired holding past today makes it active again', () => {
    const h = holding('2025-06-30');
    h.expire('2026-01-01', at);
    expect(h.correct({ reference: null, validFrom: '2010-01-01', validTo: '2031-06-30', capacity: { value: 90, unit: 'beds' }, provenance: { source: 'authority', reference: null, retrievedAt: null } }, type, '2026-01-02', at)).toBe(true);
    expect(h).toMatchObject({ status: 'active', effectiveOn: '2026-01-02' });
  });

  it('refuses a capacity in another unit than the type’s', () => {
    expect(() => Holding.register('0190b5a0-0000-7000-8000-000000000002', holdingInputSchema.parse({ typeId: type.id, holder: { kind: 'site', id: '1' }, validFrom: '2010-01-01', capacity: { value: 9, unit: 'places' } }), type, at)).toThrow(
      ValidationError,
    );
  });
});

describe('authorityAt', () => {
  it('reads the attribution period in force on a date, bounds included', () => {
    const periods = [
      Object.assign(new TypeAttribution(), { typeId: 't', authorityId: 'cocom', validFrom: '1990-01-01', validTo: '2018-12-31' }),
      Object.assign(new TypeAttribution(), { typeId: 't', authorityId: 'iriscare', validFrom: '2019-01-01', validTo: null }),
    ];
    expect(authorityAt(periods, '1989-12-31')).toBeNull();
    expect(authorityAt(periods, '2018-12-31')).toBe('cocom');
    expect(authorityAt(periods, '2019-01-01')).toBe('iriscare');
  });
});
