/**
 * Predictors for web tests. Tests of predictions use the real model committed in models/ and
 * pipelines/ (loadRealPredictor). Tests of bad input use refusingPredictor, which fails the test
 * if bad input ever reaches the model.
 */
import type { DelayPredictor, HourlyRisk } from '../../src/model/types';
import { findRoute } from '../../src/pipeline/routes';
import { fromTorontoWallClock, torontoParts, toTorontoIso } from '../../src/pipeline/toronto-time';
import type { Direction, Prediction, Trip } from '../../src/pipeline/types';

export const refusingPredictor: DelayPredictor = {
  info: { version: 'none', pipelineVersion: 'none', backend: 'none', threshold: 0.5, trainedFrom: '', trainedTo: '' },
  predict() {
    throw new Error('bad input reached the model');
  },
  predictBatch() {
    throw new Error('bad input reached the model');
  },
  hourlyRisk() {
    throw new Error('bad input reached the model');
  },
};

let real: Promise<DelayPredictor> | undefined;

/** The real model from models/ and pipelines/ (as configured), loaded once per test process. */
export function realPredictor(): Promise<DelayPredictor> {
  real ??= (async () => {
    const { loadConfig } = await import('../../src/config');
    const { loadPredictor } = await import('../../src/model/load-predictor');
    const config = loadConfig({});
    return loadPredictor({ modelDir: config.paths.modelDir, pipelineDir: config.paths.pipelineDir });
  })();
  return real;
}

export interface FixedPredictorOptions {
  /** The chance for the trip's hour (every hour, unless `hour` says otherwise). */
  probability: number;
  /** The route and direction's usual rate. */
  usual: number;
  /** The `delayed` cut-off (default 0.102, the v1 model's max-F1 threshold). */
  threshold?: number;
  /** The cut-off for predictions that read recent incidents (info.recentThreshold); absent = `threshold`. */
  recentThreshold?: number;
  /** Every prediction read recent incidents (carries `recentIncidents`, judged by `recentThreshold`). */
  readsRecent?: boolean;
  /** The chance at a given Toronto hour of the day, for chart shapes; default: `probability`. */
  hour?: (hour: number, route: number) => number;
}

/**
 * A predictor that says whatever a test needs, with `delayed` computed the way the real one does
 * (probability ≥ threshold): for wording tests that must not depend on what the model learned.
 */
export function fixedPredictor(options: FixedPredictorOptions): DelayPredictor {
  const threshold = options.threshold ?? 0.102;
  const cut = options.readsRecent ? (options.recentThreshold ?? threshold) : threshold;
  const at = (hour: number, route: number): number => options.hour?.(hour, route) ?? options.probability;
  const predictor: DelayPredictor = {
    info: {
      version: 'fixed', pipelineVersion: 'fixed', backend: 'none', threshold, trainedFrom: '2014-01-01', trainedTo: '2024-12-31',
      ...(options.recentThreshold !== undefined ? { recentThreshold: options.recentThreshold } : {}),
    },
    predict(trip: Trip): Prediction {
      const probability = at(torontoParts(trip.time).hour, trip.route);
      return {
        route: trip.route,
        routeName: findRoute(trip.route)?.name ?? String(trip.route),
        direction: trip.direction,
        time: toTorontoIso(trip.time),
        probability,
        delayed: probability >= cut,
        usualProbability: options.usual,
        ...(options.readsRecent ? { recentIncidents: { lastHour: { same: 1, other: 1 }, last3Hours: { same: 1, other: 1 } } } : {}),
      };
    },
    predictBatch(trips: readonly Trip[]): Prediction[] {
      return trips.map((t) => predictor.predict(t));
    },
    hourlyRisk(route: number, _direction: Direction, day: Date): HourlyRisk[] {
      const d = torontoParts(day);
      return Array.from({ length: 24 }, (_, hour) => {
        const start = fromTorontoWallClock(d.year, d.month, d.day, hour);
        const time = start.ok ? toTorontoIso(start.instant) : toTorontoIso(day);
        return { hour, time, probability: at(hour, route) };
      });
    },
  };
  return predictor;
}
