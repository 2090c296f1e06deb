/**
 * The alert a rider gets: the usual answer for that trip (src/bot/replies/answer.ts buildAnswer:
 * the text line, the Adaptive Card, the hourly chart), headed by what it is, with the route's
 * live TTC service alerts when the live source has any, and a button to stop it. Its `value` is
 * the usual prediction value plus the subscription's id.
 */
import { localeFromTag } from '../chart/catalogue';
import type { DelayPredictor } from '../model/types';
import type { Trip } from '../pipeline/types';
import { alertMessages, type LiveAlertText } from '../bot/replies/alert-messages';
import { buildAnswer, type PredictionValue } from '../bot/replies/answer';
import type { ChartSetting } from '../bot/replies/chart-image';
import type { Occurrence, Subscription } from './model';
import { looksWorse, usualForHour, type WorseVerdict } from './worse';

/** A live source of the route's service alerts at a time, for a predictor that does not carry them. Optional. */
export type AlertsFor = (route: number, at: Date) => readonly LiveAlertText[] | Promise<readonly LiveAlertText[]>;

export interface AlertValue extends PredictionValue {
  subscriptionId: string;
  /** From an injected alertsFor, when the prediction carried none (value.alerts, src/live). */
  liveAlerts?: LiveAlertText[];
}

export interface AlertMessageDeps {
  predictor: DelayPredictor;
  chart: ChartSetting;
  alertsFor?: AlertsFor;
}

export interface BuiltAlert {
  activity: Record<string, unknown>;
  value: AlertValue;
  verdict: WorseVerdict;
}

/** The data of the card's "Stop this alert" button: read by src/bot/understand/subscription.ts. */
export function stopAlertData(id: string): Record<string, unknown> {
  return { alerts: { action: 'stop', id } };
}

interface CardContent {
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
}

/** Builds the alert for one occurrence of a subscription; `now` is when it is sent. */
export async function buildAlert(deps: AlertMessageDeps, sub: Subscription, occurrence: Occurrence & { trip: Date }, now: Date): Promise<BuiltAlert> {
  const locale = localeFromTag(sub.reference.locale) ?? 'en';
  const words = alertMessages(locale);
  const trip: Trip = { route: sub.route, direction: sub.direction, time: occurrence.trip };
  const answer = buildAnswer(deps.predictor, trip, { ref: now, riderZone: sub.riderZone, chart: deps.chart, branch: sub.branch, locale });
  const prediction = answer.value as PredictionValue;
  // The server's predictor carries the live alerts itself (src/live withAlerts): buildAnswer has
  // already put them in the card, the text and value.alerts. An injected alertsFor adds them when
  // the predictor does not.
  const carried = prediction.alerts?.length ?? 0;
  let live: LiveAlertText[] = [];
  if (carried === 0 && deps.alertsFor) {
    try {
      live = [...(await deps.alertsFor(sub.route, occurrence.trip))].slice(0, 5);
    } catch {
      live = []; // the live source failing must not cost the rider the forecast
    }
  }
  const verdict = looksWorse(prediction.probability, usualForHour(deps.predictor, trip), carried + live.length);
  const value: AlertValue = { ...prediction, subscriptionId: sub.id, ...(live.length > 0 ? { liveAlerts: live } : {}) };

  const heading = words.alertHeading(sub);
  const liveLines = live.map((a) => words.liveAlertLine(a));
  const card = answer.attachments?.[0];
  const content = card?.content as CardContent | undefined;
  if (content) {
    content.body.unshift({ type: 'TextBlock', text: heading, weight: 'Bolder', wrap: true });
    if (live.length > 0) {
      content.body.push({
        type: 'Container',
        style: 'attention',
        items: [
          { type: 'TextBlock', text: words.liveAlertsHeading(sub.route), weight: 'Bolder', wrap: true },
          ...liveLines.map((text) => ({ type: 'TextBlock', text, wrap: true, spacing: 'Small' })),
        ],
      });
    }
    content.actions = [{ type: 'Action.Submit', title: words.stopThisButton, data: stopAlertData(sub.id) }];
  }
  const activity: Record<string, unknown> = {
    type: 'message',
    text: words.alertText(heading, answer.text ?? '', sub.route, liveLines),
    attachments: answer.attachments,
    value,
    ...(sub.reference.locale ? { locale: sub.reference.locale } : {}),
  };
  return { activity, value, verdict };
}
