import { type DynamicModule, Module } from '@nestjs/common';
import { PortalErrorFilter } from './http/portal-error.filter.js';
import { PortalAssets } from './http/portal-assets.js';
import { PORTAL_CONFIG, type PortalConfig } from './portal.config.js';
import { PortalAssetsController, PortalController } from './portal.controller.js';
import { PortalPages } from './portal-pages.js';
import { PortalCatalog } from './upstream/portal-catalog.js';
import { PortalUpstream } from './upstream/portal-upstream.js';

/**
 * The citizen portal (issue 11), self-contained: `/`, `/fr/**`, `/nl/**`, `/assets/**`, public
 * GET only. It reads the services directly for server-side rendering; the gateway's API routes
 * (`/api/…`) are not its concern.
 */
@Module({})
export class PortalModule {
  static register(config: PortalConfig): DynamicModule {
    return {
      module: PortalModule,
      controllers: [PortalAssetsController, PortalController],
      providers: [{ provide: PORTAL_CONFIG, useValue: config }, PortalUpstream, PortalCatalog, PortalAssets, PortalPages, PortalErrorFilter],
    };
  }
}
