import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '@care/testing/browser';
import type { RunningPlatform } from '../platform.js';
import { REPO_ROOT } from '../services.js';

/** Where the run leaves its screenshots (ignored by git): `test-output/portal/`. */
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'portal');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The real record of social.brussels kept in the demo data (`/organisation/13219`). */
const RECORD = { id: 13219, fr: "COORDINATION DE L'ACTION SOCIALE DE SCHAERBEEK", nl: 'COÖRDINATIE VAN DE SCHAARBEEKSE SOCIALE ACTIE' };

/**
 * The citizen portal as a person uses it, on a platform booted as `npm start` does (six services,
 * demo data; see platform.e2e-spec.ts, which runs this suite on its platform so that the demo data
 * loads once): pages opened in Debian's Chromium driven by playwright-core, JavaScript on (with
 * the portal's Content-Security-Policy enforced), keyboard and geolocation included.
 */
export function portalBrowserTests(running: () => RunningPlatform): void {
  describeWithChromium('citizen portal in headless Chromium', (chromiumPath) => {
    let platform: RunningPlatform;
    let browser: Browser;
    let portal: string;
    /** Console errors, CSP violations, script errors and dialogs seen on any page: there must be none. */
    const problems: string[] = [];
    const screenshots: string[] = [];

    beforeAll(async () => {
      platform = running();
      portal = platform.urls['gateway']!;
      // Healthy services may still be warming up (first queries, reference data): wait for a first page.
      for (let i = 0; i < 60 && (await fetch(`${portal}/fr`).then((r) => r.status, () => 0)) !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 1_000));
      browser = await launchChromium(chromiumPath);
      mkdirSync(SCREENSHOTS, { recursive: true });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (screenshots.length > 0) process.stdout.write(`\nportal screenshots (${screenshots.length}) in ${SCREENSHOTS}:\n${screenshots.map((s) => `  ${s}`).join('\n')}\n`);
    });

    async function open(url: string, options: BrowserContextOptions = {}): Promise<Page> {
      const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-BE', ...options });
      const page = await context.newPage();
      page.on('console', (message) => {
        // A page answered 404 on purpose is logged as a failed resource: failed responses are checked below instead.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`${page.url()}: console: ${message.text()}`);
      });
      page.on('response', (response) => {
        if (response.request().resourceType() !== 'document' && response.status() >= 400) problems.push(`${response.url()}: ${response.status()}`);
      });
      page.on('requestfailed', (request) => {
        // Requests cut short by a navigation or by closing the page are not failures of the portal.
        if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: script error: ${error.message}`));
      page.on('dialog', (dialog) => {
        problems.push(`${page.url()}: dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      await page.goto(`${portal}${url}`);
      return page;
    }

    const close = (page: Page) => page.context().close();
    const lang = (page: Page) => page.locator('html').getAttribute('lang');
    const pathOf = (page: Page) => {
      const url = new URL(page.url());
      return `${url.pathname}${url.search}`;
    };
    const hitCount = async (page: Page) => page.locator('ol.hits > li').count();

    /** The focused element and whether its focus is visible (an outline of at least 2 px). */
    const focused = (page: Page) =>
      page.evaluate(() => {
        // Runs in the page (DOM types are not part of this project's compilation).
        const dom = globalThis as any;
        const el = dom.document.activeElement;
        const style = el ? dom.getComputedStyle(el) : null;
        return {
          tag: el?.tagName.toLowerCase() ?? null,
          text: (el?.textContent ?? '').trim().slice(0, 80),
          href: el?.getAttribute('href') ?? null,
          id: el?.id ?? null,
          visible: !!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });

    it('searches in French: typed words, results with their place, a map of the results, a page in French', async () => {
      const page = await open('/fr');
      expect(await lang(page)).toBe('fr');
      expect(await page.title()).toBe('Social Brussels – Trouver un service social ou de santé à Bruxelles');
      await page.getByLabel('Que cherchez-vous ?').fill('médecin généraliste');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL(/\/fr\/recherche\?q=m%C3%A9decin\+g%C3%A9n%C3%A9raliste$/);
      expect(await page.locator('h1').textContent()).toBe('Résultats pour « médecin généraliste »');
      expect(await page.locator('#results-heading').textContent()).toMatch(/^\d[\d\s\u202f]* résultats/);
      expect(await hitCount(page)).toBe(20);
      expect(await page.locator('ol.hits > li').first().locator('.hit-address').textContent()).toMatch(/, 1\d{3} \S/);
      expect(await page.locator('#results-map a.marker').count()).toBeGreaterThan(10);
      expect(await page.locator('#results-map path.municipality').count()).toBe(19);
      await close(page);
    });

    it('searches in Dutch: Dutch words and a Dutch page at /nl/zoeken', async () => {
      const page = await open('/nl', { locale: 'nl-BE' });
      expect(await lang(page)).toBe('nl');
      await page.getByLabel('Wat zoekt u?').fill('huisarts');
      await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
      await page.waitForURL(/\/nl\/zoeken\?q=huisarts$/);
      expect(await page.locator('h1').textContent()).toBe('Resultaten voor "huisarts"');
      expect(await page.locator('#results-heading').textContent()).toMatch(/resultaten/);
      expect(await hitCount(page)).toBeGreaterThan(0);
      expect(await page.locator('ol.hits').textContent()).toMatch(/huisarts/i);
      await close(page);
    });

    it('suggests while typing (ARIA combobox): arrows choose, Enter opens the suggestion', async () => {
      const expected = (await (await fetch(`${portal}/fr/suggestions?q=schaer`)).json()) as { suggestions: Array<{ label: string; type: string; url: string }> };
      expect(expected.suggestions[0]).toEqual({ label: 'Schaerbeek', type: 'Commune', url: '/fr/recherche?municipality=21015' });
      const page = await open('/fr');
      const box = page.getByRole('combobox', { name: 'Que cherchez-vous ?' });
      await box.pressSequentially('schaer', { delay: 40 });
      const options = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
      await options.first().waitFor();
      expect(await box.getAttribute('aria-expanded')).toBe('true');
      expect(await options.first().textContent()).toBe('Schaerbeek Commune');
      await page.keyboard.press('ArrowDown');
      expect(await box.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
      expect(await options.first().getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('Enter');
      await page.waitForURL(/municipality=21015/);
      expect(pathOf(page)).toBe('/fr/recherche?municipality=21015');
      expect(await page.locator('ol.hits .hit-address').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Schaerbeek')]));
      await close(page);
    });

    it('applies filters: a municipality keeps only its places, "open now" keeps only places open now', async () => {
      const page = await open('/fr/recherche?q=aide');
      const before = await page.locator('#results-heading').textContent();
      await page.locator('summary', { hasText: 'Filtres' }).click();
      await page.getByLabel('Commune', { exact: true }).selectOption('21015');
      await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
      await page.waitForURL(/municipality=21015/);
      // The submitted form (with its empty fields) is redirected to the short URL of the same search.
      expect(pathOf(page)).toBe('/fr/recherche?q=aide&municipality=21015');
      const addresses = await page.locator('ol.hits .hit-address').allTextContents();
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses) expect(address).toMatch(/ Schaerbeek$/);
      expect(await page.locator('#results-heading').textContent()).not.toBe(before);
      expect(await page.getByRole('link', { name: 'Retirer le filtre Commune : Schaerbeek' }).count()).toBe(1);

      // Open now, services only: the first result's page says it is open now (same rules, Brussels time).
      await page.locator('summary', { hasText: 'Filtres' }).click();
      await page.getByLabel('Type', { exact: true }).selectOption('site');
      await page.getByLabel('Ouvert maintenant', { exact: true }).check();
      await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
      await page.waitForURL(/open=1/);
      if ((await hitCount(page)) === 0) {
        expect(await page.locator('#results-heading').textContent()).toBe('Aucun résultat');
      } else {
        await page.locator('ol.hits .hit-name a').first().click();
        await page.waitForURL(/\/fr\/organisation\/\d+$/);
        expect(await page.locator('.detail-header .status').textContent()).toMatch(/^Ouvert maintenant/);
      }
      await close(page);
    });

    it('finds what is near me with the browser’s position, nearest first, with distances', async () => {
      const page = await open('/fr/recherche?q=m%C3%A9decin', { geolocation: { latitude: 50.8466, longitude: 4.3528 }, permissions: ['geolocation'] });
      await page.getByRole('button', { name: 'Près de moi' }).click();
      await page.waitForURL(/near=50\.8466%2C4\.3528/);
      const facts = await page.locator('ol.hits .hit-facts').allTextContents();
      expect(facts.length).toBeGreaterThan(0);
      const metres = facts.map((f) => {
        const [, value, unit] = /à ([\d,]+) (m|km)/.exec(f) ?? [];
        return Number(value!.replace(',', '.')) * (unit === 'km' ? 1_000 : 1);
      });
      expect(metres).toEqual([...metres].sort((a, b) => a - b));
      expect(metres.at(-1)).toBeLessThanOrEqual(2_000);
      expect(await page.locator('#results-map .you').count()).toBe(1);
      await close(page);
    });

    it('opens a detail page with its hours, contacts, agréments and map', async () => {
      const holding = (await (await fetch(`${platform.urls['agrements']}/holdings/valid?holderKind=site&size=1`)).json()) as { items: Array<{ typeId: string; holder: { id: string } }> };
      const siteId = holding.items[0]!.holder.id;
      const type = (await (await fetch(`${platform.urls['agrements']}/types/${holding.items[0]!.typeId}`)).json()) as { name: { fr: string } };
      const site = (await (await fetch(`${platform.urls['organisations']}/sites/${siteId}`)).json()) as { names: { official: { fr: string } } };

      const page = await open(`/fr/recherche?q=${encodeURIComponent(site.names.official.fr)}`);
      await page.locator(`ol.hits a[href="/fr/organisation/${siteId}"]`).first().click();
      await page.waitForURL(new RegExp(`/fr/organisation/${siteId}$`));
      expect(await page.locator('h1').textContent()).toBe(site.names.official.fr);
      expect(await page.locator('section[aria-labelledby="agrements-heading"]').textContent()).toContain(type.name.fr);
      expect(await page.locator('#site-map a, #site-map .marker').count()).toBe(1);
      await close(page);

      const record = await open(`/fr/organisation/${RECORD.id}`);
      expect(await record.title()).toBe(`${RECORD.fr} – Schaerbeek – Social Brussels`);
      expect(await record.locator('h1').textContent()).toBe(RECORD.fr);
      expect(await record.locator('address').first().innerText()).toMatch(/^Boulevard Auguste Reyers 70\n1030 Schaerbeek$/);
      expect(await record.locator('table.hours tbody tr').count()).toBe(7);
      expect(await record.locator('table.hours').textContent()).toMatch(/08:30–16:00/);
      expect(await record.getByRole('link', { name: '02/435.51.38' }).getAttribute('href')).toBe('tel:+3224355138');
      expect(await record.getByRole('link', { name: 'cass@cpas-schaerbeek.be' }).getAttribute('href')).toBe('mailto:cass@cpas-schaerbeek.be');
      expect(await record.locator('link[rel="canonical"]').getAttribute('href')).toBe(`/fr/organisation/${RECORD.id}`);
      expect(await record.locator('link[rel="alternate"][hreflang="nl"]').getAttribute('href')).toBe(`/nl/organisation/${RECORD.id}`);
      await close(record);
    });

    it('opens a care provider’s page from a Dutch search, with each practice', async () => {
      const page = await open('/nl/zoeken?q=huisarts&kind=practice', { locale: 'nl-BE' });
      await page.locator('ol.hits .hit-name a').first().click();
      await page.waitForURL(/\/nl\/zorgverlener\/\d{8}#practice-/);
      expect(await lang(page)).toBe('nl');
      expect(await page.locator('.detail-header .lead').textContent()).toBe('huisarts');
      expect(await page.locator('section.practice').count()).toBeGreaterThan(0);
      expect(await page.locator('section[aria-labelledby="profile-heading"]').textContent()).toMatch(/RIZIV-nummer\d-\d{5}-\d{2}-\d{3}/);
      await close(page);
    });

    it('switches language keeping the page and the query', async () => {
      const page = await open('/fr/recherche?q=m%C3%A9decin&municipality=21015');
      await page.getByRole('link', { name: 'Nederlands' }).click();
      await page.waitForURL(/\/nl\/zoeken/);
      expect(pathOf(page)).toBe('/nl/zoeken?q=m%C3%A9decin&municipality=21015');
      expect(await lang(page)).toBe('nl');
      expect(await page.getByRole('link', { name: 'Filter Gemeente: Schaarbeek verwijderen' }).count()).toBe(1);
      await page.getByRole('link', { name: 'Français' }).click();
      await page.waitForURL(/\/fr\/recherche/);
      expect(pathOf(page)).toBe('/fr/recherche?q=m%C3%A9decin&municipality=21015');

      await page.goto(`${portal}/fr/organisation/${RECORD.id}`);
      await page.getByRole('link', { name: 'Nederlands' }).click();
      await page.waitForURL(new RegExp(`/nl/organisation/${RECORD.id}$`));
      expect(await page.locator('h1').textContent()).toBe(RECORD.nl);
      expect(await page.locator('address').first().innerText()).toMatch(/^Auguste Reyerslaan 70\n1030 Schaarbeek$/);
      await close(page);
    });

    it('works with the keyboard alone: skip link, search box, results and a detail page, focus always visible', async () => {
      const page = await open('/fr');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Aller au contenu principal', visible: true });
      expect((await page.locator('.skip-link').boundingBox())!.y).toBeGreaterThanOrEqual(0);
      await page.keyboard.press('Enter');
      expect((await focused(page)).id).toBe('main');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ tag: 'input', id: 'q', visible: true });
      await page.keyboard.type('aide alimentaire', { delay: 20 });
      // No suggestion chosen: Enter submits the form.
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/fr\/recherche\?q=aide\+alimentaire$/);
      let link = await focused(page);
      for (let i = 0; i < 60 && !(link.tag === 'a' && /^\/fr\/(organisation|prestataire)\//.test(link.href ?? '')); i++) {
        await page.keyboard.press('Tab');
        link = await focused(page);
        expect(link.visible).toBe(true);
      }
      expect(link.href).toBe(await page.locator('ol.hits .hit-name a').first().getAttribute('href'));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/fr\/(organisation|prestataire)\//);
      expect(await page.locator('h1').textContent()).toBe(link.text);
      await close(page);
    });

    it('passes an automated accessibility check (axe-core, WCAG 2.1 A and AA): no serious or critical violation', async () => {
      const pages = ['/fr', '/fr/recherche?q=m%C3%A9decin', `/fr/organisation/${RECORD.id}`, '/nl', '/nl/zoeken?q=huisarts&kind=practice&municipality=21015', `/nl/organisation/${RECORD.id}`, '/fr/nope'];
      const found: string[] = [];
      for (const url of pages) {
        // axe is injected as a script: this context only lifts the page's CSP for it.
        const page = await open(url, { bypassCSP: true });
        await page.addScriptTag({ content: AXE_SOURCE });
        const results = (await page.evaluate(() => {
          const dom = globalThis as any;
          return dom.axe.run(dom.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        })) as { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>; passes: unknown[] };
        expect(results.passes.length).toBeGreaterThan(10);
        for (const v of results.violations) {
          const line = `${url}: [${v.impact}] ${v.id} – ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`;
          process.stdout.write(`axe ${line}\n`);
          if (v.impact === 'serious' || v.impact === 'critical') found.push(line);
        }
        await close(page);
      }
      expect(found).toEqual([]);
    }, 180_000);

    it('saves screenshots of the main pages on a phone and on a desktop', async () => {
      const provider = (await (await fetch(`${portal}/fr/suggestions?q=benali`)).json()) as { suggestions: Array<{ url: string }> };
      const pages: Array<[string, string]> = [
        ['home-fr', '/fr'],
        ['results-fr', '/fr/recherche?q=m%C3%A9decin'],
        ['detail-fr', `/fr/organisation/${RECORD.id}`],
        ['home-nl', '/nl'],
        ['results-nl', '/nl/zoeken?q=huisarts&municipality=21015'],
        ['detail-nl', `/nl/organisation/${RECORD.id}`],
        ['provider-fr', provider.suggestions.find((s) => s.url.includes('/prestataire/'))?.url ?? '/fr/recherche?kind=practice'],
      ];
      for (const [viewportName, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
        for (const [name, url] of pages) {
          const page = await open(url, { viewport, deviceScaleFactor: 1, isMobile: viewportName === 'phone', hasTouch: viewportName === 'phone' });
          const file = path.join(SCREENSHOTS, `${name}-${viewportName}-${viewport.width}x${viewport.height}.png`);
          await page.screenshot({ path: file, fullPage: true });
          expect(statSync(file).size).toBeGreaterThan(10_000);
          screenshots.push(path.relative(REPO_ROOT, file));
          await close(page);
        }
      }
      expect(screenshots).toHaveLength(pages.length * 2);
    }, 180_000);

    it('redirects the old public URL by the browser’s language, and hides what is not published', async () => {
      const dutch = await fetch(`${portal}/organisation/${RECORD.id}`, { redirect: 'manual', headers: { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' } });
      expect(dutch.status).toBe(302);
      expect(dutch.headers.get('location')).toBe(`/nl/organisation/${RECORD.id}`);
      const french = await fetch(`${portal}/organisation/${RECORD.id}`, { redirect: 'manual' });
      expect(french.headers.get('location')).toBe(`/fr/organisation/${RECORD.id}`);
      expect((await fetch(`${portal}/`, { redirect: 'manual', headers: { 'accept-language': 'nl' } })).headers.get('location')).toBe('/nl');

      const draft = (await (await fetch(`${platform.urls['organisations']}/sites?state=draft&size=1`, { headers: { 'x-care-audience': 'internal' } })).json()) as { items: Array<{ id: number }> };
      const hidden = await fetch(`${portal}/nl/organisation/${draft.items[0]!.id}`);
      expect(hidden.status).toBe(404);
      const body = await hidden.text();
      expect(body).toContain('<html lang="nl">');
      expect(body).toContain('Pagina niet gevonden');
      const wrong = await fetch(`${portal}/fr/recherche?page=abc&radius=7`);
      expect(wrong.status).toBe(400);
      const problems400 = await wrong.text();
      expect(problems400).toContain('<code>page</code>');
      expect(problems400).toContain('<code>radius</code> — choisir l’une des distances proposées');
    });

    it('escapes what it shows and runs no inline code: a hostile query stays text, the CSP holds on every page', async () => {
      const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>"'`;
      const page = await open(`/fr/recherche?q=${encodeURIComponent(hostile)}`);
      expect(await page.locator('h1').textContent()).toBe(`Résultats pour « ${hostile} »`);
      expect(await page.locator('main img, main script').count()).toBe(0);
      expect(await page.getByLabel('Que cherchez-vous ?').inputValue()).toBe(hostile);
      await close(page);
      const response = await fetch(`${portal}/fr`);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
      const html = await response.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/);
      expect(problems).toEqual([]);
    });
  });
}
