/**
 * npm run bench:model [-- --train]: the model issue's figures on this machine.
 * ingest of every workbook, single prediction p50/p99, predictBatch and CSV scoring rows/s,
 * each calendar-only and with recent incidents (the 2024 log moved onto the 2026 trips),
 * and with --train a full `npm run train` into a scratch folder (the shipped model is untouched).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../src/config';
import { scoreCsvFile } from '../src/model/batch-score';
import { loadPredictor } from '../src/model/load-predictor';
import { ingestFolder } from '../src/pipeline/ingest';
import { IncidentLog, incidentsFromEvents } from '../src/pipeline/recent';
import { activeRoutes } from '../src/pipeline/routes';
import type { Trip } from '../src/pipeline/types';

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function randomTrips(n: number, seed = 42): Trip[] {
  const routes = activeRoutes();
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const base = Date.UTC(2026, 0, 1);
  return Array.from({ length: n }, () => {
    const r = routes[Math.floor(rnd() * routes.length)];
    return { route: r.route, direction: r.directions[Math.floor(rnd() * 2)], time: new Date(base + Math.floor(rnd() * 365 * 24 * 60) * 60_000) };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { train: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const results: Record<string, string> = {};
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);

  let t = performance.now();
  const { events, report } = await ingestFolder(config.paths.dataFolder);
  const ingestSeconds = (performance.now() - t) / 1000;
  results['ingest (all workbooks)'] = `${ingestSeconds.toFixed(2)} s for ${report.files.length} files, ${report.totals().read} rows (${events.length} kept)`;

  const predictor = await loadPredictor(config.paths);
  results.backend = predictor.info.backend;
  const trips = randomTrips(1_000_000);
  for (let i = 0; i < 20_000; i++) predictor.predict(trips[i]); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const s0 = process.hrtime.bigint();
    predictor.predict(trips[20_000 + i]);
    samples.push(Number(process.hrtime.bigint() - s0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  results['single prediction'] = `p50 ${percentile(samples, 0.5).toFixed(4)} ms, p99 ${percentile(samples, 0.99).toFixed(4)} ms (20,000 calls after 20,000 warm-up)`;

  t = performance.now();
  predictor.predictBatch(trips);
  const batchSeconds = (performance.now() - t) / 1000;
  results['predictBatch'] = `${Math.round(trips.length / batchSeconds).toLocaleString('en-CA')} rows/s (1,000,000 trips in ${batchSeconds.toFixed(2)} s)`;

  // Recent incidents: the 2024 log shifted onto 2026 dates, so the random 2026 trips see real counts.
  const shift = Date.UTC(2026, 0, 1) - Date.UTC(2024, 0, 1) + 2 * 86_400_000; // keeps weekdays
  const incidents = incidentsFromEvents(events.filter((e) => e.date.startsWith('2024'))).map((i) => ({ ...i, time: new Date(i.time.getTime() + shift) }));
  t = performance.now();
  const log = new IncidentLog(incidents);
  const recents = trips.map((trip) => log.recentFor(trip));
  const recentSeconds = (performance.now() - t) / 1000;
  results['recent incidents (IncidentLog.recentFor)'] = `${Math.round(trips.length / recentSeconds).toLocaleString('en-CA')} trips/s (index of ${incidents.length} incidents and 1,000,000 look-ups in ${recentSeconds.toFixed(2)} s)`;
  const recentSamples: number[] = [];
  for (let i = 0; i < 40_000; i++) {
    const s0 = process.hrtime.bigint();
    predictor.predict(trips[i], recents[i]);
    if (i >= 20_000) recentSamples.push(Number(process.hrtime.bigint() - s0) / 1e6);
  }
  recentSamples.sort((a, b) => a - b);
  results['single prediction with recent incidents'] = `p50 ${percentile(recentSamples, 0.5).toFixed(4)} ms, p99 ${percentile(recentSamples, 0.99).toFixed(4)} ms`;
  t = performance.now();
  predictor.predictBatch(trips, recents);
  const recentBatchSeconds = (performance.now() - t) / 1000;
  results['predictBatch with recent incidents'] = `${Math.round(trips.length / recentBatchSeconds).toLocaleString('en-CA')} rows/s (1,000,000 trips in ${recentBatchSeconds.toFixed(2)} s)`;

  const dir = mkdtempSync(join(tmpdir(), 'bench-score-'));
  const input = join(dir, 'trips.csv');
  const n = 500_000;
  const lines = ['route,direction,time'];
  for (const trip of trips.slice(0, n)) lines.push(`${trip.route},${trip.direction},${trip.time.toISOString().slice(0, 16)}`);
  writeFileSync(input, lines.join('\n'));
  const summary = await scoreCsvFile(input, join(dir, 'scored.csv'), predictor);
  results['CSV scorer (parse, validate, predict, write)'] = `${Math.round(summary.rows / summary.seconds).toLocaleString('en-CA')} rows/s (${n.toLocaleString('en-CA')} rows in ${summary.seconds.toFixed(2)} s)`;
  const withLog = await scoreCsvFile(input, join(dir, 'scored-recent.csv'), predictor, { recent: (trip) => log.recentFor(trip) });
  results['CSV scorer with a recent-incident log'] = `${Math.round(withLog.rows / withLog.seconds).toLocaleString('en-CA')} rows/s (${n.toLocaleString('en-CA')} rows in ${withLog.seconds.toFixed(2)} s)`;

  if (values.train) {
    const scratch = mkdtempSync(join(tmpdir(), 'bench-train-'));
    const configFile = join(scratch, 'config.yaml');
    const yaml = readFileSync(config.source, 'utf8')
      .replace(/dir: models(\/v\d+)?$/m, `dir: ${join(scratch, 'models/v1')}`)
      .replace(/dir: pipelines(\/v\d+)?$/m, `dir: ${join(scratch, 'pipelines/v1')}`)
      .replace(/folder: \.\.\/shared/, `folder: ${join(PROJECT_ROOT, '../shared')}`);
    writeFileSync(configFile, yaml);
    t = performance.now();
    execFileSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli/train.ts'), '--no-docs'], {
      env: { ...process.env, CONFIG_FILE: configFile },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    results['full training run (npm run train)'] = `${((performance.now() - t) / 1000).toFixed(1)} s`;
  }

  console.log('\nFigures:');
  for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(46)} ${v}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
