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
  /** Probability at or above which `delayed` is true; chosen on validation data. */
  threshold: number;
  trainedFrom: string;
  trainedTo: string;
}

/** Loaded once at start; all methods are synchronous and cheap. */
export interface DelayPredictor {
  readonly info: ModelInfo;
  /** Callers validate first (see pipeline/validate-trip): an unknown route or direction throws. */
  predict(trip: Trip): Prediction;
  predictBatch(trips: readonly Trip[]): Prediction[];
  /** The 24 hours of the Toronto day that contains `day`. */
  hourlyRisk(route: number, direction: Direction, day: Date): HourlyRisk[];
}
