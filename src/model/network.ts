import { tf } from './backend';

/**
 * A logistic regression written as a TensorFlow.js network, in the spirit of the book's model:
 * every feature group's value has a width-1 embedding (its contribution to the log-odds), the
 * contributions are summed by a fixed all-ones dense layer, and a sigmoid gives the probability.
 * The bias is itself an embedding row (group "bias", always index 0 of its group).
 */
export function createModel(vocabularySize: number, width: number): tf.LayersModel {
  const input = tf.input({ shape: [width], dtype: 'int32', name: 'features' });
  const contributions = tf.layers
    .embedding({ inputDim: vocabularySize, outputDim: 1, embeddingsInitializer: 'zeros', name: 'contributions' })
    .apply(input) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'flat' }).apply(contributions) as tf.SymbolicTensor;
  const logit = tf.layers
    .dense({ units: 1, useBias: false, kernelInitializer: 'ones', trainable: false, name: 'logit' })
    .apply(flat) as tf.SymbolicTensor;
  const probability = tf.layers.activation({ activation: 'sigmoid', name: 'probability' }).apply(logit) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: probability, name: 'streetcar_delay' });
}

/** The same network up to the log-odds, sharing weights: training uses it for a stable loss. */
export function logitModel(model: tf.LayersModel): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.getLayer('logit').output as tf.SymbolicTensor });
}

export { contributionsOf } from './serving-network';
