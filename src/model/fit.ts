import { fitEncoder, SlotEncoder, type FeatureEncoder, type GroupName } from '../pipeline/features';
import { ROUTE_TABLE_VERSION } from '../pipeline/routes';
import type { SlotTable } from '../pipeline/slots';
import { constantRate, smoothedFrequency } from './baselines';
import { aggregateCells, cellParts, type CellTotals } from './cells';
import { computeMetrics, reliabilityTable, type Metrics, type ReliabilityBin, type ScoredGroup } from './metrics';
import { trainModel, type TrainingCells } from './train';
import { contributionsOf } from './network';
import type { tf } from './backend';

/** The choices a training run makes; the shipped ones live in src/model/hyperparameters.ts. */
export interface Hyperparameters {
  groups: GroupName[];
  halfLifeDays: number;
  l2: number;
  epochs: number;
  learningRate: number;
}

export interface DayRange {
  fromDay: number;
  toDay: number;
}

export interface FittedModel {
  model: tf.LayersModel;
  encoder: FeatureEncoder;
  finalLoss: number;
  trainingCells: number;
}

/** Encodes the non-empty cells of a training aggregate into the arrays the trainer takes. */
function trainingCells(totals: CellTotals, encoder: SlotEncoder, slots: SlotTable): TrainingCells {
  const used: number[] = [];
  for (let c = 0; c < totals.weight.length; c++) if (totals.weight[c] > 0) used.push(c);
  const indices = new Int32Array(used.length * encoder.width);
  const target = new Float32Array(used.length);
  const weight = new Float32Array(used.length);
  used.forEach((c, i) => {
    const { rd, hour, weekday, month } = cellParts(c);
    const { route, direction } = slots.routeDirections[rd];
    encoder.encodeSlot(route, direction, { hour, weekday, month }, indices, i * encoder.width);
    target[i] = totals.positive[c] / totals.weight[c];
    weight[i] = totals.weight[c];
  });
  return { indices, width: encoder.width, target, weight };
}

export async function fitModel(
  slots: SlotTable,
  hyper: Hyperparameters,
  train: DayRange,
  onEpoch?: (epoch: number, loss: number) => void,
): Promise<FittedModel> {
  const encoder = fitEncoder(slots.routeDirections, hyper.groups, ROUTE_TABLE_VERSION);
  const slotEncoder = new SlotEncoder(encoder);
  const totals = aggregateCells(slots, { ...train, halfLifeDays: hyper.halfLifeDays });
  const cells = trainingCells(totals, slotEncoder, slots);
  const bias = encoder.groups.find((g) => g.name === 'bias');
  const { model, finalLoss } = await trainModel(cells, {
    vocabularySize: encoder.vocabularySize,
    epochs: hyper.epochs,
    learningRate: hyper.learningRate,
    l2: hyper.l2,
    unpenalised: bias ? [bias.offset] : [],
    onEpoch,
  });
  return { model, encoder, finalLoss, trainingCells: cells.target.length };
}

/** Probability per cell from a fitted model's contributions (the same arithmetic as serving). */
export function cellScorer(fitted: FittedModel, slots: SlotTable): (cell: number) => number {
  const table = contributionsOf(fitted.model);
  const encoder = new SlotEncoder(fitted.encoder);
  const row = new Int32Array(encoder.width);
  return (cell: number) => {
    const { rd, hour, weekday, month } = cellParts(cell);
    const { route, direction } = slots.routeDirections[rd];
    encoder.encodeSlot(route, direction, { hour, weekday, month }, row);
    let z = 0;
    for (let g = 0; g < row.length; g++) z += table[row[g]];
    return 1 / (1 + Math.exp(-z));
  };
}

export interface Evaluation {
  name: string;
  metrics: Metrics;
  reliability: ReliabilityBin[];
  groups: ScoredGroup[];
}

export function evaluateScorer(name: string, score: (cell: number) => number, validation: CellTotals): Evaluation {
  const groups: ScoredGroup[] = [];
  for (let c = 0; c < validation.weight.length; c++) {
    const n = validation.weight[c];
    if (n === 0) continue;
    groups.push({ p: score(c), pos: validation.positive[c], neg: n - validation.positive[c] });
  }
  return { name, metrics: computeMetrics(groups), reliability: reliabilityTable(groups), groups };
}

/** The model and both baselines, fitted on `train`, measured on `validate`. */
export async function validateAgainstBaselines(
  slots: SlotTable,
  hyper: Hyperparameters,
  train: DayRange,
  validate: DayRange,
  onEpoch?: (epoch: number, loss: number) => void,
): Promise<{ fitted: FittedModel; evaluations: Evaluation[] }> {
  const fitted = await fitModel(slots, hyper, train, onEpoch);
  const trainCounts = aggregateCells(slots, train);
  const validation = aggregateCells(slots, validate);
  const nRd = slots.routeDirections.length;
  const evaluations = [
    evaluateScorer('model', cellScorer(fitted, slots), validation),
    evaluateScorer('constant rate', constantRate(trainCounts), validation),
    evaluateScorer('frequency (route, direction, hour, weekday)', smoothedFrequency(trainCounts, nRd), validation),
  ];
  return { fitted, evaluations };
}
