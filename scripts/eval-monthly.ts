/**
 * npm run eval:monthly [-- --years 2024,2023 --months 1-12 --out file.md]: the monthly
 * refit of `npm run refresh`, emulated on a hidden year N.
 *
 * For each month m of year N the shipped recipe (HYPERPARAMETERS) is fitted on 2014-01-01 … the
 * last day of month m−1 (so the months of N before m are in training, their recent inputs counted
 * from the events up to the training end, as in training), and the slots of month m are scored
 * in-process through the serving predictor (fit.ts predictorOf) with recent incidents from year N's
 * log known since 1 January of N (the same source as the temporal fold). The twelve months' slots
 * are pooled and measured against: the single fit on every year before N (m = 1's fit) scored on
 * the same slots, and the v1 recipe fitted the same two ways. Nothing in models/ or pipelines/ is
 * touched; progress goes to stderr, the tables to stdout.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { initBackend } from '../src/model/backend';
import { yearEnd, yearStart } from '../src/model/cells';
import { fitModel, MAIN_ROUTES, predictorOf, type DayRange, type Hyperparameters } from '../src/model/fit';
import { HYPERPARAMETERS, V1_HYPERPARAMETERS } from '../src/model/hyperparameters';
import { computeMetrics, type Metrics, type ScoredGroup } from '../src/model/metrics';
import { dayNumberOf, isoDateOf, monthOf, weekdayOf } from '../src/pipeline/calendar';
import type { DelayEvent } from '../src/pipeline/clean';
import { isGroupName } from '../src/pipeline/features';
import { ingestFolder } from '../src/pipeline/ingest';
import { incidentLogOf, type IncidentLog } from '../src/pipeline/recent';
import { buildSlots, OUT_OF_SPAN, type SlotTable } from '../src/pipeline/slots';

/** Incidents of the events in a day range, known from the range's first day (as in training). */
const logOf = (events: readonly DelayEvent[], range: DayRange): IncidentLog => incidentLogOf(events, isoDateOf(range.fromDay), isoDateOf(range.toDay));

/** One scored slot of year N. */
interface Slot { rd: number; day: number; hour: number; label: number }

function slotsOfYear(slots: SlotTable, year: number): Slot[] {
  const out: Slot[] = [];
  for (let rd = 0; rd < slots.routeDirections.length; rd++) {
    for (let day = Math.max(yearStart(year), slots.firstDay); day <= Math.min(yearEnd(year), slots.firstDay + slots.days - 1); day++) {
      const base = (rd * slots.days + (day - slots.firstDay)) * 24;
      for (let hour = 0; hour < 24; hour++) {
        const label = slots.labels[base + hour];
        if (label !== OUT_OF_SPAN) out.push({ rd, day, hour, label });
      }
    }
  }
  return out;
}

type Scores = Float64Array;

/**
 * Fits `hyper` on `train` and scores the slots with index in `which` into `into[name]`:
 * with recent incidents from `scoreLog` and calendar-only (recent unknown).
 */
async function fitAndScore(
  slots: SlotTable, hyper: Hyperparameters, train: DayRange, trainLog: IncidentLog | undefined, scoreLog: IncidentLog,
  year: Slot[], which: (s: Slot) => boolean, recent: Scores | undefined, calendar: Scores, label: string,
): Promise<number> {
  const t = Date.now();
  const fitted = await fitModel(slots, hyper, train, trainLog ? { log: trainLog } : {});
  const predictor = predictorOf(fitted);
  fitted.model.dispose();
  let n = 0;
  year.forEach((s, i) => {
    if (!which(s)) return;
    n++;
    const { route, direction } = slots.routeDirections[s.rd];
    const weekday = weekdayOf(s.day);
    const month = monthOf(s.day);
    calendar[i] = predictor.probabilityAt(route, direction, s.hour, weekday, month);
    if (recent) recent[i] = predictor.probabilityOf(route, direction, { hour: s.hour, weekday, month, recent: scoreLog.recentAt(route, direction, s.day * 24 + s.hour) });
  });
  const secs = (Date.now() - t) / 1000;
  console.error(`  ${label}: fit ${isoDateOf(train.fromDay)}…${isoDateOf(train.toDay)}, ${fitted.trainingCells} cells, scored ${n} slots, ${secs.toFixed(1)} s`);
  return secs;
}

function metricsOf(year: Slot[], p: Scores, include: (s: Slot) => boolean): Metrics {
  const groups: ScoredGroup[] = [];
  year.forEach((s, i) => {
    if (!include(s)) return;
    if (Number.isNaN(p[i])) throw new Error('a slot was left unscored');
    groups.push({ p: p[i], pos: s.label, neg: 1 - s.label });
  });
  return computeMetrics(groups);
}

function parseMonths(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let m = a; m <= (b ?? a); m++) out.push(m);
  }
  if (out.some((m) => !(m >= 1 && m <= 12))) throw new Error(`--months must be months 1–12 such as 1-12 or 1,4,7; got ${spec}`);
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      years: { type: 'string', default: '2024' },
      months: { type: 'string', default: '1-12' },
      // Leave out the monthly refits of the v1 recipe (calendar only, cheap).
      'no-v1-monthly': { type: 'boolean', default: false },
      epochs: { type: 'string' },
      // Only the single fit ≤ N−1 (the temporal fold): no monthly refits.
      'single-only': { type: 'boolean', default: false },
      // A variant of the shipped recipe with these groups added (comma-separated), fitted ≤ N−1 beside it.
      'add-groups': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const added = values['add-groups']?.split(',').map((g) => g.trim()) ?? [];
  const unknownGroups = added.filter((g) => !isGroupName(g));
  if (unknownGroups.length > 0) {
    console.error(`eval-monthly: --add-groups names no group the pipeline encodes: ${unknownGroups.join(', ')} (see GroupName in src/pipeline/features.ts)`);
    process.exit(2);
  }
  const years = values.years!.split(',').map(Number);
  const months = parseMonths(values.months!);
  const hyper: Hyperparameters = values.epochs ? { ...HYPERPARAMETERS, epochs: Number(values.epochs) } : HYPERPARAMETERS;
  const config = loadConfig();
  const backend = await initBackend();
  const started = Date.now();
  console.error(`Backend ${backend}; reading ${config.paths.dataFolder}`);
  const { events } = await ingestFolder(config.paths.dataFolder);
  const slots = buildSlots(events);
  const firstDay = slots.firstDay;
  const firstYear = Number(isoDateOf(firstDay).slice(0, 4));
  const report: string[] = [];
  const times: string[] = [];

  for (const year of years) {
    console.error(`\nFold ${year}: months ${months.join(',')}`);
    const year_ = slotsOfYear(slots, year);
    const n = year_.length;
    const blank = (): Scores => new Float64Array(n).fill(NaN);
    const scoreLog = logOf(events, { fromDay: yearStart(year), toDay: yearEnd(year) });
    const inMonths = (s: Slot): boolean => months.includes(monthOf(s.day));
    const single = { recent: blank(), calendar: blank() };
    const monthly = { recent: blank(), calendar: blank() };
    const v1Single = blank();
    const v1Monthly = blank();
    const baseTrain = { fromDay: yearStart(firstYear), toDay: yearEnd(year - 1) };
    let fitSecs = 0;
    fitSecs += await fitAndScore(slots, hyper, baseTrain, logOf(events, baseTrain), scoreLog, year_, inMonths, single.recent, single.calendar, `${year} single fit (shipped)`);
    await fitAndScore(slots, V1_HYPERPARAMETERS, baseTrain, undefined, scoreLog, year_, inMonths, undefined, v1Single, `${year} single fit (v1)`);
    const variant = values['add-groups'] ? { recent: blank(), calendar: blank() } : undefined;
    if (variant) {
      const vh: Hyperparameters = { ...hyper, groups: [...hyper.groups, ...added.filter(isGroupName)] };
      await fitAndScore(slots, vh, baseTrain, logOf(events, baseTrain), scoreLog, year_, inMonths, variant.recent, variant.calendar, `${year} single fit (variant +${values['add-groups']})`);
    }
    let fits = 1;
    for (const m of values['single-only'] ? [] : months) {
      const train = { fromDay: yearStart(firstYear), toDay: dayNumberOf(year, m, 1) - 1 };
      const ofMonth = (s: Slot): boolean => monthOf(s.day) === m;
      if (m === 1) {
        // Month 1's refit is the single fit (the same data, deterministic training): copied.
        year_.forEach((s, i) => {
          if (!ofMonth(s)) return;
          monthly.recent[i] = single.recent[i];
          monthly.calendar[i] = single.calendar[i];
          v1Monthly[i] = v1Single[i];
        });
        continue;
      }
      fitSecs += await fitAndScore(slots, hyper, train, logOf(events, train), scoreLog, year_, ofMonth, monthly.recent, monthly.calendar, `${year}-${String(m).padStart(2, '0')} refit (shipped)`);
      fits++;
      if (!values['no-v1-monthly']) await fitAndScore(slots, V1_HYPERPARAMETERS, train, undefined, scoreLog, year_, ofMonth, undefined, v1Monthly, `${year}-${String(m).padStart(2, '0')} refit (v1)`);
    }
    times.push(`${year}: ${fits} fit${fits === 1 ? '' : 's'} of the shipped recipe, ${fitSecs.toFixed(0)} s (${(fitSecs / fits).toFixed(1)} s each, fit + scoring)`);
    const monthlyToo = !values['single-only'];
    const scorers: [string, Scores][] = [
      ['single fit ≤ N−1, recent incidents', single.recent],
      ...(variant ? [[`variant +${values['add-groups']}, recent incidents`, variant.recent] as [string, Scores]] : []),
      ...(monthlyToo ? [['monthly refit, recent incidents', monthly.recent] as [string, Scores]] : []),
      ['single fit ≤ N−1, calendar only', single.calendar],
      ...(variant ? [[`variant +${values['add-groups']}, calendar only`, variant.calendar] as [string, Scores]] : []),
      ...(monthlyToo ? [['monthly refit, calendar only', monthly.calendar] as [string, Scores]] : []),
      ['v1, single fit ≤ N−1', v1Single],
      ...(monthlyToo && !values['no-v1-monthly'] ? [['v1, monthly refit', v1Monthly] as [string, Scores]] : []),
    ];
    const views: [string, (s: Slot) => boolean][] = [
      ['06:00–23:59, nine main routes', (s) => inMonths(s) && MAIN_ROUTES.has(slots.routeDirections[s.rd].route) && s.hour >= 6],
      ['every slot', inMonths],
    ];
    for (const [view, include] of views) {
      report.push(`\n### ${year} (months ${values.months}), ${view}\n`, '| scorer | ROC AUC | avg precision | Brier | log loss | mean predicted | observed |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const [name, p] of scorers) {
        const m = metricsOf(year_, p, include);
        report.push(`| ${name} | ${m.rocAuc.toFixed(4)} | ${m.averagePrecision.toFixed(4)} | ${m.brier.toFixed(5)} | ${m.logLoss.toFixed(5)} | ${(m.meanPrediction * 100).toFixed(2)}% | ${(m.positiveRate * 100).toFixed(2)}% |`);
      }
    }
    console.error(report.slice(-18).join('\n'));
  }
  const doc = [
    values['single-only']
      ? `Measured by \`npm run eval:monthly -- --single-only\` (${((Date.now() - started) / 1000).toFixed(0)} s, backend ${backend}, ${hyper.epochs} epochs): year N scored by the recipes fitted on ${firstYear}-01-01 … 31 December of N−1; recent incidents from year N's log since 1 January of N.`
      : `Measured by \`npm run eval:monthly\` (${((Date.now() - started) / 1000).toFixed(0)} s, backend ${backend}, ${hyper.epochs} epochs): month m of year N scored by the shipped recipe fitted on ${firstYear}-01-01 … the last day of month m−1; recent incidents from year N's log since 1 January of N.`,
    ...report,
    '',
    ...times.map((t) => `- ${t}`),
    '',
  ].join('\n');
  console.log(doc);
  if (values.out) writeFileSync(values.out, doc);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
