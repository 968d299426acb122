import { Controller, Get, Headers, NotFoundException, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { negotiateLanguage, parseOrThrow, type Language } from '@care/kernel';
import { PortalErrorFilter } from './http/portal-error.filter.js';
import { PortalAssets } from './http/portal-assets.js';
import { sendJson, sendPage } from './http/portal-response.js';
import { PortalPages } from './portal-pages.js';
import { languageOfPath, pageUrl, routesOf } from './portal-routes.js';
import { portalSearchSchema, searchQuery } from './portal-search.js';

/** The visitor's language from the URL of the page (`/nl/…`). */
const lang = (req: Request): Language => languageOfPath(req.path);

/** A browser sent us here without a language: the one it prefers (`?lang=` first), French otherwise. */
function redirectByLanguage(res: Response, accept: string | undefined, query: unknown, to: (lang: Language) => string): void {
  const asked = typeof (query as { lang?: unknown })?.lang === 'string' ? (query as { lang: string }).lang : undefined;
  res.set({ vary: 'Accept-Language', 'cache-control': 'private, max-age=0' }).redirect(302, to(negotiateLanguage(asked ?? accept)));
}

/**
 * The citizen portal: server-rendered pages in French (`/fr/…`) and Dutch (`/nl/…`), thin
 * handlers over PortalPages. Public GET only; nothing here calls a service on behalf of
 * anyone but the anonymous public.
 */
@ApiExcludeController()
@UseFilters(PortalErrorFilter)
@Controller()
export class PortalController {
  constructor(private readonly pages: PortalPages) {}

  @Get()
  root(@Headers('accept-language') accept: string | undefined, @Query() query: unknown, @Res() res: Response): void {
    redirectByLanguage(res, accept, query, (l) => pageUrl(l, { kind: 'home' }));
  }

  /** The public URL of social.brussels, kept: `/organisation/13219` → `/fr/organisation/13219`. */
  @Get('organisation/:id')
  legacy(@Param('id') id: string, @Headers('accept-language') accept: string | undefined, @Query() query: unknown, @Res() res: Response): void {
    if (!/^\d{1,10}$/.test(id)) throw new NotFoundException();
    redirectByLanguage(res, accept, query, (l) => pageUrl(l, { kind: 'site', id: Number(id) }));
  }

  @Get(['fr', 'nl'])
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendPage(res, lang(req), await this.pages.home(lang(req)));
  }

  @Get(routesOf('search'))
  async search(@Req() req: Request, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const search = parseOrThrow(portalSearchSchema, query);
    // A submitted form carries its empty fields and defaults: one redirect to the short, stable URL of the same search.
    const canonical = searchQuery(search);
    if (new URLSearchParams(req.url.split('?')[1] ?? '').toString() !== canonical.toString()) {
      res.redirect(302, pageUrl(lang(req), { kind: 'search', query: canonical }));
      return;
    }
    sendPage(res, lang(req), await this.pages.search(lang(req), search));
  }

  @Get(routesOf('site', '/:id'))
  async site(@Req() req: Request, @Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!/^\d{1,10}$/.test(id) || Number(id) > 2_147_483_647) throw new NotFoundException();
    sendPage(res, lang(req), await this.pages.site(lang(req), Number(id)));
  }

  @Get(routesOf('provider', '/:id'))
  async provider(@Req() req: Request, @Param('id') id: string, @Res() res: Response): Promise<void> {
    if (!/^\d{8}$/.test(id)) throw new NotFoundException();
    sendPage(res, lang(req), await this.pages.provider(lang(req), id));
  }

  /** Suggestions for the search box's script (progressive enhancement), with the portal URL of each. */
  @Get(routesOf('suggest'))
  async suggest(@Req() req: Request, @Query('q') q: unknown, @Res() res: Response): Promise<void> {
    sendJson(res, lang(req), await this.pages.suggest(lang(req), typeof q === 'string' ? q : ''));
  }

  /** Anything else under a language is a page that does not exist, in that language. */
  @Get(['fr/*rest', 'nl/*rest'])
  missing(): never {
    throw new NotFoundException();
  }
}

/** `/assets/{file}`: the portal's stylesheet, script and icons, from memory. */
@ApiExcludeController()
@Controller('assets')
export class PortalAssetsController {
  constructor(private readonly assets: PortalAssets) {}

  @Get(':name')
  asset(@Param('name') name: string, @Query('v') version: unknown, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: Response): void {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException();
    const etag = `"${asset.hash}"`;
    res.set({
      'content-type': asset.type,
      etag,
      'x-content-type-options': 'nosniff',
      // A versioned URL never changes content; an unversioned one is checked again after five minutes.
      'cache-control': version === asset.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    });
    if (ifNoneMatch === etag) {
      res.status(304).end();
      return;
    }
    res.status(200).send(asset.body);
  }
}
