import { cellParts, type CellTotals } from './cells';

/** The two yardsticks the model must beat, fitted on the same training cells (unweighted). */

/** One rate for every slot: the training period's share of positive slots. */
export function constantRate(train: CellTotals): (cell: number) => number {
  let w = 0;
  let p = 0;
  for (let c = 0; c < train.weight.length; c++) {
    w += train.weight[c];
    p += train.positive[c];
  }
  const rate = p / w;
  return () => rate;
}

/**
 * The historical frequency per (route-direction, hour, weekday), shrunk towards the
 * route-direction's overall rate by `prior` pseudo-slots so thin cells do not read 0 or 1.
 */
export function smoothedFrequency(train: CellTotals, nRd: number, prior = 20): (cell: number) => number {
  const key = (rd: number, hour: number, weekday: number): number => (rd * 24 + hour) * 7 + weekday;
  const w = new Float64Array(nRd * 24 * 7);
  const p = new Float64Array(nRd * 24 * 7);
  const rdW = new Float64Array(nRd);
  const rdP = new Float64Array(nRd);
  let allW = 0;
  let allP = 0;
  for (let c = 0; c < train.weight.length; c++) {
    if (train.weight[c] === 0) continue;
    const { rd, hour, weekday } = cellParts(c);
    const k = key(rd, hour, weekday);
    w[k] += train.weight[c];
    p[k] += train.positive[c];
    rdW[rd] += train.weight[c];
    rdP[rd] += train.positive[c];
    allW += train.weight[c];
    allP += train.positive[c];
  }
  const overall = allP / allW;
  return (cell: number) => {
    const { rd, hour, weekday } = cellParts(cell);
    const rdRate = rdW[rd] > 0 ? rdP[rd] / rdW[rd] : overall;
    const k = key(rd, hour, weekday);
    return (p[k] + prior * rdRate) / (w[k] + prior);
  };
}
