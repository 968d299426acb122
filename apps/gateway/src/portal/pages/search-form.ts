import type { Language } from '@care/kernel';
import { html, type SafeHtml } from '../html.js';
import { t } from '../i18n/portal.messages.js';
import { pageUrl } from '../portal-routes.js';

/**
 * The search box: a plain GET form to the results page, usable without JavaScript. The script
 * turns the field into an ARIA 1.2 combobox with suggestions (`data-*` texts below) and shows
 * the "near me" button, which needs the browser's geolocation.
 */
export function searchForm(lang: Language, options: { q: string | null; extra?: SafeHtml; id?: string }): SafeHtml {
  const id = options.id ?? 'q';
  return html`<form class="search-form" role="search" action="${pageUrl(lang, { kind: 'search', query: new URLSearchParams() })}" method="get">
    <label class="search-label" for="${id}">${t(lang, 'search.label')}</label>
    <p class="hint" id="${id}-hint">${t(lang, 'search.hint')}</p>
    <div class="search-row">
      <div class="combo" data-combobox
        data-label-suggestions="${t(lang, 'search.suggestions')}"
        data-label-count="${t(lang, 'search.suggestions.count')}"
        data-label-none="${t(lang, 'search.suggestions.none')}">
        <input id="${id}" name="q" type="search" value="${options.q ?? ''}" maxlength="200" autocomplete="off" spellcheck="false" aria-describedby="${id}-hint">
      </div>
      <button type="submit" class="button primary">${t(lang, 'search.submit')}</button>
    </div>
    <div class="near-row">
      <button type="button" class="button secondary near-me" data-near-me hidden
        data-label-locating="${t(lang, 'search.nearMe.locating')}"
        data-label-denied="${t(lang, 'search.nearMe.denied')}">${t(lang, 'search.nearMe')}</button>
      <p class="near-status" role="status" data-near-status></p>
    </div>
    ${options.extra ?? ''}
  </form>`;
}
