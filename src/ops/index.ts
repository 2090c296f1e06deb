/**
 * Operations: logging, metrics, probes, HTTP guards, the reply deadline and graceful shutdown.
 * src/app.ts builds one Ops per process and hands its pieces to the server:
 *
 *   const ops = createOps(config, logger, storage);
 *   createServer({ ..., ops });             // guards, /readyz, /metrics (server.ts calls ops.http.install)
 *   ops.shutdownOn(server, turns);          // SIGTERM / SIGINT (src/index.ts)
 *
 * What runs around each bot turn (TurnMiddleware, the reply deadline) is wired with the adapter
 * in src/bot-runtime.ts; where turns run (this thread or workers) in run-turn.ts and turn-pool.ts.
 */
import type { Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Config } from '../config';
import { HttpOps } from './http';
import { Metrics } from './metrics';
import type { TurnRunner } from './run-turn';
import { GracefulShutdown } from './shutdown';

export interface Ops {
  logger: Logger;
  metrics: Metrics;
  http: HttpOps;
  /** Installs SIGTERM/SIGINT handling for this server and its turns; returns the handler (tests call begin()). */
  shutdownOn(server: Server, turns: Pick<TurnRunner, 'turnsInFlight' | 'idle'>, exit?: (code: number) => void): GracefulShutdown;
}

export function createOps(
  config: Pick<Config, 'ops'>,
  logger: Logger,
  storage: Storage,
  env: NodeJS.ProcessEnv = process.env,
  notReady?: () => string | undefined,
): Ops {
  const metrics = new Metrics();
  const http = new HttpOps({ logger, metrics, storage, rateLimit: config.ops.rateLimit, metricsToken: env.METRICS_TOKEN || undefined, notReady });
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
export { TurnMiddleware, CONFLICT_TEXT } from './turn-middleware';
