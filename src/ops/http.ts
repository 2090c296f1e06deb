import type { Request, Response, Server, Next } from 'restify';
import type { Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';
import { RateLimiter, clientAddress } from './rate-limit';
import { InFlight } from './in-flight';

/** Paths never rate limited: the channel endpoint (authenticated callers) and the probes. */
const UNLIMITED = new Set(['/api/messages', '/healthz', '/readyz', '/metrics']);

export interface HttpOpsOptions {
  logger: Logger;
  metrics: Metrics;
  storage: Storage;
  /** trustProxy: take the client from X-Forwarded-For, `proxyHops` (default 1) entries from its right end. */
  rateLimit: { perSecond: number; burst: number; trustProxy: boolean; proxyHops?: number };
  /** When set, GET /metrics wants `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** For tests: the clock of the rate limiter. */
  now?: () => number;
}

/** A coarse name for the metrics' route label, so unknown URLs cannot blow up its cardinality. */
export function routeGroup(path: string): string {
  if (path === '/api/messages' || path === '/healthz' || path === '/readyz' || path === '/metrics') return path;
  if (path.startsWith('/api/')) return '/api';
  if (path.startsWith('/directline') || path.startsWith('/v3/directline') || path === '/chat') return '/chat';
  if (path.startsWith('/static/')) return '/static';
  if (path.startsWith('/chart/')) return '/chart';
  if (path === '/' || path === '/show-prediction') return '/pages';
  return 'other';
}

/**
 * The HTTP side of operations, installed on the restify server before any route:
 * - while draining (after SIGTERM) every request gets 503 with `Connection: close`;
 * - a per-client token bucket on the web pages and JSON API (429 with Retry-After);
 * - counts of requests in flight (the shutdown waits for them) and responses by status;
 * - GET /readyz (200 when ready: not draining, storage answers) and GET /metrics.
 */
export class HttpOps {
  private draining = false;
  private readonly inFlight = new InFlight();
  private readonly limiter: RateLimiter;
  private storageCheck: { at: number; ok: boolean; problem?: string } | undefined;

  constructor(private readonly options: HttpOpsOptions) {
    this.limiter = new RateLimiter(options.rateLimit.perSecond, options.rateLimit.burst, options.now);
  }

  /** HTTP requests being answered now. */
  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** From now on: /readyz is 503 and new requests are refused with 503. */
  startDraining(): void {
    this.draining = true;
  }

  /** Resolves once no request is in flight. */
  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  /** The client a request counts against: the socket's address, or behind trusted proxies the one they appended. */
  clientOf(req: Request): string {
    const { trustProxy, proxyHops = 1 } = this.options.rateLimit;
    return clientAddress(req.socket.remoteAddress, headerOf(req, 'x-forwarded-for'), trustProxy ? proxyHops : 0);
  }

  install(server: Server): void {
    const { metrics, logger } = this.options;
    server.pre((req: Request, res: Response, next: Next) => {
      const path = (req.url ?? '/').split('?')[0];
      if (this.draining) {
        res.setHeader('Connection', 'close');
        res.setHeader('Retry-After', '5');
        sendText(res, 503, 'shutting down; try another instance');
        return next(false);
      }
      this.inFlight.enter();
      res.once('close', () => {
        metrics.httpResponses.inc({ route: routeGroup(path), status: `${Math.floor(res.statusCode / 100)}xx` });
        if (res.statusCode >= 500) metrics.errors.inc({ kind: 'http' });
        this.inFlight.leave();
      });
      if (!UNLIMITED.has(path)) {
        const wait = this.limiter.take(this.clientOf(req));
        if (wait > 0) {
          metrics.rateLimited.inc();
          res.setHeader('Retry-After', String(wait));
          if (path.startsWith('/api/')) sendJson(res, 429, { field: 'rate', problem: `too many requests; try again in ${wait} s` });
          else sendText(res, 429, `Too many requests. Please try again in ${wait} seconds.`);
          return next(false);
        }
      }
      return next();
    });

    const readyz = async (_req: Request, res: Response): Promise<void> => {
      if (this.draining) {
        sendJson(res, 503, { status: 'draining' });
        return;
      }
      const storage = await this.checkStorage();
      if (!storage.ok) {
        logger.warn({ problem: storage.problem }, 'not ready: storage does not answer');
        sendJson(res, 503, { status: 'unready', storage: 'unavailable' });
        return;
      }
      sendJson(res, 200, { status: 'ready' });
    };
    server.get('/readyz', readyz);
    server.head('/readyz', readyz);

    server.get('/metrics', async (req: Request, res: Response) => {
      if (this.options.metricsToken && headerOf(req, 'authorization') !== `Bearer ${this.options.metricsToken}`) {
        sendText(res, 401, 'metrics need a token');
        return;
      }
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(body);
    });
  }

  /** Reads one key from the storage, at most every 5 s while it answers (a blob container that is gone fails here). */
  private async checkStorage(): Promise<{ ok: boolean; problem?: string }> {
    const now = Date.now();
    // A good answer is kept 5 s; a bad one 1 s, so recovery shows quickly.
    if (this.storageCheck && now - this.storageCheck.at < (this.storageCheck.ok ? 5000 : 1000)) return this.storageCheck;
    let result: { at: number; ok: boolean; problem?: string };
    try {
      await withTimeout(this.options.storage.read(['readyz-probe']), 3000);
      result = { at: now, ok: true };
    } catch (err) {
      result = { at: now, ok: false, problem: (err as Error).message };
    }
    this.storageCheck = result;
    return result;
  }
}

/** True for `application/json`, with or without parameters (`; charset=utf-8`); not `application/jsonfoo`. */
export function isJsonContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendText(res: Response, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
