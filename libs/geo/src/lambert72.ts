/**
 * Belgian Lambert 1972 (EPSG:31370) ↔ WGS84 (EPSG:4326), written out so that the domain needs no
 * projection engine. Lambert 72 sits on the BD72 datum (International 1924 ellipsoid); moving
 * between datums goes through geocentric coordinates and the 7-parameter Helmert transformation
 * EPSG:15929 ("BD72 to WGS 84 (3)", position vector convention, about 1 m accuracy), the same
 * one the Regional and federal geoportals apply.
 */

export interface Lambert72Point {
  /** Easting, metres. */
  x: number;
  /** Northing, metres. */
  y: number;
}

export interface LatLon {
  /** Degrees north. */
  lat: number;
  /** Degrees east. */
  lon: number;
}

interface Ellipsoid {
  a: number;
  e2: number;
}

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;

const INTERNATIONAL_1924: Ellipsoid = ellipsoid(6378388, 1 / 297);
const WGS84: Ellipsoid = ellipsoid(6378137, 1 / 298.257223563);

function ellipsoid(a: number, f: number): Ellipsoid {
  return { a, e2: f * (2 - f) };
}

// --- Lambert conformal conic, two standard parallels (EPSG method 9802) ---

const LAMBERT = (() => {
  const { a, e2 } = INTERNATIONAL_1924;
  const e = Math.sqrt(e2);
  const phi1 = (51 + 10 / 60 + 0.00204 / 3600) * DEG;
  const phi2 = (49 + 50 / 60 + 0.00204 / 3600) * DEG;
  const lambda0 = (4 + 22 / 60 + 2.952 / 3600) * DEG;
  const m = (phi: number) => Math.cos(phi) / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const t = (phi: number) => Math.tan(Math.PI / 4 - phi / 2) / ((1 - e * Math.sin(phi)) / (1 + e * Math.sin(phi))) ** (e / 2);
  const n = (Math.log(m(phi1)) - Math.log(m(phi2))) / (Math.log(t(phi1)) - Math.log(t(phi2)));
  const aF = (a * m(phi1)) / (n * t(phi1) ** n);
  // The latitude of origin is the pole (90°N), where t = 0, so the radius of the origin is 0.
  const rF = 0;
  return { e, n, aF, rF, lambda0, t, falseEasting: 150000.013, falseNorthing: 5400088.438 };
})();

function project(phi: number, lambda: number): Lambert72Point {
  const { n, aF, rF, lambda0, t, falseEasting, falseNorthing } = LAMBERT;
  const r = aF * t(phi) ** n;
  const theta = n * (lambda - lambda0);
  return { x: falseEasting + r * Math.sin(theta), y: falseNorthing + rF - r * Math.cos(theta) };
}

function unproject(x: number, y: number): { phi: number; lambda: number } {
  const { e, n, aF, rF, lambda0, falseEasting, falseNorthing } = LAMBERT;
  const dx = x - falseEasting;
  const dy = rF - (y - falseNorthing);
  const r = Math.sign(n) * Math.hypot(dx, dy);
  const t = (r / aF) ** (1 / n);
  const lambda = Math.atan2(dx, dy) / n + lambda0;
  // The conformal latitude series converges in a handful of steps; 1e-14 rad is far below a mm.
  let phi = Math.PI / 2 - 2 * Math.atan(t);
  for (let i = 0; i < 20; i++) {
    const s = e * Math.sin(phi);
    const next = Math.PI / 2 - 2 * Math.atan(t * ((1 - s) / (1 + s)) ** (e / 2));
    if (Math.abs(next - phi) < 1e-14) return { phi: next, lambda };
    phi = next;
  }
  return { phi, lambda };
}

// --- Datum shift BD72 ↔ WGS84 ---

type Vector3 = [number, number, number];
type Matrix3 = [Vector3, Vector3, Vector3];

/** EPSG:15929, position vector convention: X_wgs84 = T + (1 + s) · R · X_bd72. */
const HELMERT = (() => {
  const t: Vector3 = [-106.8686, 52.2978, -103.7239];
  const rx = 0.3366 * ARCSEC;
  const ry = -0.457 * ARCSEC;
  const rz = 1.8422 * ARCSEC;
  const k = 1 + -1.2747e-6;
  const forward: Matrix3 = [
    [k, -k * rz, k * ry],
    [k * rz, k, -k * rx],
    [-k * ry, k * rx, k],
  ];
  // The exact inverse rather than the usual "flip the signs" approximation, so that a round
  // trip only carries floating-point error.
  return { t, forward, inverse: invert(forward) };
})();

function invert(m: Matrix3): Matrix3 {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

function multiply(m: Matrix3, v: Vector3): Vector3 {
  return [
    m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
    m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
    m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
  ];
}

function toGeocentric(phi: number, lambda: number, h: number, { a, e2 }: Ellipsoid): Vector3 {
  const sinPhi = Math.sin(phi);
  const N = a / Math.sqrt(1 - e2 * sinPhi * sinPhi);
  return [(N + h) * Math.cos(phi) * Math.cos(lambda), (N + h) * Math.cos(phi) * Math.sin(lambda), (N * (1 - e2) + h) * sinPhi];
}

/** Geodetic latitude and longitude; the ellipsoidal height is dropped (addresses are 2-D). */
function fromGeocentric([X, Y, Z]: Vector3, { a, e2 }: Ellipsoid): { phi: number; lambda: number } {
  const p = Math.hypot(X, Y);
  const lambda = Math.atan2(Y, X);
  let phi = Math.atan2(Z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const sinPhi = Math.sin(phi);
    const N = a / Math.sqrt(1 - e2 * sinPhi * sinPhi);
    const h = p / Math.cos(phi) - N;
    const next = Math.atan2(Z, p * (1 - (e2 * N) / (N + h)));
    if (Math.abs(next - phi) < 1e-14) return { phi: next, lambda };
    phi = next;
  }
  return { phi, lambda };
}

/** WGS84 latitude/longitude (degrees) → Lambert 72 easting/northing (metres). */
export function wgs84ToLambert72(lat: number, lon: number): Lambert72Point {
  const [x, y, z] = toGeocentric(lat * DEG, lon * DEG, 0, WGS84);
  const { t, inverse } = HELMERT;
  const bd72 = fromGeocentric(multiply(inverse, [x - t[0], y - t[1], z - t[2]]), INTERNATIONAL_1924);
  return project(bd72.phi, bd72.lambda);
}

/** Lambert 72 easting/northing (metres) → WGS84 latitude/longitude (degrees). */
export function lambert72ToWgs84(x: number, y: number): LatLon {
  const { phi, lambda } = unproject(x, y);
  const { t, forward } = HELMERT;
  const [X, Y, Z] = multiply(forward, toGeocentric(phi, lambda, 0, INTERNATIONAL_1924));
  const wgs = fromGeocentric([X + t[0], Y + t[1], Z + t[2]], WGS84);
  return { lat: wgs.phi / DEG, lon: wgs.lambda / DEG };
}
