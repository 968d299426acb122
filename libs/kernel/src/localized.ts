/** The two official languages of the Brussels-Capital Region; every text the platform shows exists in both. */
export const LANGUAGES = ['fr', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in French and Dutch. */
export interface Localized {
  fr: string;
  nl: string;
}

/**
 * Picks the caller's language from an Accept-Language header (or a `lang` value), FR or NL;
 * French when neither is asked for, as on the historical social.brussels site.
 */
export function negotiateLanguage(header: string | undefined | null): Language {
  if (!header) return 'fr';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'fr' || primary === 'nl') return primary;
  }
  return 'fr';
}
