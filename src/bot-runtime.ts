import { ConfigurationBotFrameworkAuthentication, type Storage } from 'botbuilder';
import type { Logger } from 'pino';
import { chartSetting, createBot, type ChartSetting } from './bot';
import type { StreetcarBot } from './bot/bot';
import type { Config } from './config';
import type { DelayPredictor } from './model/types';
import { CachedConnectorAuthentication } from './ops/cached-connectors';
import { connectorClientOptions } from './ops/connector-options';
import type { Metrics } from './ops/metrics';
import { ReplyPoster } from './ops/reply-poster';
import { TurnAdapter, runTurn, type TurnRunner } from './ops/run-turn';
import { TurnMiddleware } from './ops/turn-middleware';

export interface BotRuntimeParts {
  config: Config;
  /** Already counted by `metrics` (Metrics.countPredictions) where predictions should be counted. */
  predictor: DelayPredictor;
  logger: Logger;
  storage: Storage;
  metrics: Metrics;
  /** The server's port, for links to its own chart images (0 = not known yet). */
  port: number;
  /** How answer cards show the chart; by default from the config (bot.chart) and the port. */
  chart?: ChartSetting;
}

export interface BotRuntime {
  adapter: TurnAdapter;
  bot: StreetcarBot;
  /** Runs one activity through the adapter and the bot, and says what to answer. */
  turns: TurnRunner;
}

/**
 * The CloudAdapter with the Bot Framework credentials, the ops turn middleware and the bot, as one
 * thread runs them: the HTTP thread (src/app.ts, with server.turnWorkers 0) or each turn worker
 * (src/turn-worker.ts). Building it in one place keeps the two the same bot.
 */
export function createBotRuntime({ config, predictor, logger, storage, metrics, port, chart }: BotRuntimeParts): BotRuntime {
  const { secrets } = config;
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: secrets.MicrosoftAppId,
      MicrosoftAppPassword: secrets.MicrosoftAppPassword,
      MicrosoftAppType: secrets.MicrosoftAppType || 'MultiTenant',
      MicrosoftAppTenantId: secrets.MicrosoftAppTenantId,
    },
    undefined,
    undefined,
    undefined,
    connectorClientOptions(config.ops.replyTimeoutMs), // every reply to the channel has a deadline
  );
  // Replies go out through a lean poster (src/ops/reply-poster.ts); other connector calls through the SDK.
  const replies = new ReplyPoster({ timeoutMs: config.ops.replyTimeoutMs });
  const adapter = new TurnAdapter(new CachedConnectorAuthentication(auth, undefined, replies));
  // Per-turn log line + metrics, reply failures, eTag conflicts; one turn per conversation at a time.
  const middleware = new TurnMiddleware(logger, metrics, config.ops.replyTimeoutMs);
  adapter.use(middleware);
  const { bot, typing, onTurnError } = createBot({
    predictor, storage, logger, chart: chart ?? chartSetting(config, port), typingDelayMs: config.bot.typingDelayMs,
  });
  adapter.use(typing);
  adapter.onTurnError = onTurnError;
  const logic = (context: Parameters<StreetcarBot['run']>[0]) => bot.run(context);
  return {
    adapter,
    bot,
    turns: {
      run: (request) => runTurn(adapter, request, logic, logger),
      get turnsInFlight() {
        return middleware.turnsInFlight;
      },
      idle: () => middleware.idle(),
    },
  };
}
