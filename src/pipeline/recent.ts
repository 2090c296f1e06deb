import { dayNumberOf } from './calendar';
import type { DelayEvent } from './clean';
import { fromTorontoWallClock, torontoParts } from './toronto-time';
import type { Direction, RecentCounts, Trip } from './types';

/**
 * What happened on a trip's route before the trip's clock hour: the model's "recent incidents"
 * inputs. One function family serves training (from the official log) and serving (from a live
 * source or a log): `IncidentLog.recentAt` is the only place counts are made.
 *
 * No look-ahead, by construction: every window ends at the start of the trip's Toronto clock
 * hour. An incident at 08:10 never informs an 08:00–08:59 trip; "earlier today" is the trip's
 * Toronto date before that hour; "the day before" is the previous Toronto date, midnight to
 * midnight. Hours are Toronto wall-clock hours (as the log and the slots count them).
 */

/** One reported incident: its route, the way it went ('b' = both ways) and when. */
export interface Incident {
  route: number;
  direction: Direction | 'b';
  time: Date;
}

/** Incidents in one window: going the trip's way, and going any other way. Both ways counts in both. */
export type DirectionCounts = RecentCounts;

/**
 * Counts on the trip's route in windows that end where the trip's clock hour starts. A window
 * the source does not reach back to is undefined ("unknown"), which the model treats unlike 0.
 */
export interface RecentIncidents {
  /** The clock hour before the trip's. */
  lastHour?: DirectionCounts;
  /** The three clock hours before the trip's (the last hour included). */
  last3Hours?: DirectionCounts;
  /** The trip's Toronto date, from midnight up to the trip's clock hour. */
  earlierToday?: DirectionCounts;
  /** The previous Toronto date, all of it. */
  dayBefore?: DirectionCounts;
  /** The seven Toronto dates before the trip's date. */
  last7Days?: DirectionCounts;
}

export type RecentWindow = keyof RecentIncidents;

/**
 * What a live source knows (src/live/incidents.ts): the last hour and the last three hours, every
 * window further back unknown. Training has a copy of each slot in this state too, so the model
 * answers it calibrated rather than as a mix of states it never saw.
 */
export const LAST_HOURS_WINDOWS: readonly RecentWindow[] = ['lastHour', 'last3Hours'];

/** The same incidents with only the last hour and the last three hours known. */
export function lastHoursOnly(recent: RecentIncidents): RecentIncidents {
  const out: RecentIncidents = {};
  for (const w of LAST_HOURS_WINDOWS) if (recent[w]) out[w] = recent[w];
  return out;
}

/** Toronto wall-clock hours since 1970-01-01 00:00 (local), the unit every window is counted in. */
export function wallHourOf(instant: Date | number): number {
  const p = torontoParts(instant);
  return dayNumberOf(p.year, p.month, p.day) * 24 + p.hour;
}

/**
 * A delay log's rows as incidents: the rows with Min Delay > 0 (what the model calls a delay),
 * the log's Toronto wall clock turned into instants. Training and the scorer's --recent-log both
 * count incidents through this function.
 */
export function incidentsFromEvents(events: readonly DelayEvent[]): Incident[] {
  return events.filter((e) => e.minDelay > 0).map((e) => {
    const [y, m, d] = [Number(e.date.slice(0, 4)), Number(e.date.slice(5, 7)), Number(e.date.slice(8, 10))];
    let t = fromTorontoWallClock(y, m, d, e.hour, e.minute);
    // A time logged in the hour skipped in spring: it can only have happened in the next one.
    if (!t.ok) t = fromTorontoWallClock(y, m, d, Math.min(23, e.hour + 1), 0);
    const time = t.ok ? t.instant : new Date(Date.UTC(y, m - 1, d, e.hour, e.minute));
    return { route: e.route, direction: e.direction, time };
  });
}

const DIRECTION_SLOT: Record<Direction | 'b', number> = { e: 0, w: 1, n: 2, s: 3, b: 4 };

export interface IncidentLogOptions {
  /**
   * The earliest instant the source covers: windows that start before it are unknown. Default:
   * Toronto midnight of the day of the earliest incident (a delay log covers whole days). A live
   * source must say it: an empty list without `since` knows nothing, which is not "none happened".
   */
  since?: Date;
}

/**
 * Incidents indexed for fast window counts: per route and direction, cumulative counts by
 * Toronto wall-clock hour. Built once from a log or a live list; queries are O(1).
 */
export class IncidentLog {
  /** route → cumulative counts: cum[dir * (span + 1) + i] = incidents in hours [first, first + i). */
  private readonly cumulative = new Map<number, Int32Array>();
  private readonly firstHour: number;
  private readonly span: number;
  /** Wall hour from which windows are known. */
  readonly sinceHour: number;
  readonly size: number;

  constructor(incidents: readonly Incident[], options: IncidentLogOptions = {}) {
    const hours = incidents.map((i) => wallHourOf(i.time));
    let first = Infinity;
    let last = -Infinity;
    for (const h of hours) {
      if (h < first) first = h;
      if (h > last) last = h;
    }
    this.size = incidents.length;
    if (!Number.isFinite(first)) {
      first = 0;
      last = -1;
    }
    this.firstHour = first;
    this.span = last - first + 1;
    this.sinceHour = options.since ? wallHourOf(options.since) : Number.isFinite(first) && incidents.length ? Math.floor(first / 24) * 24 : Infinity;
    const counts = new Map<number, Int32Array>();
    incidents.forEach((incident, i) => {
      let c = counts.get(incident.route);
      if (!c) {
        c = new Int32Array(5 * (this.span + 1));
        counts.set(incident.route, c);
      }
      c[DIRECTION_SLOT[incident.direction] * (this.span + 1) + (hours[i] - first) + 1]++;
    });
    for (const [route, c] of counts) {
      for (let d = 0; d < 5; d++) {
        const base = d * (this.span + 1);
        for (let i = 1; i <= this.span; i++) c[base + i] += c[base + i - 1];
      }
      this.cumulative.set(route, c);
    }
  }

  /** Incidents on a route in one direction slot in wall hours [from, to). */
  private count(c: Int32Array, direction: number, from: number, to: number): number {
    const lo = Math.min(Math.max(from - this.firstHour, 0), this.span);
    const hi = Math.min(Math.max(to - this.firstHour, 0), this.span);
    const base = direction * (this.span + 1);
    return hi > lo ? c[base + hi] - c[base + lo] : 0;
  }

  private window(route: number, direction: Direction, from: number, to: number): DirectionCounts | undefined {
    if (from < this.sinceHour) return undefined;
    const c = this.cumulative.get(route);
    if (!c) return { same: 0, other: 0 };
    const both = this.count(c, 4, from, to);
    const mine = DIRECTION_SLOT[direction];
    let other = both;
    for (let d = 0; d < 4; d++) if (d !== mine) other += this.count(c, d, from, to);
    return { same: this.count(c, mine, from, to) + both, other };
  }

  /** The recent-incident windows of a slot that starts at wall hour `hour` (day × 24 + clock hour). */
  recentAt(route: number, direction: Direction, hour: number): RecentIncidents {
    const midnight = Math.floor(hour / 24) * 24;
    const out: RecentIncidents = {};
    const put = (key: RecentWindow, counts: DirectionCounts | undefined): void => {
      if (counts) out[key] = counts;
    };
    put('lastHour', this.window(route, direction, hour - 1, hour));
    put('last3Hours', this.window(route, direction, hour - 3, hour));
    put('earlierToday', this.window(route, direction, midnight, hour));
    put('dayBefore', this.window(route, direction, midnight - 24, midnight));
    put('last7Days', this.window(route, direction, midnight - 7 * 24, midnight));
    return out;
  }

  /** The recent-incident windows of a trip: everything on its route before its clock hour. */
  recentFor(trip: Trip): RecentIncidents {
    return this.recentAt(trip.route, trip.direction, wallHourOf(trip.time));
  }
}

/**
 * A delay log's incidents from `from` to `to` (ISO dates, inclusive; no `to`: to the end), with
 * windows known from Toronto midnight of `from`: what training, the validation folds, the
 * scorer's --recent-log and the refresh's comparison count recent incidents from.
 */
export function incidentLogOf(events: readonly DelayEvent[], from: string, to?: string): IncidentLog {
  const start = fromTorontoWallClock(Number(from.slice(0, 4)), Number(from.slice(5, 7)), Number(from.slice(8, 10)));
  const kept = events.filter((e) => e.date >= from && (to === undefined || e.date <= to));
  return new IncidentLog(incidentsFromEvents(kept), start.ok ? { since: start.instant } : {});
}

/**
 * The pure function: a trip's recent incidents from a list of incidents. Only incidents before
 * the trip's clock hour count, whatever the list holds. For many trips build one IncidentLog.
 */
export function recentIncidents(incidents: readonly Incident[], trip: Trip, options: IncidentLogOptions = {}): RecentIncidents {
  return new IncidentLog(incidents, options).recentFor(trip);
}
