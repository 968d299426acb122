import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestContext, type Language } from '@care/kernel';
import { PORTAL_CONFIG, type PortalConfig } from '../portal.config.js';

export type UpstreamService = 'organisations' | 'care-providers' | 'agrements' | 'search';

/** A service the page needs did not answer, or answered with an error: the portal shows a 503 page. */
export class UpstreamUnavailableError extends Error {
  constructor(
    readonly service: UpstreamService,
    detail: string,
  ) {
    super(`${service}: ${detail}`);
    this.name = 'UpstreamUnavailableError';
  }
}

/**
 * Reads from the platform's services for server-side rendering, as the anonymous public: the
 * audience header is always `public` (the gateway sets another one only for verified callers,
 * and the portal has none), the request id follows the request, and a slow service fails the
 * call after the configured timeout instead of holding the page.
 */
@Injectable()
export class PortalUpstream {
  private readonly logger = new Logger('PortalUpstream');
  private readonly bases: Record<UpstreamService, string>;

  constructor(@Inject(PORTAL_CONFIG) private readonly config: PortalConfig) {
    const { organisations, 'care-providers': careProviders, agrements, search } = config.upstreams;
    this.bases = { organisations, 'care-providers': careProviders, agrements, search };
  }

  /** GET a JSON document; null when the service answers 404 (an unknown id). */
  async get<T>(service: UpstreamService, path: string, lang: Language): Promise<T | null> {
    const url = `${this.bases[service]}${path}`;
    const context = RequestContext.current();
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/json',
          'accept-language': lang,
          'x-care-audience': 'public',
          ...(context ? { 'x-request-id': context.requestId, 'x-correlation-id': context.correlationId } : {}),
        },
        signal: AbortSignal.timeout(this.config.PORTAL_UPSTREAM_TIMEOUT_MS),
      });
    } catch (error) {
      this.logger.warn(`${service} GET ${path} failed: ${(error as Error).message}`);
      throw new UpstreamUnavailableError(service, (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable');
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      this.logger.warn(`${service} GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      throw new UpstreamUnavailableError(service, `status ${response.status}`);
    }
    return (await response.json()) as T;
  }

  /** GET that must find something (reference lists, searches). */
  async require<T>(service: UpstreamService, path: string, lang: Language): Promise<T> {
    const body = await this.get<T>(service, path, lang);
    if (body === null) throw new UpstreamUnavailableError(service, `GET ${path} answered 404`);
    return body;
  }
}
