/**
 * "Only if it looks worse than usual": whether one day's trip is worse than that trip usually is.
 *
 * The usual for that hour is the mean probability the predictor gives the same route and
 * direction at the same Toronto clock time on the same weekday, over the four weeks before and the
 * four weeks after the trip (8 days; each on the wall clock, so across DST changes too). The trip
 * looks worse when its probability is above that usual by at least WORSE_MARGIN_POINTS (3
 * percentage points) and by at least WORSE_MARGIN_RATIO (20 % of the usual), or when the live
 * source has a TTC service alert for the route at the trip time.
 *
 * With model v1 (hour × weekday × month) the same weekday and hour differ from week to week only
 * across a change of month, so until the model or the live source bring day-specific news, most
 * "only if worse" days are quiet: that is the point of the setting, and docs/ALERTS.md says so.
 */
import type { DelayPredictor } from '../model/types';
import { fromTorontoWallClock, torontoParts } from '../pipeline/toronto-time';
import type { Trip } from '../pipeline/types';

export const WORSE_MARGIN_POINTS = 0.03;
export const WORSE_MARGIN_RATIO = 0.2;
const WEEKS = [-4, -3, -2, -1, 1, 2, 3, 4];

/** The mean probability of the same trip (route, direction, weekday, Toronto clock time) over the surrounding 8 weeks. */
export function usualForHour(predictor: DelayPredictor, trip: Trip): number {
  const t = torontoParts(trip.time);
  let sum = 0;
  let n = 0;
  for (const weeks of WEEKS) {
    const d = new Date(Date.UTC(t.year, t.month - 1, t.day + weeks * 7));
    const at = fromTorontoWallClock(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), t.hour, t.minute);
    if (!at.ok) continue; // that week's day has no such time (spring forward)
    sum += predictor.predict({ ...trip, time: at.instant }).probability;
    n += 1;
  }
  return n === 0 ? predictor.predict(trip).probability : sum / n;
}

export interface WorseVerdict {
  worse: boolean;
  probability: number;
  usual: number;
  /** Why it counts as worse (or not), for the log. */
  reason: 'above_usual' | 'live_alert' | 'usual';
}

export function looksWorse(probability: number, usual: number, liveAlerts: number): WorseVerdict {
  if (liveAlerts > 0) return { worse: true, probability, usual, reason: 'live_alert' };
  const above = probability - usual >= WORSE_MARGIN_POINTS && probability >= usual * (1 + WORSE_MARGIN_RATIO);
  return { worse: above, probability, usual, reason: above ? 'above_usual' : 'usual' };
}
