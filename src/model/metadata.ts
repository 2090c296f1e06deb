import type { GroupName } from '../pipeline/features';
import type { Metrics, ReliabilityBin } from './metrics';

/** models/<version>/metadata.json: what a model is, how it was made and how well it did. */
export interface ModelMetadata {
  modelVersion: string;
  pipelineVersion: string;
  createdAt: string;
  trainedFrom: string;
  trainedTo: string;
  features: GroupName[];
  hyperparameters: { halfLifeDays: number; l2: number; epochs: number; learningRate: number };
  /** Probability at or above which a trip is labelled delayed (max F1 on validation). */
  threshold: number;
  thresholdRule: string;
  validation: {
    trainedFrom: string;
    trainedTo: string;
    validatedFrom: string;
    validatedTo: string;
    results: { name: string; metrics: Metrics; reliability: ReliabilityBin[] }[];
    threshold: { threshold: number; f1: number; precision: number; recall: number };
  };
  trainingBackend: string;
  weightsSha256: string;
  vocabularySize: number;
  /** Written by `npm run refresh`: the log it was trained on and how it compared with the model it followed. */
  refresh?: RefreshRecord;
}

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
    shipped: { version: string; trainedTo: string; metrics: Metrics };
    candidate: { trainedTo: string; metrics: Metrics };
  };
}
