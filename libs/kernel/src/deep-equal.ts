/**
 * Structural equality of JSON-like values: object keys in any order (PostgreSQL's jsonb reorders
 * them, so a value read back is not `JSON.stringify`-identical to the one written), arrays in order.
 * Dates compare by instant; `undefined` object members count as absent.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]));
  }
  const left = Object.entries(a).filter(([, v]) => v !== undefined);
  const right = Object.entries(b).filter(([, v]) => v !== undefined);
  if (left.length !== right.length) return false;
  const lookup = new Map(right);
  return left.every(([key, value]) => lookup.has(key) && deepEqual(value, lookup.get(key)));
}
