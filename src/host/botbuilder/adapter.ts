import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Logger } from 'pino';
import type { StreetcarBot } from '../../bot';
import type { Config } from '../../config';
import type { Metrics } from '../../ops/metrics';
import { createOnTurnError } from './on-turn-error';
import { TurnMiddleware } from './turn-middleware';
import { DelayedTypingMiddleware } from './typing';

export interface AdapterParts {
  config: Pick<Config, 'secrets' | 'ops' | 'bot'>;
  bot: StreetcarBot;
  logger: Logger;
  metrics: Metrics;
}

export interface BotAdapter {
  adapter: CloudAdapter;
  /** Turns under way in this process: what the shutdown waits for. */
  turns: TurnMiddleware;
}

/**
 * The CloudAdapter with the Bot Framework credentials from the environment (none locally: the
 * Emulator's default), as Microsoft's core-bot sample builds it, plus our middleware: one turn
 * at a time per conversation, a deadline on each reply, the log line and metrics of each turn,
 * "typing…" for slow turns, and the error handler.
 */
export function createAdapter({ config, bot, logger, metrics }: AdapterParts): BotAdapter {
  const { secrets } = config;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: secrets.MicrosoftAppId,
    MicrosoftAppPassword: secrets.MicrosoftAppPassword,
    MicrosoftAppType: secrets.MicrosoftAppType || 'MultiTenant',
    MicrosoftAppTenantId: secrets.MicrosoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);
  const turns = new TurnMiddleware(logger, metrics, config.ops.replyTimeoutMs);
  adapter.use(turns);
  adapter.use(new DelayedTypingMiddleware(logger, config.bot.typingDelayMs));
  adapter.onTurnError = createOnTurnError(logger, bot);
  return { adapter, turns };
}
