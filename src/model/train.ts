import { tf } from './backend';
import { createModel } from './network';

/** Training cells: feature indices plus the weighted share of positive slots. */
export interface TrainingCells {
  /** n × width vocabulary indices, row-major. */
  indices: Int32Array;
  width: number;
  /** Weighted positive share per cell, 0–1. */
  target: Float32Array;
  /** Weight per cell (sum of slot weights). */
  weight: Float32Array;
}

export interface TrainOptions {
  vocabularySize: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty on every contribution but the bias, per unit of total weight. */
  l2: number;
  /** Vocabulary indices exempt from the penalty (the bias). */
  unpenalised: number[];
  /** Per-index multipliers of `l2` (1 where absent): a more strongly penalised group, e.g. route×hour. */
  penaltyScale?: Float32Array;
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Full-batch Adam (TensorFlow.js's optimizer, on the embedding layer's own variable) on the
 * weighted cross-entropy of the cells plus an L2 penalty.
 *
 * Why not model.fit: the pure-JS backend's gather and its scatter gradient are slow (5
 * full-batch tf.gather steps over 60,000 rows did not finish in ten minutes on the shared
 * machine; a dense multi-hot matMul took ~120 ms an epoch and grows with the vocabulary).
 * Summing width-1 embeddings is a table lookup, so the lookup, the cross-entropy and their
 * gradient are one tf.customGrad op over typed arrays: one pass over the cells per epoch, with
 * no cell-sized tensors at all, so the cost is the same on every backend and grows linearly with
 * the cells (the recent-incident model trains on about a million). The saved network is the
 * embedding model, unchanged.
 */
export async function trainModel(cells: TrainingCells, options: TrainOptions): Promise<{ model: tf.LayersModel; finalLoss: number }> {
  const n = cells.target.length;
  const V = options.vocabularySize;
  const k = cells.width;
  const idx = cells.indices;
  const target = cells.target;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += cells.weight[i];
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = cells.weight[i] / totalWeight;
  const model = createModel(V, k);
  const grad = new Float32Array(V);
  const crossEntropy = tf.customGrad(((table: tf.Tensor) => {
    const t = table.dataSync();
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * k;
      let z = 0;
      for (let g = 0; g < k; g++) z += t[idx[row + g]];
      const y = target[i];
      // Stable form of -[y log σ(z) + (1-y) log(1-σ(z))], and its derivative σ(z) - y.
      const e = Math.exp(-Math.abs(z));
      loss += w[i] * ((z > 0 ? z : 0) - z * y + Math.log1p(e));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const d = w[i] * (p - y);
      for (let g = 0; g < k; g++) grad[idx[row + g]] += d;
    }
    return {
      value: tf.scalar(loss),
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.tensor2d(grad, [V, 1])),
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  const mask = new Float32Array(V).fill(1);
  if (options.penaltyScale) mask.set(options.penaltyScale.subarray(0, V));
  for (const i of options.unpenalised) mask[i] = 0;
  const penaltyMask = tf.tensor2d(mask, [V, 1]);
  const embeddings = model.getLayer('contributions').trainableWeights[0].read() as tf.Variable;
  const optimizer = tf.train.adam(options.learningRate);
  let finalLoss = NaN;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const loss = optimizer.minimize(() => {
      const data = crossEntropy(embeddings) as tf.Scalar;
      const penalty = tf.mul(options.l2, tf.sum(tf.mul(penaltyMask, tf.square(embeddings))));
      return tf.add(data, penalty) as tf.Scalar;
    }, true, [embeddings]) as tf.Scalar;
    if (epoch === options.epochs || options.onEpoch) {
      finalLoss = (await loss.data())[0];
      options.onEpoch?.(epoch, finalLoss);
    }
    loss.dispose();
  }
  tf.dispose([penaltyMask]);
  optimizer.dispose();
  return { model, finalLoss };
}
