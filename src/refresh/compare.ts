/**
 * "Is the refreshed model not worse than the shipped one?" Both are scored on the same slots: every
 * (route, direction, Toronto date, clock hour) of the newest two months of the refreshed log,
 * labelled as in training (src/pipeline/slots.ts). The candidate scored is the same recipe fitted
 * on the log *before* those months, so neither model is scored on slots it was fitted on unless
 * the shipped one was (its training window is printed beside it); the version written is then the
 * recipe refitted on everything. Predictions go through each model's own predictBatch, the path
 * the bot and the API use, so any model version can be compared.
 *
 * Each model is scored on each of its answer paths: calendar only (no live source), with the
 * recent incidents the downloaded log itself gives each slot (everything on the route before the
 * slot's clock hour, as `npm run score -- --recent-log` reads them), and with only the last hour
 * and the last three hours of them known (the state the live alerts give). A model that reads no
 * recent incidents (v1) answers all three the same.
 */
import type { AnswerPath, PathMetrics } from '../model/metadata';
import { computeMetrics, type Metrics, type ScoredGroup } from '../model/metrics';
import type { DelayPredictor } from '../model/types';
import { dayNumber, isoDateOf } from '../pipeline/calendar';
import type { DelayEvent } from '../pipeline/clean';
import { incidentLogOf, lastHoursOnly } from '../pipeline/recent';
import { buildSlots, OUT_OF_SPAN } from '../pipeline/slots';
import { fromTorontoWallClock } from '../pipeline/toronto-time';
import type { Trip } from '../pipeline/types';

/** An inclusive range of Toronto dates, YYYY-MM-DD. */
export interface DateWindow {
  from: string;
  to: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The newest two calendar months of a log whose last date is `lastDate`: from the first of the
 * month before it to lastDate (the newest month is partial when the log ends mid-month), never
 * before `firstDate`.
 */
export function newestTwoMonths(lastDate: string, firstDate = lastDate): DateWindow {
  const year = Number(lastDate.slice(0, 4));
  const month = Number(lastDate.slice(5, 7));
  const from = month === 1 ? `${year - 1}-12-01` : `${year}-${pad(month - 1)}-01`;
  return { from: from < firstDate ? firstDate : from, to: lastDate };
}

/** The day before a date. */
export function dayBefore(date: string): string {
  return isoDateOf(dayNumber(date) - 1);
}

export type { AnswerPath, PathMetrics };
export const ANSWER_PATHS: readonly AnswerPath[] = ['calendar', 'recent', 'lastHours'];
export const PATH_NAMES: Record<AnswerPath, string> = {
  calendar: 'calendar only',
  recent: 'with recent incidents',
  lastHours: 'last three hours only',
};
/** The heading of each path's table. */
export const PATH_HEADINGS: Record<AnswerPath, string> = {
  calendar: 'Calendar only (no live source):',
  recent: "With recent incidents (the download's own, before each slot's clock hour):",
  lastHours: 'With the last three hours only (the state the live alerts give):',
};

export interface WindowScores {
  window: DateWindow;
  slots: number;
  positives: number;
  /** One per predictor, in the order given. */
  metrics: PathMetrics[];
}

/**
 * Scores each predictor on every slot of `window` labelled from `events`, on each answer path:
 * calendar only, with the recent incidents `events` give (windows known from the log's first day
 * on, as readRecentLog knows them), and with only their last hour and last three hours (what the
 * server's live alerts give: src/live/incidents.ts).
 */
export function scoreOnWindow(events: readonly DelayEvent[], window: DateWindow, predictors: readonly DelayPredictor[]): WindowScores {
  const slots = buildSlots(events);
  const from = Math.max(dayNumber(window.from), slots.firstDay);
  const to = Math.min(dayNumber(window.to), slots.firstDay + slots.days - 1);
  const trips: Trip[] = [];
  const labels: number[] = [];
  for (let day = from; day <= to; day++) {
    const date = isoDateOf(day);
    const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
    for (let hour = 0; hour < 24; hour++) {
      const start = fromTorontoWallClock(y, m, d, hour);
      if (!start.ok) continue; // the hour skipped in spring has no instant to ask about
      slots.routeDirections.forEach(({ route, direction }, rd) => {
        const label = slots.labels[(rd * slots.days + (day - slots.firstDay)) * 24 + hour];
        if (label === OUT_OF_SPAN) return;
        trips.push({ route, direction, time: start.instant });
        labels.push(label);
      });
    }
  }
  const positives = labels.reduce((s, l) => s + l, 0);
  const log = incidentLogOf(events, isoDateOf(slots.firstDay));
  const recent = trips.map((trip) => log.recentFor(trip));
  const scored = (predictions: readonly { probability: number }[]): Metrics =>
    computeMetrics(predictions.map((p, i): ScoredGroup => ({ p: p.probability, pos: labels[i], neg: 1 - labels[i] })));
  const metrics = predictors.map((predictor) => ({
    calendar: scored(predictor.predictBatch(trips)),
    recent: scored(predictor.predictBatch(trips, recent)),
    lastHours: scored(predictor.predictBatch(trips, recent.map(lastHoursOnly))),
  }));
  return { window: { from: isoDateOf(from), to: isoDateOf(to) }, slots: trips.length, positives, metrics };
}

/**
 * The rule for writing the refreshed model, on each path: not worse than the shipped one on either
 * proper score (log loss, Brier: calibration and sharpness, what a rider reads as "13% chance"),
 * and not worse by more than RANK_TOLERANCE on either ranking measure (ROC AUC, average
 * precision), which move by about that much between two samples of two months.
 */
export const RANK_TOLERANCE = 0.005;
export const NOT_WORSE_RULE = `on each path (calendar only, with recent incidents, last three hours only): log loss and Brier not higher than the shipped model's, ROC AUC and average precision not lower by more than ${RANK_TOLERANCE}`;

/** What the candidate is worse on, as "log loss (calendar only)"; empty = not worse. */
export function worseOn(candidate: PathMetrics, shipped: PathMetrics): string[] {
  const worse: string[] = [];
  const eps = 1e-12;
  for (const path of ANSWER_PATHS) {
    const [c, s] = [candidate[path], shipped[path]];
    const on = (measure: string): number => worse.push(`${measure} (${PATH_NAMES[path]})`);
    if (c.logLoss > s.logLoss + eps) on('log loss');
    if (c.brier > s.brier + eps) on('Brier');
    if (c.rocAuc < s.rocAuc - RANK_TOLERANCE) on('ROC AUC');
    if (c.averagePrecision < s.averagePrecision - RANK_TOLERANCE) on('average precision');
  }
  return worse;
}

/** The comparison as a small table, the format `npm run train` prints its validation in. */
export function comparisonTable(rows: { name: string; metrics: Metrics }[]): string {
  const lines = [`  ${'model'.padEnd(58)}  ROC AUC   avg prec   Brier     log loss  mean p    observed`];
  for (const { name, metrics: m } of rows) {
    lines.push(
      `  ${name.padEnd(58)}  ${m.rocAuc.toFixed(4)}    ${m.averagePrecision.toFixed(4)}     ${m.brier.toFixed(5)}   ${m.logLoss.toFixed(5)}   ${m.meanPrediction.toFixed(4)}    ${m.positiveRate.toFixed(4)}`,
    );
  }
  return lines.join('\n');
}
