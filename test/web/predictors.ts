/**
 * Predictors for web tests. Tests of predictions use the real model committed in models/ and
 * pipelines/ (loadRealPredictor). Tests of bad input use refusingPredictor, which fails the test
 * if bad input ever reaches the model.
 */
import type { DelayPredictor } from '../../src/model/types';

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
