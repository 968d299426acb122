import type { PublishedAddress } from '@care/contracts';
import type { Language } from '@care/kernel';
import { formatDate } from '../format.js';
import { html, mailtoUrl, safeUrl, telUrl, type SafeHtml } from '../html.js';
import { t, type MessageKey } from '../i18n/portal.messages.js';
import type { AgrementCatalog } from '../upstream/portal-catalog.js';

/** Sections shared by the site and care-provider pages. */

export function addressBlock(lang: Language, address: PublishedAddress): SafeHtml {
  const street = `${address.street[lang]}${address.number ? ` ${address.number}` : ''}${address.box ? ` (${t(lang, 'detail.box', { box: address.box })})` : ''}`;
  return html`<address>
    ${street}<br>${address.postcode} ${address.municipality.name[lang]}
    ${address.insideRegion ? '' : html`<br><span class="muted">${t(lang, 'detail.outsideRegion')}</span>`}
  </address>
  ${address.monitoringDistrict ? html`<p class="muted">${t(lang, 'detail.district', { name: address.monitoringDistrict.name[lang] })}</p>` : ''}
  ${address.remark ? html`<p>${address.remark[lang]}</p>` : ''}`;
}

export interface ContactLines {
  phones: string[];
  faxes?: string[];
  emails: string[];
  websites: string[];
}

/** A definition list of contacts, each a real link (tel:, mailto:, http(s) only). */
export function contactList(lang: Language, contacts: ContactLines): SafeHtml {
  const row = (key: MessageKey, values: SafeHtml[]) => (values.length === 0 ? '' : html`<dt>${t(lang, key)}</dt>${values.map((v) => html`<dd>${v}</dd>`)}`);
  const phone = (n: string) => {
    const href = telUrl(n);
    return href ? html`<a href="${href}">${n}</a>` : html`${n}`;
  };
  const email = (a: string) => {
    const href = mailtoUrl(a);
    return href ? html`<a href="${href}">${a}</a>` : html`${a}`;
  };
  const website = (u: string) => {
    const href = safeUrl(u);
    return href ? html`<a href="${href}" rel="noopener">${href.replace(/^https?:\/\//, '').replace(/\/$/, '')}</a>` : html`${u}`;
  };
  const rows = [
    row('detail.phone', contacts.phones.map(phone)),
    row('detail.fax', (contacts.faxes ?? []).map((n) => html`${n}`)),
    row('detail.email', contacts.emails.map(email)),
    row('detail.website', contacts.websites.map(website)),
  ].filter((r) => r !== '');
  return rows.length === 0 ? html`<p class="muted">—</p>` : html`<dl class="contacts">${rows}</dl>`;
}

export interface HoldingView {
  typeId: string;
  authorityId: string;
  reference: string | null;
  validFrom: string;
  validTo: string | null;
  capacity: { value: number; unit: 'beds' | 'places' | 'housing-units' } | null;
}

/** The agréments currently valid (public audience), with the authority that grants them today. */
export function agrementList(lang: Language, holdings: readonly HoldingView[] | null, catalog: AgrementCatalog | null): SafeHtml {
  if (holdings === null || catalog === null) return html`<p class="muted">${t(lang, 'detail.agrements.unavailable')}</p>`;
  if (holdings.length === 0) return html`<p class="muted">${t(lang, 'detail.agrements.none')}</p>`;
  return html`<ul class="agrements">${holdings.map((h) => {
    const type = catalog.types.get(h.typeId);
    const authority = catalog.authorities.get(h.authorityId);
    const facts = [
      authority ? t(lang, 'detail.agrement.by', { authority: `${authority.name[lang]} (${authority.abbreviation[lang]})` }) : null,
      t(lang, 'detail.agrement.since', { date: formatDate(lang, h.validFrom) }),
      h.validTo ? t(lang, 'detail.agrement.until', { date: formatDate(lang, h.validTo) }) : null,
      h.reference ? t(lang, 'detail.agrement.reference', { reference: h.reference }) : null,
      h.capacity ? t(lang, 'detail.agrement.capacity', { value: h.capacity.value, unit: t(lang, `detail.capacity.${h.capacity.unit}`) }) : null,
    ].filter(Boolean);
    return html`<li><strong>${type?.name[lang] ?? h.typeId}</strong><br><span class="muted">${facts.join(' · ')}</span></li>`;
  })}</ul>`;
}
