import { createHash } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendError } from '@care/service-kit';
import { GATEWAY_CONFIG } from '../config/gateway-config.token.js';
import { UPSTREAM_SERVICES, type GatewayConfig, type UpstreamService } from '../config/gateway.config.js';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the caller's credentials never travel upstream. */
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'authorization', 'x-api-key', 'cookie']);
const NOT_RETURNED = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'set-cookie', 'x-powered-by', 'server']);

export interface ForwardOptions {
  service: UpstreamService;
  /** Upstream path with its query string. */
  path: string;
  /** Headers the gateway sets (x-care-*, request id, forwarded-for). */
  headers: Record<string, string>;
  /** Hash the answer body (audited writes) and hold the last byte until `beforeEnd` resolves. */
  audit?: { beforeEnd: (result: ForwardResult) => Promise<void> };
  /** Keeps the start of the request body as it streams upstream (routes that audit what was asked). */
  capture?: BodyCapture;
}

export interface ForwardResult {
  status: number;
  /** sha-256 of the answer body as sent (audited requests only). */
  bodyHash: string | null;
  headers: IncomingHttpHeaders;
}

export class BodyTooLargeError extends Error {
  readonly status = 413;
}

/** The first `limit` bytes of a request body, copied as it streams upstream: never more in memory. */
export class BodyCapture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** The body was longer than what was kept. */
  truncated = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const kept = chunk.subarray(0, this.limit - this.size);
    if (kept.length < chunk.length) this.truncated = true;
    if (kept.length === 0) return;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  /** As text (a multi-byte character cut at the limit becomes U+FFFD; NUL, which PostgreSQL text refuses, too). */
  text(): string | null {
    return this.size === 0 ? null : Buffer.concat(this.chunks).toString('utf8').replaceAll('\u0000', '\uFFFD');
  }
}

/** `1mb` → bytes. */
export function bytesOf(limit: string): number {
  const [, amount, unit] = /^(\d+)(kb|mb)$/.exec(limit)!;
  return Number(amount) * (unit === 'mb' ? 1024 * 1024 : 1024);
}

/**
 * Forwards requests to the services over keep-alive connections (one agent per service) and
 * streams both bodies: an export of hundreds of megabytes goes through without being held in
 * memory. No answer head within UPSTREAM_TIMEOUT_MS → 504; a refused or broken connection → 502;
 * both in the platform's error format, without internal detail.
 */
@Injectable()
export class UpstreamProxy implements OnApplicationShutdown {
  private readonly logger = new Logger('UpstreamProxy');
  private readonly agents: Record<UpstreamService, http.Agent>;
  private readonly targets: Record<UpstreamService, URL>;
  private readonly bodyLimit: number;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.targets = Object.fromEntries(UPSTREAM_SERVICES.map((s) => [s, new URL(config.upstreams[s])])) as Record<UpstreamService, URL>;
    this.agents = Object.fromEntries(
      // Idle sockets are dropped after 4 s, before the services' own keep-alive timeout (Node: 5 s)
      // closes them under a request.
      UPSTREAM_SERVICES.map((s) => [s, new http.Agent({ keepAlive: true, timeout: 4_000, maxSockets: config.UPSTREAM_MAX_SOCKETS, maxFreeSockets: 64, scheduling: 'lifo' })]),
    ) as Record<UpstreamService, http.Agent>;
    this.bodyLimit = bytesOf(config.HTTP_BODY_LIMIT);
  }

  onApplicationShutdown(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  /** The caller's headers worth forwarding, plus the gateway's own. */
  upstreamHeaders(req: Request, own: Record<string, string>): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !NOT_FORWARDED.has(name)) headers[name] = value;
    return { ...headers, ...own };
  }

  /** Too large by its declared length: refused before anything is read or sent upstream. */
  declaredTooLarge(req: Request): boolean {
    const length = Number(req.headers['content-length'] ?? 0);
    return Number.isFinite(length) && length > this.bodyLimit;
  }

  forward(req: Request, res: Response, options: ForwardOptions, attempt = 1): Promise<ForwardResult | null> {
    const target = this.targets[options.service];
    return new Promise((resolve) => {
      let settled = false;
      let timedOut = false;
      const done = (result: ForwardResult | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const fail = (status: number) => {
        upstream.destroy();
        if (!res.headersSent) sendError(req, res, status);
        else res.destroy();
        done(null);
      };

      const upstream = http.request({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: `${target.pathname.replace(/\/$/, '')}${options.path}`,
        headers: this.upstreamHeaders(req, options.headers),
        agent: this.agents[options.service],
      });
      const timer = setTimeout(() => {
        timedOut = true;
        fail(504);
      }, this.config.UPSTREAM_TIMEOUT_MS);

      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        // A kept-alive socket the service closed just as we reused it: a read without body is
        // safely sent again once, on a fresh connection (the pattern of Node's http documentation).
        if (attempt === 1 && upstream.reusedSocket && !timedOut && error.code === 'ECONNRESET' && (req.method === 'GET' || req.method === 'HEAD')) {
          settled = true;
          clearTimeout(timer);
          resolve(this.forward(req, res, options, 2));
          return;
        }
        this.logger.warn({ err: error, service: options.service }, timedOut ? 'upstream timed out' : 'upstream unreachable');
        fail(timedOut ? 504 : 502);
      });
      res.on('close', () => {
        if (!settled) {
          upstream.destroy();
          done(null);
        }
      });

      upstream.on('response', (answer: IncomingMessage) => {
        clearTimeout(timer);
        if (settled) return answer.resume();
        const headers: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !NOT_RETURNED.has(name)) headers[name] = value;
        // A stalled body after the head: the connection is cut rather than left hanging.
        answer.setTimeout(this.config.UPSTREAM_TIMEOUT_MS, () => answer.destroy(new Error('upstream body timed out')));
        answer.on('error', () => {
          res.destroy();
          done(null);
        });
        res.writeHead(answer.statusCode ?? 502, headers);
        const status = answer.statusCode ?? 502;
        if (!options.audit) {
          answer.pipe(res);
          answer.on('end', () => done({ status, bodyHash: null, headers: answer.headers }));
          return;
        }
        const hash = createHash('sha256');
        answer.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          if (!res.write(chunk)) {
            answer.pause();
            res.once('drain', () => answer.resume());
          }
        });
        answer.on('end', () => {
          const result = { status, bodyHash: hash.digest('hex'), headers: answer.headers };
          options.audit!.beforeEnd(result).then(
            () => res.end(),
            (error: unknown) => {
              this.logger.error({ err: error }, 'audit record failed');
              res.end();
            },
          );
          done(result);
        });
      });

      // The request body, streamed, counted against the body limit.
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        options.capture?.add(chunk);
        if (settled) return; // answered already (413, 502…): the rest of the body is read and dropped
        if (received > this.bodyLimit) {
          fail(413);
          return;
        }
        if (!upstream.write(chunk)) {
          req.pause();
          upstream.once('drain', () => req.resume());
        }
      });
      req.on('end', () => upstream.end());
      req.on('error', () => fail(400));
    });
  }

  /** Reads a small upstream representation (for the audit's before-hash and object-level rules). */
  read(service: UpstreamService, path: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
    const target = this.targets[service];
    return new Promise((resolve, reject) => {
      const request = http.request(
        { protocol: target.protocol, hostname: target.hostname, port: target.port, method: 'GET', path: `${target.pathname.replace(/\/$/, '')}${path}`, headers: { accept: 'application/json', ...headers }, agent: this.agents[service], timeout: this.config.UPSTREAM_TIMEOUT_MS },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 502, body: Buffer.concat(chunks) }));
          answer.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(Object.assign(new Error('upstream timed out'), { status: 504 })));
      request.on('error', (error: Error & { status?: number }) => reject(Object.assign(error, { status: error.status ?? 502 })));
      request.end();
    });
  }
}

export const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('hex');
