/**
 * Trip alerts: a rider subscribes to a usual trip in the chat (src/bot/dialogs/alerts-dialog.ts),
 * the subscription is kept in the bot's Storage (store.ts), and the scheduler (scheduler.ts)
 * sends the forecast at the lead time before each trip through the host's proactive sender.
 * src/app.ts builds this once per server: createAlerts(...) → { store, scheduler }.
 * docs/ALERTS.md has the design, the settings and how it is measured.
 */
import type { Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { DelayPredictor } from '../model/types';
import type { ChartSetting } from '../bot/replies/chart-image';
import type { AlertsFor } from './message';
import type { ProactiveSend } from './model';
import { AlertScheduler, type AlertOutcome } from './scheduler';
import { AlertStore } from './store';

export interface AlertsParts {
  config: Pick<Config, 'alerts' | 'ops'>;
  storage: Storage;
  predictor: DelayPredictor;
  chart: ChartSetting;
  send: ProactiveSend;
  logger: Logger;
  clock?: () => Date;
  alertsFor?: AlertsFor;
  draining?: () => boolean;
  onOutcome?: (outcome: AlertOutcome) => void;
  instanceId?: string;
}

export interface Alerts {
  store: AlertStore;
  scheduler: AlertScheduler;
}

export function createAlerts(parts: AlertsParts): Alerts {
  const { alerts } = parts.config;
  const store = new AlertStore(parts.storage, parts.clock);
  const scheduler = new AlertScheduler({
    store,
    send: parts.send,
    message: { predictor: parts.predictor, chart: parts.chart, alertsFor: parts.alertsFor },
    logger: parts.logger,
    clock: parts.clock,
    tickMs: alerts.tickSeconds * 1000,
    graceMs: alerts.graceMinutes * 60_000,
    stopAfterRefusals: alerts.stopAfterRefusals,
    // A claim outlives one send with its deadline (the connector's retries included).
    leaseMs: parts.config.ops.replyTimeoutMs + 60_000,
    draining: parts.draining,
    onOutcome: parts.onOutcome,
    instanceId: parts.instanceId,
  });
  return { store, scheduler };
}

export { AlertScheduler, type AlertOutcome, type TickReport } from './scheduler';
export { AlertStore } from './store';
export type { AlertsFor, AlertValue } from './message';
export * from './model';
