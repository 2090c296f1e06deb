import { createHash } from 'node:crypto';
import type { io } from '@tensorflow/tfjs-core';

/**
 * The model's file names and shapes, with no TensorFlow.js code: the server reads and checks the
 * files (artifacts.ts) before anything else, and training and serving load different parts of
 * TensorFlow.js (io.ts, serving-network.ts).
 */
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export function sha256(data: Uint8Array | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface ModelJson {
  format?: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
}
