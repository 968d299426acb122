import { renderMap, renderMunicipalityChooser } from './map.view.js';
import { MunicipalityMap, simplify } from './municipality-map.js';

describe('municipality map (inline SVG from the shipped Statbel outlines)', () => {
  const map = MunicipalityMap.load();

  it('draws the 19 municipalities with far fewer vertices than the source', () => {
    expect(map.municipalities).toHaveLength(19);
    expect(map.municipalities.find((m) => m.nis === '21015')?.name).toEqual({ fr: 'Schaerbeek', nl: 'Schaarbeek' });
    expect(map.vertices.source).toBeGreaterThan(10_000);
    expect(map.vertices.drawn).toBeLessThan(map.vertices.source / 4);
    for (const m of map.municipalities) expect(m.path).toMatch(/^M[\d. L]+Z(M[\d. L]+Z)*$/);
  });

  it('projects a point inside its municipality: the label point of Schaerbeek is near the real record 13219', () => {
    const schaerbeek = map.municipalities.find((m) => m.nis === '21015')!;
    const site = map.project({ lat: 50.851756, lon: 4.401445 })!;
    expect(Math.hypot(site.x - schaerbeek.label.x, site.y - schaerbeek.label.y)).toBeLessThan(120);
    // North is up, east is right.
    const north = map.project({ lat: 50.9, lon: 4.35 })!;
    const south = map.project({ lat: 50.8, lon: 4.35 })!;
    expect(north.y).toBeLessThan(south.y);
    expect(map.project({ lat: 50.85, lon: 4.45 })!.x).toBeGreaterThan(map.project({ lat: 50.85, lon: 4.3 })!.x);
    expect(map.project({ lat: 51.2, lon: 4.4 })).toBeNull();
  });

  it('zooms to the markers, never beyond the Region', () => {
    const a = map.project({ lat: 50.851756, lon: 4.401445 })!;
    const box = map.viewBoxAround([a], 0.2);
    expect(box.width).toBeCloseTo(260, 0);
    expect(box.x).toBeLessThanOrEqual(a.x);
    expect(box.x + box.width).toBeGreaterThanOrEqual(a.x);
    expect(box.height / box.width).toBeCloseTo(map.height / map.width, 2);
    const spread = map.viewBoxAround([map.project({ lat: 50.78, lon: 4.26 })!, map.project({ lat: 50.9, lon: 4.46 })!]);
    expect(spread).toEqual({ x: 0, y: 0, width: map.width, height: map.height });
  });

  it('renders markers as labelled links, numbered like the result list, and escapes their names', () => {
    const svg = renderMap('fr', map, {
      id: 'm',
      label: 'Carte',
      markers: [
        { number: 3, label: 'CASS <Schaerbeek>', href: '/fr/organisation/13219', point: { lat: 50.851756, lon: 4.401445 } },
        { number: 4, label: 'Loin', href: '/fr/organisation/1', point: { lat: 52, lon: 5 } },
      ],
    }).value;
    expect(svg).toContain('<a class="marker" href="/fr/organisation/13219" aria-label="3. CASS &lt;Schaerbeek&gt;" data-hit="3"><title>3. CASS &lt;Schaerbeek&gt;</title>');
    expect(svg).not.toContain('Loin');
    expect(svg).toContain('<g class="outlines" aria-hidden="true"');
    expect(svg).toContain('<figcaption id="m-caption">Carte</figcaption>');
  });

  it('offers each municipality as a link named in the page language', () => {
    const nl = renderMunicipalityChooser('nl', map, (nis) => `/nl/zoeken?municipality=${nis}`).value;
    expect(nl).toContain('<a class="area" href="/nl/zoeken?municipality=21015" aria-label="Schaarbeek">');
    expect(nl.match(/<a class="area"/g)).toHaveLength(19);
  });

  it('simplifies a ring without losing its corners', () => {
    const square: Array<[number, number]> = [[0, 0], [5, 0.1], [10, 0], [10, 5], [10.1, 10], [0, 10], [0, 0]];
    expect(simplify(square, 1)).toEqual([[0, 0], [10, 0], [10.1, 10], [0, 10], [0, 0]]);
  });
});
