import type { Language } from '@care/kernel';

/**
 * The portal's URLs. Every page exists in French and Dutch under `/fr/…` and `/nl/…`; a page's
 * counterpart in the other language has the same id and query string, so the language switch
 * keeps the page. The detail URL of a site is `/{lang}/organisation/{id}` in both languages,
 * as on social.brussels (`/organisation/{id}` without a language redirects).
 */
export const SEGMENTS = {
  search: { fr: 'recherche', nl: 'zoeken' },
  site: { fr: 'organisation', nl: 'organisation' },
  provider: { fr: 'prestataire', nl: 'zorgverlener' },
  suggest: { fr: 'suggestions', nl: 'suggesties' },
} as const satisfies Record<string, Record<Language, string>>;

export type PortalPage =
  | { kind: 'home' }
  | { kind: 'search'; query: URLSearchParams }
  | { kind: 'site'; id: number }
  | { kind: 'provider'; id: string }
  /** A page that does not exist: its counterpart is the other language's home page. */
  | { kind: 'missing' };

export const otherLanguage = (lang: Language): Language => (lang === 'fr' ? 'nl' : 'fr');

/** Root-relative URL of a page in a language. */
export function pageUrl(lang: Language, page: PortalPage): string {
  switch (page.kind) {
    case 'home':
    case 'missing':
      return `/${lang}`;
    case 'search': {
      const query = page.query.toString();
      return `/${lang}/${SEGMENTS.search[lang]}${query ? `?${query}` : ''}`;
    }
    case 'site':
      return `/${lang}/${SEGMENTS.site[lang]}/${page.id}`;
    case 'provider':
      return `/${lang}/${SEGMENTS.provider[lang]}/${encodeURIComponent(page.id)}`;
  }
}

export const suggestUrl = (lang: Language) => `/${lang}/${SEGMENTS.suggest[lang]}`;

/** Route paths for Nest, both languages (`['fr/recherche', 'nl/zoeken']`). */
export function routesOf(segment: keyof typeof SEGMENTS, suffix = ''): string[] {
  return (['fr', 'nl'] as const).map((lang) => `${lang}/${SEGMENTS[segment][lang]}${suffix}`);
}

/** The language of a portal path (`/nl/zoeken` → nl); French for anything else. */
export function languageOfPath(path: string): Language {
  return /^\/nl(\/|$)/.test(path) ? 'nl' : 'fr';
}
