import { formatAddressLine, geocodeCacheKey, normaliseText } from './address-normalisation.js';
import type { AddressQuery } from './geocoder.port.js';

const reyers: AddressQuery = {
  street: 'Boulevard Auguste Reyers',
  number: '70',
  postcode: '1030',
  municipality: 'Schaerbeek',
  language: 'fr',
};

describe('normaliseText', () => {
  it('lower-cases, strips diacritics, collapses and trims spaces', () => {
    expect(normaliseText('  Chaussée   d’Ixelles\t ')).toBe('chaussee d’ixelles');
    expect(normaliseText('Sint-Lambrechts-Woluwë')).toBe('sint-lambrechts-woluwe');
    expect(normaliseText('ÉTTERBEEK')).toBe('etterbeek');
  });

  it('maps null and undefined to the empty string', () => {
    expect(normaliseText(null)).toBe('');
    expect(normaliseText(undefined)).toBe('');
  });
});

describe('geocodeCacheKey', () => {
  it('gives one key for spellings that differ only by case, accents and spaces', () => {
    const variant: AddressQuery = { ...reyers, street: '  BOULEVARD  auguste  Réyers ', number: ' 70', municipality: 'schaerbeek' };
    expect(geocodeCacheKey(variant)).toBe(geocodeCacheKey(reyers));
  });

  it('treats a missing municipality or number as empty, whichever way it is missing', () => {
    expect(geocodeCacheKey({ ...reyers, municipality: undefined })).toBe(geocodeCacheKey({ ...reyers, municipality: null }));
    expect(geocodeCacheKey({ ...reyers, municipality: '' })).toBe(geocodeCacheKey({ ...reyers, municipality: null }));
  });

  it('separates languages, numbers, postcodes and municipalities', () => {
    const key = geocodeCacheKey(reyers);
    expect(geocodeCacheKey({ ...reyers, language: 'nl' })).not.toBe(key);
    expect(geocodeCacheKey({ ...reyers, number: '72' })).not.toBe(key);
    expect(geocodeCacheKey({ ...reyers, number: null })).not.toBe(key);
    expect(geocodeCacheKey({ ...reyers, postcode: '1040' })).not.toBe(key);
    expect(geocodeCacheKey({ ...reyers, municipality: 'Etterbeek' })).not.toBe(key);
  });

  it('cannot be fooled by parts that shift between fields', () => {
    const a: AddressQuery = { street: 'Rue 1', number: null, postcode: '1000', language: 'fr' };
    const b: AddressQuery = { street: 'Rue', number: '1', postcode: '1000', language: 'fr' };
    expect(geocodeCacheKey(a)).not.toBe(geocodeCacheKey(b));
  });
});

describe('formatAddressLine', () => {
  it('writes "street number, postcode municipality"', () => {
    expect(formatAddressLine(reyers)).toBe('Boulevard Auguste Reyers 70, 1030 Schaerbeek');
  });

  it('omits missing parts without leaving stray separators', () => {
    expect(formatAddressLine({ ...reyers, number: null, municipality: null })).toBe('Boulevard Auguste Reyers, 1030');
    expect(formatAddressLine({ ...reyers, street: '  Rue   Haute ', number: ' 1 ' })).toBe('Rue Haute 1, 1030 Schaerbeek');
  });
});
