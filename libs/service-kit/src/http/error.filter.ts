import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ValidationError, negotiateLanguage, type Language, type Localized } from '@care/kernel';
import { RequestContext } from '@care/kernel';

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  forbidden: 403,
  unauthorized: 401,
};

/** Generic texts per HTTP status, used when no domain message applies. */
const GENERIC: Record<number, { code: string; text: Localized }> = {
  400: { code: 'bad_request', text: { fr: 'Requête invalide', nl: 'Ongeldig verzoek' } },
  401: { code: 'unauthorized', text: { fr: 'Authentification requise', nl: 'Authenticatie vereist' } },
  403: { code: 'forbidden', text: { fr: 'Accès refusé', nl: 'Toegang geweigerd' } },
  404: { code: 'not_found', text: { fr: 'Ressource introuvable', nl: 'Bron niet gevonden' } },
  405: { code: 'method_not_allowed', text: { fr: 'Méthode non autorisée', nl: 'Methode niet toegestaan' } },
  406: { code: 'not_acceptable', text: { fr: 'Format non disponible', nl: 'Formaat niet beschikbaar' } },
  409: { code: 'conflict', text: { fr: 'Conflit avec l’état actuel', nl: 'Conflict met de huidige toestand' } },
  412: { code: 'precondition_failed', text: { fr: 'Version périmée', nl: 'Verouderde versie' } },
  413: { code: 'payload_too_large', text: { fr: 'Contenu trop volumineux', nl: 'Inhoud te groot' } },
  415: { code: 'unsupported_media_type', text: { fr: 'Type de contenu non pris en charge', nl: 'Inhoudstype niet ondersteund' } },
  428: { code: 'precondition_required', text: { fr: 'En-tête If-Match requis', nl: 'If-Match-header vereist' } },
  429: { code: 'too_many_requests', text: { fr: 'Trop de requêtes', nl: 'Te veel verzoeken' } },
  500: { code: 'internal_error', text: { fr: 'Erreur interne', nl: 'Interne fout' } },
  502: { code: 'bad_gateway', text: { fr: 'Service indisponible', nl: 'Dienst niet beschikbaar' } },
  503: { code: 'service_unavailable', text: { fr: 'Service indisponible', nl: 'Dienst niet beschikbaar' } },
  504: { code: 'gateway_timeout', text: { fr: 'Le service ne répond pas', nl: 'De dienst antwoordt niet' } },
};

function generic(status: number) {
  return GENERIC[status] ?? (status >= 500 ? GENERIC[500]! : GENERIC[400]!);
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messages: Localized;
  errors?: { path: string; code: string; message: string; messages: Localized }[];
  requestId?: string;
}

/**
 * Maps every error to one JSON shape, in the caller's language (Accept-Language or `lang`), with
 * both FR and NL texts. Domain errors keep their code and field list; anything unexpected becomes a
 * 500 without internal detail (the stack goes to the log only).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = sendError(req, res, exception);
    if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: body.requestId }, 'unhandled error');
  }
}

/**
 * Writes the error answer for `exception` (a domain error, an HttpException, an error with a
 * `status`, or a bare HTTP status) in the caller's language. Shared by the filter and by edge
 * middleware that answers before any controller runs (the gateway), so there is one error format.
 */
export function sendError(req: Request, res: Response, exception: unknown): ErrorBody {
  const language = RequestContext.current()?.language ?? negotiateLanguage(req.headers?.['accept-language']);
  const requestId = RequestContext.current()?.requestId ?? (req as { id?: string }).id;
  const body = { ...errorBody(typeof exception === 'number' ? { status: exception } : exception, language), requestId };
  if (!res.headersSent) res.status(body.statusCode).json(body);
  return body;
}

export function errorBody(exception: unknown, language: Language): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = STATUS_BY_KIND[exception.kind];
    return {
      statusCode,
      code: exception.code,
      message: exception.localized[language],
      messages: exception.localized,
      ...(exception instanceof ValidationError
        ? { errors: exception.issues.map((i) => ({ path: i.path, code: i.code, message: i.message[language], messages: i.message })) }
        : {}),
    };
  }
  const statusCode = statusOf(exception);
  const { code, text } = generic(statusCode);
  return { statusCode, code, message: text[language], messages: text };
}

/** HTTP status of Nest exceptions and of body-parser errors (413 too large, 400 bad JSON). */
function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status ?? (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
