import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { EdgeMiddleware } from './edge/edge.middleware.js';
import { OWN_DOCUMENT } from './openapi/openapi.aggregator.js';

/**
 * Wires the edge in front of everything, and the documentation: the gateway's own routes are
 * documented by Nest like any service's; the aggregator merges them with the services'
 * documents, served at `/docs-json` (DocsController) and shown at `/docs`.
 */
export function setupGatewayEdge(app: NestExpressApplication): void {
  // The edge runs as plain Express middleware right after the request context, before Nest's own
  // middleware and router: a proxied request never enters them (they cost a third of the
  // gateway's time per request); the gateway's own routes continue to Nest.
  const edge = app.get(EdgeMiddleware);
  app.use((req: Parameters<EdgeMiddleware['use']>[0], res: Parameters<EdgeMiddleware['use']>[1], next: Parameters<EdgeMiddleware['use']>[2]) => edge.use(req, res, next));
  const own = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Social Brussels CARE — gateway').setVersion('1').build());
  app.get<{ document: unknown }>(OWN_DOCUMENT).document = own;
  SwaggerModule.setup('docs', app, own, { raw: false, customSiteTitle: 'CARE API', swaggerOptions: { url: '/docs-json' } });
}
