import { html } from '../html.js';
import { t } from '../i18n/portal.messages.js';
import { renderMunicipalityChooser } from '../map/map.view.js';
import type { MunicipalityMap } from '../map/municipality-map.js';
import { pageUrl } from '../portal-routes.js';
import { changed, EMPTY_SEARCH, searchQuery } from '../portal-search.js';
import type { Taxonomy } from '../upstream/portal-catalog.js';
import { layout, type RenderContext } from './layout.js';
import { searchForm } from './search-form.js';

/** The home page: the search box, the themes (sectors) and the municipalities, each a link to its results. */
export function homePage(ctx: RenderContext, taxonomy: Taxonomy, map: MunicipalityMap): string {
  const { lang } = ctx;
  const searchUrl = (patch: Parameters<typeof changed>[1]) => pageUrl(lang, { kind: 'search', query: searchQuery(changed(EMPTY_SEARCH, patch)) });
  const municipalities = [...map.municipalities].sort((a, b) => a.name[lang].localeCompare(b.name[lang], lang));
  const main = html`
    <div class="home-intro">
      <h1>${t(lang, 'home.title')}</h1>
      <p class="lead">${t(lang, 'home.intro')}</p>
      ${searchForm(lang, { q: null })}
    </div>
    <section class="home-section" aria-labelledby="sectors-heading">
      <h2 id="sectors-heading">${t(lang, 'home.sectors')}</h2>
      <ul class="link-grid">${taxonomy.sectors.map((s) => html`<li><a href="${searchUrl({ sector: s.id })}">${s.name[lang]}</a></li>`)}</ul>
    </section>
    <section class="home-section" aria-labelledby="municipalities-heading">
      <h2 id="municipalities-heading">${t(lang, 'home.map')}</h2>
      <div class="map-and-list">
        ${renderMunicipalityChooser(lang, map, (nis) => searchUrl({ municipality: nis }))}
        <ul class="link-grid compact">${municipalities.map((m) => html`<li><a href="${searchUrl({ municipality: m.nis })}">${m.name[lang]}</a></li>`)}</ul>
      </div>
    </section>`;
  return layout(ctx, { title: t(lang, 'home.title'), description: t(lang, 'home.description'), page: { kind: 'home' }, index: true }, main);
}
