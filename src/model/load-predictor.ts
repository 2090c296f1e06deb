import { basename, join } from 'node:path';
import { hourProfileOf, SlotEncoder, type SlotTime } from '../pipeline/features';
import type { Direction } from '../pipeline/types';
import { ArtifactError, ENCODER_FILE, METADATA_FILE, readArtifacts } from './artifacts';
import { MODEL_FILE } from './model-files';
import { contributionsOf, modelFromFiles, networkProbabilities, servingBackend } from './serving-network';
import { ContributionPredictor } from './predictor';
import type { DelayPredictor } from './types';
import { modelVersions, VERSION_NAME, type ModelVersion } from './versions';

export interface PredictorPaths {
  modelDir: string;
  pipelineDir: string;
}

export interface LoadOptions {
  /** Overrides the thresholds chosen on validation data, both paths' (config prediction.threshold). */
  threshold?: number;
  log?: (message: string) => void;
  /** A version skipped because it is not whole or valid (log by default). */
  warn?: (message: string) => void;
}

/** The version loaded, and the newer ones passed over with why. */
export interface LoadedVersion {
  predictor: DelayPredictor;
  version: ModelVersion;
  skipped: { version: string; problem: string }[];
}

/**
 * The predictor of the newest valid model version (src/model/versions.ts): with model.dir the
 * folder of versions, a newest version that is missing a file, truncated or mismatched is skipped
 * with one line naming the file, and the next older one is tried; with model.dir one version's
 * folder, that one. Throws ArtifactError when none loads.
 */
export async function loadNewestVersion(paths: PredictorPaths, options: LoadOptions = {}): Promise<LoadedVersion> {
  const versions = modelVersions(paths);
  const skipped: LoadedVersion['skipped'] = [];
  for (const version of versions) {
    try {
      const predictor = await loadModelVersion(version, options);
      return { predictor, version, skipped };
    } catch (err) {
      if (!(err instanceof ArtifactError) || versions.length === 1) throw err;
      skipped.push({ version: version.name, problem: err.message });
      (options.warn ?? options.log)?.(`model ${version.name} skipped, it cannot be used: ${err.message}`);
    }
  }
  throw new ArtifactError(paths.modelDir, `no model version can be used: ${skipped.map((s) => `${s.version}: ${s.problem}`).join('; ')}`);
}

/** loadNewestVersion's predictor. */
export async function loadPredictor(paths: PredictorPaths, options: LoadOptions = {}): Promise<DelayPredictor> {
  return (await loadNewestVersion(paths, options)).predictor;
}

/**
 * Loads one version's model and pipeline, checks that every file is there, whole and matching,
 * and that the fast serving arithmetic agrees with TensorFlow.js's own model.predict.
 * Throws ArtifactError naming the file when anything is wrong.
 */
export async function loadModelVersion(paths: PredictorPaths, options: LoadOptions = {}): Promise<DelayPredictor> {
  const backend = await servingBackend();
  options.log?.(`TensorFlow.js backend: ${backend}`);
  const { manifest, weights, metadata, encoder } = readArtifacts(paths.modelDir, paths.pipelineDir);
  // A version folder (models/v3) holds the model its metadata names: a copy of another version
  // under a new name would report the wrong version everywhere.
  const folder = basename(paths.modelDir);
  if (VERSION_NAME.test(folder) && metadata.modelVersion !== folder) {
    throw new ArtifactError(join(paths.modelDir, METADATA_FILE), `says model version ${JSON.stringify(metadata.modelVersion)}, its folder is ${folder}`);
  }
  const modelFile = join(paths.modelDir, MODEL_FILE);
  let model: Awaited<ReturnType<typeof modelFromFiles>>;
  try {
    model = await modelFromFiles(manifest, weights);
  } catch (err) {
    throw new ArtifactError(modelFile, `TensorFlow.js cannot build the model (${(err as Error).message})`);
  }
  const width = encoder.groups.length;
  const inputShape = model.inputs[0]?.shape;
  if (!inputShape || inputShape[1] !== width) {
    throw new ArtifactError(modelFile, `takes ${inputShape?.[1]} features per row, the pipeline makes ${width}`);
  }
  let contributions: Float32Array;
  try {
    contributions = contributionsOf(model);
  } catch {
    throw new ArtifactError(modelFile, 'has no "contributions" embedding layer');
  }
  if (contributions.length !== encoder.vocabularySize) {
    throw new ArtifactError(modelFile, `has ${contributions.length} feature values, the pipeline has ${encoder.vocabularySize}`);
  }
  let usesRecent: boolean;
  try {
    usesRecent = new SlotEncoder(encoder).usesRecent;
  } catch (err) {
    throw new ArtifactError(join(paths.pipelineDir, ENCODER_FILE), (err as Error).message);
  }
  const predictor = new ContributionPredictor(contributions, encoder, {
    version: metadata.modelVersion,
    pipelineVersion: metadata.pipelineVersion,
    backend,
    threshold: options.threshold ?? metadata.threshold,
    // A model that reads recent incidents has its own cut for that path (an older v2 metadata
    // without one: the single threshold); the config's number overrides both.
    ...(usesRecent ? { recentThreshold: options.threshold ?? metadata.recentThreshold ?? metadata.threshold } : {}),
    trainedFrom: metadata.trainedFrom,
    trainedTo: metadata.trainedTo,
    hourProfile: hourProfileOf(encoder),
    recentIncidents: usesRecent,
  });
  checkAgainstNetwork(model, predictor, encoder.routeDirections[0], modelFile);
  model.dispose();
  return predictor;
}

/** A few slots through both paths: the fast path must be the network, not an approximation. */
function checkAgainstNetwork(model: Awaited<ReturnType<typeof modelFromFiles>>, predictor: ContributionPredictor, firstKey: string, modelFile: string): void {
  const route = Number(firstKey.slice(0, -1));
  const direction = firstKey.slice(-1) as Direction;
  const samples: SlotTime[] = [
    { hour: 8, weekday: 0, month: 1 },
    { hour: 17, weekday: 4, month: 6 },
    { hour: 2, weekday: 6, month: 12 },
    { hour: 9, weekday: 2, month: 3, recent: { lastHour: { same: 1, other: 0 }, last3Hours: { same: 2, other: 1 }, earlierToday: { same: 3, other: 2 }, dayBefore: { same: 4, other: 6 }, last7Days: { same: 20, other: 9 } } },
    { hour: 7, weekday: 5, month: 1, recent: { lastHour: { same: 0, other: 0 }, last3Hours: { same: 0, other: 0 }, earlierToday: { same: 0, other: 0 } } },
    { hour: 16, weekday: 1, month: 11, recent: { lastHour: { same: 1, other: 1 }, last3Hours: { same: 1, other: 1 } } }, // a live source's state
  ];
  const width = predictor.inputWidth;
  const rows = new Int32Array(samples.length * width);
  samples.forEach((time, i) => predictor.encode(route, direction, time, rows, i * width));
  const fromNetwork = networkProbabilities(model, rows, samples.length, width);
  samples.forEach((time, i) => {
    const { hour, weekday, month } = time;
    const fast = time.recent ? predictor.probabilityOf(route, direction, time) : predictor.probabilityAt(route, direction, hour, weekday, month);
    if (Math.abs(fast - fromNetwork[i]) > 1e-5) {
      throw new ArtifactError(modelFile, `serving arithmetic disagrees with the network (${fast} vs ${fromNetwork[i]})`);
    }
  });
}
