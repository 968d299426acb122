import { negotiateLanguage } from './localized.js';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'fr'],
    ['nl', 'nl'],
    ['nl-BE,nl;q=0.9,fr;q=0.8', 'nl'],
    ['en-GB,en;q=0.9,nl;q=0.5,fr;q=0.4', 'nl'],
    ['fr;q=0.3,nl;q=0.7', 'nl'],
    ['de,en', 'fr'],
    ['FR-be', 'fr'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
