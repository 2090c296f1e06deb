/**
 * The predictor the answers use, with the live alerts added: every Prediction it returns carries
 * `alerts` (the TTC's alerts for the trip's route active at the trip's time) when there are any,
 * and for a trip in the next few hours on a route with alerts the model reads those alerts as
 * its recent-incident input (src/live/incidents.ts, liveRecentIncidents). Otherwise — no alert
 * for the route, a later or past trip, the feed down or off — the prediction is exactly the
 * model's calendar-only one ("unknown", not "none happened"). The bot, the web pages and the JSON
 * API all build their answers from predict(), so this is the one place the alerts join them.
 * Everything is read from the last good copy in memory, synchronously: no network on a turn.
 */
import type { DelayPredictor } from '../model/types';
import type { RecentIncidents } from '../pipeline/recent';
import type { Prediction, PredictionAlert, Trip } from '../pipeline/types';

export interface AlertSource {
  alertsFor(route: number, at: Date): PredictionAlert[];
  /** The live recent-incident input for a trip; undefined = calendar-only. Absent: alerts are only shown. */
  recentFor?(trip: Trip): RecentIncidents | undefined;
}

export function withAlerts(predictor: DelayPredictor, source: AlertSource): DelayPredictor {
  const add = (p: Prediction, trip: Trip): Prediction => {
    const alerts = source.alertsFor(trip.route, trip.time);
    return alerts.length > 0 ? { ...p, alerts } : p;
  };
  // A caller's own `recent` (a log, in the scorer) wins; without one, the live alerts' for the trip.
  const recentOf = (trip: Trip, given: RecentIncidents | undefined): RecentIncidents | undefined => given ?? source.recentFor?.(trip);
  return {
    get info() {
      return predictor.info;
    },
    predict(trip: Trip, recent?: RecentIncidents) {
      return add(predictor.predict(trip, recentOf(trip, recent)), trip);
    },
    predictBatch(trips: readonly Trip[], recent?: readonly (RecentIncidents | undefined)[]) {
      const live = trips.map((t, i) => recentOf(t, recent?.[i]));
      return predictor.predictBatch(trips, live).map((p, i) => add(p, trips[i]));
    },
    hourlyRisk: (...args: Parameters<DelayPredictor['hourlyRisk']>) => predictor.hourlyRisk(...args),
  };
}
