import type { PublicCareProvider, PublicPractice } from '@care/contracts';
import type { Language } from '@care/kernel';
import { formatDate } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { t, type MessageKey } from '../i18n/portal.messages.js';
import { renderMap } from '../map/map.view.js';
import type { MunicipalityMap } from '../map/municipality-map.js';
import { pageUrl } from '../portal-routes.js';
import { listLabel, type AgrementCatalog, type Taxonomy } from '../upstream/portal-catalog.js';
import { addressBlock, agrementList, contactList, type HoldingView } from './detail.parts.js';
import { renderHours } from './hours.view.js';
import { layout, type RenderContext } from './layout.js';
import { searchForm } from './search-form.js';

export interface ProviderDetail {
  provider: PublicCareProvider & { practices: PublicPractice[] };
  /** Names of the directory sites the practices belong to (published ones only). */
  sites: Map<number, string>;
  holdings: HoldingView[] | null;
  agrements: AgrementCatalog | null;
}

function facts(lang: Language, rows: Array<[MessageKey, string | null]>): SafeHtml {
  return html`<dl class="facts">${rows.filter(([, v]) => v).map(([key, value]) => html`<dt>${t(lang, key)}</dt><dd>${value}</dd>`)}</dl>`;
}

function practiceCard(ctx: RenderContext, detail: ProviderDetail, practice: PublicPractice, number: number): SafeHtml {
  const { lang, now } = ctx;
  const headingId = `practice-${number}-heading`;
  const siteName = practice.site?.status === 'published' ? detail.sites.get(practice.site.id) : undefined;
  return html`<section class="card practice" id="practice-${practice.id}" aria-labelledby="${headingId}">
    <h3 id="${headingId}">${t(lang, 'provider.practice', { number })} – ${practice.address.municipality.name[lang]}</h3>
    ${addressBlock(lang, practice.address)}
    ${siteName && practice.site
      ? html`<p>${t(lang, 'provider.practice.site', { name: siteName })} (<a href="${pageUrl(lang, { kind: 'site', id: practice.site.id })}">${t(lang, 'provider.practice.siteLink')}</a>)</p>`
      : ''}
    ${practice.appointmentModes.length > 0 ? html`<p><strong>${t(lang, 'provider.modes')}</strong> ${practice.appointmentModes.map((m) => t(lang, `provider.mode.${m}`)).join(', ')}</p>` : ''}
    ${practice.contacts
      ? contactList(lang, {
          phones: practice.contacts.phone ? [practice.contacts.phone] : [],
          emails: practice.contacts.email ? [practice.contacts.email] : [],
          websites: practice.contacts.website ? [practice.contacts.website] : [],
        })
      : ''}
    <h4>${t(lang, 'detail.hours')}</h4>
    ${renderHours(lang, practice.openingHours ?? null, now)}
  </section>`;
}

/** The page of an active care provider: profession, convention, languages, and each place they practise. */
export function providerPage(ctx: RenderContext, detail: ProviderDetail, taxonomy: Taxonomy, map: MunicipalityMap): string {
  const { lang } = ctx;
  const { provider } = detail;
  const name = `${provider.name.first} ${provider.name.last}`;
  const profession = provider.profession.label[lang];
  const accepting = provider.acceptingNewPatients;
  const practices = provider.practices.filter((p) => p.active);
  const markers = practices.flatMap((p, i) => (p.address.point ? [{ number: i + 1, label: `${t(lang, 'provider.practice', { number: i + 1 })} – ${p.address.municipality.name[lang]}`, href: `#practice-${p.id}`, point: p.address.point }] : []));
  const main = html`
    <p class="back"><a href="${pageUrl(lang, { kind: 'search', query: new URLSearchParams({ kind: 'practice' }) })}">${t(lang, 'detail.back')}</a></p>
    <article class="detail">
      <header class="detail-header">
        <h1>${name}</h1>
        <p class="lead">${profession}</p>
      </header>
      <div class="detail-grid">
        <section class="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading">${t(lang, 'provider.profile')}</h2>
          ${facts(lang, [
            ['provider.profession', profession],
            ['provider.specialisations', provider.specialisations.map((s) => s.label[lang]).join(', ') || null],
            ['provider.nihii', provider.nihii],
            ['provider.convention', provider.convention ? t(lang, `provider.convention.${provider.convention}`) : null],
            ['provider.languages', provider.languages?.length ? provider.languages.map((c) => listLabel(taxonomy, 'language', c)[lang]).join(', ') : null],
            ['provider.accepting', accepting ? t(lang, accepting.value ? 'provider.accepting.yes' : 'provider.accepting.no', { date: formatDate(lang, accepting.statedOn) }) : null],
          ])}
        </section>
        <section class="card wide" aria-labelledby="practices-heading">
          <h2 id="practices-heading">${t(lang, 'provider.practices')}</h2>
          <div class="practices">${practices.map((p, i) => practiceCard(ctx, detail, p, i + 1))}</div>
        </section>
        ${markers.length > 0
          ? html`<section class="card" aria-labelledby="map-heading"><h2 id="map-heading">${t(lang, 'detail.map')}</h2>${renderMap(lang, map, { id: 'provider-map', label: t(lang, 'provider.map.label', { name }), markers, minSpan: 0.3 })}</section>`
          : ''}
        <section class="card" aria-labelledby="agrements-heading"><h2 id="agrements-heading">${t(lang, 'detail.agrements')}</h2>${agrementList(lang, detail.holdings, detail.agrements)}</section>
      </div>
    </article>
    <aside class="search-again" aria-label="${t(lang, 'detail.back')}">${searchForm(lang, { q: null, id: 'q-again' })}</aside>`;
  return layout(ctx, { title: `${name}, ${profession}`, description: t(lang, 'provider.description', { name, profession }), page: { kind: 'provider', id: provider.id }, index: true }, main);
}
