/**
 * Alerts → incidents → the model's recent-incident input (`predict(trip, recent?)`, whose
 * `recent` counts incidents on the route in windows that end where the trip's clock hour starts).
 * liveRecentIncidents is what the answers use (through AlertsFeed.recentFor and withAlerts in
 * predictor.ts), for trips from the current clock hour to LIVE_HOURS_AHEAD hours on.
 *
 * The mapping, one incident per alert and streetcar route it names:
 *   route     the route number of the selector's route_id (or its trip's route_id)
 *   direction 'b': an alert has no direction (GTFS-realtime's direction_id is rarely set and is
 *             0/1 of the GTFS trips, not east/west), so it counts both this way and other ways,
 *             as a "both ways" row of the log does
 *   time      the start of the alert's active period (the earliest that overlaps the hours
 *             looked at), or, when that period has no start (or there is no period), when the
 *             alert was published as far as this server knows: the feed time of the first copy
 *             it appeared in. The log records an incident when it happened, not while it lasts,
 *             so an alert is counted where it began: a trip at 16:50 reads a detour that began at
 *             15:20 as "one incident in the last hour"; a trip at 17:20 as "one in the two hours
 *             before that".
 * Counted like the log's incidents (pipeline/recent.ts), strictly before the trip's clock hour:
 * an alert that began at 16:05 does not count for a 16:50 trip (it is still shown with the answer).
 * Only the last hour and the last three hours are given; "earlier today", "the day before" and "the
 * last seven days" are unknown, not zero (the feed remembers a few hours, and alerts say nothing
 * of the small delays those windows count). Training has a copy of every slot in exactly this
 * state (pipeline/recent.ts lastHoursOnly, fit.ts lastHoursWeight), so the model answers it
 * calibrated for incidents counted from the log.
 * A route with no alert counted is not given zeros: the answer is the calendar-only one, as with
 * the feed down or off.
 *
 * What the mapping cannot know:
 *   - The delay log records every small delay (a few minutes at a stop, a held car); the TTC
 *     publishes an alert only for disruptions big enough to tell riders about. Alerts are far
 *     fewer than logged incidents, so "no alert" does not mean "no incident" (hence calendar-only
 *     for routes without alerts), and the counts the model reads from alerts are a floor: where it
 *     reads 0 in a window next to an alert, the log may well have had several.
 *   - How bad it is: a detour and a short delay are each one incident. The model learned what one
 *     logged incident usually means, and a big disruption means more.
 *   - An alert has no direction, so 'b'; the log's incidents have one.
 *   - Its start is when it was published or its active period's start, which can be well after
 *     the trouble began (or, for a planned diversion, days before anything happens on the
 *     street). A server that restarted knows only the alerts' first-seen times since its start,
 *     and nothing of alerts that ended before it.
 *   - An alert that cleared is no longer in the feed: the feed remembers alerts that left it for
 *     a few hours (AlertsFeed, REMEMBER_GONE_MS), no longer, and not across restarts.
 *   - A long-running alert (a detour for weeks) began before the windows the live source knows,
 *     so it counts nowhere (calendar-only), though it is still shown. (`notBefore`, for other
 *     callers of alertsToIncidents, moves such starts up.)
 *   - An alert for every streetcar (route_type 0 alone) names no route and maps to nothing.
 *   - None of this was validated: there is no archive of past alerts to score against the log.
 */
import { LAST_HOURS_WINDOWS, lastHoursOnly, recentIncidents, wallHourOf, type RecentIncidents } from '../pipeline/recent';
import type { Trip } from '../pipeline/types';
import type { LiveAlert } from './alerts';
import { activity, namedRoutes } from './alerts';

/** The model's incident shape: { route, direction, time } ('b' = both directions). */
export interface LiveIncident {
  route: number;
  direction: 'e' | 'w' | 'n' | 's' | 'b';
  time: Date;
}

export interface IncidentWindow {
  /** Alerts active at some moment from here (e.g. now − 3 h: the hours before the trips)… */
  from: Date;
  /** …to here (e.g. now + 3 h: the trips in the next few hours). */
  to: Date;
  /** Starts earlier than this are moved up to it (an alert still on is trouble now). */
  notBefore?: Date;
}

/**
 * The incidents the alerts stand for: one per alert and route it names, for alerts active at
 * some moment from `window.from` to `window.to`, sorted by time then route.
 */
export function alertsToIncidents(alerts: readonly LiveAlert[], window: IncidentWindow): LiveIncident[] {
  const lo = window.from.getTime();
  const hi = window.to.getTime();
  const out: LiveIncident[] = [];
  for (const alert of alerts) {
    const routes = namedRoutes(alert);
    if (routes.length === 0) continue;
    const overlapping = activity(alert).filter((p) => (p.start === undefined || p.start <= hi) && (p.end === undefined || p.end >= lo));
    if (overlapping.length === 0) continue;
    let time = Math.min(...overlapping.map((p) => p.start ?? alert.firstSeen));
    if (window.notBefore) time = Math.max(time, window.notBefore.getTime());
    for (const route of routes) out.push({ route, direction: 'b', time: new Date(time) });
  }
  return out.sort((a, b) => a.time.getTime() - b.time.getTime() || a.route - b.route);
}

/** Trips up to this many hours after now read the live alerts as recent incidents; later ones stay calendar-only. */
export const LIVE_HOURS_AHEAD = 3;
/**
 * How far back the live source is taken to know anything: the feed remembers alerts that left it
 * for REMEMBER_GONE_MS (this, in ms; feed.ts). More than the three hours the windows reach back
 * from a trip in the current hour.
 */
export const LIVE_MEMORY_HOURS = 6;

const HOUR_MS = 3_600_000;

/**
 * The model's `recent` input for a trip from the live alerts (those in memory: the last good
 * copy and the ones that left it lately), or undefined for the calendar-only answer:
 *
 *   - a trip whose clock hour has passed, or more than LIVE_HOURS_AHEAD hours after `now`: undefined;
 *   - no alert for the trip's route counted in a window the source knows: undefined. "No alert"
 *     is not "no incident" (the log records many small delays that never become alerts), so it
 *     never reads as a quiet route: routes without alerts get the calendar answer, as with the
 *     feed down;
 *   - otherwise the alerts as incidents (alertsToIncidents: one per alert, direction 'b', at its
 *     start) counted like the log's, before the trip's clock hour only, in the last hour and the
 *     last three hours; every window further back is unknown (lastHoursOnly: the state the model
 *     has a training copy of).
 */
export function liveRecentIncidents(alerts: readonly LiveAlert[], trip: Trip, now: Date, hoursAhead = LIVE_HOURS_AHEAD): RecentIncidents | undefined {
  const t = trip.time.getTime();
  const nowMs = now.getTime();
  if (!(t <= nowMs + hoursAhead * HOUR_MS) || wallHourOf(trip.time) < wallHourOf(now)) return undefined;
  const mine = alerts.filter((a) => namedRoutes(a).includes(trip.route));
  if (mine.length === 0) return undefined;
  const since = new Date(nowMs - LIVE_MEMORY_HOURS * HOUR_MS);
  // Toronto's offsets are whole hours: the trip's clock hour starts on a UTC hour.
  const hourStart = new Date(Math.floor(t / HOUR_MS) * HOUR_MS);
  const incidents = alertsToIncidents(mine, { from: since, to: new Date(hourStart.getTime() - 1) }).filter((i) => i.route === trip.route);
  const recent = lastHoursOnly(recentIncidents(incidents, trip, { since }));
  const counted = LAST_HOURS_WINDOWS.some((w) => (recent[w]?.same ?? 0) + (recent[w]?.other ?? 0) > 0);
  return counted ? recent : undefined;
}
