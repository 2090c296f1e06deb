import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ArtifactError, ENCODER_FILE, METADATA_FILE } from './artifacts';
import { MODEL_FILE, WEIGHTS_FILE } from './model-files';

/**
 * Model versions on disk. `model.dir` is either the folder of versions (`models`, holding v1, v2,
 * …, each written by `npm run train` or `npm run refresh`) or one version's own folder
 * (`models/v1`, which pins it). `pipeline.dir` is read the same way: in the first form the model
 * `models/vN` belongs with `pipelines/vN`. Versions are never rewritten by `npm run refresh`: it
 * writes the next number, so the newest one is always the newest model.
 */

/** A version folder's name: v1, v2, … (no v0, no leading zeros). */
export const VERSION_NAME = /^v([1-9]\d*)$/;

export interface ModelVersion {
  /** v3 (or the pinned folder's own name). */
  name: string;
  /** 3; 0 for a pinned folder not named vN. */
  number: number;
  modelDir: string;
  pipelineDir: string;
}

export interface VersionPaths {
  modelDir: string;
  pipelineDir: string;
}

const MODEL_FILES = [MODEL_FILE, WEIGHTS_FILE, METADATA_FILE];
const PIPELINE_FILES = [ENCODER_FILE, 'cleaning-report.json'];

/** One version's own folder: named vN, or an existing folder holding one of its files. */
function isOneVersion(dir: string, files: readonly string[]): boolean {
  if (VERSION_NAME.test(basename(dir))) return true;
  return existsSync(dir) && files.some((file) => existsSync(join(dir, file)));
}

/** True when model.dir is the folder of versions (models/), false when it pins one (models/v1). */
export function isVersionsFolder(paths: VersionPaths): boolean {
  return !isOneVersion(paths.modelDir, MODEL_FILES);
}

function versionNumbers(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => VERSION_NAME.exec(entry.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
}

function versionAt(paths: VersionPaths, n: number): ModelVersion {
  const name = `v${n}`;
  const pipelineDir = isOneVersion(paths.pipelineDir, PIPELINE_FILES) ? paths.pipelineDir : join(paths.pipelineDir, name);
  return { name, number: n, modelDir: join(paths.modelDir, name), pipelineDir };
}

/**
 * The versions to try, newest first: every vN folder of the folder of versions (whole or not:
 * loading decides), or just the pinned one. Throws ArtifactError when a folder of versions holds none.
 */
export function modelVersions(paths: VersionPaths): ModelVersion[] {
  if (!isVersionsFolder(paths)) {
    const name = basename(paths.modelDir);
    const m = VERSION_NAME.exec(name);
    return [{ name, number: m ? Number(m[1]) : 0, modelDir: paths.modelDir, pipelineDir: paths.pipelineDir }];
  }
  if (!existsSync(paths.modelDir)) throw new ArtifactError(paths.modelDir, 'folder is missing');
  const numbers = versionNumbers(paths.modelDir).sort((a, b) => b - a);
  if (numbers.length === 0) throw new ArtifactError(paths.modelDir, 'holds no model versions (folders v1, v2, … written by npm run train)');
  return numbers.map((n) => versionAt(paths, n));
}

/**
 * Where `npm run refresh` writes its model: one number above every vN folder in either folder
 * of versions, valid or not, so a broken version is never overwritten. Only for the folder-of-versions form.
 */
export function nextVersion(paths: VersionPaths): ModelVersion {
  const taken = [...versionNumbers(paths.modelDir), ...versionNumbers(paths.pipelineDir)];
  return versionAt(paths, Math.max(0, ...taken) + 1);
}

/**
 * Where `npm run train` writes: the pinned folder; or, in a folder of versions, `version` when
 * given (v2), else the newest version there (rebuilding the shipped one, as train always has), else v1.
 */
export function trainTarget(paths: VersionPaths, version?: string): ModelVersion {
  if (!isVersionsFolder(paths)) {
    if (version !== undefined) throw new Error(`--version ${version} needs model.dir to be the folder of versions (models), not one version's folder (${paths.modelDir})`);
    return modelVersions(paths)[0];
  }
  if (version !== undefined) {
    const m = VERSION_NAME.exec(version);
    if (!m) throw new Error(`--version must be v1, v2, …; got ${JSON.stringify(version)}`);
    return versionAt(paths, Number(m[1]));
  }
  return versionAt(paths, Math.max(1, ...versionNumbers(paths.modelDir)));
}

/** The config with its model and pipeline paths pointed at trainTarget's folders. */
export function withTrainTarget<T extends { paths: VersionPaths }>(config: T, version?: string): T {
  const target = trainTarget(config.paths, version);
  return { ...config, paths: { ...config.paths, modelDir: target.modelDir, pipelineDir: target.pipelineDir } };
}
