/**
 * npm run train: ingest the official logs, validate on the last two years against two
 * baselines, refit on everything, and write models/<v>/ and pipelines/<v>/ plus docs/VALIDATION.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../config';
import { initBackend } from '../model/backend';
import { ENCODER_FILE, METADATA_FILE } from '../model/artifacts';
import { yearEnd, yearStart } from '../model/cells';
import { fitModel, validateAgainstBaselines, type Evaluation } from '../model/fit';
import { HYPERPARAMETERS } from '../model/hyperparameters';
import { saveModel } from '../model/io';
import { withTrainTarget } from '../model/versions';
import type { ModelMetadata } from '../model/metadata';
import { bestF1Threshold } from '../model/metrics';
import { modelBeatsBaselines, validationMarkdown } from '../model/report';
import { isoDateOf } from '../pipeline/calendar';
import { ingestFolder } from '../pipeline/ingest';
import { buildSlots } from '../pipeline/slots';
import { ProgressBar } from './progress';
import { parseArgs } from 'node:util';

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
  if (args.epochs !== undefined && !(/^\d+$/.test(args.epochs) && Number(args.epochs) >= 1 && Number(args.epochs) <= 100_000)) {
    throw new Error(`--epochs must be a whole number from 1 to 100000; got ${JSON.stringify(args.epochs)}`);
  }
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
  const hyper = args.epochs === undefined ? HYPERPARAMETERS : { ...HYPERPARAMETERS, epochs: Number(args.epochs) };

  // 1. Temporal validation: fit up to two years before the end, measure on the last two.
  const train = { fromDay: yearStart(firstYear), toDay: yearEnd(lastYear - 2) };
  const validate = { fromDay: yearStart(lastYear - 1), toDay: yearEnd(lastYear) };
  console.log(`Validation: fit ${firstYear}–${lastYear - 2}, measure on ${lastYear - 1}–${lastYear}`);
  const bar1 = new ProgressBar('  training (validation fit)', hyper.epochs);
  const { evaluations, daytimeMainRoutes } = await validateAgainstBaselines(slots, hyper, train, validate, (epoch, loss) => bar1.update(epoch, `loss ${loss.toFixed(5)}`));
  const threshold = bestF1Threshold(evaluations[0].groups);
  printTable('all slots', evaluations);
  printTable('06:00–23:59 on 501, 503, 504, 505, 506, 509, 510, 511, 512', daytimeMainRoutes);
  const ahead = modelBeatsBaselines(evaluations);
  console.log(ahead ? 'The model is ahead of both baselines on every metric.' : 'WARNING: the model is NOT ahead of both baselines on every metric.');
  console.log(`Threshold (max F1 on validation): ${threshold.threshold.toFixed(4)} (F1 ${threshold.f1.toFixed(3)}, precision ${threshold.precision.toFixed(3)}, recall ${threshold.recall.toFixed(3)})`);

  // 2. The shipped model: the same recipe refitted on every year.
  const all = { fromDay: yearStart(firstYear), toDay: slots.firstDay + slots.days - 1 };
  console.log(`\nFinal fit on ${firstYear}–${lastYear}`);
  const bar2 = new ProgressBar('  training (final fit)', hyper.epochs);
  const fitted = await fitModel(slots, hyper, all, (epoch, loss) => bar2.update(epoch, `loss ${loss.toFixed(5)}`));
  const { weightsSha256 } = await saveModel(fitted.model, config.paths.modelDir);
  writeFileSync(join(config.paths.pipelineDir, ENCODER_FILE), JSON.stringify(fitted.encoder, null, 2) + '\n');
  const metadata: ModelMetadata = {
    modelVersion: config.paths.modelDir.split('/').pop() ?? 'v1',
    pipelineVersion: fitted.encoder.pipelineVersion,
    createdAt: new Date().toISOString(),
    trainedFrom: isoDateOf(all.fromDay),
    trainedTo: isoDateOf(all.toDay),
    features: hyper.groups,
    hyperparameters: { halfLifeDays: hyper.halfLifeDays, l2: hyper.l2, epochs: hyper.epochs, learningRate: hyper.learningRate },
    threshold: Number(threshold.threshold.toFixed(6)),
    thresholdRule: `maximum F1 on ${lastYear - 1}–${lastYear} validation slots, model fitted on ${firstYear}–${lastYear - 2}`,
    validation: {
      trainedFrom: isoDateOf(train.fromDay),
      trainedTo: isoDateOf(train.toDay),
      validatedFrom: isoDateOf(validate.fromDay),
      validatedTo: isoDateOf(validate.toDay),
      results: evaluations.map((e) => ({ name: e.name, metrics: e.metrics, reliability: e.reliability })),
      threshold,
    },
    trainingBackend: backend,
    weightsSha256,
    vocabularySize: fitted.encoder.vocabularySize,
  };
  writeFileSync(join(config.paths.modelDir, METADATA_FILE), JSON.stringify(metadata, null, 2) + '\n');
  const docs = join(PROJECT_ROOT, 'docs', 'VALIDATION.md');
  if (!args['no-docs']) writeFileSync(docs, [
    '# Validation (written by `npm run train`)',
    '',
    `Generated ${metadata.createdAt} on backend ${backend}. Fit ${metadata.validation.trainedFrom} to ${metadata.validation.trainedTo}, measured on ${metadata.validation.validatedFrom} to ${metadata.validation.validatedTo}; every slot of every active route and direction (see docs/MODEL.md).`,
    '',
    validationMarkdown(evaluations, `${lastYear - 1}–${lastYear}, every slot`),
    validationMarkdown(daytimeMainRoutes, `${lastYear - 1}–${lastYear}, 06:00–23:59 on the nine main routes (501, 503, 504, 505, 506, 509, 510, 511, 512)`),
    `The second view leaves out the night hours and the little-used routes, where "no delay" is easy to predict, so it shows how well the model ranks the daytime hours riders ask about. ${modelBeatsBaselines(daytimeMainRoutes) ? 'The model is ahead of both baselines on every metric there too.' : 'The model is NOT ahead of both baselines on every metric in this view.'}`,
    '',
    `Threshold for \`delayed\`: ${metadata.threshold} — ${metadata.thresholdRule} (F1 ${threshold.f1.toFixed(3)}, precision ${threshold.precision.toFixed(3)}, recall ${threshold.recall.toFixed(3)}).`,
    '',
  ].join('\n'));

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nSummary
  events kept     ${report.totals().kept} of ${report.totals().read} rows read
  slots           ${slots.labels.length.toLocaleString('en-CA')} (${slots.routeDirections.length} route-directions × ${slots.days} days × 24 h)
  training cells  ${fitted.trainingCells}
  model           ${config.paths.modelDir} (sha256 ${weightsSha256.slice(0, 12)}…)
  pipeline        ${config.paths.pipelineDir}
  validation      ROC AUC ${evaluations[0].metrics.rocAuc.toFixed(4)} vs frequency ${evaluations[2].metrics.rocAuc.toFixed(4)}; ${ahead ? 'ahead on every metric' : 'NOT ahead on every metric'}
  took            ${seconds} s`);
}

function printTable(title: string, evaluations: readonly Evaluation[]): void {
  console.log(`\n  ${title}\n  scorer                                         ROC AUC   avg prec   Brier     log loss`);
  for (const e of evaluations) {
    const m = e.metrics;
    console.log(`  ${e.name.padEnd(45)}  ${m.rocAuc.toFixed(4)}    ${m.averagePrecision.toFixed(4)}     ${m.brier.toFixed(5)}   ${m.logLoss.toFixed(5)}`);
  }
}

main().catch((err) => {
  console.error(`Training failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
