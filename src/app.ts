import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { chartSetting, createBot } from './bot';
import type { StreetcarBot } from './bot/bot';
import type { Config } from './config';
import type { DelayPredictor } from './model/types';
import { createOps, type Ops } from './ops';
import { CachedConnectorAuthentication } from './ops/cached-connectors';
import { createServer } from './server';

export interface AppParts {
  config: Config;
  predictor: DelayPredictor;
  logger: Logger;
  storage: Storage;
  /** The port the server will listen on, for links to its own chart images (0 = not known yet). */
  port: number;
  env?: NodeJS.ProcessEnv;
}

export interface App {
  server: Server;
  adapter: CloudAdapter;
  bot: StreetcarBot;
  ops: Ops;
}

/**
 * Wires one running bot: ops (metrics, guards, shutdown), the CloudAdapter with the Bot Framework
 * credentials, the bot and the HTTP server. src/index.ts and the tests that need the whole server
 * build it here, so they cannot drift apart. Does not listen.
 */
export function createApp({ config, predictor, logger, storage, port, env = process.env }: AppParts): App {
  const ops = createOps(config, logger, storage, env);
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
    ops.connectorClientOptions, // every reply to the channel has a deadline (ops.replyTimeoutMs)
  );
  const adapter = new CloudAdapter(new CachedConnectorAuthentication(auth));
  adapter.use(ops.turns); // per-turn log line + metrics, reply failures, eTag conflicts
  const counted = ops.metrics.countPredictions(predictor);
  const { bot, typing, onTurnError } = createBot({
    predictor: counted, storage, logger, chart: chartSetting(config, port), typingDelayMs: config.bot.typingDelayMs,
  });
  adapter.use(typing);
  adapter.onTurnError = onTurnError;
  const server = createServer({ config, predictor: counted, adapter, bot, logger, ops });
  return { server, adapter, bot, ops };
}
