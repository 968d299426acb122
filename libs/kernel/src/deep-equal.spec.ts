import { deepEqual } from './deep-equal.js';

describe('deepEqual', () => {
  it('ignores the order of object keys, not of arrays', () => {
    expect(deepEqual({ fr: 'a', nl: 'b', list: [1, { x: 1, y: 2 }] }, { list: [1, { y: 2, x: 1 }], nl: 'b', fr: 'a' })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });

  it('tells different values apart', () => {
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: null }, { a: undefined })).toBe(false);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual(new Date(0), new Date(0))).toBe(true);
    expect(deepEqual(new Date(0), '1970-01-01T00:00:00.000Z')).toBe(false);
    expect(deepEqual('1', 1)).toBe(false);
  });
});
