import type { Prediction, Trip } from '../pipeline/types';
import type { DelayPredictor, HourlyRisk } from './types';

/**
 * The hours an answer is drawn next to and compared with, predicted the way the answer was.
 * `hourlyRisk` is calendar-only (what is usual). When the answer itself read recent incidents
 * (the live alerts, for a trip in the next few hours on a route with alerts: it then carries
 * `recentIncidents`), each hour is asked of `predict` at its start instead, so the trip's bar is
 * the answer's own number and "leaving at 6 instead" compares like with like: hours the live
 * alerts reach read them too, the others stay calendar-only. Otherwise the hours unchanged.
 */
export function hoursAsAnswered(predictor: DelayPredictor, trip: Trip, answer: Pick<Prediction, 'recentIncidents'>, hours: readonly HourlyRisk[]): HourlyRisk[] {
  if (!answer.recentIncidents) return [...hours];
  return hours.map((h) => ({ ...h, probability: predictor.predict({ route: trip.route, direction: trip.direction, time: new Date(h.time) }).probability }));
}
