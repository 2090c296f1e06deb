import { fitEncoder, hourProfileOf, isRecentGroup, readsRecent, SlotEncoder, type FeatureEncoder, type GroupName, type RecentGroupName } from '../pipeline/features';
import { monthOf, weekdayOf } from '../pipeline/calendar';
import { lastHoursOnly, type IncidentLog, type RecentIncidents } from '../pipeline/recent';
import { ROUTE_TABLE_VERSION } from '../pipeline/routes';
import { OUT_OF_SPAN, type SlotTable } from '../pipeline/slots';
import { constantRate, smoothedFrequency } from './baselines';
import { aggregateCells, cellIndex, cellParts, type CellTotals } from './cells';
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
  /** Multipliers of `l2` per group (absent = 1): e.g. route×hour penalised more than the rest. */
  l2Scale?: Partial<Record<GroupName, number>>;
  /** Bucket edges of the recent-incident groups (absent = DEFAULT_RECENT_EDGES). */
  recentEdges?: Partial<Record<RecentGroupName, number[]>>;
  /**
   * Weight of each slot's calendar-only copy (all recent inputs unknown) next to its copy with
   * the recent inputs (weight 1): what keeps the "no live source" path calibrated.
   */
  unknownWeight?: number;
  /** The copy with recent inputs uses slots from this many years before the end of training (the older ones weigh < 2%). */
  recentYears?: number;
  /**
   * Weight of each slot's copy with only the last hour and the last three hours known (the rest
   * unknown: pipeline/recent.ts lastHoursOnly), the state a live source gives; absent or 0 = no
   * such copy. What keeps that path calibrated.
   */
  lastHoursWeight?: number;
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

const recencyWeight = (day: number, toDay: number, halfLifeDays: number): number => Math.pow(0.5, (toDay - day) / halfLifeDays);

/** Encodes the non-empty calendar cells of an aggregate (every recent input unknown). */
function calendarRows(totals: CellTotals, encoder: SlotEncoder, slots: SlotTable, scale = 1): TrainingCells {
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
    weight[i] = totals.weight[c] * scale;
  });
  return { indices, width: encoder.width, target, weight };
}

/**
 * The copy of every slot with its recent incidents, merged into cells of identical inputs
 * (calendar cell × recent buckets): about a million rows for 2018–2024 instead of 1.6 million slots.
 */
function recentRows(
  slots: SlotTable,
  encoder: SlotEncoder,
  range: DayRange,
  hyper: Hyperparameters,
  log: IncidentLog,
  weightTo: number,
  view: (recent: RecentIncidents) => RecentIncidents = (r) => r,
  scale = 1,
): TrainingCells {
  const width = encoder.width;
  const groups = encoder.encoder.groups;
  const recentAt = groups.flatMap((g, i) => (isRecentGroup(g.name) ? [i] : []));
  let radix = 1;
  for (const i of recentAt) radix *= groups[i].size;
  const nRd = slots.routeDirections.length;
  if (!Number.isSafeInteger(nRd * 24 * 7 * 12 * radix)) throw new Error('too many recent-incident buckets to key cells by number');
  const rowOf = new Map<number, number>();
  let capacity = 1 << 16;
  let indices = new Int32Array(capacity * width);
  let weight = new Float64Array(capacity);
  let positive = new Float64Array(capacity);
  let rows = 0;
  const row = new Int32Array(width);
  const from = Math.max(range.fromDay, slots.firstDay);
  const to = Math.min(range.toDay, slots.firstDay + slots.days - 1);
  for (let rd = 0; rd < nRd; rd++) {
    const { route, direction } = slots.routeDirections[rd];
    for (let day = from; day <= to; day++) {
      const w = recencyWeight(day, weightTo, hyper.halfLifeDays) * scale;
      const weekday = weekdayOf(day);
      const month = monthOf(day);
      const base = (rd * slots.days + (day - slots.firstDay)) * 24;
      for (let hour = 0; hour < 24; hour++) {
        const label = slots.labels[base + hour];
        if (label === OUT_OF_SPAN) continue;
        const recent = view(log.recentAt(route, direction, day * 24 + hour));
        encoder.encodeSlot(route, direction, { hour, weekday, month, recent }, row);
        let code = 0;
        for (const i of recentAt) code = code * groups[i].size + (row[i] - groups[i].offset);
        const key = cellIndex(rd, hour, weekday, month) * radix + code;
        let r = rowOf.get(key);
        if (r === undefined) {
          if (rows === capacity) {
            capacity *= 2;
            const grow = <T extends Int32Array | Float64Array>(a: T, n: number): T => {
              const b = new (a.constructor as new (n: number) => T)(n);
              b.set(a);
              return b;
            };
            indices = grow(indices, capacity * width);
            weight = grow(weight, capacity);
            positive = grow(positive, capacity);
          }
          r = rows++;
          rowOf.set(key, r);
          indices.set(row, r * width);
        }
        weight[r] += w;
        if (label === 1) positive[r] += w;
      }
    }
  }
  const target = new Float32Array(rows);
  for (let r = 0; r < rows; r++) target[r] = positive[r] / weight[r];
  return { indices: indices.slice(0, rows * width), width, target, weight: Float32Array.from(weight.subarray(0, rows)) };
}

function concatRows(a: TrainingCells, b: TrainingCells): TrainingCells {
  const indices = new Int32Array(a.indices.length + b.indices.length);
  indices.set(a.indices);
  indices.set(b.indices, a.indices.length);
  const target = new Float32Array(a.target.length + b.target.length);
  target.set(a.target);
  target.set(b.target, a.target.length);
  const weight = new Float32Array(a.weight.length + b.weight.length);
  weight.set(a.weight);
  weight.set(b.weight, a.weight.length);
  return { indices, width: a.width, target, weight };
}

export interface FitOptions {
  onEpoch?: (epoch: number, loss: number) => void;
  /** The incidents the recent inputs are counted from (required when the groups read them). */
  log?: IncidentLog;
}

export async function fitModel(slots: SlotTable, hyper: Hyperparameters, train: DayRange, options: FitOptions = {}): Promise<FittedModel> {
  const encoder = fitEncoder(slots.routeDirections, hyper.groups, ROUTE_TABLE_VERSION, hyper.recentEdges);
  const slotEncoder = new SlotEncoder(encoder);
  const totals = aggregateCells(slots, { ...train, halfLifeDays: hyper.halfLifeDays });
  let cells: TrainingCells;
  if (slotEncoder.usesRecent) {
    if (!options.log) throw new Error('these features read recent incidents: fitModel needs options.log');
    const recentFrom = hyper.recentYears ? Math.max(train.fromDay, train.toDay - Math.round(hyper.recentYears * 365.25) + 1) : train.fromDay;
    const recentRange = { fromDay: recentFrom, toDay: train.toDay };
    const known = recentRows(slots, slotEncoder, recentRange, hyper, options.log, train.toDay);
    cells = concatRows(known, calendarRows(totals, slotEncoder, slots, hyper.unknownWeight ?? 1));
    if (hyper.lastHoursWeight) cells = concatRows(cells, recentRows(slots, slotEncoder, recentRange, hyper, options.log, train.toDay, lastHoursOnly, hyper.lastHoursWeight));
  } else {
    cells = calendarRows(totals, slotEncoder, slots);
  }
  const bias = encoder.groups.find((g) => g.name === 'bias');
  const penaltyScale = new Float32Array(encoder.vocabularySize).fill(1);
  for (const g of encoder.groups) penaltyScale.fill(hyper.l2Scale?.[g.name] ?? 1, g.offset, g.offset + g.size);
  const { model, finalLoss } = await trainModel(cells, {
    vocabularySize: encoder.vocabularySize,
    epochs: hyper.epochs,
    learningRate: hyper.learningRate,
    l2: hyper.l2,
    unpenalised: bias ? [bias.offset] : [],
    penaltyScale,
    onEpoch: options.onEpoch,
  });
  return { model, encoder, finalLoss, trainingCells: cells.target.length };
}

/** The serving predictor of a fitted model, for validation: every score goes through it. */
export function predictorOf(fitted: FittedModel): ContributionPredictor {
  const info = {
    version: 'validation', pipelineVersion: fitted.encoder.pipelineVersion, backend: '', threshold: 0.5, trainedFrom: '', trainedTo: '',
    hourProfile: hourProfileOf(fitted.encoder),
    recentIncidents: readsRecent(fitted.encoder),
  };
  return new ContributionPredictor(contributionsOf(fitted.model), fitted.encoder, info);
}

export interface Evaluation {
  name: string;
  metrics: Metrics;
  reliability: ReliabilityBin[];
  groups: ScoredGroup[];
}

/** Which validation slots a view counts: all of them, or e.g. daytime on the main routes. */
export type SlotFilter = (rd: number, hour: number) => boolean;

/** A scorer of one validation slot: route-direction index, day number, hour and its calendar cell. */
export type SlotScorer = (rd: number, day: number, hour: number, cell: number) => number;

/** Scores every validation slot one by one (slots with recent inputs share no cells). */
export function evaluateSlots(name: string, score: SlotScorer, slots: SlotTable, range: DayRange, include: SlotFilter = () => true): Evaluation {
  const groups: ScoredGroup[] = [];
  const from = Math.max(range.fromDay, slots.firstDay);
  const to = Math.min(range.toDay, slots.firstDay + slots.days - 1);
  for (let rd = 0; rd < slots.routeDirections.length; rd++) {
    for (let day = from; day <= to; day++) {
      const weekday = weekdayOf(day);
      const month = monthOf(day);
      const base = (rd * slots.days + (day - slots.firstDay)) * 24;
      for (let hour = 0; hour < 24; hour++) {
        const label = slots.labels[base + hour];
        if (label === OUT_OF_SPAN || !include(rd, hour)) continue;
        groups.push({ p: score(rd, day, hour, cellIndex(rd, hour, weekday, month)), pos: label, neg: 1 - label });
      }
    }
  }
  return { name, metrics: computeMetrics(groups), reliability: reliabilityTable(groups), groups };
}

/** The validation scorers of a model that reads recent incidents: with them, without them (no live source), and with only the last three hours known (a live source). */
export const WITH_RECENT = 'model, recent incidents';
export const CALENDAR_ONLY = 'model, calendar only (recent unknown)';
export const LAST_HOURS_ONLY = 'model, last 3 hours only (as a live source)';

export const MAIN_ROUTES: ReadonlySet<number> = new Set([501, 503, 504, 505, 506, 509, 510, 511, 512]);

export interface FoldResult {
  fitted: FittedModel;
  /** Every slot: the model with recent incidents, calendar-only, the v1 calendar model, constant, frequency. */
  evaluations: Evaluation[];
  /** 06:00–23:59 on the nine main routes, same scorers. */
  daytimeMainRoutes: Evaluation[];
}

export interface FoldOptions {
  onEpoch?: (epoch: number, loss: number) => void;
  /** Incidents the training slots' recent inputs are counted from. */
  trainLog?: IncidentLog;
  /** Incidents the validation slots' recent inputs are counted from (as the scorer's --recent-log would). */
  validationLog?: IncidentLog;
  /** A calendar-only reference model fitted on the same fold (the v1 recipe). */
  reference?: { name: string; hyper: Hyperparameters };
  onReferenceEpoch?: (epoch: number, loss: number) => void;
}

/** The model, its calendar-only path, a reference model and both baselines, fitted on `train`, measured on `validate`. */
export async function validateFold(slots: SlotTable, hyper: Hyperparameters, train: DayRange, validate: DayRange, options: FoldOptions = {}): Promise<FoldResult> {
  const fitted = await fitModel(slots, hyper, train, { onEpoch: options.onEpoch, log: options.trainLog });
  const predictor = predictorOf(fitted);
  const trainCounts = aggregateCells(slots, train);
  const nRd = slots.routeDirections.length;
  const calendar: SlotScorer = (rd, day, hour) => {
    const { route, direction } = slots.routeDirections[rd];
    return predictor.probabilityAt(route, direction, hour, weekdayOf(day), monthOf(day));
  };
  const scorers: [string, SlotScorer][] = [];
  if (predictor.usesRecent && options.validationLog) {
    const log = options.validationLog;
    scorers.push([WITH_RECENT, (rd, day, hour) => {
      const { route, direction } = slots.routeDirections[rd];
      return predictor.probabilityOf(route, direction, { hour, weekday: weekdayOf(day), month: monthOf(day), recent: log.recentAt(route, direction, day * 24 + hour) });
    }]);
    scorers.push([CALENDAR_ONLY, calendar]);
    // The state a live source gives (src/live/incidents.ts): only the last three hours known.
    scorers.push([LAST_HOURS_ONLY, (rd, day, hour) => {
      const { route, direction } = slots.routeDirections[rd];
      return predictor.probabilityOf(route, direction, { hour, weekday: weekdayOf(day), month: monthOf(day), recent: lastHoursOnly(log.recentAt(route, direction, day * 24 + hour)) });
    }]);
  } else {
    scorers.push(['model', calendar]);
  }
  if (options.reference) {
    const ref = predictorOf(await fitModel(slots, options.reference.hyper, train, { onEpoch: options.onReferenceEpoch }));
    scorers.push([options.reference.name, (rd, day, hour) => {
      const { route, direction } = slots.routeDirections[rd];
      return ref.probabilityAt(route, direction, hour, weekdayOf(day), monthOf(day));
    }]);
  }
  const constant = constantRate(trainCounts);
  const frequency = smoothedFrequency(trainCounts, nRd);
  scorers.push(['constant rate', (_rd, _day, _hour, cell) => constant(cell)]);
  scorers.push(['frequency (route, direction, hour, weekday)', (_rd, _day, _hour, cell) => frequency(cell)]);
  // The harder question riders ask: which daytime hour on a busy route, not day versus night.
  const daytime: SlotFilter = (rd, hour) => MAIN_ROUTES.has(slots.routeDirections[rd].route) && hour >= 6;
  return {
    fitted,
    evaluations: scorers.map(([name, score]) => evaluateSlots(name, score, slots, validate)),
    daytimeMainRoutes: scorers.map(([name, score]) => evaluateSlots(name, score, slots, validate, daytime)),
  };
}
