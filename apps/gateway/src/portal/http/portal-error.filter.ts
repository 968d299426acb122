import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFoundError, ValidationError } from '@care/kernel';
import { ErrorFilter } from '@care/service-kit';
import { PortalPages } from '../portal-pages.js';
import { languageOfPath, SEGMENTS } from '../portal-routes.js';
import { UpstreamUnavailableError } from '../upstream/portal-upstream.js';
import type { ErrorStatus } from '../pages/error.page.js';
import { sendPage } from './portal-response.js';

const JSON_PATHS = new Set([`/fr/${SEGMENTS.suggest.fr}`, `/nl/${SEGMENTS.suggest.nl}`]);

/**
 * Errors of portal pages become pages in the visitor's language (400 naming the fields of the
 * search, 404, 503 when a service is down, 500), never a stack trace. The suggestions endpoint
 * answers JSON like every API, through the platform's ErrorFilter.
 */
@Catch()
@Injectable()
export class PortalErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Portal');
  private readonly json = new ErrorFilter();

  constructor(private readonly pages: PortalPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (JSON_PATHS.has(req.path.replace(/\/$/, ''))) return this.json.catch(exception, host);
    const lang = languageOfPath(req.path);
    let status: ErrorStatus = 500;
    let problems: Array<{ field: string; message: string }> = [];
    if (exception instanceof ValidationError) {
      status = 400;
      problems = exception.issues.map((i) => ({ field: i.path, message: i.message[lang] }));
    } else if (exception instanceof NotFoundError || (exception instanceof HttpException && exception.getStatus() === 404)) {
      status = 404;
    } else if (exception instanceof UpstreamUnavailableError) {
      status = 503;
    } else {
      this.logger.error(`${req.method} ${req.path} failed`, (exception as Error)?.stack ?? String(exception));
    }
    try {
      sendPage(res, lang, this.pages.error(lang, status, problems), status);
    } catch (error) {
      // The error page itself failed (an asset missing from the build): the platform's JSON error.
      this.logger.error('error page failed', (error as Error).stack);
      this.json.catch(exception, host);
    }
  }
}
