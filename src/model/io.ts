import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from './backend';

/**
 * Saving and loading as plain model.json + weights.bin, the layout tfjs-node's file:// handler
 * and tf.io.fromMemory both read, so the same files serve either backend.
 */

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export function sha256(data: Uint8Array | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes model.json and weights.bin into `dir`; returns the weights' checksum. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<{ weightsSha256: string }> {
  mkdirSync(dir, { recursive: true });
  let checksum = '';
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = Buffer.from(artifacts.weightData as ArrayBuffer);
      checksum = sha256(weights);
      const manifest = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(dir, MODEL_FILE), JSON.stringify(manifest));
      writeFileSync(join(dir, WEIGHTS_FILE), weights);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return { weightsSha256: checksum };
}

export interface ModelJson {
  format?: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Builds a model from already-read, already-checked files. */
export async function modelFromFiles(manifest: ModelJson, weights: Buffer): Promise<tf.LayersModel> {
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: manifest.modelTopology,
      weightSpecs: manifest.weightsManifest.flatMap((g) => g.weights),
      weightData,
    }),
  );
}
