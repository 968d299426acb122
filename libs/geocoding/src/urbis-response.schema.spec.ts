import { parseUrbisResponse, UrbisResponseError } from './urbis-response.schema.js';

const reyersAnswer = {
  result: [
    {
      point: { x: 152302.1, y: 171263.4 },
      address: { street: { name: 'Boulevard Auguste Reyers', postCode: '1030', municipality: 'Schaerbeek' }, number: '70' },
      score: 100,
    },
  ],
};

describe('parseUrbisResponse', () => {
  it('maps the first result, converting Lambert 72 to WGS84', () => {
    const found = parseUrbisResponse(reyersAnswer)!;
    expect(found).toMatchObject({
      lambert72: { x: 152302.1, y: 171263.4 },
      street: 'Boulevard Auguste Reyers',
      number: '70',
      postcode: '1030',
      municipality: 'Schaerbeek',
      score: 100,
      source: 'urbis',
    });
    expect(Math.abs(found.point.lat - 50.85176)).toBeLessThan(1e-4);
    expect(Math.abs(found.point.lon - 4.40145)).toBeLessThan(1e-4);
  });

  it('takes the first result when there are several, and ignores a malformed later one', () => {
    const second = { point: { x: 149000, y: 170000 }, score: 50 };
    const found = parseUrbisResponse({ result: [reyersAnswer.result[0], second, { nonsense: true }] });
    expect(found?.score).toBe(100);
  });

  it('returns null on an empty result', () => {
    expect(parseUrbisResponse({ result: [] })).toBeNull();
  });

  it('tolerates missing address parts and numeric codes, and ignores unknown fields', () => {
    const found = parseUrbisResponse({
      status: 'success',
      result: [{ point: { x: 150000, y: 170000 }, address: { number: 12, street: { postCode: 1000 } }, extra: 1 }],
    });
    expect(found).toMatchObject({ street: null, number: '12', postcode: '1000', municipality: null, score: null });
  });

  it.each([
    ['no result array', { results: [] }],
    ['a result that is not an array', { result: {} }],
    ['a first result without a point', { result: [{ address: {} }] }],
    ['a point with text coordinates', { result: [{ point: { x: '152302', y: '171263' } }] }],
    ['null', null],
  ])('throws UrbisResponseError on %s', (_label, body) => {
    expect(() => parseUrbisResponse(body)).toThrow(UrbisResponseError);
  });
});
