import { html } from '../html.js';
import { t, type MessageKey } from '../i18n/portal.messages.js';
import { layout, type RenderContext } from './layout.js';
import { searchForm } from './search-form.js';

export type ErrorStatus = 400 | 404 | 500 | 503;

/** An error as a page in the visitor's language, with a way on: the search box and the home page. */
export function errorPage(ctx: RenderContext, status: ErrorStatus, problems: Array<{ field: string; message: string }> = []): string {
  const { lang } = ctx;
  const title = t(lang, `error.${status}.title` as MessageKey);
  const main = html`
    <h1>${title}</h1>
    <p>${t(lang, `error.${status}.text` as MessageKey)}</p>
    ${problems.length > 0 ? html`<ul class="problems">${problems.map((p) => html`<li><code>${p.field}</code> — ${p.message}</li>`)}</ul>` : ''}
    ${status === 503 || status === 500 ? '' : searchForm(lang, { q: null })}
    <p><a href="/${lang}">${t(lang, 'error.home')}</a></p>`;
  return layout(ctx, { title, description: title, page: { kind: 'missing' }, index: false }, main);
}

