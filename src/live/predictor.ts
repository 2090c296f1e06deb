/**
 * The predictor the answers use, with the live alerts added: every Prediction it returns carries
 * `alerts` (the TTC's alerts for the trip's route active at the trip's time) when there are any,
 * and is exactly the model's otherwise. The bot, the web pages and the JSON API all build their
 * answers from predict(), so this is the one place the alerts join them. Reading the alerts is
 * synchronous and cheap (the last good copy in memory); the model's own work is unchanged.
 */
import type { DelayPredictor } from '../model/types';
import type { Prediction, PredictionAlert, Trip } from '../pipeline/types';

export interface AlertSource {
  alertsFor(route: number, at: Date): PredictionAlert[];
}

export function withAlerts(predictor: DelayPredictor, source: AlertSource): DelayPredictor {
  const add = (p: Prediction, trip: Trip): Prediction => {
    const alerts = source.alertsFor(trip.route, trip.time);
    return alerts.length > 0 ? { ...p, alerts } : p;
  };
  return {
    get info() {
      return predictor.info;
    },
    // Any further arguments (the model's coming `recent` incidents) pass through untouched.
    predict(...args: Parameters<DelayPredictor['predict']>) {
      return add(predictor.predict(...args), args[0]);
    },
    predictBatch(...args: Parameters<DelayPredictor['predictBatch']>) {
      const [trips] = args;
      return predictor.predictBatch(...args).map((p, i) => add(p, trips[i]));
    },
    hourlyRisk: (...args: Parameters<DelayPredictor['hourlyRisk']>) => predictor.hourlyRisk(...args),
  };
}
