import type { Language } from '@care/kernel';
import { html, type SafeHtml } from '../html.js';
import { t } from '../i18n/portal.messages.js';
import { otherLanguage, pageUrl, suggestUrl, type PortalPage } from '../portal-routes.js';

/** What every page needs besides its content. */
export interface RenderContext {
  lang: Language;
  /** Versioned URL of a static asset. */
  asset: (name: string) => string;
  /** Public origin for canonical and alternate URLs (root-relative when unset). */
  publicUrl: string | null;
  now: Date;
}

export interface PageMeta {
  title: string;
  description: string;
  /** The page, for its canonical URL and its counterpart in the other language. */
  page: PortalPage;
  /** Result pages are not indexed (endless combinations of filters); detail pages and home are. */
  index: boolean;
}

const absolute = (ctx: RenderContext, path: string) => `${ctx.publicUrl ?? ''}${path}`;

/**
 * The document around every page: language, title, description, canonical and hreflang links,
 * the stylesheet and the script as files (the Content-Security-Policy allows no inline code),
 * a skip link, the language switch that keeps the page and its query, the footer.
 */
export function layout(ctx: RenderContext, meta: PageMeta, main: SafeHtml): string {
  const { lang } = ctx;
  const other = otherLanguage(lang);
  const here = pageUrl(lang, meta.page);
  const there = pageUrl(other, meta.page);
  const alternates = meta.page.kind === 'missing' ? '' : html`
  <link rel="alternate" hreflang="${lang}" href="${absolute(ctx, here)}">
  <link rel="alternate" hreflang="${other}" href="${absolute(ctx, there)}">
  <link rel="alternate" hreflang="x-default" href="${absolute(ctx, meta.page.kind === 'home' ? '/' : pageUrl('fr', meta.page))}">`;
  const fullTitle = meta.page.kind === 'home' ? `${t(lang, 'site.name')} – ${meta.title}` : `${meta.title} – ${t(lang, 'site.name')}`;
  return `<!doctype html>\n${html`<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${fullTitle}</title>
  <meta name="description" content="${meta.description}">
  ${meta.index ? '' : html`<meta name="robots" content="noindex, follow">`}
  ${meta.page.kind === 'missing' ? '' : html`<link rel="canonical" href="${absolute(ctx, here)}">`}${alternates}
  <link rel="icon" href="${ctx.asset('favicon.svg')}" type="image/svg+xml">
  <link rel="stylesheet" href="${ctx.asset('portal.css')}">
  <script src="${ctx.asset('portal.js')}" defer></script>
</head>
<body data-lang="${lang}" data-suggest="${suggestUrl(lang)}">
  <a class="skip-link" href="#main">${t(lang, 'site.skip')}</a>
  <header class="site-header">
    <div class="wrap header-row">
      <a class="brand" href="/${lang}"><span class="brand-name">${t(lang, 'site.name')}</span><span class="brand-tagline">${t(lang, 'site.tagline')}</span></a>
      <nav class="language-switch" aria-label="${t(lang, 'site.language')}">
        <a href="${there}" hreflang="${other}" lang="${other}" title="${t(lang, 'site.language.switch')}">${t(other, `site.language.${other}`)}</a>
      </nav>
    </div>
  </header>
  <main id="main" tabindex="-1" class="wrap">
${main}
  </main>
  <footer class="site-footer">
    <div class="wrap">
      <p>${t(lang, 'site.footer.data')}</p>
      <p>${t(lang, 'site.footer.lastCheck')}</p>
    </div>
  </footer>
</body>
</html>`}\n`;
}
