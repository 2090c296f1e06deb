/**
 * The Bot Framework host: everything that knows botbuilder's adapter. It runs the bot's turns
 * (src/bot knows nothing of HTTP or adapters) behind POST /api/messages and the local Direct
 * Line for /chat. A host for another SDK (the Microsoft 365 Agents SDK) would be a sibling
 * folder, src/host/agents, with the same shape.
 */
import type { Logger } from 'pino';
import type { Request, Server } from 'restify';
import type { StreetcarBot } from '../../bot';
import type { Config } from '../../config';
import type { Metrics } from '../../ops/metrics';
import type { TurnsInFlight } from '../../ops/shutdown';
import { createAdapter } from './adapter';
import { registerChatRoute } from './chat-route';
import type { DeliverToBot, DirectLineBridge } from './directline';
import { registerMessagesRoute } from './messages-route';

export interface BotHostParts {
  config: Pick<Config, 'secrets' | 'ops' | 'bot' | 'chatEnabled'>;
  bot: StreetcarBot;
  logger: Logger;
  metrics: Metrics;
  /** For tests: how /chat's Direct Line reaches the bot (default: this server's /api/messages). */
  deliverToBot?: DeliverToBot;
  /** Who a request comes from (the rate limiter's answer), for the Direct Line's per-client caps. */
  clientOf?: (req: Request) => string;
}

export interface BotHost {
  /** Turns under way; the shutdown waits for them. */
  turns: TurnsInFlight;
  /** Present when the local Web Chat is on (config web.chat). */
  directLine?: DirectLineBridge;
}

/** Builds the adapter around the bot and registers its routes on the server. */
export function hostBot(server: Server, parts: BotHostParts): BotHost {
  const { adapter, turns } = createAdapter(parts);
  registerMessagesRoute(server, adapter, parts.bot, parts.logger);
  const directLine = parts.config.chatEnabled
    ? registerChatRoute(server, { logger: parts.logger, appIdSet: parts.config.secrets.MicrosoftAppId !== '', deliverToBot: parts.deliverToBot, clientOf: parts.clientOf })
    : undefined;
  return { turns, directLine };
}

export type { DeliverToBot } from './directline';
