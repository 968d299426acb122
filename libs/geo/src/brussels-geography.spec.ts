import { BrusselsGeography } from './brussels-geography.js';
import { geometryFromGeoJson, pointInGeometry, randomPointIn } from './geometry.js';
import { wgs84ToLambert72 } from './lambert72.js';
import { seededRandom } from './seeded-random.js';

describe('BrusselsGeography', () => {
  const geo = BrusselsGeography.load();

  it('loads once per process', () => {
    expect(BrusselsGeography.load()).toBe(geo);
  });

  it('locates the reference point: Schaerbeek, sector 21015A77- (R.T.B.), district 87 REYERS', () => {
    expect(geo.locate(50.851756, 4.401445)).toEqual({
      insideRegion: true,
      municipality: { nis: '21015', name: { fr: 'Schaerbeek', nl: 'Schaarbeek' } },
      statisticalSector: { code: '21015A77-', name: { fr: 'R.T.B.', nl: 'B.R.T.' } },
      monitoringDistrict: { code: '87', name: { fr: 'REYERS', nl: 'REYERS' } },
      lambert72: { x: 152302, y: 171263 },
    });
  });

  it.each([
    ['Antwerp', 51.2194, 4.4025, false],
    ['Leuven', 50.8798, 4.7005, false],
    // Inside the Region's bounding box: only the exact polygon test can rule these out.
    ['Drogenbos (between Uccle, Forest and Anderlecht)', 50.7866, 4.315, true],
    ['Zaventem', 50.8833, 4.4736, true],
    ['Dilbeek', 50.848, 4.259, true],
    ['Machelen', 50.9105, 4.4418, true],
  ])('puts %s outside the Region', (_name, lat, lon, inBoundingBox) => {
    const b = geo.bounds();
    expect(lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east).toBe(inBoundingBox);
    const location = geo.locate(lat, lon);
    expect(location).toEqual({
      insideRegion: false,
      municipality: null,
      statisticalSector: null,
      monitoringDistrict: null,
      lambert72: expect.any(Object),
    });
    const { x, y } = wgs84ToLambert72(lat, lon);
    expect(location.lambert72).toEqual({ x: Math.round(x), y: Math.round(y) });
  });

  it('shares frozen answers, so that one caller cannot alter another’s', () => {
    const location = geo.locate(50.851756, 4.401445);
    expect(() => {
      location.municipality!.name.fr = 'Altered';
    }).toThrow(TypeError);
    expect(() => {
      (location.statisticalSector as { code: string }).code = 'X';
    }).toThrow(TypeError);
    expect(geo.municipality('21015')?.name.fr).toBe('Schaerbeek');
  });

  it('refuses coordinates that are not a WGS84 point', () => {
    expect(() => geo.locate(Number.NaN, 4.4)).toThrow(RangeError);
    expect(() => geo.locate(50.85, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    // Swapped latitude and longitude is a valid point, just far away (Somalia's coast).
    expect(geo.locate(4.401445, 50.851756).insideRegion).toBe(false);
    expect(() => geo.locate(151.2, 4.4)).toThrow(/Invalid WGS84 coordinates \(151.2, 4.4\)/);
  });

  it('lists the 19 municipalities by NIS code', () => {
    const municipalities = geo.municipalities();
    expect(municipalities).toHaveLength(19);
    expect(municipalities.map((m) => m.nis)).toEqual(Array.from({ length: 19 }, (_, i) => String(21001 + i)));
    expect(geo.municipality('21015')).toEqual({ nis: '21015', name: { fr: 'Schaerbeek', nl: 'Schaarbeek' } });
    expect(geo.municipality('21004')?.name).toEqual({ fr: 'Bruxelles', nl: 'Brussel' });
    expect(geo.municipality('11002')).toBeNull();
  });

  it('lists the 724 statistical sectors with names and municipality, and the 145 monitoring districts', () => {
    const sectors = geo.sectors();
    expect(sectors).toHaveLength(724);
    expect(new Set(sectors.map((s) => s.code)).size).toBe(724);
    for (const s of sectors) {
      expect(s.code.startsWith(s.municipalityNis)).toBe(true);
      expect(s.subMunicipality.code.startsWith(s.municipalityNis)).toBe(true);
      expect(geo.municipality(s.municipalityNis)).not.toBeNull();
      expect(s.name.fr.length).toBeGreaterThan(0);
    }
    expect(geo.sector('21015A77-')).toMatchObject({ code: '21015A77-', name: { fr: 'R.T.B.', nl: 'B.R.T.' }, municipalityNis: '21015' });
    // Unnamed in the source: the code stands in for the name.
    expect(geo.sector('21004A19-')?.name).toEqual({ fr: '21004A19-', nl: '21004A19-' });
    const districts = geo.monitoringDistricts();
    expect(districts).toHaveLength(145);
    expect(districts.find((d) => d.code === '87')).toEqual({ code: '87', name: { fr: 'REYERS', nl: 'REYERS' } });
  });

  describe('index exactness (index answer = scan of every polygon)', () => {
    const { south, west, north, east } = geo.bounds();
    const random = seededRandom(1970);
    const points = Array.from({ length: 2_000 }, () => ({ lat: south + random() * (north - south), lon: west + random() * (east - west) }));
    const { statisticalSectors, monitoringDistricts, municipalities } = geo.layers;

    it.each([
      ['statistical sectors', statisticalSectors],
      ['monitoring districts', monitoringDistricts],
      ['municipalities', municipalities],
    ] as const)('%s', (_name, layer) => {
      for (const { lat, lon } of points) expect(layer.findAll(lon, lat)).toEqual(layer.scan(lon, lat));
    });

    it('locate() reports what the scans find, and sectors nest in their municipality', () => {
      let inside = 0;
      for (const { lat, lon } of points) {
        const location = geo.locate(lat, lon);
        const sector = statisticalSectors.scan(lon, lat)[0]?.info ?? null;
        const municipality = municipalities.scan(lon, lat)[0] ?? null;
        expect(location.statisticalSector?.code ?? null).toBe(sector?.code ?? null);
        expect(location.municipality).toEqual(municipality);
        expect(location.monitoringDistrict).toEqual(monitoringDistricts.scan(lon, lat)[0] ?? null);
        expect(location.insideRegion).toBe(municipality !== null);
        // The municipalities are the union of the sectors.
        expect(sector?.municipalityNis ?? null).toBe(municipality?.nis ?? null);
        if (location.insideRegion) inside++;
      }
      // The Region fills a bit more than half of its bounding box: the sample did exercise both cases.
      expect(inside).toBeGreaterThan(800);
      expect(inside).toBeLessThan(1_500);
    });
  });

  it('finds every part of the multi-part sectors (MultiPolygons)', () => {
    for (const code of ['21009A22-', '21013A51-', '21016A102']) {
      const geometry = geo.sectorGeometry(code)!;
      expect(geometry.polygons.length).toBeGreaterThan(1);
      geometry.polygons.forEach((rings, part) => {
        // Sample each part on its own, then locate the point in the whole map.
        const partOnly = geometryFromGeoJson({ type: 'Polygon', coordinates: [pairs(rings[0]!.coords)] });
        const random = seededRandom(part + 1);
        for (let i = 0; i < 20; i++) {
          const { x, y } = randomPointIn(partOnly, random);
          expect(geo.locate(y, x).statisticalSector?.code).toBe(code);
        }
      });
    }
  });

  it('places random points inside the requested sector, reproducibly', () => {
    const sectors = geo.sectors();
    const pick = seededRandom(99);
    for (let i = 0; i < 100; i++) {
      const sector = sectors[Math.floor(pick() * sectors.length)]!;
      const point = geo.randomPointInSector(sector.code, seededRandom(i));
      expect(geo.locate(point.lat, point.lon)).toMatchObject({
        insideRegion: true,
        statisticalSector: { code: sector.code },
        municipality: { nis: sector.municipalityNis },
      });
      expect(geo.randomPointInSector(sector.code, seededRandom(i))).toEqual(point);
      expect(pointInGeometry(geo.sectorGeometry(sector.code)!, point.lon, point.lat)).toBe(true);
    }
    expect(() => geo.randomPointInSector('99999X00-', Math.random)).toThrow(/Unknown statistical sector/);
  });

  it('has the Region’s bounding box', () => {
    const b = geo.bounds();
    expect(b.south).toBeCloseTo(50.7637, 3);
    expect(b.north).toBeCloseTo(50.9139, 3);
    expect(b.west).toBeCloseTo(4.2438, 3);
    expect(b.east).toBeCloseTo(4.4823, 3);
  });

  it('refuses malformed sources with the feature at fault', () => {
    const municipalities = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { municipality_nis: '21001' }, geometry: null }],
    };
    const empty = { type: 'FeatureCollection', features: [] };
    expect(() => BrusselsGeography.fromSources({ municipalities, statisticalSectors: empty, monitoringDistricts: empty })).toThrow(
      /municipalities, feature 0/,
    );
    expect(() => BrusselsGeography.fromSources({ municipalities: [], statisticalSectors: empty, monitoringDistricts: empty })).toThrow(
      /FeatureCollection/,
    );
  });
});

function pairs(coords: Float64Array): number[][] {
  const result: number[][] = [];
  for (let i = 0; i < coords.length; i += 2) result.push([coords[i]!, coords[i + 1]!]);
  return result;
}
