import { geometryFromGeoJson, pointInGeometry, randomPointIn, type GeoJsonPosition } from './geometry.js';
import { seededRandom } from './seeded-random.js';

const square = (x0: number, y0: number, size: number, closed = true): GeoJsonPosition[] => {
  const ring = [
    [x0, y0],
    [x0 + size, y0],
    [x0 + size, y0 + size],
    [x0, y0 + size],
  ];
  return closed ? [...ring, [x0, y0]] : ring;
};

/** A regular polygon inscribed in a circle: a shape whose inside is known without ray casting. */
const circle = (cx: number, cy: number, r: number, vertices: number): GeoJsonPosition[] => {
  const ring = Array.from({ length: vertices }, (_, i) => [
    cx + r * Math.cos((2 * Math.PI * i) / vertices),
    cy + r * Math.sin((2 * Math.PI * i) / vertices),
  ]);
  return [...ring, ring[0]!];
};

describe('pointInGeometry', () => {
  it('tells inside from outside for a simple polygon, closed or not', () => {
    for (const closed of [true, false]) {
      const g = geometryFromGeoJson({ type: 'Polygon', coordinates: [square(0, 0, 10, closed)] });
      expect(pointInGeometry(g, 5, 5)).toBe(true);
      expect(pointInGeometry(g, 0.001, 9.999)).toBe(true);
      expect(pointInGeometry(g, -0.001, 5)).toBe(false);
      expect(pointInGeometry(g, 5, 10.001)).toBe(false);
      expect(pointInGeometry(g, 50, 50)).toBe(false);
    }
  });

  it('excludes holes', () => {
    const g = geometryFromGeoJson({ type: 'Polygon', coordinates: [square(0, 0, 10), square(3, 3, 4), square(8, 8, 1)] });
    expect(pointInGeometry(g, 1, 1)).toBe(true);
    expect(pointInGeometry(g, 5, 5)).toBe(false); // first hole
    expect(pointInGeometry(g, 8.5, 8.5)).toBe(false); // second hole
    expect(pointInGeometry(g, 7.5, 7.5)).toBe(true); // between the holes
  });

  it('finds points in every part of a MultiPolygon, and an island inside a part’s hole', () => {
    const g = geometryFromGeoJson({
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 10), square(2, 2, 6)], [square(20, 0, 5)], [square(4, 4, 2)]],
    });
    expect(pointInGeometry(g, 1, 1)).toBe(true);
    expect(pointInGeometry(g, 3, 3)).toBe(false); // in the hole of the first part
    expect(pointInGeometry(g, 5, 5)).toBe(true); // on the island in that hole
    expect(pointInGeometry(g, 22, 2)).toBe(true);
    expect(pointInGeometry(g, 15, 2)).toBe(false); // between the parts, inside the bounding box
  });

  it('handles concave shapes (a U: the notch is outside)', () => {
    const u = [
      [0, 0],
      [9, 0],
      [9, 9],
      [6, 9],
      [6, 3],
      [3, 3],
      [3, 9],
      [0, 9],
      [0, 0],
    ];
    const g = geometryFromGeoJson({ type: 'Polygon', coordinates: [u] });
    expect(pointInGeometry(g, 4.5, 6)).toBe(false);
    expect(pointInGeometry(g, 4.5, 1)).toBe(true);
    expect(pointInGeometry(g, 1, 8)).toBe(true);
    expect(pointInGeometry(g, 8, 8)).toBe(true);
    // A ray from the notch crosses the right arm twice.
    expect(pointInGeometry(g, 4.5, 3)).toBe(false);
  });

  it('puts a point on an edge shared by two polygons in exactly one of them', () => {
    // A slanted shared edge with inexact coordinates, listed in opposite directions by the two
    // neighbours (as adjacent polygons do): rounding must not open a gap or an overlap on it.
    const a = [4.351234, 50.841111];
    const b = [4.358765, 50.849999];
    const left = geometryFromGeoJson({ type: 'Polygon', coordinates: [[a, b, [4.34, 50.85], a]] });
    const right = geometryFromGeoJson({ type: 'Polygon', coordinates: [[b, a, [4.37, 50.84], b]] });
    const random = seededRandom(7);
    let checked = 0;
    for (let i = 0; i < 2_000; i++) {
      const y = a[1]! + random() * (b[1]! - a[1]!);
      // The edge's x at y, as computed from either end.
      for (const x of [
        a[0]! + ((y - a[1]!) * (b[0]! - a[0]!)) / (b[1]! - a[1]!),
        b[0]! + ((y - b[1]!) * (a[0]! - b[0]!)) / (a[1]! - b[1]!),
      ]) {
        expect(Number(pointInGeometry(left, x, y)) + Number(pointInGeometry(right, x, y))).toBe(1);
        checked++;
      }
    }
    expect(checked).toBe(4_000);
  });

  it('gives exact answers on large rings through the edge bands', () => {
    const r = 0.05;
    const vertices = 2_000; // far above the banding threshold
    const g = geometryFromGeoJson({ type: 'Polygon', coordinates: [circle(4.35, 50.85, r, vertices), circle(4.36, 50.85, r / 4, 500)] });
    const inner = r * Math.cos(Math.PI / vertices); // inside the polygon for sure below this radius
    const random = seededRandom(11);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = 4.35 + (random() * 2 - 1) * r * 1.1;
      const y = 50.85 + (random() * 2 - 1) * r * 1.1;
      const d = Math.hypot(x - 4.35, y - 50.85);
      const dHole = Math.hypot(x - 4.36, y - 50.85);
      if ((d > inner && d < r) || (dHole > (r / 4) * Math.cos(Math.PI / 500) && dHole < r / 4)) continue; // between chord and arc
      expect(pointInGeometry(g, x, y)).toBe(d < r && dHole > r / 4);
      checked++;
    }
    expect(checked).toBeGreaterThan(19_000);
  });

  it('refuses other geometry types and malformed rings', () => {
    expect(() => geometryFromGeoJson({ type: 'LineString', coordinates: [] } as never)).toThrow(/Polygon or MultiPolygon/);
    expect(() =>
      geometryFromGeoJson({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
          ],
        ],
      }),
    ).toThrow(/at least 3/);
    expect(() =>
      geometryFromGeoJson({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, Number.NaN],
            [1, 0],
          ],
        ],
      }),
    ).toThrow(/Invalid position/);
  });
});

describe('randomPointIn', () => {
  const g = geometryFromGeoJson({ type: 'MultiPolygon', coordinates: [[square(0, 0, 10), square(1, 1, 8)], [square(20, 0, 10)]] });

  it('returns points inside the geometry, reproducibly for a seed', () => {
    const random = seededRandom(3);
    const points = Array.from({ length: 500 }, () => randomPointIn(g, random));
    for (const { x, y } of points) expect(pointInGeometry(g, x, y)).toBe(true);
    const again = seededRandom(3);
    expect(Array.from({ length: 500 }, () => randomPointIn(g, again))).toEqual(points);
    // Both parts get points (uniform over the area: the second part holds 100 of 136 units²).
    const inSecond = points.filter((p) => p.x >= 20).length;
    expect(inSecond).toBeGreaterThan(300);
    expect(inSecond).toBeLessThan(440);
  });

  it('gives up on a geometry without area', () => {
    const flat = geometryFromGeoJson({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [2, 0],
          [0, 0],
        ],
      ],
    });
    expect(() => randomPointIn(flat, seededRandom(1), 100)).toThrow(/after 100 attempts/);
  });
});
