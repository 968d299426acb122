import { bboxContains, geometryFromGeoJson, type BBox } from './geometry.js';
import { seededRandom } from './seeded-random.js';
import { GridIndex, PolygonLayer } from './spatial-index.js';

describe('GridIndex', () => {
  const random = seededRandom(2024);
  const boxes: { bbox: BBox; value: number }[] = Array.from({ length: 500 }, (_, value) => {
    const x = random() * 100;
    const y = random() * 50;
    // Mostly small boxes, a few large ones spanning many cells.
    const size = value % 50 === 0 ? 40 : random() * 5;
    return { bbox: { minX: x, minY: y, maxX: x + size, maxY: y + size * random() }, value };
  });
  const index = GridIndex.build(boxes);

  it('returns exactly the boxes containing the point, in insertion order', () => {
    for (let i = 0; i < 5_000; i++) {
      const x = -5 + random() * 150;
      const y = -5 + random() * 100;
      const expected = boxes.filter((b) => bboxContains(b.bbox, x, y)).map((b) => b.value);
      expect(index.candidates(x, y)).toEqual(expected);
    }
  });

  it('finds every box at its exact corners, including those on the extent’s far edges', () => {
    for (const { bbox, value } of boxes) {
      expect(index.candidates(bbox.minX, bbox.minY)).toContain(value);
      expect(index.candidates(bbox.maxX, bbox.maxY)).toContain(value);
      expect(index.candidates(bbox.minX, bbox.maxY)).toContain(value);
      expect(index.candidates(bbox.maxX, bbox.minY)).toContain(value);
    }
    expect(boxes.some((b) => b.bbox.maxX === index.extent.maxX)).toBe(true);
  });

  it('looks at a small share of the items per query', () => {
    expect(index.columns * index.rows).toBeGreaterThanOrEqual(boxes.length);
    let visited = 0;
    for (let i = 0; i < 1_000; i++) {
      index.visit(random() * 100, random() * 50, () => {
        visited++;
      });
    }
    expect(visited / 1_000).toBeLessThan(boxes.length / 20);
  });

  it('works empty', () => {
    expect(GridIndex.build([]).candidates(0, 0)).toEqual([]);
  });
});

describe('PolygonLayer', () => {
  // A 10 × 10 chequerboard of triangles pairs: every point of the square is in exactly one.
  const features = [];
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 10; j++) {
      const a = [i, j];
      const b = [i + 1, j];
      const c = [i + 1, j + 1];
      const d = [i, j + 1];
      features.push({ geometry: geometryFromGeoJson({ type: 'Polygon', coordinates: [[a, b, c, a]] }), value: `${i}-${j}-lower` });
      features.push({ geometry: geometryFromGeoJson({ type: 'Polygon', coordinates: [[a, c, d, a]] }), value: `${i}-${j}-upper` });
    }
  }
  const layer = new PolygonLayer(features);

  it('agrees with a scan of every polygon, and a tiling gives one answer per point', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 5_000; i++) {
      const x = random() * 10;
      const y = random() * 10;
      const scanned = layer.scan(x, y);
      expect(scanned).toHaveLength(1);
      expect(layer.findAll(x, y)).toEqual(scanned);
      const i0 = Math.floor(x);
      const j0 = Math.floor(y);
      expect(layer.find(x, y)).toBe(`${i0}-${j0}-${y - j0 < x - i0 ? 'lower' : 'upper'}`);
    }
  });

  it('returns null outside', () => {
    expect(layer.find(-1, 5)).toBeNull();
    expect(layer.find(5, 10.5)).toBeNull();
  });
});
