import { ConversationState, UserState, type Storage } from 'botbuilder';
import type { DelayPredictor } from '../model/types';
import { StreetcarBot } from './bot';
import type { AlertsDeps } from './dialogs/alerts-dialog';
import { MainDialog } from './dialogs/main-dialog';
import type { ChartSetting } from './replies/chart-image';

export interface BotDeps {
  predictor: DelayPredictor;
  /** Conversation and user state: memory for `npm start` and tests, Azure Blob in production. */
  storage: Storage;
  /** "Now", when a message carries no timestamp of its own (default: the system clock). */
  clock?: () => Date;
  /** How answer cards show the hourly chart (default: inline PNG). */
  chart?: ChartSetting;
  /** Trip alerts: where subscriptions live and their limits (src/alerts); absent = alerts off. */
  alerts?: AlertsDeps;
}

/**
 * The bot with its state and dialogs around one storage. It knows nothing of how activities
 * reach it: a host (src/host/<sdk>) runs its turns.
 */
export function createBot(deps: BotDeps): StreetcarBot {
  const conversationState = new ConversationState(deps.storage);
  const userState = new UserState(deps.storage);
  const clock = deps.clock ?? (() => new Date());
  const dialog = new MainDialog({ predictor: deps.predictor, userState, conversationState, chart: deps.chart ?? { kind: 'inline' }, clock, alerts: deps.alerts });
  return new StreetcarBot(conversationState, userState, dialog);
}

export { StreetcarBot } from './bot';
export { MainDialog } from './dialogs/main-dialog';
export { chartSetting, type ChartSetting } from './replies/chart-image';
export { turnLocale } from './language';
export { CONFLICT_TEXT, conflictText, turnFailedText } from './replies/turn-problems';
