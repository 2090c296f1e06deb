/**
 * The part of TensorFlow.js a server needs: build the trained layers model from its files, read
 * its contributions and run it once, to check the serving arithmetic against it (load-predictor.ts).
 * Predictions themselves never touch TensorFlow.js (predictor.ts).
 *
 * Only tfjs-core, tfjs-layers and the pure-JS cpu backend are loaded, not the @tensorflow/tfjs
 * union package (which adds the converter, tf.data, the WebGL backend and their sources: about
 * 10 MiB of heap and 0.2 s of CPU at start) nor the WebAssembly or native backends, which only
 * make training faster (backend.ts). A process that trains too shares the same tfjs-core engine:
 * the backend it chose is kept.
 */
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelJson } from './model-files';

/** The backend the check runs on: the one already chosen in this process, else cpu. */
export async function servingBackend(): Promise<string> {
  tfc.enableProdMode();
  if (!tfc.engine().backendName) await tfc.setBackend('cpu');
  await tfc.ready();
  return tfc.getBackend();
}

/** Builds a model from already-read, already-checked files. */
export async function modelFromFiles(manifest: ModelJson, weights: Buffer): Promise<tfl.LayersModel> {
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tfl.loadLayersModel(
    tfc.io.fromMemory({
      modelTopology: manifest.modelTopology,
      weightSpecs: manifest.weightsManifest.flatMap((g) => g.weights),
      weightData,
    }),
  );
}

/** The per-index log-odds contributions, for the fast serving path. */
export function contributionsOf(model: tfl.LayersModel): Float32Array {
  return model.getLayer('contributions').getWeights()[0].dataSync() as Float32Array;
}

/** The network's probabilities for `count` rows of `width` encoded features. */
export function networkProbabilities(model: tfl.LayersModel, rows: Int32Array, count: number, width: number): Float32Array {
  return tfc.tidy(() => (model.predict(tfc.tensor2d(rows, [count, width], 'int32')) as tfc.Tensor).dataSync() as Float32Array);
}
