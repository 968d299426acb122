import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MESSAGES, placeholders, t, type MessageKey } from './portal.messages.js';

/** The portal's TypeScript sources (the compiled spec runs from dist/; the sources sit in src/). */
const SOURCES = fileURLToPath(new URL('../../../src/portal/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [file] : [];
  });
}

describe('portal dictionary', () => {
  const entries = Object.entries(MESSAGES) as Array<[MessageKey, { fr: string; nl: string }]>;

  it('has every text in French and in Dutch, never empty', () => {
    expect(entries.length).toBeGreaterThan(100);
    const missing = entries.filter(([, text]) => typeof text.fr !== 'string' || typeof text.nl !== 'string' || text.fr.trim() === '' || text.nl.trim() === '').map(([key]) => key);
    expect(missing).toEqual([]);
    const extra = entries.filter(([, text]) => Object.keys(text).sort().join() !== 'fr,nl').map(([key]) => key);
    expect(extra).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched = entries.filter(([, text]) => placeholders(text.fr).join() !== placeholders(text.nl).join()).map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('translates: a text differs between the languages unless it is a name or a word both share', () => {
    const shared = new Set<MessageKey>(['site.name', 'site.language.fr', 'site.language.nl', 'search.filters', 'detail.fax', 'detail.email', 'search.suggestions.count']);
    const same = entries.filter(([key, text]) => text.fr === text.nl && !shared.has(key)).map(([key]) => key);
    expect(same).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('fr', 'search.count.many', { count: '1 872' })).toBe('1 872 résultats');
    expect(t('nl', 'search.count.many', { count: '1.872' })).toBe('1.872 resultaten');
    expect(t('nl', 'search.count.page', { page: 2 })).toBe('pagina 2 van {pages}');
  });

  it('defines every key the portal code uses, and the code uses every key', () => {
    const code = sourceFiles(SOURCES)
      .filter((file) => !file.endsWith(path.join('i18n', 'portal.messages.ts')))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    // Literal keys: t(lang, 'search.title'); keys built from a value: t(lang, `day.${day}`).
    const literal = [...code.matchAll(/'((?:site|home|search|suggest|detail|provider|hours|day|error)\.[\w.-]+)'/g)].map((m) => m[1]!);
    const unknown = [...new Set(literal)].filter((key) => !(key in MESSAGES));
    expect(unknown).toEqual([]);
    const prefixes = [...code.matchAll(/`((?:site|search|suggest|detail|provider|hours|day|error)\.[\w.-]*)\$\{/g)].map((m) => m[1]!);
    const unused = entries.map(([key]) => key).filter((key) => !literal.includes(key) && !prefixes.some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });
});
