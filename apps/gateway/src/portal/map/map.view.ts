import type { Language } from '@care/kernel';
import { html, type SafeHtml } from '../html.js';
import { t } from '../i18n/portal.messages.js';
import type { MapPoint, MunicipalityMap, ViewBox } from './municipality-map.js';

export interface MapMarker {
  /** The hit's number in the result list (shown in the marker); null for a single place. */
  number: number | null;
  label: string;
  href: string | null;
  point: { lat: number; lon: number };
}

export interface MapOptions {
  id: string;
  /** What the map shows, for screen readers (the figure's caption). */
  label: string;
  markers: readonly MapMarker[];
  /** NIS code of a municipality drawn darker (the one of a detail page). */
  highlight?: string | null;
  /** The searcher's position ("near me"). */
  you?: { lat: number; lon: number } | null;
  /** Smallest part of the Region's width to show around the markers. */
  minSpan?: number;
}

const fixed = (n: number) => Math.round(n * 10) / 10;

/**
 * A result or detail map: the municipality outlines (decoration, hidden from screen readers),
 * then one link per marker, labelled with the hit's number and name, reachable with Tab. The
 * result list is the text alternative; the numbers tie both together.
 */
export function renderMap(lang: Language, map: MunicipalityMap, options: MapOptions): SafeHtml {
  const placed = options.markers.flatMap((m) => {
    const at = map.project(m.point);
    return at ? [{ ...m, at }] : [];
  });
  const you = options.you ? map.project(options.you) : null;
  const box = map.viewBoxAround([...placed.map((m) => m.at), ...(you ? [you] : [])], options.minSpan);
  // Markers keep the same size on screen whatever the zoom.
  const r = fixed(box.width * 0.024);
  return html`<figure class="map" id="${options.id}">
    <svg viewBox="${box.x} ${box.y} ${box.width} ${box.height}" role="group" aria-labelledby="${options.id}-caption" focusable="false">
      ${outlines(map, box, options.highlight ?? null)}
      ${you
        ? html`<g class="you" aria-label="${t(lang, 'search.you')}" role="img"><rect x="${fixed(you.x - r * 0.8)}" y="${fixed(you.y - r * 0.8)}" width="${fixed(r * 1.6)}" height="${fixed(r * 1.6)}" transform="rotate(45 ${you.x} ${you.y})"></rect></g>`
        : ''}
      ${placed.map((m) => marker(m, m.at, r))}
    </svg>
    <figcaption id="${options.id}-caption">${options.label}</figcaption>
  </figure>`;
}

function outlines(map: MunicipalityMap, box: ViewBox, highlight: string | null): SafeHtml {
  return html`<g class="outlines" aria-hidden="true" stroke-width="${fixed(box.width / 500)}">${map.municipalities.map(
    (m) => html`<path class="municipality${m.nis === highlight ? ' current' : ''}" d="${m.path}"></path>`,
  )}</g>`;
}

function marker(m: MapMarker, at: MapPoint, r: number): SafeHtml {
  const label = m.number === null ? m.label : `${m.number}. ${m.label}`;
  const shape = html`<circle cx="${at.x}" cy="${at.y}" r="${r}"></circle>${
    m.number === null ? '' : html`<text x="${at.x}" y="${fixed(at.y + r * 0.38)}" font-size="${fixed(r * 1.05)}" text-anchor="middle" aria-hidden="true">${m.number}</text>`
  }`;
  return m.href
    ? html`<a class="marker" href="${m.href}" aria-label="${label}"${m.number === null ? '' : html` data-hit="${m.number}"`}><title>${label}</title>${shape}</a>`
    : html`<g class="marker" role="img" aria-label="${label}"><title>${label}</title>${shape}</g>`;
}

/**
 * The home page's map: each municipality is a link to its services, named for screen readers;
 * the list of municipalities next to it offers the same links as text.
 */
export function renderMunicipalityChooser(lang: Language, map: MunicipalityMap, hrefOf: (nis: string) => string): SafeHtml {
  return html`<figure class="map chooser" id="municipality-map">
    <svg viewBox="0 0 ${map.width} ${map.height}" role="group" aria-labelledby="municipality-map-caption" focusable="false">
      <g class="outlines" stroke-width="2">${map.municipalities.map(
        (m) => html`<a class="area" href="${hrefOf(m.nis)}" aria-label="${m.name[lang]}"><title>${m.name[lang]}</title><path class="municipality" d="${m.path}"></path></a>`,
      )}</g>
      <g class="map-labels" aria-hidden="true">${map.municipalities.map(
        (m) => html`<text x="${m.label.x}" y="${m.label.y}" text-anchor="middle" font-size="17">${m.name[lang]}</text>`,
      )}</g>
    </svg>
    <figcaption id="municipality-map-caption">${t(lang, 'home.map.label')}</figcaption>
  </figure>`;
}
