import type { PublishedSite } from '@care/contracts';
import type { Language, Localized } from '@care/kernel';
import { formatDate } from '../format.js';
import { html, multiline, type SafeHtml } from '../html.js';
import { t, type MessageKey } from '../i18n/portal.messages.js';
import { renderMap } from '../map/map.view.js';
import type { MunicipalityMap } from '../map/municipality-map.js';
import { pageUrl } from '../portal-routes.js';
import { changed, EMPTY_SEARCH, searchQuery } from '../portal-search.js';
import { listLabel, type AgrementCatalog, type Taxonomy } from '../upstream/portal-catalog.js';
import { addressBlock, agrementList, contactList, type HoldingView } from './detail.parts.js';
import { hoursKnown, openingStatus, renderHours, renderOpeningStatus } from './hours.view.js';
import { layout, type RenderContext } from './layout.js';
import { searchForm } from './search-form.js';

export interface SiteDetail {
  site: PublishedSite;
  organisation: { names: { official: Localized } } | null;
  /** Null when the agréments service could not answer: the page says so and shows the rest. */
  holdings: HoldingView[] | null;
  agrements: AgrementCatalog | null;
}

/** Contacts meant for this language version of the fiche (or for both). */
const forLanguage = <T extends { language: Language | null }>(lang: Language, items: readonly T[]) => items.filter((i) => i.language === null || i.language === lang);

function section(id: string, titleKey: MessageKey, lang: Language, body: SafeHtml): SafeHtml {
  return html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${t(lang, titleKey)}</h2>${body}</section>`;
}

function facts(lang: Language, rows: Array<[MessageKey, string[]]>): SafeHtml {
  const shown = rows.filter(([, values]) => values.length > 0);
  if (shown.length === 0) return html``;
  return html`<dl class="facts">${shown.map(([key, values]) => html`<dt>${t(lang, key)}</dt><dd>${values.join(', ')}</dd>`)}</dl>`;
}

/** The page of a published activity site, at the URL social.brussels used (`/{lang}/organisation/{id}`). */
export function sitePage(ctx: RenderContext, detail: SiteDetail, taxonomy: Taxonomy, map: MunicipalityMap): string {
  const { lang, now } = ctx;
  const { site } = detail;
  const name = site.names.official[lang];
  const label = (list: string, codes: readonly string[]) => codes.map((c) => listLabel(taxonomy, list, c)[lang]);
  const other = [...site.names.alternative, ...site.names.service].map((n) => n[lang]).filter((n) => n !== name);
  const texts: Array<[MessageKey, Localized | null]> = [
    ['detail.description', site.texts.description],
    ['detail.activities', site.texts.activities],
    ['detail.publicTarget', site.texts.publicTarget],
    ['detail.remarks', site.texts.remarks],
  ];
  const categories = site.categoryIds.map((id) => ({ id, name: taxonomy.categories.get(id)?.[lang] })).filter((c): c is { id: number; name: string } => !!c.name);
  const point = site.address.point;
  const addressText = `${site.address.street[lang]}${site.address.number ? ` ${site.address.number}` : ''}, ${site.address.postcode} ${site.address.municipality.name[lang]}`;

  const main = html`
    <p class="back"><a href="${pageUrl(lang, { kind: 'search', query: new URLSearchParams() })}">${t(lang, 'detail.back')}</a></p>
    <article class="detail">
      <header class="detail-header">
        <h1>${name}</h1>
        ${other.length > 0 ? html`<p class="muted">${t(lang, 'detail.alsoKnownAs', { names: other.join(', ') })}</p>` : ''}
        ${detail.organisation && detail.organisation.names.official[lang] !== name ? html`<p>${t(lang, 'detail.organisation', { name: detail.organisation.names.official[lang] })}</p>` : ''}
        ${hoursKnown(site.openingHours) ? renderOpeningStatus(lang, openingStatus(site.openingHours, now), now) : ''}
      </header>
      <div class="detail-grid">
        ${section('address-heading', 'detail.address', lang, addressBlock(lang, site.address))}
        ${section(
          'contacts-heading',
          'detail.contacts',
          lang,
          contactList(lang, {
            phones: forLanguage(lang, site.contacts.phones).map((p) => p.number),
            faxes: forLanguage(lang, site.contacts.faxes).map((p) => p.number),
            emails: forLanguage(lang, site.contacts.emails).map((e) => e.address),
            websites: forLanguage(lang, site.contacts.websites).map((w) => w.url),
          }),
        )}
        ${section('hours-heading', 'detail.hours', lang, renderHours(lang, site.openingHours, now, { status: false }))}
        ${texts.some(([, text]) => text)
          ? section('about-heading', 'detail.about', lang, html`${texts.map(([key, text]) => (text ? html`<h3>${t(lang, key)}</h3><p>${multiline(text[lang])}</p>` : ''))}`)
          : ''}
        ${section(
          'practical-heading',
          'detail.practical',
          lang,
          facts(lang, [
            ['detail.languages', label('language', site.serviceLanguages)],
            ['detail.access', label('access-modality', site.accessModalities)],
            ['detail.targetPublics', label('target-public', site.targetPublics)],
            ['detail.actionZones', label('action-zone', site.actionZones)],
            ['detail.offerKind', label('offer-kind', [site.offerKind])],
            ['detail.legalStatus', site.legalStatus ? label('legal-status', [site.legalStatus]) : []],
            ['detail.languageStatus', [t(lang, `detail.languageStatus.${site.languageStatus}`)]],
          ]),
        )}
        ${categories.length > 0
          ? section(
              'categories-heading',
              'detail.categories',
              lang,
              html`<ul class="tags">${categories.map(
                (c) => html`<li><a href="${pageUrl(lang, { kind: 'search', query: searchQuery(changed(EMPTY_SEARCH, { category: c.id })) })}" aria-label="${t(lang, 'detail.categories.search', { name: c.name })}">${c.name}</a></li>`,
              )}</ul>`,
            )
          : ''}
        ${section(
          'agrements-heading',
          'detail.agrements',
          lang,
          html`${agrementList(lang, detail.holdings, detail.agrements)}${
            site.otherAgreements.length + site.subsidies.length > 0
              ? html`<h3>${t(lang, 'detail.other')}</h3><ul>${[...site.otherAgreements, ...site.subsidies].map((a) => html`<li>${a[lang]}</li>`)}</ul>`
              : ''
          }`,
        )}
        ${point
          ? section(
              'map-heading',
              'detail.map',
              lang,
              renderMap(lang, map, {
                id: 'site-map',
                label: t(lang, 'detail.map.label', { name, municipality: site.address.municipality.name[lang] }),
                markers: [{ number: null, label: name, href: null, point }],
                highlight: site.address.municipality.nis,
                minSpan: 0.3,
              }),
            )
          : ''}
      </div>
      <footer class="detail-meta muted">
        ${site.lastVerifiedAt ? html`<p>${t(lang, 'detail.verified', { date: formatDate(lang, site.lastVerifiedAt) })}</p>` : ''}
        <p>${t(lang, 'detail.updated', { date: formatDate(lang, site.updatedAt) })}</p>
      </footer>
    </article>
    <aside class="search-again" aria-label="${t(lang, 'detail.back')}">${searchForm(lang, { q: null, id: 'q-again' })}</aside>`;
  return layout(ctx, { title: `${name} – ${site.address.municipality.name[lang]}`, description: t(lang, 'detail.siteDescription', { name, address: addressText }), page: { kind: 'site', id: site.id }, index: true }, main);
}
