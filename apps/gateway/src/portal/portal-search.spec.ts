import { parseOrThrow, ValidationError } from '@care/kernel';
import { pageUrl, otherLanguage } from './portal-routes.js';
import { changed, portalSearchSchema, searchQuery, searchServiceQuery } from './portal-search.js';

const parse = (query: Record<string, unknown>) => parseOrThrow(portalSearchSchema, query);

function issues(query: Record<string, unknown>): Array<{ path: string; fr: string; nl: string }> {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => ({ path: i.path, fr: i.message.fr, nl: i.message.nl }));
    throw error;
  }
  return [];
}

describe('portal search parameters', () => {
  it('reads a GET form: empty fields are absent, unknown parameters ignored, repeated ones count once', () => {
    const search = parse({ q: '  médecin ', sector: '', category: '472', municipality: '21015', open: '1', utm_source: 'google', kind: ['practice', 'site'] });
    expect(search).toMatchObject({ q: 'médecin', sector: null, category: 472, municipality: '21015', open: true, kind: 'practice', page: 1, near: null });
  });

  it('names every wrong field with a French and a Dutch message', () => {
    const found = issues({ page: '0', municipality: '1030', near: 'here', radius: '3', kind: 'everything' });
    expect(found.map((i) => i.path).sort()).toEqual(['kind', 'municipality', 'near', 'page', 'radius']);
    for (const issue of found) expect(issue.fr).not.toBe(issue.nl);
    expect(found.find((i) => i.path === 'near')?.nl).toBe('verwacht "breedtegraad,lengtegraad" in graden');
    expect(issues({ sort: 'distance' })).toEqual([{ path: 'sort', fr: 'le tri par distance demande une position (« près de moi »)', nl: 'sorteren op afstand vereist een positie ("in mijn buurt")' }]);
  });

  it('writes equal searches as equal URLs, rounding a position to about a metre', () => {
    const a = parse({ municipality: '21015', q: 'aide', near: '50.8517561,4.4014451', open: 'on' });
    expect(searchQuery(a).toString()).toBe('q=aide&municipality=21015&open=1&near=50.85176%2C4.40145');
    expect(pageUrl('nl', { kind: 'search', query: searchQuery(a) })).toBe('/nl/zoeken?q=aide&municipality=21015&open=1&near=50.85176%2C4.40145');
  });

  it('goes back to page 1 when a filter changes, not when paging', () => {
    const search = parse({ q: 'aide', page: '3' });
    expect(changed(search, { municipality: '21001' }).page).toBe(1);
    expect(searchQuery({ ...search, page: 4 }).get('page')).toBe('4');
  });

  it('asks the search service in the page language; "open now" is openAt = now; near a place sorts by distance', () => {
    const now = new Date('2026-12-02T09:15:00Z');
    const query = searchServiceQuery(parse({ near: '50.85,4.4', open: '1', language: 'ar', radius: '5000' }), 'nl', now);
    expect(Object.fromEntries(query)).toEqual({ lang: 'nl', page: '1', size: '20', language: 'ar', openAt: '2026-12-02T09:15:00.000Z', near: '50.85,4.4', radius: '5000', sort: 'distance' });
    expect(searchServiceQuery(parse({ q: 'dentiste', near: '50.85,4.4' }), 'fr', now).get('sort')).toBe('distance');
    expect(searchServiceQuery(parse({ q: 'dentiste', near: '50.85,4.4', sort: 'relevance' }), 'fr', now).get('sort')).toBe('relevance');
    expect(searchServiceQuery(parse({ q: 'dentiste' }), 'fr', now).get('sort')).toBe('relevance');
    expect(searchServiceQuery(parse({}), 'fr', now).get('sort')).toBe('name');
  });

  it('leaves the default order out of the URL, so that a submitted form and a link give the same URL', () => {
    const submitted = parse({ q: 'aide', kind: '', sector: '', category: '', municipality: '21015', language: '', sort: 'relevance' });
    expect(searchQuery(submitted).toString()).toBe('q=aide&municipality=21015');
    expect(searchQuery(parse({ q: 'aide', sort: 'name' })).toString()).toBe('q=aide&sort=name');
    // The short URL is its own canonical form.
    const short = searchQuery(parse({ near: '50.8517561,4.4014451', radius: '5000', q: 'x y' }));
    expect(searchQuery(parse(Object.fromEntries(short))).toString()).toBe(short.toString());
  });

  it('keeps the page and its query when switching language', () => {
    const query = searchQuery(parse({ q: 'huisarts', category: '472' }));
    expect(pageUrl(otherLanguage('fr'), { kind: 'search', query })).toBe('/nl/zoeken?q=huisarts&category=472');
    expect(pageUrl(otherLanguage('nl'), { kind: 'site', id: 13219 })).toBe('/fr/organisation/13219');
    expect(pageUrl('nl', { kind: 'provider', id: '10044151' })).toBe('/nl/zorgverlener/10044151');
    expect(pageUrl('fr', { kind: 'provider', id: '10044151' })).toBe('/fr/prestataire/10044151');
  });
});
