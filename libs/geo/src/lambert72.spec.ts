import { lambert72ToWgs84, wgs84ToLambert72 } from './lambert72.js';
import { seededRandom } from './seeded-random.js';

/** Ground distance in metres between two nearby WGS84 points (local equirectangular approximation). */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const k = 111_320;
  return Math.hypot((a.lat - b.lat) * k, (a.lon - b.lon) * k * Math.cos((a.lat * Math.PI) / 180));
}

describe('Lambert 72 ↔ WGS84', () => {
  // Recorded on the Bruxelles Social API for a real site (Boulevard Reyers, Schaerbeek).
  const wgs84 = { lat: 50.851756, lon: 4.401445 };
  const lambert = { x: 152302, y: 171263 };

  it('projects the reference point within 1 m', () => {
    const p = wgs84ToLambert72(wgs84.lat, wgs84.lon);
    expect(Math.hypot(p.x - lambert.x, p.y - lambert.y)).toBeLessThan(1);
  });

  it('unprojects the reference point within 1 m', () => {
    expect(metres(lambert72ToWgs84(lambert.x, lambert.y), wgs84)).toBeLessThan(1);
  });

  it('keeps directions and scale: 100 m north in WGS84 is 100 m north in Lambert 72', () => {
    // Between the standard parallels the scale factor is within 1e-4 of 1 and grid north is true
    // north on the central meridian (4°22'E, a few km from here).
    const p0 = wgs84ToLambert72(wgs84.lat, wgs84.lon);
    const p1 = wgs84ToLambert72(wgs84.lat + 100 / 111_250, wgs84.lon);
    expect(p1.y - p0.y).toBeGreaterThan(99);
    expect(p1.y - p0.y).toBeLessThan(101);
    expect(Math.abs(p1.x - p0.x)).toBeLessThan(1);
  });

  it('round-trips WGS84 → Lambert 72 → WGS84 within a few cm over Belgium', () => {
    const random = seededRandom(72);
    let worst = 0;
    for (let i = 0; i < 5_000; i++) {
      const point = { lat: 49.5 + random() * 2, lon: 2.5 + random() * 3.9 };
      const { x, y } = wgs84ToLambert72(point.lat, point.lon);
      worst = Math.max(worst, metres(lambert72ToWgs84(x, y), point));
    }
    expect(worst).toBeLessThan(0.03);
  });

  it('round-trips Lambert 72 → WGS84 → Lambert 72 within a few cm over the Brussels region', () => {
    const random = seededRandom(31370);
    let worst = 0;
    for (let i = 0; i < 5_000; i++) {
      const x = 140_000 + random() * 20_000;
      const y = 160_000 + random() * 20_000;
      const { lat, lon } = lambert72ToWgs84(x, y);
      const back = wgs84ToLambert72(lat, lon);
      worst = Math.max(worst, Math.hypot(back.x - x, back.y - y));
    }
    expect(worst).toBeLessThan(0.03);
  });
});
