/**
 * The Adaptive Card parts of trip alerts: the answer card's "Alert me before this trip" button and
 * the "my alerts" list with a Stop button per alert. Buttons are Action.Submit: the channel sends
 * their data back as the message's `value` ({ alerts: { action, … } }), which
 * src/bot/understand/subscription.ts reads. Words come from alert-messages.ts.
 */
import { ActionTypes, CardFactory, type Activity, type CardAction } from 'botbuilder';
import type { AlertSummary } from '../../alerts/model';
import type { Locale } from '../../chart/catalogue';
import type { Trip } from '../../pipeline/types';
import { alertMessages } from './alert-messages';

interface CardContent {
  body?: unknown[];
  actions?: unknown[];
}

/** Adds "Alert me before this trip" to an answer's card (the trip, as its data). */
export function addAlertOffer(answer: Partial<Activity>, trip: Trip, branch?: string, locale: Locale = 'en'): void {
  const content = answer.attachments?.[0]?.content as CardContent | undefined;
  if (!content) return;
  const data = { alerts: { action: 'offer', route: trip.route, direction: trip.direction, time: trip.time.toISOString(), ...(branch ? { branch } : {}) } };
  content.actions = [...(content.actions ?? []), { type: 'Action.Submit', title: alertMessages(locale).offerButton, data }];
}

/** "My alerts": the list as text, and a card with a Stop button for each and one for all. */
export function alertListReply(subs: readonly AlertSummary[], ref: Date, lead?: string, locale: Locale = 'en'): Partial<Activity> {
  const words = alertMessages(locale);
  const text = `${lead ? `${lead}\n\n` : ''}${words.list(subs, ref)}`;
  if (subs.length === 0) return { type: 'message', text };
  const body = subs.map((s) => ({
    type: 'ColumnSet',
    columns: [
      { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [{ type: 'TextBlock', text: words.listItem(s, ref), wrap: true }] },
      { type: 'Column', width: 'auto', items: [{ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: words.stopButton, data: { alerts: { action: 'stop', id: s.id } } }] }] },
    ],
  }));
  const card = CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [...(lead ? [{ type: 'TextBlock', text: lead, weight: 'Bolder', wrap: true }] : []), ...body],
    actions: subs.length > 1 ? [{ type: 'Action.Submit', title: words.stopAllButton, data: { alerts: { action: 'stopAll' } } }] : [],
  });
  return { type: 'message', text, attachments: [card] };
}

/** Plain buttons (suggested actions) that send their title as the rider's message. */
export function buttons(titles: readonly string[]): CardAction[] {
  return titles.map((title) => ({ type: ActionTypes.ImBack, title, value: title }));
}
