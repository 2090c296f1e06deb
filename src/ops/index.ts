/**
 * Operations: logging, metrics, probes, HTTP guards, the reply deadline and graceful shutdown.
 * src/index.ts builds one Ops per process and hands its pieces to the adapter and the server:
 *
 *   const ops = createOps(config, logger, storage);
 *   new ConfigurationBotFrameworkAuthentication({...}, undefined, undefined, undefined, ops.connectorClientOptions);
 *   adapter.use(ops.turns);                 // per-turn log line, metrics, eTag conflicts, reply failures
 *   createBot({ predictor: ops.metrics.countPredictions(predictor), ... });
 *   createServer({ ..., ops });             // guards, /readyz, /metrics (server.ts calls ops.http.install)
 *   ops.shutdownOn(server);                 // SIGTERM / SIGINT
 */
import type { Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Config } from '../config';
import { connectorClientOptions, type ConnectorClientOptions } from './connector-options';
import { HttpOps } from './http';
import { Metrics } from './metrics';
import { GracefulShutdown } from './shutdown';
import { TurnMiddleware } from './turn-middleware';

export interface Ops {
  logger: Logger;
  metrics: Metrics;
  http: HttpOps;
  turns: TurnMiddleware;
  connectorClientOptions: ConnectorClientOptions;
  /** Installs SIGTERM/SIGINT handling for this server; returns the handler (tests call begin()). */
  shutdownOn(server: Server, exit?: (code: number) => void): GracefulShutdown;
}

export function createOps(config: Pick<Config, 'ops'>, logger: Logger, storage: Storage, env: NodeJS.ProcessEnv = process.env): Ops {
  const metrics = new Metrics();
  const http = new HttpOps({ logger, metrics, storage, rateLimit: config.ops.rateLimit, metricsToken: env.METRICS_TOKEN || undefined });
  const turns = new TurnMiddleware(logger, metrics, config.ops.replyTimeoutMs);
  return {
    logger,
    metrics,
    http,
    turns,
    connectorClientOptions: connectorClientOptions(config.ops.replyTimeoutMs),
    shutdownOn(server, exit) {
      const shutdown = new GracefulShutdown({ server, http, turns, logger, graceMs: config.ops.shutdownGraceMs, exit });
      shutdown.install();
      return shutdown;
    },
  };
}

export { createLogger } from './logger';
export { Metrics } from './metrics';
export { TurnMiddleware, CONFLICT_TEXT } from './turn-middleware';
