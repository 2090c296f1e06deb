import * as tf from '@tensorflow/tfjs';

/**
 * Picks the fastest TensorFlow.js backend installed: tfjs-node (native, needs the internet to
 * install), else the pure-JS cpu backend, which here beats wasm for these tiny gathers and sums.
 * Every caller logs which one runs.
 */
export type BackendName = 'tensorflow' | 'cpu' | 'wasm';

let ready: Promise<BackendName> | undefined;

async function choose(preferred?: BackendName): Promise<BackendName> {
  if (preferred !== 'cpu' && preferred !== 'wasm') {
    try {
      // Registers the 'tensorflow' backend when the optional native package is installed.
      require('@tensorflow/tfjs-node');
      if (await tf.setBackend('tensorflow')) return 'tensorflow';
    } catch {
      // Not installed here (its install step downloads libtensorflow): fall through.
    }
  }
  if (preferred === 'wasm') {
    require('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) return 'wasm';
  }
  await tf.setBackend('cpu');
  return 'cpu';
}

/** Initialises TensorFlow.js once; TFJS_BACKEND=cpu|wasm|tensorflow forces a choice. */
export function initBackend(): Promise<BackendName> {
  ready ??= choose(process.env.TFJS_BACKEND as BackendName | undefined).then(async (name) => {
    await tf.ready();
    return name;
  });
  return ready;
}

export { tf };
