import type { GroupName } from '../pipeline/features';
import type { Hyperparameters } from './fit';
import type { Metrics, ReliabilityBin } from './metrics';

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
  /** Probability at or above which a trip is labelled delayed (max F1 on validation). */
  threshold: number;
  thresholdRule: string;
  /** v1 wrote one fold here (trainedFrom … results); v2 writes `folds`, the last one the threshold's. */
  validation: {
    folds?: FoldRecord[];
    threshold: { threshold: number; f1: number; precision: number; recall: number };
  } & Partial<Omit<FoldRecord, 'recentSource' | 'daytimeMainRoutes'>>;
  trainingBackend: string;
  weightsSha256: string;
  vocabularySize: number;
}
