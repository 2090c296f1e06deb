import type { Storage } from 'botbuilder';
import type { Logger } from 'pino';
import * as restify from 'restify';
import { chartSetting, createBot, type ChartSetting } from './bot';
import type { Config } from './config';
import { hostBot, type BotHost, type DeliverToBot } from './host/botbuilder';
import { createLiveAlerts, FETCH_OUTCOMES, withAlerts, type LiveAlerts } from './live';
import type { DelayPredictor } from './model/types';
import { createOps, type Ops } from './ops';
import { registerWebRoutes } from './web/routes';

export interface AppParts {
  config: Config;
  predictor: DelayPredictor;
  logger: Logger;
  storage: Storage;
  /** The port the server will listen on, for links to its own chart images (0 = not known yet). */
  port: number;
  env?: NodeJS.ProcessEnv;
  /** "Now" for the bot and the form; the system clock unless a test sets one. */
  clock?: () => Date;
  /** How answer cards show the chart; by default from the config (bot.chart) and the port. */
  chart?: ChartSetting;
  /** For tests: how /chat's Direct Line reaches the bot. */
  deliverToBot?: DeliverToBot;
}

export interface App {
  server: restify.Server;
  ops: Ops;
  host: BotHost;
  /** live alerts: polling from when the server listens until it closes. */
  live: LiveAlerts;
}

/**
 * One running server: operations first (guards, rate limit, probes), then the bot behind its
 * Bot Framework host, GET /healthz and the web pages. src/index.ts and the tests that need the
 * whole server build it here, so they cannot drift apart. Does not listen.
 */
export function createApp({ config, predictor, logger, storage, port, env = process.env, clock, chart, deliverToBot }: AppParts): App {
  const ops = createOps(config, logger, storage, env);
  // live alerts (src/live): the TTC's service alerts, polled in the background; every answer's
  // Prediction gets the ones for its route and time (read from the last good copy, synchronously).
  const live = createLiveAlerts(config.live, { logger, clock, onFetch: (outcome) => ops.metrics.countLiveAlertsFetch(outcome) });
  if (live.enabled) {
    ops.metrics.watchLiveAlerts(live, FETCH_OUTCOMES);
    predictor = withAlerts(predictor, live);
  }
  const counted = ops.metrics.countPredictions(predictor);
  // restify 11 logs through a pino logger (its own warnings, a response it could not format):
  // ours, so they are redacted like every other line. Its @types still name bunyan's type.
  const server = restify.createServer({ name: 'streetcar-delay-bot', handleUncaughtExceptions: false, log: logger as unknown as restify.ServerOptions['log'] });
  ops.http.install(server);

  const bot = createBot({ predictor: counted, storage, clock, chart: chart ?? chartSetting(config, port) });
  const host = hostBot(server, { config, bot, logger, metrics: ops.metrics, deliverToBot, clientOf: (req) => ops.http.clientOf(req) });

  // 200 once the model is loaded: the server is only built after loadPredictor() resolves.
  const healthz: restify.RequestHandler = (_req, res, next) => {
    res.json(200, { status: 'ok', model: predictor.info.version, backend: predictor.info.backend });
    return next();
  };
  server.get('/healthz', healthz);
  server.head('/healthz', healthz);
  registerWebRoutes(server, { config, predictor: counted, logger, now: clock });
  // live alerts: poll while the server listens; the SIGTERM shutdown (and tests) close it.
  server.server.on('listening', () => live.start());
  server.server.on('close', () => void live.stop());
  return { server, ops, host, live };
}
