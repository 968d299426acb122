import { hsdsId, parseHsdsId, partId } from './hsds-ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('HSDS identifiers', () => {
  it('are UUIDv8 carrying the kind and the directory id, readable and reversible', () => {
    expect(hsdsId('service', 13219)).toBe('00000001-0000-8000-8000-000000013219');
    expect(hsdsId('category', '700')).toBe('00000008-0000-8000-8000-000000000700');
    expect(hsdsId('organization', 1)).toMatch(UUID);
    expect(parseHsdsId('00000004-0000-8000-8000-000000000042')).toEqual({ kind: 'organization', id: 42 });
    expect(parseHsdsId('00000009-0000-8000-8000-000000000042')).toBeNull();
    expect(parseHsdsId('ac148810-d857-441c-9679-408f346de14b')).toBeNull();
    expect(() => hsdsId('service', 'abc')).toThrow();
  });

  it('gives parts stable, distinct UUIDv8 ids', () => {
    const id = partId('00000001-0000-8000-8000-000000013219', 'phone', '+32 2 211 11 11');
    expect(id).toMatch(UUID);
    expect(partId('00000001-0000-8000-8000-000000013219', 'phone', '+32 2 211 11 11')).toBe(id);
    expect(partId('00000001-0000-8000-8000-000000013219', 'phone', '+32 2 211 11 12')).not.toBe(id);
  });
});
