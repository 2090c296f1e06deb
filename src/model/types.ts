import type { RecentIncidents } from '../pipeline/recent';
import type { Direction, Prediction, Trip } from '../pipeline/types';

/** Risk for one clock hour of a Toronto day, for charts and "least risky departure". */
export interface HourlyRisk {
  /** 0–23, Toronto local. */
  hour: number;
  /** Start of that hour, ISO 8601 with the Toronto offset. */
  time: string;
  probability: number;
}

/** What a loaded model says about itself (from models/<v>/metadata.json). */
export interface ModelInfo {
  version: string;
  pipelineVersion: string;
  /** The tfjs backend that loaded the model: tensorflow, wasm or cpu. */
  backend: string;
  /**
   * Probability at or above which `delayed` is true for a calendar-only prediction (no recent
   * incidents); chosen on validation data. `thresholdFor` picks the one a prediction used.
   */
  threshold: number;
  /**
   * The same for a prediction that read recent incidents (it carries `recentIncidents`); absent =
   * `threshold` (v1, and test predictors). Chosen on validation data for that path.
   */
  recentThreshold?: number;
  trainedFrom: string;
  trainedTo: string;
  /**
   * 'route': each route-direction has its own shape over the day (route×hour effects);
   * 'network': one network-wide hour profile shifted per route, so every day route's hourly
   * chart has the same shape (say "network-wide" when showing it). loadPredictor always sets
   * it; optional only so hand-made test predictors need not (absent reads as 'network').
   */
  hourProfile?: 'route' | 'network';
  /** Whether the model reads recent incidents (predict's second argument); v1 does not. Set by loadPredictor. */
  recentIncidents?: boolean;
}

/** Loaded once at start; all methods are synchronous and cheap. */
export interface DelayPredictor {
  readonly info: ModelInfo;
  /**
   * Callers validate first (see pipeline/validate-trip): an unknown route or direction throws.
   * `recent` (from pipeline/recent: `recentIncidents(incidents, trip)` or `IncidentLog.recentFor`)
   * is what happened on the route before the trip's clock hour; without it the prediction is
   * the calendar-only one ("unknown": no live source, feed down), exactly as before.
   */
  predict(trip: Trip, recent?: RecentIncidents): Prediction;
  /** `recent[i]` belongs to `trips[i]`; omitted or undefined entries are calendar-only. */
  predictBatch(trips: readonly Trip[], recent?: readonly (RecentIncidents | undefined)[]): Prediction[];
  /** The 24 hours of the Toronto day that contains `day`: calendar-only (what is usual). */
  hourlyRisk(route: number, direction: Direction, day: Date): HourlyRisk[];
}

/** The `delayed` cut a prediction was judged by: the recent-incident path's when it read recent incidents, else the calendar-only one. */
export function thresholdFor(info: ModelInfo, prediction: Pick<Prediction, 'recentIncidents'>): number {
  return prediction.recentIncidents ? (info.recentThreshold ?? info.threshold) : info.threshold;
}
