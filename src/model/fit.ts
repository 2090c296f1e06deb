import { fitEncoder, SlotEncoder, type FeatureEncoder, type GroupName } from '../pipeline/features';
import { ROUTE_TABLE_VERSION } from '../pipeline/routes';
import type { SlotTable } from '../pipeline/slots';
import { constantRate, smoothedFrequency } from './baselines';
import { aggregateCells, cellParts, type CellTotals } from './cells';
import { computeMetrics, reliabilityTable, type Metrics, type ReliabilityBin, type ScoredGroup } from './metrics';
import { trainModel, type TrainingCells } from './train';
import { contributionsOf } from './network';
import { ContributionPredictor } from './predictor';
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

/** Probability per cell from a fitted model, through the serving predictor itself. */
export function cellScorer(fitted: FittedModel, slots: SlotTable): (cell: number) => number {
  const info = { version: 'validation', pipelineVersion: fitted.encoder.pipelineVersion, backend: '', threshold: 0.5, trainedFrom: '', trainedTo: '' };
  const predictor = new ContributionPredictor(contributionsOf(fitted.model), fitted.encoder, info);
  return (cell: number) => {
    const { rd, hour, weekday, month } = cellParts(cell);
    const { route, direction } = slots.routeDirections[rd];
    return predictor.probabilityAt(route, direction, hour, weekday, month);
  };
}

export interface Evaluation {
  name: string;
  metrics: Metrics;
  reliability: ReliabilityBin[];
  groups: ScoredGroup[];
}

/** Which validation cells a view counts: all of them, or e.g. daytime on the main routes. */
export type CellFilter = (cell: number) => boolean;

export function evaluateScorer(name: string, score: (cell: number) => number, validation: CellTotals, include: CellFilter = () => true): Evaluation {
  const groups: ScoredGroup[] = [];
  for (let c = 0; c < validation.weight.length; c++) {
    const n = validation.weight[c];
    if (n === 0 || !include(c)) continue;
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
): Promise<{ fitted: FittedModel; evaluations: Evaluation[]; daytimeMainRoutes: Evaluation[] }> {
  const fitted = await fitModel(slots, hyper, train, onEpoch);
  const trainCounts = aggregateCells(slots, train);
  const validation = aggregateCells(slots, validate);
  const nRd = slots.routeDirections.length;
  const scorers: [string, (cell: number) => number][] = [
    ['model', cellScorer(fitted, slots)],
    ['constant rate', constantRate(trainCounts)],
    ['frequency (route, direction, hour, weekday)', smoothedFrequency(trainCounts, nRd)],
  ];
  const mainRoutes = new Set([501, 503, 504, 505, 506, 509, 510, 511, 512]);
  const daytime: CellFilter = (cell) => {
    const { rd, hour } = cellParts(cell);
    return mainRoutes.has(slots.routeDirections[rd].route) && hour >= 6;
  };
  return {
    fitted,
    evaluations: scorers.map(([name, score]) => evaluateScorer(name, score, validation)),
    // The harder question riders ask: which daytime hour on a busy route, not day versus night.
    daytimeMainRoutes: scorers.map(([name, score]) => evaluateScorer(name, score, validation, daytime)),
  };
}
