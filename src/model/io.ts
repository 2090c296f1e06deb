import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from './backend';
import { MODEL_FILE, WEIGHTS_FILE, sha256 } from './model-files';

export { MODEL_FILE, WEIGHTS_FILE, sha256, type ModelJson } from './model-files';
export { modelFromFiles } from './serving-network';

/**
 * Saving and loading as plain model.json + weights.bin, the layout tfjs-node's file:// handler
 * and tf.io.fromMemory both read, so the same files serve either backend.
 */

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
