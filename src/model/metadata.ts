import type { GroupName } from '../pipeline/features';
import type { Hyperparameters } from './fit';
import type { Metrics, ReliabilityBin } from './metrics';

/** A `delayed` cut chosen on validation: F1, precision and recall there, and at the other path's cut. */
export interface ThresholdRecord {
  threshold: number;
  f1: number;
  precision: number;
  recall: number;
  /** F1 (precision, recall) of this path's predictions at the other path's threshold, for comparison. */
  atOtherThreshold?: { threshold: number; f1: number; precision: number; recall: number };
}

/** One temporal validation fold as recorded in metadata.json. */
export interface FoldRecord {
  trainedFrom: string;
  trainedTo: string;
  validatedFrom: string;
  validatedTo: string;
  /** Where the validation slots' recent incidents came from. */
  recentSource: string;
  results: { name: string; metrics: Metrics; reliability: ReliabilityBin[] }[];
  daytimeMainRoutes: { name: string; metrics: Metrics }[];
}

/** models/<version>/metadata.json: what a model is, how it was made and how well it did. */
export interface ModelMetadata {
  modelVersion: string;
  pipelineVersion: string;
  createdAt: string;
  trainedFrom: string;
  trainedTo: string;
  features: GroupName[];
  hyperparameters: Omit<Hyperparameters, 'groups'>;
  /** 'route' when the model has route×hour effects, 'network' when one hour profile is shared. */
  hourProfile?: 'route' | 'network';
  /**
   * Probability at or above which a calendar-only prediction (no recent incidents: no live
   * source, feed down, or a v1 model) is labelled delayed: max F1 on validation.
   */
  threshold: number;
  thresholdRule: string;
  /**
   * The same for predictions that read recent incidents (max F1 of that path on validation);
   * absent for a model that reads none (v1), and then `threshold` applies to every prediction.
   */
  recentThreshold?: number;
  recentThresholdRule?: string;
  /** v1 wrote one fold here (trainedFrom … results); v2 writes `folds`, the last one the thresholds'. */
  validation: {
    folds?: FoldRecord[];
    /** The calendar-only threshold's cut on the last fold (`threshold`). */
    threshold: ThresholdRecord;
    /** The recent-incident path's cut (`recentThreshold`). */
    recentThreshold?: ThresholdRecord;
    /** For comparison: the max-F1 cut of the last-three-hours state (a live source), which is judged by `recentThreshold`. */
    lastHoursThreshold?: ThresholdRecord;
  } & Partial<Omit<FoldRecord, 'recentSource' | 'daytimeMainRoutes'>>;
  trainingBackend: string;
  weightsSha256: string;
  vocabularySize: number;
  /** Written by `npm run refresh`: the log it was trained on and how it compared with the model it followed. */
  refresh?: RefreshRecord;
}

/**
 * The ways a model answers, as the refresh compares them: calendar only (no live source), with
 * recent incidents from a log, and with only the last hour and last three hours known (live alerts).
 */
export type AnswerPath = 'calendar' | 'recent' | 'lastHours';
export type PathMetrics = Record<AnswerPath, Metrics>;

/** models/<vN>/metadata.json's `refresh`: where the newest log came from and why this version was written. */
export interface RefreshRecord {
  refreshedAt: string;
  source: {
    portal: string;
    package: string;
    resource: string;
    url: string;
    lastModified: string | null;
    sha256: string;
    bytes: number;
    rows: number;
    firstDate: string;
    lastDate: string;
  };
  comparison: {
    from: string;
    to: string;
    slots: number;
    positives: number;
    rule: string;
    /** On each answer path. */
    shipped: { version: string; trainedTo: string; metrics: PathMetrics };
    candidate: { trainedTo: string; metrics: PathMetrics };
  };
}
