import { readFileSync } from 'node:fs';
import { BrusselsGeography } from './brussels-geography.js';
import { parseCsvRecords } from './csv.js';
import { DATA_DIR } from './data-files.js';
import { normalizeStreetName, StreetDirectory } from './street-directory.js';

const REYERS = {
  street: { fr: 'Boulevard Auguste Reyers', nl: 'Auguste Reyerslaan' },
  postcode: '1030',
  municipality: { nis: '21015', name: { fr: 'Schaerbeek', nl: 'Schaarbeek' } },
};

describe('normalizeStreetName', () => {
  it.each([
    ['Boulevard Auguste-Reyers', 'boulevard auguste reyers'],
    ["  Rue de l'Église  ", 'rue de l eglise'],
    ['Rue de l’Église', 'rue de l eglise'],
    ['AV. DU PARC', 'av du parc'],
    ['Rue du Chœur', 'rue du choeur'],
    ['Sint-Jans-Molenbeek', 'sint jans molenbeek'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeStreetName(input)).toBe(expected);
  });
});

describe('StreetDirectory', () => {
  const streets = StreetDirectory.load();

  it('loads once per process', () => {
    expect(StreetDirectory.load()).toBe(streets);
  });

  describe('findStreet', () => {
    it.each([
      'Boulevard Auguste Reyers',
      'boulevard auguste reyers',
      'AUGUSTE REYERSLAAN',
      'Auguste-Reyerslaan',
      'auguste reyers laan',
      '  Boulevard   Auguste  Reyers. ',
      'Boulevard Augusté Reyers',
    ])('finds %j in 1030 (Schaerbeek)', (name) => {
      expect(streets.findStreet('1030', name)).toEqual(REYERS);
    });

    it('ignores accents and apostrophes both ways', () => {
      expect(streets.findStreet('1000', 'rue du marche aux herbes')?.street).toEqual({ fr: 'Rue du Marché aux Herbes', nl: 'Grasmarkt' });
      expect(streets.findStreet('1000', "BOULEVARD DE L'EMPEREUR")?.street.nl).toBe('Keizerslaan');
      expect(streets.findStreet('1000', 'Boulevard de l’Empereur')?.street.nl).toBe('Keizerslaan');
    });

    it('returns null for a street of another postcode or an unknown street', () => {
      expect(streets.findStreet('1000', 'Boulevard Auguste Reyers')).toBeNull();
      expect(streets.findStreet('1030', 'Rue Imaginaire')).toBeNull();
      expect(streets.findStreet('9999', 'Boulevard Auguste Reyers')).toBeNull();
    });

    it('lists every municipality when a street runs along a boundary, and picks the one asked for', () => {
      const belliard = streets.findStreets('1040', 'rue belliard');
      expect(belliard.map((m) => m.municipality.nis).sort()).toEqual(['21004', '21005']);
      // Without a municipality: the postcode's main one (1040 is mostly Etterbeek).
      expect(streets.findStreet('1040', 'Belliardstraat')?.municipality.nis).toBe('21005');
      expect(streets.findStreet('1040', 'Belliardstraat', '21004')?.municipality).toEqual({
        nis: '21004',
        name: { fr: 'Bruxelles', nl: 'Brussel' },
      });
    });
  });

  describe('postcodes', () => {
    it('lists the Brussels postcodes of the register', () => {
      const postcodes = streets.postcodes();
      expect(postcodes).toHaveLength(32);
      expect(postcodes).toEqual([...postcodes].sort());
      for (const pc of ['1000', '1030', '1040', '1050', '1120', '1130', '1210']) expect(postcodes).toContain(pc);
      expect(streets.isBrusselsPostcode('1030')).toBe(true);
      expect(streets.isBrusselsPostcode(' 1030 ')).toBe(true);
      expect(streets.isBrusselsPostcode('1300')).toBe(false);
      expect(streets.isBrusselsPostcode('2000')).toBe(false);
    });

    it('knows the postcodes shared by several municipalities, main municipality first', () => {
      expect(streets.municipalitiesOfPostcode('1030')).toEqual(['21015', '21004']);
      expect(streets.municipalitiesOfPostcode('1040')).toEqual(['21005', '21004', '21019']);
      expect(streets.municipalitiesOfPostcode('1050')).toEqual(['21009', '21004', '21013']);
      expect(streets.municipalitiesOfPostcode('1070')).toEqual(['21001', '21004']);
      expect(streets.municipalitiesOfPostcode('1190')).toEqual(['21007', '21013']);
      expect(streets.municipalitiesOfPostcode('1080')).toEqual(['21012']);
      expect(streets.municipalitiesOfPostcode('2000')).toEqual([]);
    });

    it('covers the 19 municipalities with the NIS codes of the geography', () => {
      const geo = BrusselsGeography.load();
      for (const { nis } of geo.municipalities()) {
        expect(streets.postcodesOf(nis).length).toBeGreaterThan(0);
        for (const pc of streets.postcodesOf(nis)) expect(streets.municipalitiesOfPostcode(pc)).toContain(nis);
      }
      expect(streets.postcodesOf('21004')).toEqual(expect.arrayContaining(['1000', '1020', '1120', '1130']));
      expect(streets.municipality('21012')?.name).toEqual({ fr: 'Molenbeek-Saint-Jean', nl: 'Sint-Jans-Molenbeek' });
    });
  });

  describe('streetsOf', () => {
    it('lists a postcode’s streets once each, in French order, optionally for one municipality', () => {
      const all = streets.streetsOf('1030');
      expect(all).toContainEqual(REYERS.street);
      expect(new Set(all.map((s) => `${s.fr}|${s.nl}`)).size).toBe(all.length);
      const sorted = [...all].sort((a, b) => a.fr.localeCompare(b.fr, 'fr'));
      expect(all.map((s) => s.fr)).toEqual(sorted.map((s) => s.fr));
      const inBrussels = streets.streetsOf('1030', '21004');
      expect(inBrussels.length).toBeGreaterThan(0);
      expect(inBrussels.length).toBeLessThan(all.length);
      for (const street of inBrussels)
        expect(streets.findStreets('1030', street.fr).some((m) => m.municipality.nis === '21004')).toBe(true);
      expect(streets.streetsOf('2000')).toEqual([]);
    });

    it('covers every line of the register', () => {
      const records = parseCsvRecords(readFileSync(new URL('streets.csv', DATA_DIR), 'utf8'));
      expect(records).toHaveLength(5_195);
      for (const r of records.filter((_, i) => i % 25 === 0)) {
        expect(
          streets
            .findStreets(r['postal_id']!, r['street_nl']!)
            .some((m) => m.street.fr === r['street_fr'] && m.municipality.nis === r['city_no']),
        ).toBe(true);
      }
    });
  });

  describe('validateAddress', () => {
    it('accepts a registered address, with or without its municipality', () => {
      expect(streets.validateAddress({ postcode: '1030', street: 'boulevard auguste reyers', municipalityNis: '21015' })).toEqual({
        valid: true,
        outsideRegion: false,
        problems: [],
        match: REYERS,
      });
      expect(streets.validateAddress({ postcode: '1030', street: 'AUGUSTE REYERSLAAN' })).toMatchObject({ valid: true, match: REYERS });
    });

    it('flags a municipality that the postcode does not cover', () => {
      const result = streets.validateAddress(
        { postcode: '1030', street: 'Boulevard Auguste Reyers', municipalityNis: '21009' },
        { path: 'address' },
      );
      expect(result.valid).toBe(false);
      expect(result.outsideRegion).toBe(false);
      expect(result.problems).toEqual([
        {
          path: 'address.municipalityNis',
          code: 'municipality.postcode_mismatch',
          message: { fr: expect.stringContaining('Ixelles'), nl: expect.stringContaining('Elsene') },
        },
      ]);
    });

    it('flags a street unknown at the postcode', () => {
      const result = streets.validateAddress({ postcode: '1030', street: 'Rue Imaginaire' });
      expect(result).toMatchObject({ valid: false, outsideRegion: false, match: null });
      expect(result.problems.map((p) => [p.path, p.code])).toEqual([['street', 'street.unknown_for_postcode']]);
      expect(result.problems[0]!.message.fr).toContain('1030');
      // A real street, but under another postcode.
      expect(streets.validateAddress({ postcode: '1000', street: 'Boulevard Auguste Reyers' }).problems.map((p) => p.code)).toEqual([
        'street.unknown_for_postcode',
      ]);
    });

    it('flags a street of the postcode that is not in the claimed municipality', () => {
      // 1040 covers Etterbeek, Bruxelles and Woluwe-Saint-Pierre; Rue Belliard is in the first two.
      const result = streets.validateAddress({ postcode: '1040', street: 'Rue Belliard', municipalityNis: '21019' });
      expect(result.problems.map((p) => p.code)).toEqual(['street.unknown_for_municipality']);
      expect(streets.validateAddress({ postcode: '1040', street: 'Rue Belliard', municipalityNis: '21004' })).toMatchObject({
        valid: true,
        match: { municipality: { nis: '21004' } },
      });
    });

    it('flags a Brussels-looking postcode that does not exist', () => {
      const result = streets.validateAddress({ postcode: '1044', street: 'Boulevard Auguste Reyers' });
      expect(result).toMatchObject({ valid: false, outsideRegion: false, match: null });
      expect(result.problems.map((p) => [p.path, p.code])).toEqual([['postcode', 'postcode.unknown']]);
    });

    it('flags an address outside the Region without calling it an error', () => {
      for (const postcode of ['2000', '1300', '3000', '9000']) {
        expect(streets.validateAddress({ postcode, street: 'Meir' })).toEqual({
          valid: true,
          outsideRegion: true,
          problems: [],
          match: null,
        });
      }
      // …but a Brussels municipality with a postcode from elsewhere is inconsistent.
      expect(
        streets.validateAddress({ postcode: '1300', street: 'Rue de Namur', municipalityNis: '21004' }).problems.map((p) => p.code),
      ).toEqual(['municipality.postcode_mismatch']);
    });

    it('refuses a postcode that is not four digits', () => {
      for (const postcode of ['', '103', '10300', 'B-1030', 'abcd']) {
        expect(streets.validateAddress({ postcode, street: 'Boulevard Auguste Reyers' }).problems.map((p) => p.code)).toEqual([
          'postcode.invalid',
        ]);
      }
    });

    it('checks only the postcode and municipality when the street is blank', () => {
      expect(streets.validateAddress({ postcode: '1030', street: '  ' })).toMatchObject({ valid: true, problems: [] });
      expect(streets.validateAddress({ postcode: '1030', municipalityNis: '21001' }).problems.map((p) => p.code)).toEqual([
        'municipality.postcode_mismatch',
      ]);
    });
  });

  it('builds from any CSV with the register’s columns', () => {
    const directory = StreetDirectory.fromCsv(
      'postal_id,street_nl,street_fr,city_nl,city_fr,city_no\n' +
        '"1030","Auguste Reyerslaan","Boulevard Auguste Reyers","Schaarbeek","Schaerbeek","21015"\n' +
        '"1030","Auguste Reyerslaan","Boulevard Auguste Reyers","Schaarbeek","Schaerbeek","21015"\n',
    );
    expect(directory.postcodes()).toEqual(['1030']);
    expect(directory.streetsOf('1030')).toEqual([REYERS.street]);
    expect(directory.findStreets('1030', 'reyerslaan')).toEqual([]);
    expect(() => StreetDirectory.fromCsv('postal_id,street_nl\n"1030",""\n')).toThrow(/record 1: street_fr is missing/);
  });
});
