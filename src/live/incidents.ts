/**
 * Alerts → incidents, for the model's recent-incident input (the predictor's
 * `predict(trip, recent?)`, whose `recent` is built from incidents before the trip's clock
 * hour). Not wired into the model here: the model side calls this with the alerts the feed
 * holds (AlertsFeed.incidents) and builds `recent` from the result.
 *
 * The mapping, one incident per alert and streetcar route it names:
 *   route     the route number of the selector's route_id (or its trip's route_id)
 *   direction 'b': an alert has no direction (GTFS-realtime's direction_id is rarely set and is
 *             0/1 of the GTFS trips, not east/west), so it stands for both
 *   time      the start of the alert's active period that overlaps the window, or, when that
 *             period has no start (or there is no period), when the alert was published as far
 *             as this server knows: the feed time of the first copy it appeared in
 *
 * What the mapping cannot know:
 *   - The delay log records every small delay (a few minutes at a stop, a held car); the TTC
 *     publishes an alert only for disruptions big enough to tell riders about. Alerts are far
 *     fewer than logged incidents, so a model trained on log incidents sees, from alerts, fewer
 *     and larger ones than it learned from: "no alert" does not mean "no incident".
 *   - An alert has no direction, so 'b'; the log's incidents have one.
 *   - Its start is when it was published or its active period's start, which can be well after
 *     the trouble began (or, for a planned diversion, days before anything happens on the
 *     street). A server that restarted knows only the alerts' first-seen times since its start.
 *   - An alert that cleared is no longer in the feed: the feed remembers alerts that left it
 *     for a few hours (AlertsFeed), no longer, and not across restarts.
 *   - A long-running alert (a detour for weeks) keeps its old start: a model that counts
 *     incidents in the last hours before the trip does not see it, unless `notBefore` is given,
 *     which moves earlier starts up to it (an alert still on is trouble now).
 *   - An alert for every streetcar (route_type 0 alone) names no route and maps to nothing.
 */
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
