/**
 * npm run eval:recent [-- --years 2023,2024 --out file.md]: the hidden-year measurement, emulated.
 * For each year N: fit the shipped recipe (and the v1 recipe) on every year before N into a
 * scratch folder, write one trip per slot of year N (every active route and direction, every
 * hour, at a random minute), score it with the real scorer CLI (`src/cli/score.ts`) with
 * `--recent-log` = year N's official workbook and without it, and measure against the slot labels
 * of year N. Then it cuts the workbook at a few hours H (rewritten as a 2025-schema CSV) and checks
 * that every trip up to hour H scores the same with the cut log. Nothing in models/ or pipelines/ is touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { loadConfig, PROJECT_ROOT } from '../src/config';
import { ENCODER_FILE, METADATA_FILE } from '../src/model/artifacts';
import { initBackend } from '../src/model/backend';
import { constantRate, smoothedFrequency } from '../src/model/baselines';
import { aggregateCells, cellIndex, yearEnd, yearStart } from '../src/model/cells';
import { fitModel, MAIN_ROUTES, type DayRange, type Hyperparameters } from '../src/model/fit';
import { HYPERPARAMETERS, V1_HYPERPARAMETERS } from '../src/model/hyperparameters';
import { saveModel } from '../src/model/io';
import { computeMetrics, type Metrics, type ScoredGroup } from '../src/model/metrics';
import { isoDateOf, monthOf, weekdayOf } from '../src/pipeline/calendar';
import { cleanRow, type DelayEvent } from '../src/pipeline/clean';
import { ingestFolder } from '../src/pipeline/ingest';
import { incidentLogOf } from '../src/pipeline/recent';
import { buildSlots, OUT_OF_SPAN, type SlotTable } from '../src/pipeline/slots';
import { listSourceFiles, readSourceFile, yearOfFile } from '../src/pipeline/sources';
import { fromTorontoWallClock } from '../src/pipeline/toronto-time';

const pad = (n: number): string => String(n).padStart(2, '0');

async function fitInto(dir: string, slots: SlotTable, hyper: Hyperparameters, train: DayRange, events: readonly DelayEvent[], name: string): Promise<{ modelDir: string; pipelineDir: string }> {
  const from = isoDateOf(train.fromDay);
  const to = isoDateOf(train.toDay);
  const log = incidentLogOf(events, from, to);
  const t = Date.now();
  const fitted = await fitModel(slots, hyper, train, { log });
  const modelDir = join(dir, 'models', name);
  const pipelineDir = join(dir, 'pipelines', name);
  mkdirSync(pipelineDir, { recursive: true });
  const { weightsSha256 } = await saveModel(fitted.model, modelDir);
  writeFileSync(join(pipelineDir, ENCODER_FILE), JSON.stringify(fitted.encoder));
  writeFileSync(join(modelDir, METADATA_FILE), JSON.stringify({
    modelVersion: name, pipelineVersion: fitted.encoder.pipelineVersion, trainedFrom: from, trainedTo: to,
    threshold: 0.5, weightsSha256, vocabularySize: fitted.encoder.vocabularySize,
  }));
  console.error(`  fitted ${name} on ${from}…${to}: ${fitted.trainingCells} cells, ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { modelDir, pipelineDir };
}

/** Runs the real scorer CLI with a config pointing at a scratch model. */
function score(scratch: string, paths: { modelDir: string; pipelineDir: string }, trips: string, out: string, recentLog?: string): void {
  const configFile = join(scratch, `config-${paths.modelDir.split('/').pop()}.yaml`);
  const yaml = readFileSync(join(PROJECT_ROOT, 'config/default.yaml'), 'utf8')
    .replace(/^(model:\n(?:\s+#.*\n)*\s+dir: ).*$/m, `$1${paths.modelDir}`)
    .replace(/^(pipeline:\n(?:\s+#.*\n)*\s+dir: ).*$/m, `$1${paths.pipelineDir}`);
  writeFileSync(configFile, yaml);
  execFileSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli/score.ts'), '--input', trips, '--output', out, ...(recentLog ? ['--recent-log', recentLog] : [])], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CONFIG_FILE: configFile },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

interface Trip { id: string; rd: number; day: number; hour: number }

function readScores(file: string): Map<string, number> {
  const rows = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
  return new Map(rows.map((r) => [r.id, Number(r.probability)]));
}

function metricsOf(trips: readonly Trip[], slots: SlotTable, p: (t: Trip) => number, include: (t: Trip) => boolean): Metrics {
  const groups: ScoredGroup[] = [];
  for (const t of trips) {
    if (!include(t)) continue;
    const label = slots.labels[(t.rd * slots.days + (t.day - slots.firstDay)) * 24 + t.hour];
    groups.push({ p: p(t), pos: label, neg: 1 - label });
  }
  return computeMetrics(groups);
}

/** Year N's workbook rows before `cut` (Toronto date and hour), rewritten in the 2025+ CSV schema. */
async function writeCutLog(file: string, out: string, date: string, hour: number): Promise<number> {
  const lines = ['_id,Date,Line,Time,Day,Station,Code,Min Delay,Min Gap,Bound,Vehicle'];
  const csv = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  for await (const raw of readSourceFile(file)) {
    const r = cleanRow(raw);
    // Rows the cleaner drops can never count as incidents: left out.
    if (!r.ok) continue;
    const e = r.event;
    if (e.date > date || (e.date === date && e.hour >= hour)) continue;
    const bound = { e: 'E', w: 'W', n: 'N', s: 'S', b: 'B' }[e.direction];
    lines.push([lines.length, e.date, e.route, `${pad(e.hour)}:${pad(e.minute)}`, '', '', e.incident, e.minDelay, '', bound, ''].map(csv).join(','));
  }
  writeFileSync(out, lines.join('\n') + '\n');
  return lines.length - 1;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { years: { type: 'string', default: '2023,2024' }, out: { type: 'string' } } });
  const years = values.years!.split(',').map(Number);
  const config = loadConfig();
  await initBackend();
  const started = Date.now();
  console.error(`Reading ${config.paths.dataFolder}`);
  const { events } = await ingestFolder(config.paths.dataFolder);
  const slots = buildSlots(events);
  const firstYear = Number(isoDateOf(slots.firstDay).slice(0, 4));
  const files = listSourceFiles(config.paths.dataFolder);
  const scratch = mkdtempSync(join(tmpdir(), 'eval-recent-'));
  const report: string[] = [];
  const lookAhead: string[] = [];

  for (const year of years) {
    const workbook = files.find((f) => yearOfFile(f) === year);
    if (!workbook) throw new Error(`no log for ${year} in ${config.paths.dataFolder}`);
    console.error(`\nFold: fit ${firstYear}–${year - 1}, score ${year} with --recent-log ${workbook.split('/').pop()}`);
    const train = { fromDay: yearStart(firstYear), toDay: yearEnd(year - 1) };
    const dir = join(scratch, String(year));
    const v2 = await fitInto(dir, slots, HYPERPARAMETERS, train, events, 'v2');
    const v1 = await fitInto(dir, slots, V1_HYPERPARAMETERS, train, events, 'v1');

    // One trip per slot of year N, at a random minute of its hour.
    const trips: Trip[] = [];
    const lines = ['id,route,direction,time'];
    let s = year;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let rd = 0; rd < slots.routeDirections.length; rd++) {
      const { route, direction } = slots.routeDirections[rd];
      for (let day = yearStart(year); day <= yearEnd(year); day++) {
        const date = isoDateOf(day);
        for (let hour = 0; hour < 24; hour++) {
          if (slots.labels[(rd * slots.days + (day - slots.firstDay)) * 24 + hour] === OUT_OF_SPAN) continue;
          // The hour clocks skip in spring has no trip time; its slot is left out.
          if (!fromTorontoWallClock(year, Number(date.slice(5, 7)), Number(date.slice(8, 10)), hour).ok) continue;
          const id = `${route}${direction}-${date}-${hour}`;
          trips.push({ id, rd, day, hour });
          lines.push(`${id},${route},${direction},${date}T${pad(hour)}:${pad(Math.floor(rnd() * 60))}`);
        }
      }
    }
    const tripsFile = join(dir, 'trips.csv');
    writeFileSync(tripsFile, lines.join('\n') + '\n');
    console.error(`  ${trips.length} trips; scoring with the scorer CLI`);
    const outRecent = join(dir, 'v2-recent.csv');
    const outCalendar = join(dir, 'v2-calendar.csv');
    const outV1 = join(dir, 'v1.csv');
    score(dir, v2, tripsFile, outRecent, workbook);
    score(dir, v2, tripsFile, outCalendar);
    score(dir, v1, tripsFile, outV1, workbook); // v1 reads no recent inputs: the log changes nothing
    const recent = readScores(outRecent);
    const calendar = readScores(outCalendar);
    const ref = readScores(outV1);
    const counts = aggregateCells(slots, train);
    const constant = constantRate(counts);
    const frequency = smoothedFrequency(counts, slots.routeDirections.length);
    const cellOf = (t: Trip): number => cellIndex(t.rd, t.hour, weekdayOf(t.day), monthOf(t.day));
    const scorers: [string, (t: Trip) => number][] = [
      ['v2, --recent-log', (t) => recent.get(t.id)!],
      ['v2, calendar only', (t) => calendar.get(t.id)!],
      ['v1 calendar model', (t) => ref.get(t.id)!],
      ['constant rate', (t) => constant(cellOf(t))],
      ['frequency table', (t) => frequency(cellOf(t))],
    ];
    const views: [string, (t: Trip) => boolean][] = [
      ['06:00–23:59, nine main routes', (t) => MAIN_ROUTES.has(slots.routeDirections[t.rd].route) && t.hour >= 6],
      ['every slot', () => true],
    ];
    for (const [view, include] of views) {
      report.push(`\n### ${year} (fit ${firstYear}–${year - 1}), ${view}\n`, '| scorer | ROC AUC | avg precision | Brier | log loss | mean predicted | observed |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const [name, p] of scorers) {
        const m = metricsOf(trips, slots, p, include);
        report.push(`| ${name} | ${m.rocAuc.toFixed(4)} | ${m.averagePrecision.toFixed(4)} | ${m.brier.toFixed(5)} | ${m.logLoss.toFixed(5)} | ${(m.meanPrediction * 100).toFixed(2)}% | ${(m.positiveRate * 100).toFixed(2)}% |`);
      }
    }
    console.error(report.slice(-16).join('\n'));

    // No look-ahead: the log cut at hour H gives trips at hour H the same scores.
    for (const [month, day, hour] of [[3, 14, 8], [7, 2, 17], [11, 20, 0]]) {
      const date = `${year}-${pad(month)}-${pad(day)}`;
      const cutFile = join(dir, `cut-${date}-${hour}.csv`);
      const kept = await writeCutLog(workbook, cutFile, date, hour);
      const out = join(dir, `v2-cut-${date}-${hour}.csv`);
      score(dir, v2, tripsFile, out, cutFile);
      const cut = readScores(out);
      const atH = trips.filter((t) => isoDateOf(t.day) === date && t.hour === hour);
      const same = atH.filter((t) => cut.get(t.id) === recent.get(t.id)).length;
      const upTo = trips.filter((t) => isoDateOf(t.day) < date || (isoDateOf(t.day) === date && t.hour <= hour));
      const sameUpTo = upTo.filter((t) => cut.get(t.id) === recent.get(t.id)).length;
      const later = trips.filter((t) => isoDateOf(t.day) > date && cut.get(t.id) !== recent.get(t.id)).length;
      lookAhead.push(`| ${date} ${pad(hour)}:00 | ${kept} | ${same} of ${atH.length} | ${sameUpTo} of ${upTo.length} | ${later} |`);
      if (same !== atH.length || sameUpTo !== upTo.length) throw new Error(`LOOK-AHEAD: trips up to ${date} ${hour}:00 changed when the log was cut there`);
    }
  }
  const doc = [
    `Measured by \`npm run eval:recent\` (${((Date.now() - started) / 1000).toFixed(0)} s): each fold fits the shipped recipe and the v1 recipe on every year before N, writes one trip per slot of year N at a random minute of its hour (${'`'}id,route,direction,time${'`'}), and scores it with the scorer CLI, \`--recent-log\` = year N's official workbook.`,
    ...report,
    '',
    'No look-ahead: year N\'s log cut at hour H (rows before H only, rewritten as a 2025-schema CSV), then every trip scored again with it.',
    '',
    '| cut at | log rows kept | trips at H scored the same | trips up to H scored the same | later trips that changed |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...lookAhead,
    '',
  ].join('\n');
  console.log(doc);
  if (values.out) writeFileSync(values.out, doc);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
