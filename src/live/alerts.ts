/**
 * The alert model and the selection for a trip: which of the feed's alerts concern a trip's
 * route at the trip's time, and how an answer shows each (PredictionAlert: header, effect in
 * plain words, until when).
 *
 * Route: an informed entity (EntitySelector) concerns streetcar route R when its route_id is R
 * ("504"; the TTC names routes by number), with or without an agency_id, and with no route_type
 * or route_type 0 (tram); a trip selector whose route_id is R counts too (a detour of some of
 * the route's trips). A selector of route_type 0 alone (no route, stop or trip) means every
 * streetcar, so it concerns every route. Anything else — another route, another mode's
 * route_type, a stop or agency alone — does not: alerts for other routes never show.
 *
 * Time: no active period = always active; a period may lack a start (active since ever) or an
 * end (open-ended). An alert whose covering period gives no end is shown for trips up to
 * OPEN_ENDED_HOURS after now only: the feed says it is on now, not that it will be next week.
 */
import type { PredictionAlert } from '../pipeline/types';
import { toTorontoIso } from '../pipeline/toronto-time';

/** An active period in epoch milliseconds; a missing bound is open. */
export interface TimeRange {
  start?: number;
  end?: number;
}

/** One informed entity, as much of it as the selection needs. */
export interface AlertSelector {
  agencyId?: string;
  routeId?: string;
  routeType?: number;
  stopId?: string;
  /** The selector names a trip. */
  trip?: true;
  tripRouteId?: string;
}

/** A service alert from the feed (src/live/gtfs-rt.ts). */
export interface LiveAlert {
  id: string;
  /** Header text (the English translation, or the first), one clean line. */
  header: string;
  /** GTFS-realtime Alert.Effect; absent = not given (UNKNOWN_EFFECT). */
  effect?: number;
  cause?: number;
  /** Empty = always active. */
  periods: TimeRange[];
  informed: AlertSelector[];
  /** When it was published as far as this server knows (epoch ms): the feed time of the first copy it was in. */
  firstSeen: number;
  /** Set once it has left the feed (epoch ms): the feed time of the first copy without it. */
  gone?: number;
}

/** Trips further ahead than this are not shown alerts whose period gives no end. */
export const OPEN_ENDED_HOURS = 12;
/** At most this many alerts in one answer (the most serious first). */
export const MAX_ALERTS_SHOWN = 5;

const HOUR_MS = 3_600_000;

/** GTFS-realtime Alert.Effect in plain words. */
export const EFFECT_WORDS: Readonly<Record<number, string>> = {
  1: 'No service', // NO_SERVICE
  2: 'Reduced service', // REDUCED_SERVICE
  3: 'Significant delays', // SIGNIFICANT_DELAYS
  4: 'Detour', // DETOUR
  5: 'Extra service', // ADDITIONAL_SERVICE
  6: 'Modified service', // MODIFIED_SERVICE
  7: 'Service change', // OTHER_EFFECT
  8: 'Service alert', // UNKNOWN_EFFECT
  9: 'Stop moved', // STOP_MOVED
  10: 'Notice', // NO_EFFECT
  11: 'Accessibility issue', // ACCESSIBILITY_ISSUE
};

/** The most serious for a rider first; unknown values (a newer proto) sit with UNKNOWN_EFFECT. */
const EFFECT_ORDER = [1, 4, 3, 2, 9, 6, 11, 7, 8, 5, 10];

export function effectWords(effect: number | undefined): string {
  return (effect !== undefined && EFFECT_WORDS[effect]) || EFFECT_WORDS[8];
}

function effectRank(effect: number | undefined): number {
  const i = EFFECT_ORDER.indexOf(effect ?? 8);
  return i === -1 ? EFFECT_ORDER.indexOf(8) : i;
}

/** "504", " 0504 " → 504; anything that is not a plain route number → undefined. */
export function routeNumber(routeId: string | undefined): number | undefined {
  const m = routeId === undefined ? null : /^\s*0*(\d{1,4})\s*$/.exec(routeId);
  return m ? Number(m[1]) : undefined;
}

/** Whether one informed entity concerns streetcar route `route` (rules in the header comment). */
export function selectorConcerns(s: AlertSelector, route: number): boolean {
  if (s.routeType !== undefined && s.routeType !== 0) return false;
  if (s.routeId !== undefined) return routeNumber(s.routeId) === route;
  if (s.tripRouteId !== undefined) return routeNumber(s.tripRouteId) === route;
  return s.routeType === 0 && s.stopId === undefined && !s.trip;
}

export function concernsRoute(alert: LiveAlert, route: number): boolean {
  return alert.informed.some((s) => selectorConcerns(s, route));
}

/** The streetcar routes an alert names (route_id or a trip's route_id); "every streetcar" names none. */
export function namedRoutes(alert: LiveAlert): number[] {
  const routes = new Set<number>();
  for (const s of alert.informed) {
    if (s.routeType !== undefined && s.routeType !== 0) continue;
    const n = routeNumber(s.routeId ?? s.tripRouteId);
    if (n !== undefined) routes.add(n);
  }
  return [...routes].sort((a, b) => a - b);
}

/**
 * The periods an alert is active in, with an alert that has left the feed ended when it left.
 * No period = one period without bounds.
 */
export function activity(alert: LiveAlert): TimeRange[] {
  const periods = alert.periods.length > 0 ? alert.periods : [{}];
  if (alert.gone === undefined) return periods;
  const gone = alert.gone;
  return periods
    .filter((p) => p.start === undefined || p.start < gone)
    .map((p) => ({ ...p, end: p.end === undefined ? gone : Math.min(p.end, gone) }));
}

/**
 * The active period covering `at` (ms), or undefined. Of overlapping periods, the one that
 * lasts longest (an open end beats any end). A period without an end covers only up to
 * `now` + OPEN_ENDED_HOURS.
 */
export function coveringPeriod(alert: LiveAlert, at: number, now: number): TimeRange | undefined {
  let best: TimeRange | undefined;
  for (const p of activity(alert)) {
    if (p.start !== undefined && at < p.start) continue;
    if (p.end !== undefined ? at > p.end : at > now + OPEN_ENDED_HOURS * HOUR_MS) continue;
    if (!best || (best.end !== undefined && (p.end === undefined || p.end > best.end))) best = p;
  }
  return best;
}

/**
 * The alerts an answer about route `route` at `at` shows: concerning the route, active at that
 * time, the most serious first, one per header and effect, at most MAX_ALERTS_SHOWN.
 */
export function selectAlerts(alerts: readonly LiveAlert[], route: number, at: Date, now: Date): PredictionAlert[] {
  const chosen: { alert: LiveAlert; until?: number }[] = [];
  for (const alert of alerts) {
    if (!concernsRoute(alert, route)) continue;
    const covering = coveringPeriod(alert, at.getTime(), now.getTime());
    if (covering) chosen.push({ alert, until: covering.end });
  }
  chosen.sort((a, b) => effectRank(a.alert.effect) - effectRank(b.alert.effect) || a.alert.firstSeen - b.alert.firstSeen || a.alert.id.localeCompare(b.alert.id));
  const seen = new Set<string>();
  const shown: PredictionAlert[] = [];
  for (const { alert, until } of chosen) {
    const effect = effectWords(alert.effect);
    const key = `${effect}|${alert.header.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    shown.push({ id: alert.id, header: alert.header, effect, ...(until !== undefined ? { until: toTorontoIso(until) } : {}) });
    if (shown.length === MAX_ALERTS_SHOWN) break;
  }
  return shown;
}
