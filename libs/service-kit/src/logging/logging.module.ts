import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { requestIdFrom } from '@care/kernel';

/**
 * Structured JSON logs (pino) with one request id per HTTP request, taken from `x-request-id`
 * when the caller (or the gateway) sends one, and echoed in the response.
 */
export function loggingModule(service: string, level: string) {
  return LoggerModule.forRoot({
    pinoHttp: [{
      level,
      base: { service },
      messageKey: 'message',
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = requestIdFrom(req.headers['x-request-id']);
        res.setHeader('x-request-id', id);
        return id;
      },
      customAttributeKeys: { reqId: 'requestId' },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    // Written asynchronously: lines logged while a write is in flight go out together in the
    // next one (one system call per request cost ~15 % of a search request); pino flushes what
    // is left when the process exits.
    pino.destination({ dest: 1, sync: false })],
  });
}
