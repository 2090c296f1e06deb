import { ConversationState, UserState, type Storage } from 'botbuilder';
import type { DelayPredictor } from '../model/types';
import { StreetcarBot } from './bot';
import { MainDialog } from './dialogs/main-dialog';
import { createOnTurnError, type ErrorLogger } from './on-turn-error';
import type { ChartSetting } from './replies/chart-image';
import { DelayedTypingMiddleware } from './typing';

export interface BotDeps {
  predictor: DelayPredictor;
  /** MemoryStorage for `npm start` and tests; BlobsStorage in Azure. */
  storage: Storage;
  logger: ErrorLogger;
  /** How answer cards show the hourly chart (default: inline PNG). */
  chart?: ChartSetting;
  /** Typing is shown only when a turn runs longer than this (default 400 ms). */
  typingDelayMs?: number;
}

export interface BotParts {
  bot: StreetcarBot;
  conversationState: ConversationState;
  userState: UserState;
  /** For adapter.use(): the typing indicator for slow turns. */
  typing: DelayedTypingMiddleware;
  /** For adapter.onTurnError. */
  onTurnError: ReturnType<typeof createOnTurnError>;
}

/** Builds the bot and its state around one storage. */
export function createBot(deps: BotDeps): BotParts {
  const conversationState = new ConversationState(deps.storage);
  const userState = new UserState(deps.storage);
  const dialog = new MainDialog({ predictor: deps.predictor, userState, chart: deps.chart ?? { kind: 'inline' } });
  const bot = new StreetcarBot(conversationState, userState, dialog);
  const typing = new DelayedTypingMiddleware(deps.logger, deps.typingDelayMs ?? 400);
  return { bot, conversationState, userState, typing, onTurnError: createOnTurnError(deps.logger, conversationState) };
}

export { StreetcarBot } from './bot';
export { MainDialog } from './dialogs/main-dialog';
export { chartSetting, type ChartSetting } from './replies/chart-image';
