import { ValidationError, parseOrThrow } from '@care/kernel';
import { areaSearchSchema } from './search-query.js';

describe('areaSearchSchema', () => {
  const ring = [[4.35, 50.85], [4.36, 50.85], [4.36, 50.86], [4.35, 50.85]];

  it.each([
    ['no ring', []],
    ['an empty ring', [[]]],
    ['points of three numbers', [[[4.35, 50.85, 1], [4.36, 50.85, 1], [4.36, 50.86, 1], [4.35, 50.85, 1]]]],
  ])('refuses a polygon with %s as a 400, never a crash', (_name, coordinates) => {
    expect(() => parseOrThrow(areaSearchSchema(), { polygon: { type: 'Polygon', coordinates } })).toThrow(ValidationError);
  });

  it('accepts a closed ring', () => {
    expect(parseOrThrow(areaSearchSchema(), { polygon: { type: 'Polygon', coordinates: [ring] } }).polygon).toHaveLength(4);
  });
});
