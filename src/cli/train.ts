/**
 * npm run train: ingest the official logs; validate on the last two years, one temporal fold
 * each (fit every year before, score that year with its own log as the recent-incident source,
 * as `npm run score -- --recent-log` would), against the v1 calendar model and two baselines;
 * refit on everything; write models/<v>/ and pipelines/<v>/ plus docs/VALIDATION.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../config';
import { initBackend } from '../model/backend';
import { ENCODER_FILE, METADATA_FILE } from '../model/artifacts';
import { yearEnd, yearStart } from '../model/cells';
import { CALENDAR_ONLY, fitModel, LAST_HOURS_ONLY, validateFold, WITH_RECENT, type DayRange, type Evaluation, type FoldResult } from '../model/fit';
import { HYPERPARAMETERS, V1_HYPERPARAMETERS } from '../model/hyperparameters';
import { saveModel } from '../model/io';
import { withTrainTarget } from '../model/versions';
import type { FoldRecord, ModelMetadata, ThresholdRecord } from '../model/metadata';
import { bestF1Threshold, f1At } from '../model/metrics';
import { modelBeatsBaselines, validationMarkdown } from '../model/report';
import { isoDateOf } from '../pipeline/calendar';
import type { DelayEvent } from '../pipeline/clean';
import { ingestFolder } from '../pipeline/ingest';
import { incidentLogOf, type IncidentLog } from '../pipeline/recent';
import { buildSlots } from '../pipeline/slots';
import { parseEpochs } from './epochs';
import { ProgressBar } from './progress';

/** Incidents of the events in a day range, known from the range's first day. */
const logOf = (events: readonly DelayEvent[], range: DayRange): IncidentLog => incidentLogOf(events, isoDateOf(range.fromDay), isoDateOf(range.toDay));

const REFERENCE = 'v1 calendar model (refitted on the fold)';

async function main(): Promise<void> {
  const started = Date.now();
  // --no-docs: leave docs/VALIDATION.md alone (benchmarks train into a scratch folder).
  // --version vN: which version folder to write when model.dir is the folder of versions (default: the newest).
  // --until YYYY-MM-DD: the events up to that date only (npm run refresh holds the newest months out so).
  // --epochs N: fewer (or more) epochs than the recipe's, for tests and quick trials.
  const { values: args } = parseArgs({
    options: {
      'no-docs': { type: 'boolean', default: false },
      version: { type: 'string' },
      until: { type: 'string' },
      epochs: { type: 'string' },
    },
  });
  if (args.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.until)) throw new Error(`--until must be a date such as 2026-08-31; got ${JSON.stringify(args.until)}`);
  const epochs = parseEpochs(args.epochs);
  const config = withTrainTarget(loadConfig(), args.version);
  const backend = await initBackend();
  console.log(`TensorFlow.js backend: ${backend}`);
  console.log(`Reading ${config.paths.dataFolder}`);

  const ingested = await ingestFolder(config.paths.dataFolder, {
    onFile: (file, i, total, rows) => console.log(`  [${i}/${total}] ${file.split('/').pop()} (${rows} events so far)`),
  });
  const { report } = ingested;
  const until = args.until;
  const events = until === undefined ? ingested.events : ingested.events.filter((e) => e.date <= until);
  if (until !== undefined) console.log(`Events up to ${until} only: ${events.length} of ${ingested.events.length}`);
  console.log(`\nCleaning report (rows read, kept, dropped by reason):\n${report.format()}\n`);
  mkdirSync(config.paths.pipelineDir, { recursive: true });
  writeFileSync(join(config.paths.pipelineDir, 'cleaning-report.json'), JSON.stringify(report.toJSON(), null, 2) + '\n');

  const slots = buildSlots(events);
  const firstYear = Number(isoDateOf(slots.firstDay).slice(0, 4));
  const lastYear = Number(isoDateOf(slots.firstDay + slots.days - 1).slice(0, 4));
  const hyper = epochs === undefined ? HYPERPARAMETERS : { ...HYPERPARAMETERS, epochs };

  // 1. Temporal validation: two folds, fit ≤ N−1 and score year N, for the last two years.
  const folds: { year: number; train: DayRange; validate: DayRange; result: FoldResult }[] = [];
  for (const year of [lastYear - 1, lastYear]) {
    const train = { fromDay: yearStart(firstYear), toDay: yearEnd(year - 1) };
    const validate = { fromDay: yearStart(year), toDay: yearEnd(year) };
    console.log(`\nValidation fold: fit ${firstYear}–${year - 1}, score ${year} with the ${year} log as the recent-incident source`);
    const bar = new ProgressBar('  training (validation fit)', hyper.epochs);
    const barRef = new ProgressBar('  training (v1 reference)', V1_HYPERPARAMETERS.epochs);
    const result = await validateFold(slots, hyper, train, validate, {
      trainLog: logOf(events, train),
      validationLog: logOf(events, validate),
      reference: { name: REFERENCE, hyper: V1_HYPERPARAMETERS },
      onEpoch: (epoch, loss) => bar.update(epoch, `loss ${loss.toFixed(5)}`),
      onReferenceEpoch: (epoch, loss) => barRef.update(epoch, `loss ${loss.toFixed(5)}`),
    });
    console.log(`  ${result.fitted.trainingCells.toLocaleString('en-CA')} training cells`);
    printTable(`${year}, all slots`, result.evaluations);
    printTable(`${year}, 06:00–23:59 on 501, 503, 504, 505, 506, 509, 510, 511, 512`, result.daytimeMainRoutes);
    folds.push({ year, train, validate, result });
  }
  const last = folds[folds.length - 1];
  // Two paths, two cuts: a prediction without recent incidents (no live source, feed down) is
  // judged by the calendar-only path's own max-F1 threshold, one with them by the recent path's.
  const calendarPath = last.result.evaluations.find((e) => e.name === CALENDAR_ONLY) ?? last.result.evaluations[0];
  const recentPath = last.result.evaluations.find((e) => e.name === WITH_RECENT);
  const calendarCut = bestF1Threshold(calendarPath.groups);
  const recentCut = recentPath ? bestF1Threshold(recentPath.groups) : undefined;
  const threshold: ThresholdRecord = { ...calendarCut, ...(recentCut ? { atOtherThreshold: { threshold: recentCut.threshold, ...f1At(calendarPath.groups, recentCut.threshold) } } : {}) };
  const recentThreshold: ThresholdRecord | undefined = recentCut && recentPath && { ...recentCut, atOtherThreshold: { threshold: calendarCut.threshold, ...f1At(recentPath.groups, calendarCut.threshold) } };
  // The live-source state (last three hours known) is judged by the recent cut; its own cut, for comparison.
  const lastHoursPath = last.result.evaluations.find((e) => e.name === LAST_HOURS_ONLY);
  const lastHoursThreshold: ThresholdRecord | undefined = lastHoursPath && recentCut && { ...bestF1Threshold(lastHoursPath.groups), atOtherThreshold: { threshold: recentCut.threshold, ...f1At(lastHoursPath.groups, recentCut.threshold) } };
  const ahead = folds.every((f) => modelBeatsBaselines(f.result.evaluations));
  console.log(ahead ? '\nWith recent incidents the model is ahead of the v1 model and both baselines on every metric in both folds.' : '\nWARNING: the model is NOT ahead of every reference on every metric in both folds.');
  for (const [what, cut] of [['calendar only', threshold], ['with recent incidents', recentThreshold], ['last 3 hours only (informative: judged by the recent cut)', lastHoursThreshold]] as const) {
    if (!cut) continue;
    const other = cut.atOtherThreshold;
    console.log(`Threshold (max F1 on ${last.year}, ${what}): ${cut.threshold.toFixed(4)} (F1 ${cut.f1.toFixed(4)}, precision ${cut.precision.toFixed(3)}, recall ${cut.recall.toFixed(3)})${other ? `; at the other path's ${other.threshold.toFixed(4)}: F1 ${other.f1.toFixed(4)}, precision ${other.precision.toFixed(3)}, recall ${other.recall.toFixed(3)}` : ''}`);
  }

  // 2. The shipped model: the same recipe refitted on every year, recent inputs from the whole log.
  const all = { fromDay: yearStart(firstYear), toDay: slots.firstDay + slots.days - 1 };
  console.log(`\nFinal fit on ${firstYear}–${lastYear}`);
  const bar2 = new ProgressBar('  training (final fit)', hyper.epochs);
  const fitted = await fitModel(slots, hyper, all, { log: logOf(events, all), onEpoch: (epoch, loss) => bar2.update(epoch, `loss ${loss.toFixed(5)}`) });
  const { weightsSha256 } = await saveModel(fitted.model, config.paths.modelDir);
  writeFileSync(join(config.paths.pipelineDir, ENCODER_FILE), JSON.stringify(fitted.encoder, null, 2) + '\n');
  const foldRecords: FoldRecord[] = folds.map((f) => ({
    trainedFrom: isoDateOf(f.train.fromDay),
    trainedTo: isoDateOf(f.train.toDay),
    validatedFrom: isoDateOf(f.validate.fromDay),
    validatedTo: isoDateOf(f.validate.toDay),
    recentSource: `the ${f.year} log only (as --recent-log with that year's file)`,
    results: f.result.evaluations.map((e) => ({ name: e.name, metrics: e.metrics, reliability: e.reliability })),
    daytimeMainRoutes: f.result.daytimeMainRoutes.map((e) => ({ name: e.name, metrics: e.metrics })),
  }));
  const { groups: _groups, ...hyperRest } = hyper;
  const metadata: ModelMetadata = {
    modelVersion: config.paths.modelDir.split('/').pop() ?? 'v2',
    pipelineVersion: fitted.encoder.pipelineVersion,
    createdAt: new Date().toISOString(),
    trainedFrom: isoDateOf(all.fromDay),
    trainedTo: isoDateOf(all.toDay),
    features: hyper.groups,
    hyperparameters: hyperRest,
    hourProfile: hyper.groups.includes('routeDirectionHour') ? 'route' : 'network',
    threshold: Number(threshold.threshold.toFixed(6)),
    thresholdRule: recentThreshold
      ? `maximum F1 on ${last.year} validation slots, calendar-only predictions (recent incidents unknown), model fitted on ${firstYear}–${last.year - 1}`
      : `maximum F1 on ${last.year} validation slots, model fitted on ${firstYear}–${last.year - 1}`,
    ...(recentThreshold
      ? {
          recentThreshold: Number(recentThreshold.threshold.toFixed(6)),
          recentThresholdRule: `maximum F1 on ${last.year} validation slots, predictions with recent incidents from the ${last.year} log, model fitted on ${firstYear}–${last.year - 1}`,
        }
      : {}),
    validation: { folds: foldRecords, threshold, ...(recentThreshold ? { recentThreshold } : {}), ...(lastHoursThreshold ? { lastHoursThreshold } : {}) },
    trainingBackend: backend,
    weightsSha256,
    vocabularySize: fitted.encoder.vocabularySize,
  };
  writeFileSync(join(config.paths.modelDir, METADATA_FILE), JSON.stringify(metadata, null, 2) + '\n');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!args['no-docs']) writeFileSync(join(PROJECT_ROOT, 'docs', 'VALIDATION.md'), validationDoc(folds, metadata, backend, seconds));

  const m = last.result.daytimeMainRoutes;
  const auc = (name: string): string => m.find((e) => e.name === name)?.metrics.rocAuc.toFixed(4) ?? '—';
  console.log(`\nSummary
  events kept     ${report.totals().kept} of ${report.totals().read} rows read
  slots           ${slots.labels.length.toLocaleString('en-CA')} (${slots.routeDirections.length} route-directions × ${slots.days} days × 24 h)
  training cells  ${fitted.trainingCells.toLocaleString('en-CA')} (with recent incidents, and calendar-only)
  model           ${config.paths.modelDir} (sha256 ${weightsSha256.slice(0, 12)}…), hour profile ${metadata.hourProfile}
  pipeline        ${config.paths.pipelineDir}
  validation ${last.year} (daytime, main routes): ROC AUC ${auc(WITH_RECENT)} with recent incidents, ${auc(LAST_HOURS_ONLY)} last 3 hours only, ${auc(CALENDAR_ONLY)} calendar-only, v1 ${auc(REFERENCE)}; ${ahead ? 'ahead on every metric' : 'NOT ahead on every metric'}
  took            ${seconds} s`);
}

function printTable(title: string, evaluations: readonly Evaluation[]): void {
  console.log(`\n  ${title}\n  scorer                                         ROC AUC   avg prec   Brier     log loss`);
  for (const e of evaluations) {
    const m = e.metrics;
    console.log(`  ${e.name.padEnd(45)}  ${m.rocAuc.toFixed(4)}    ${m.averagePrecision.toFixed(4)}     ${m.brier.toFixed(5)}   ${m.logLoss.toFixed(5)}`);
  }
}

function validationDoc(folds: { year: number; train: DayRange; result: FoldResult }[], metadata: ModelMetadata, backend: string, seconds: string): string {
  const firstYear = metadata.trainedFrom.slice(0, 4);
  const parts = [
    '# Validation (written by `npm run train`)',
    '',
    `Generated ${metadata.createdAt} on backend ${backend} (the whole run took ${seconds} s). Two temporal folds: fit ${firstYear} to the end of year N−1, score every slot of year N (every active route and direction, see docs/MODEL.md), with **year N's own log as the only source of recent incidents** — what \`npm run score -- --recent-log\` does with that year's file, so nothing before 1 January of year N is known to the recent inputs (the day before 1 January and the seven days before the first week read "unknown").`,
    '',
    'Scorers: **model, recent incidents** (the shipped recipe, recent inputs from the log); **model, calendar only** (the same network with every recent input unknown: no live source); **model, last 3 hours only** (the same network with only the last hour and the last three hours known, from the log: the state the live alerts give, src/live/incidents.ts); the **v1 calendar model** (the previous shipped recipe, refitted on the same fold); the constant rate and the smoothed (route, direction, hour, weekday) frequency table.',
    '',
  ];
  for (const f of folds) {
    parts.push(validationMarkdown(f.result.evaluations, `${f.year} (fit ${firstYear}–${f.year - 1}), every slot`));
    parts.push(validationMarkdown(f.result.daytimeMainRoutes, `${f.year} (fit ${firstYear}–${f.year - 1}), 06:00–23:59 on the nine main routes (501, 503, 504, 505, 506, 509, 510, 511, 512)`));
    parts.push(`${modelBeatsBaselines(f.result.evaluations) && modelBeatsBaselines(f.result.daytimeMainRoutes) ? 'With recent incidents the model is ahead of every other scorer on every metric in both views.' : 'With recent incidents the model is NOT ahead of every other scorer on every metric in both views.'} ${calendarVerdict(f.result)}`, '');
  }
  parts.push(
    'The daytime view leaves out the night hours and the little-used routes, where "no delay" is easy to predict, so it shows how well the model ranks the daytime hours riders ask about.',
    '',
    ...thresholdLines(metadata),
    '',
  );
  return parts.join('\n');
}

/** The `delayed` thresholds, each with its F1 and how the path would do at the other path's cut. */
function thresholdLines(metadata: ModelMetadata): string[] {
  const line = (label: string, value: number, rule: string, cut: ThresholdRecord): string => {
    const other = cut.atOtherThreshold;
    return `${label}: ${value} — ${rule} (F1 ${cut.f1.toFixed(4)}, precision ${cut.precision.toFixed(3)}, recall ${cut.recall.toFixed(3)}${other ? `; at the other path's ${Number(other.threshold.toFixed(6))} this path's F1 is ${other.f1.toFixed(4)}, precision ${other.precision.toFixed(3)}, recall ${other.recall.toFixed(3)}` : ''}).`;
  };
  const v = metadata.validation;
  if (metadata.recentThreshold === undefined || !v.recentThreshold) return [line('Threshold for `delayed`', metadata.threshold, metadata.thresholdRule, v.threshold)];
  return [
    line('Threshold for `delayed`, calendar-only predictions (no recent incidents)', metadata.threshold, metadata.thresholdRule, v.threshold),
    '',
    line('Threshold for `delayed`, predictions with recent incidents', metadata.recentThreshold, metadata.recentThresholdRule ?? '', v.recentThreshold),
    ...(v.lastHoursThreshold
      ? ['', line('For comparison, the last-three-hours state (as from a live source; judged by the recent cut)', Number(v.lastHoursThreshold.threshold.toFixed(6)), 'its own maximum F1 on the same slots', v.lastHoursThreshold)]
      : []),
  ];
}

/** Says how the calendar-only path compares with the v1 model, metric by metric. */
function calendarVerdict(result: FoldResult): string {
  const views: [string, Evaluation[]][] = [['every slot', result.evaluations], ['daytime main routes', result.daytimeMainRoutes]];
  const notes = views.map(([view, e]) => {
    const cal = e.find((x) => x.name === CALENDAR_ONLY)?.metrics;
    const v1 = e.find((x) => x.name === REFERENCE)?.metrics;
    if (!cal || !v1) return '';
    const worse = [
      cal.rocAuc < v1.rocAuc ? 'ROC AUC' : '',
      cal.averagePrecision < v1.averagePrecision ? 'average precision' : '',
      cal.brier > v1.brier ? 'Brier' : '',
      cal.logLoss > v1.logLoss ? 'log loss' : '',
    ].filter(Boolean);
    return worse.length ? `${view}: behind v1 on ${worse.join(', ')}` : `${view}: at least as good as v1 on every metric`;
  });
  return `Calendar-only path against v1 — ${notes.join('; ')}.`;
}

main().catch((err) => {
  console.error(`Training failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
