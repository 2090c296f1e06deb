/**
 * Metrics over grouped predictions: each group is many slots sharing one predicted probability
 * (a cell), with counts of positives and negatives. Ties are handled the way scikit-learn does.
 */
export interface ScoredGroup {
  p: number;
  pos: number;
  neg: number;
}

export interface Metrics {
  rocAuc: number;
  averagePrecision: number;
  brier: number;
  logLoss: number;
  slots: number;
  positiveRate: number;
  meanPrediction: number;
}

export interface ReliabilityBin {
  bin: number;
  slots: number;
  meanPredicted: number;
  observedRate: number;
}

/** Groups with the same probability merged, highest first. */
function merged(groups: readonly ScoredGroup[]): ScoredGroup[] {
  const sorted = groups.filter((g) => g.pos + g.neg > 0).sort((a, b) => b.p - a.p);
  const out: ScoredGroup[] = [];
  for (const g of sorted) {
    const last = out[out.length - 1];
    if (last && last.p === g.p) {
      last.pos += g.pos;
      last.neg += g.neg;
    } else out.push({ ...g });
  }
  return out;
}

export function computeMetrics(groups: readonly ScoredGroup[]): Metrics {
  const ranked = merged(groups);
  let P = 0;
  let N = 0;
  let brier = 0;
  let logLoss = 0;
  let sumP = 0;
  for (const g of ranked) {
    P += g.pos;
    N += g.neg;
    const p = Math.min(Math.max(g.p, 1e-15), 1 - 1e-15);
    brier += g.pos * (1 - g.p) ** 2 + g.neg * g.p ** 2;
    logLoss += -(g.pos * Math.log(p) + g.neg * Math.log(1 - p));
    sumP += g.p * (g.pos + g.neg);
  }
  // ROC AUC: probability a random positive outranks a random negative (ties count half).
  let auc = 0;
  let negAbove = 0;
  // Average precision: sum over thresholds of precision × recall increment.
  let ap = 0;
  let tp = 0;
  let fp = 0;
  for (const g of ranked) {
    auc += g.pos * (N - negAbove - g.neg / 2);
    negAbove += g.neg;
    tp += g.pos;
    fp += g.neg;
    if (g.pos > 0) ap += (g.pos / P) * (tp / (tp + fp));
  }
  const n = P + N;
  return {
    rocAuc: auc / (P * N),
    averagePrecision: ap,
    brier: brier / n,
    logLoss: logLoss / n,
    slots: n,
    positiveRate: P / n,
    meanPrediction: sumP / n,
  };
}

/** Predicted vs observed rate per decile of predicted probability (by slot count). */
export function reliabilityTable(groups: readonly ScoredGroup[], bins = 10): ReliabilityBin[] {
  const ranked = merged(groups).reverse();
  const total = ranked.reduce((s, g) => s + g.pos + g.neg, 0);
  const acc = Array.from({ length: bins }, () => ({ slots: 0, sumP: 0, pos: 0 }));
  let seen = 0;
  for (const g of ranked) {
    const n = g.pos + g.neg;
    const b = Math.min(bins - 1, Math.floor(((seen + n / 2) / total) * bins));
    acc[b].slots += n;
    acc[b].sumP += g.p * n;
    acc[b].pos += g.pos;
    seen += n;
  }
  return acc.map((a, bin) => ({
    bin: bin + 1,
    slots: a.slots,
    meanPredicted: a.slots ? a.sumP / a.slots : NaN,
    observedRate: a.slots ? a.pos / a.slots : NaN,
  }));
}

/** The probability cut that maximises F1 on the groups: the documented `delayed` threshold. */
export function bestF1Threshold(groups: readonly ScoredGroup[]): { threshold: number; f1: number; precision: number; recall: number } {
  const ranked = merged(groups);
  const P = ranked.reduce((s, g) => s + g.pos, 0);
  let tp = 0;
  let fp = 0;
  let best = { threshold: 1, f1: 0, precision: 0, recall: 0 };
  for (const g of ranked) {
    tp += g.pos;
    fp += g.neg;
    const precision = tp / (tp + fp);
    const recall = tp / P;
    const f1 = (2 * precision * recall) / (precision + recall || 1);
    if (f1 > best.f1) best = { threshold: g.p, f1, precision, recall };
  }
  return best;
}

/** F1, precision and recall of the cut `delayed` = p ≥ threshold on the groups (how another path's threshold does here). */
export function f1At(groups: readonly ScoredGroup[], threshold: number): { f1: number; precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let P = 0;
  for (const g of groups) {
    P += g.pos;
    if (g.p >= threshold) {
      tp += g.pos;
      fp += g.neg;
    }
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = P > 0 ? tp / P : 0;
  return { f1: (2 * precision * recall) / (precision + recall || 1), precision, recall };
}
