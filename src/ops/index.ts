/**
 * Operations: logging, metrics, probes, HTTP guards, rate limit and graceful shutdown; nothing
 * here knows the Bot Framework. src/app.ts builds one Ops per process:
 *
 *   const ops = createOps(config, logger, storage);
 *   ops.http.install(server);               // guards, rate limit, /readyz, /metrics
 *   ops.shutdownOn(server, turns);          // SIGTERM / SIGINT (src/index.ts)
 *
 * What runs around each bot turn is the host's (src/host/botbuilder/turn-middleware.ts).
 */
import type { Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Config } from '../config';
import { HttpOps } from './http';
import { Metrics } from './metrics';
import { GracefulShutdown, type TurnsInFlight } from './shutdown';

export interface Ops {
  logger: Logger;
  metrics: Metrics;
  http: HttpOps;
  /** Installs SIGTERM/SIGINT handling for this server and its turns; returns the handler (tests call begin()). */
  shutdownOn(server: Server, turns: TurnsInFlight, exit?: (code: number) => void): GracefulShutdown;
}

export function createOps(
  config: Pick<Config, 'ops'>,
  logger: Logger,
  storage: Storage,
  env: NodeJS.ProcessEnv = process.env,
): Ops {
  const metrics = new Metrics();
  const http = new HttpOps({ logger, metrics, storage, rateLimit: config.ops.rateLimit, metricsToken: env.METRICS_TOKEN || undefined });
  return {
    logger,
    metrics,
    http,
    shutdownOn(server, turns, exit) {
      const shutdown = new GracefulShutdown({ server, http, turns, logger, graceMs: config.ops.shutdownGraceMs, exit });
      shutdown.install();
      return shutdown;
    },
  };
}

export { createLogger } from './logger';
export { Metrics } from './metrics';
