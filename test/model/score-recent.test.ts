import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { scoreCsvFile } from '../../src/model/batch-score';
import { loadPredictor } from '../../src/model/load-predictor';
import { readRecentLog } from '../../src/pipeline/recent-log';
import { tempDir } from '../helpers/workbooks';

const PROJECT = resolve(__dirname, '../..');
const HEADER = '_id,Date,Line,Time,Day,Station,Code,Min Delay,Min Gap,Bound,Vehicle';
const pad = (n: number): string => String(n).padStart(2, '0');

/** A 2025+-schema log: three weeks of made-up incidents on the 504 and 501, some messy rows. */
function logRows(): { date: string; time: string; line: string }[] {
  const rows: { date: string; time: string; line: string }[] = [];
  let s = 11;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let id = 1;
  for (let day = 1; day <= 21; day++) {
    for (let k = 0; k < 12; k++) {
      const hour = 5 + Math.floor(rnd() * 19);
      const minute = Math.floor(rnd() * 60);
      const route = rnd() < 0.7 ? '504 KING' : '501 QUEEN';
      const bound = ['E', 'W', 'W', 'E', 'B', ''][Math.floor(rnd() * 6)];
      const delay = rnd() < 0.1 ? 0 : 3 + Math.floor(rnd() * 20);
      const date = `2025-03-${pad(day)}`;
      const time = `${pad(hour)}:${pad(minute)}`;
      rows.push({ date, time, line: `${id++},${date},${route},${time},Wednesday,KING AND BAY,MTUS,${delay},${delay * 2},${bound},4401` });
    }
  }
  return rows.sort((a, b) => (a.date + a.time < b.date + b.time ? -1 : 1));
}

function writeLog(path: string, rows: { line: string }[]): void {
  writeFileSync(path, [HEADER, ...rows.map((r) => r.line)].join('\n') + '\n');
}

function writeTrips(path: string): void {
  const lines = ['trip_id,route,direction,time'];
  for (const d of ['2025-03-12', '2025-03-13']) {
    for (let h = 0; h < 24; h++) {
      for (const [route, dir] of [['504', 'e'], ['504', 'w'], ['501', 'e']]) {
        for (const m of ['00', '45']) lines.push(`${d}-${h}-${route}${dir}-${m},${route},${dir},${d}T${pad(h)}:${m}`);
      }
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const byId = (file: string): Map<string, Record<string, string>> =>
  new Map((parse(readFileSync(file), { columns: true }) as Record<string, string>[]).map((r) => [r.trip_id, r]));

test('--recent-log: trips at hour H score the same whether the log is cut at H or not', async () => {
  const dir = tempDir('score-recent-');
  const rows = logRows();
  const full = join(dir, 'ttc-streetcar-delay-data-since-2025.csv');
  writeLog(full, rows);
  const trips = join(dir, 'trips.csv');
  writeTrips(trips);
  const predictor = await loadPredictor({ modelDir: join(PROJECT, 'models/v2'), pipelineDir: join(PROJECT, 'pipelines/v2') });
  const fullLog = await readRecentLog(full);
  assert.equal(fullLog.since, '2025-01-01'); // the file's year
  const scoreWith = async (logFile: string | undefined, out: string): Promise<Map<string, Record<string, string>>> => {
    const log = logFile ? (await readRecentLog(logFile)).log : undefined;
    await scoreCsvFile(trips, out, predictor, { recent: log && ((trip) => log.recentFor(trip)) });
    return byId(out);
  };
  const withFull = await scoreWith(full, join(dir, 'full.csv'));
  const calendar = await scoreWith(undefined, join(dir, 'calendar.csv'));
  let differsLater = 0;
  let differsFromCalendar = 0;
  for (const [date, hour] of [['2025-03-12', 9], ['2025-03-12', 17], ['2025-03-13', 0], ['2025-03-13', 8]] as const) {
    const cutFile = join(dir, `cut-${date}-${hour}.csv`);
    writeLog(cutFile, rows.filter((r) => r.date < date || (r.date === date && Number(r.time.slice(0, 2)) < hour)));
    const withCut = await scoreWith(cutFile, join(dir, `scored-cut-${date}-${hour}.csv`));
    for (const [id, row] of withFull) {
      const [y, mo, d, h] = id.split('-').map(Number);
      const tripDate = `${y}-${pad(mo)}-${pad(d)}`;
      const before = tripDate < date || (tripDate === date && h <= hour);
      if (before) assert.equal(withCut.get(id)!.probability, row.probability, `${id}, log cut at ${date} ${hour}:00`);
      else if (withCut.get(id)!.probability !== row.probability) differsLater++;
      if (calendar.get(id)!.probability !== row.probability) differsFromCalendar++;
    }
  }
  assert.ok(differsLater > 0, 'cutting the log should change some later trips');
  assert.ok(differsFromCalendar > 0, 'recent incidents should change some predictions');
});

test('npm run score -- --recent-log: the CLI option, and calendar-only without it', () => {
  const dir = tempDir('score-recent-cli-');
  const rows = logRows();
  const full = join(dir, 'since-2025.csv');
  const cut = join(dir, 'cut.csv');
  writeLog(full, rows);
  writeLog(cut, rows.filter((r) => r.date < '2025-03-12' || (r.date === '2025-03-12' && Number(r.time.slice(0, 2)) < 17)));
  const trips = join(dir, 'trips.csv');
  writeTrips(trips);
  const run = (out: string, log?: string): Map<string, Record<string, string>> => {
    execFileSync(process.execPath, ['--import', 'tsx', join(PROJECT, 'src/cli/score.ts'), '--input', trips, '--output', out, ...(log ? ['--recent-log', log] : [])], {
      cwd: PROJECT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CONFIG_FILE: join(PROJECT, 'config/default.yaml') },
    });
    return byId(out);
  };
  const a = run(join(dir, 'a.csv'), full);
  const b = run(join(dir, 'b.csv'), cut);
  const c = run(join(dir, 'c.csv'));
  for (const h of [16, 17]) {
    for (const key of ['504e', '504w', '501e']) {
      for (const m of ['00', '45']) {
        const id = `2025-03-12-${h}-${key}-${m}`;
        assert.equal(b.get(id)!.probability, a.get(id)!.probability, id);
      }
    }
  }
  assert.ok([...a.keys()].some((id) => a.get(id)!.probability !== c.get(id)!.probability));
});
