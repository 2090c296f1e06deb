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
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Full-batch Adam on the weighted cross-entropy of the cells.
 *
 * Why not model.fit: the pure-JS backend's gather and its scatter gradient are slow (5
 * full-batch tf.gather steps over 60,000 rows did not finish in ten minutes on the shared
 * machine; a dense
 * multi-hot matMul took ~120 ms an epoch and grows with the vocabulary). Summing width-1
 * embeddings is a table lookup, so the lookup and its gradient (a scatter-add) are one
 * tf.customGrad op over typed arrays; an epoch over ~66,000 cells then takes about 70 ms on the
 * cpu backend and 14 ms on wasm, mostly tfjs's element-wise loss ops. The variable trained is
 * the embedding layer's own, and the saved network is the embedding model, unchanged.
 */
export async function trainModel(cells: TrainingCells, options: TrainOptions): Promise<{ model: tf.LayersModel; finalLoss: number }> {
  const n = cells.target.length;
  const V = options.vocabularySize;
  const k = cells.width;
  const idx = cells.indices;
  const model = createModel(V, k);
  const lookupSum = tf.customGrad(((table: tf.Tensor) => {
    const t = table.dataSync();
    const z = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let g = 0; g < k; g++) s += t[idx[i * k + g]];
      z[i] = s;
    }
    return {
      value: tf.tensor2d(z, [n, 1]),
      gradFunc: (dy: tf.Tensor) => {
        const d = dy.dataSync();
        const grad = new Float32Array(V);
        for (let i = 0; i < n; i++) for (let g = 0; g < k; g++) grad[idx[i * k + g]] += d[i];
        return tf.tensor2d(grad, [V, 1]);
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  const totalWeight = cells.weight.reduce((s, w) => s + w, 0);
  const y = tf.tensor2d(cells.target, [n, 1]);
  const w = tf.tensor2d(cells.weight.map((v) => v / totalWeight), [n, 1]);
  const mask = new Float32Array(V).fill(1);
  for (const i of options.unpenalised) mask[i] = 0;
  const penaltyMask = tf.tensor2d(mask, [V, 1]);
  const embeddings = model.getLayer('contributions').trainableWeights[0].read() as tf.Variable;
  const optimizer = tf.train.adam(options.learningRate);
  let finalLoss = NaN;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const loss = optimizer.minimize(() => {
      const z = lookupSum(embeddings);
      // Stable form of -[y log σ(z) + (1-y) log(1-σ(z))].
      const ce = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
      const data = tf.sum(tf.mul(ce, w));
      const penalty = tf.mul(options.l2, tf.sum(tf.mul(penaltyMask, tf.square(embeddings))));
      return tf.add(data, penalty) as tf.Scalar;
    }, true, [embeddings]) as tf.Scalar;
    if (epoch === options.epochs || options.onEpoch) {
      finalLoss = (await loss.data())[0];
      options.onEpoch?.(epoch, finalLoss);
    }
    loss.dispose();
  }
  tf.dispose([y, w, penaltyMask]);
  optimizer.dispose();
  return { model, finalLoss };
}
