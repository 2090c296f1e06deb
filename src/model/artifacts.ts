import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { READABLE_PIPELINE_VERSIONS, type FeatureEncoder } from '../pipeline/features';
import { MODEL_FILE, WEIGHTS_FILE, sha256, type ModelJson } from './model-files';
import type { ModelMetadata } from './metadata';

export const METADATA_FILE = 'metadata.json';
export const ENCODER_FILE = 'encoder.json';

/** A model or pipeline file that is missing, unreadable or does not match: names the file. */
export class ArtifactError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ArtifactError';
  }
}

function readJson<T>(file: string): T {
  if (!existsSync(file)) throw new ArtifactError(file, 'file is missing');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ArtifactError(file, `cannot be read (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ArtifactError(file, 'is not valid JSON (truncated or corrupt?)');
  }
}

export interface Artifacts {
  manifest: ModelJson;
  weights: Buffer;
  metadata: ModelMetadata;
  encoder: FeatureEncoder;
}

/** Reads every file a predictor needs and checks they belong together, before any is used. */
export function readArtifacts(modelDir: string, pipelineDir: string): Artifacts {
  const modelFile = join(modelDir, MODEL_FILE);
  const weightsFile = join(modelDir, WEIGHTS_FILE);
  const metadataFile = join(modelDir, METADATA_FILE);
  const encoderFile = join(pipelineDir, ENCODER_FILE);

  const metadata = readJson<ModelMetadata>(metadataFile);
  if (typeof metadata.weightsSha256 !== 'string' || typeof metadata.threshold !== 'number' || typeof metadata.pipelineVersion !== 'string') {
    throw new ArtifactError(metadataFile, 'lacks weightsSha256, threshold or pipelineVersion');
  }
  if (metadata.recentThreshold !== undefined && (typeof metadata.recentThreshold !== 'number' || !(metadata.recentThreshold > 0 && metadata.recentThreshold < 1))) {
    throw new ArtifactError(metadataFile, `has a recentThreshold that is not a probability (${JSON.stringify(metadata.recentThreshold)})`);
  }
  const manifest = readJson<ModelJson>(modelFile);
  if (!manifest.modelTopology || !Array.isArray(manifest.weightsManifest)) {
    throw new ArtifactError(modelFile, 'is not a TensorFlow.js layers model (no modelTopology or weightsManifest)');
  }
  if (!existsSync(weightsFile)) throw new ArtifactError(weightsFile, 'file is missing');
  const weights = readFileSync(weightsFile);
  const expectedBytes = manifest.weightsManifest
    .flatMap((g) => g.weights)
    .reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weights.length !== expectedBytes) {
    throw new ArtifactError(weightsFile, `has ${weights.length} bytes, model.json describes ${expectedBytes} (truncated or from another model)`);
  }
  if (sha256(weights) !== metadata.weightsSha256) {
    throw new ArtifactError(weightsFile, 'checksum does not match metadata.json (corrupt or from another model)');
  }
  const encoder = readJson<FeatureEncoder>(encoderFile);
  if (!READABLE_PIPELINE_VERSIONS.includes(encoder.pipelineVersion)) {
    throw new ArtifactError(encoderFile, `is pipeline version ${encoder.pipelineVersion}, this code reads ${READABLE_PIPELINE_VERSIONS.join(' and ')}`);
  }
  if (encoder.pipelineVersion !== metadata.pipelineVersion) {
    throw new ArtifactError(encoderFile, `is pipeline version ${encoder.pipelineVersion}, the model was trained with ${metadata.pipelineVersion}`);
  }
  if (encoder.vocabularySize !== metadata.vocabularySize) {
    throw new ArtifactError(encoderFile, `has ${encoder.vocabularySize} feature values, the model expects ${metadata.vocabularySize}`);
  }
  return { manifest, weights, metadata, encoder };
}
