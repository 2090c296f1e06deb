/**
 * Trip alerts, the pure part: what a subscription is, and when its alerts are due. Everything a
 * rider says is Toronto wall-clock time: "weekdays at 8:00" is 8:00 in Toronto on every weekday,
 * across the DST changes, whatever the server's zone. Imports only src/pipeline, so the bot (the
 * dialog that writes subscriptions) and src/alerts (the store, the scheduler) can both use it.
 *
 * DST, as the trip dialog handles it (src/pipeline/toronto-time.ts):
 * - a trip clock time in the hour skipped in spring (2:30 am on 2027-03-14) does not exist that
 *   day: that day's occurrence is a `gap` — nothing is sent, the scheduler logs it;
 * - in the hour repeated in autumn (1:30 am on 2027-11-07) the first pass (daylight time) is taken.
 * The lead is real minutes before the trip's instant ("15 minutes before" is 15 minutes on the
 * clock on the wall, also across a change).
 */
import { fromTorontoWallClock, torontoParts } from '../pipeline/toronto-time';
import type { Direction } from '../pipeline/types';

/** A Toronto calendar day. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

/** A Toronto clock time. */
export interface Clock {
  hour: number;
  minute: number;
}

/** Weekdays as torontoParts counts them: 0 = Monday … 6 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const EVERY_DAY: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
export const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4];
export const WEEKENDS: readonly Weekday[] = [5, 6];

/** When the trip is: every week on some days, or once. The clock is the trip's, not the alert's. */
export type Schedule =
  | { kind: 'weekly'; days: Weekday[]; clock: Clock }
  | { kind: 'once'; day: LocalDay; clock: Clock };

/** Leads from a few minutes to half a day: an alert further ahead says nothing the rider can use. */
export const MIN_LEAD_MINUTES = 5;
export const MAX_LEAD_MINUTES = 12 * 60;

/**
 * Where to write: the parts of botbuilder's ConversationReference that sending needs, nothing
 * more. Names (the rider's, the conversation's) are not kept: not needed, and personal.
 */
export interface SavedReference {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  user: { id: string; aadObjectId?: string };
  bot: { id: string };
  locale?: string;
}

/** pausedUntil of "pause alerts" said without an end: until "resume alerts". */
export const UNTIL_RESUMED = '9999-01-01T00:00:00.000Z';

/** What a rider asked for, complete and checked (the dialog builds it). */
export interface SubscriptionSpec {
  /** The rider: channel and user id ("msteams:29:1abc…"), for "my alerts" and the per-rider cap. */
  rider: string;
  route: number;
  /** "504A": shown in the answer, not a different prediction. */
  branch?: string;
  direction: Direction;
  schedule: Schedule;
  leadMinutes: number;
  /** Only when the trip looks worse than usual (src/alerts/worse.ts). */
  onlyIfWorse: boolean;
  reference: SavedReference;
  /** The rider's IANA zone, when the channel said: answers add "(… your time)". */
  riderZone?: string;
  /** The subscribing message's time: occurrences due before it are never sent. ISO 8601. */
  createdAt: string;
}

/** A stored subscription. */
export interface Subscription extends SubscriptionSpec {
  id: string;
  /** No alert due before this instant (ISO 8601) is sent: "pause alerts until Monday". */
  pausedUntil?: string;
}

/** One day's alert of a subscription. */
export interface Occurrence {
  /** The trip's Toronto date, "2027-03-15": at most one alert per subscription per day. */
  key: string;
  /** The trip's instant; undefined for a gap. */
  trip?: Date;
  /** When the alert is due: trip − lead. For a gap, when it would have been (by the day's standard offset). */
  sendAt: Date;
  /** The trip clock time does not exist that day (spring forward). */
  gap?: true;
}

function dayKey(d: LocalDay): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function addDays(d: LocalDay, n: number): LocalDay {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function weekdayOf(d: LocalDay): Weekday {
  const days = Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
  return ((((days + 3) % 7) + 7) % 7) as Weekday;
}

export function torontoDay(instant: Date | number): LocalDay {
  const p = torontoParts(instant);
  return { year: p.year, month: p.month, day: p.day };
}

/** The occurrence on one Toronto day, or undefined when the schedule has none that day. */
export function occurrenceOn(schedule: Schedule, leadMinutes: number, day: LocalDay): Occurrence | undefined {
  if (schedule.kind === 'weekly' && !schedule.days.includes(weekdayOf(day))) return undefined;
  if (schedule.kind === 'once' && dayKey(schedule.day) !== dayKey(day)) return undefined;
  const { hour, minute } = schedule.clock;
  const key = dayKey(day);
  const trip = fromTorontoWallClock(day.year, day.month, day.day, hour, minute);
  if (trip.ok) return { key, trip: trip.instant, sendAt: new Date(trip.instant.getTime() - leadMinutes * 60_000) };
  // Spring forward: the trip time does not exist. Place the would-be send an hour later on the
  // wall clock (the first instant that exists), so it is looked at once, in order.
  const after = fromTorontoWallClock(day.year, day.month, day.day, hour + 1, minute);
  const instant = after.ok ? after.instant.getTime() : Date.UTC(day.year, day.month - 1, day.day, hour + 5, minute);
  return { key, sendAt: new Date(instant - leadMinutes * 60_000), gap: true };
}

/**
 * Every occurrence whose send time lies in (from, to], in order. A lead is at most 12 hours, so
 * the trips to look at are on the days from `from`'s to `to` + 12 h.
 */
export function occurrencesBetween(schedule: Schedule, leadMinutes: number, from: Date, to: Date): Occurrence[] {
  const out: Occurrence[] = [];
  if (to.getTime() <= from.getTime()) return out;
  const last = dayKey(torontoDay(to.getTime() + (MAX_LEAD_MINUTES + 60) * 60_000));
  for (let day = torontoDay(from.getTime() - 60 * 60_000); dayKey(day) <= last; day = addDays(day, 1)) {
    const occurrence = occurrenceOn(schedule, leadMinutes, day);
    if (occurrence && occurrence.sendAt.getTime() > from.getTime() && occurrence.sendAt.getTime() <= to.getTime()) out.push(occurrence);
  }
  return out;
}

/** The first occurrence (gaps skipped) whose send time is at or after `from`; undefined when none within `days` days. */
export function nextOccurrence(schedule: Schedule, leadMinutes: number, from: Date, days = 400): Occurrence | undefined {
  let day = torontoDay(from.getTime() - 60 * 60_000);
  for (let i = 0; i < days; i++, day = addDays(day, 1)) {
    const occurrence = occurrenceOn(schedule, leadMinutes, day);
    if (occurrence && !occurrence.gap && occurrence.sendAt.getTime() >= from.getTime()) return occurrence;
    if (schedule.kind === 'once' && dayKey(day) > dayKey(schedule.day)) return undefined;
  }
  return undefined;
}

/** The rider key of a channel's user: one rider per channel account. */
export function riderKey(channelId: string, userId: string): string {
  return `${channelId}:${userId}`;
}

// ── What the bot's dialog needs from the store (src/alerts/store.ts implements it) ──

/** A subscription as listed: everything but where to write. */
export type AlertSummary = Omit<Subscription, 'reference' | 'riderZone'>;

export type AddResult =
  | { ok: true; subscription: Subscription }
  /** The rider already has `max` alerts. */
  | { ok: false; reason: 'limit'; max: number }
  /** The same route, direction, days and trip time already has an alert. */
  | { ok: false; reason: 'duplicate'; existing: AlertSummary };

/** The subscriptions of riders, as the conversation sees them. */
export interface AlertBook {
  add(spec: SubscriptionSpec, maxPerRider: number): Promise<AddResult>;
  list(rider: string): Promise<AlertSummary[]>;
  /** Stops those of the rider's subscriptions that `which` picks; resolves with the ones stopped. */
  stop(rider: string, which: (s: AlertSummary) => boolean): Promise<AlertSummary[]>;
  /** Pauses (until an instant) or resumes (undefined) every subscription of the rider; resolves with them. */
  pause(rider: string, until: Date | undefined): Promise<AlertSummary[]>;
}

// ── What sending needs from the host (src/host/botbuilder/proactive.ts implements it) ──

export type SendResult =
  | { ok: true; id?: string }
  | {
      ok: false;
      /** The channel's HTTP status, when it answered. */
      status?: number;
      /** The channel's Retry-After, when it gave one. */
      retryAfterMs?: number;
      /** No answer within the reply deadline (ops.replyTimeoutMs). */
      timedOut?: boolean;
      error: unknown;
    };

/** Sends one activity to a saved conversation, outside any turn (the bot writes first). */
export type ProactiveSend = (reference: SavedReference, activity: Record<string, unknown>) => Promise<SendResult>;
