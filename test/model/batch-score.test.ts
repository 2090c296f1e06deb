import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { scoreCsvFile, tripFromRow } from '../../src/model/batch-score';
import { loadPredictor } from '../../src/model/load-predictor';
import { tempDir } from '../helpers/workbooks';

const predictorReady = loadPredictor({ modelDir: 'models/v1', pipelineDir: 'pipelines/v1' });

/** Scores `text` as an input file; returns the output's text and rows (as objects by header). */
async function scoreText(text: string, options: Parameters<typeof scoreCsvFile>[3] = {}) {
  const predictor = await predictorReady;
  const dir = tempDir('score-');
  const input = join(dir, 'in.csv');
  const output = join(dir, 'out.csv');
  writeFileSync(input, text);
  const summary = await scoreCsvFile(input, output, predictor, options);
  const out = readFileSync(output, 'utf8');
  const rows = parse(out, { columns: true }) as Record<string, string>[];
  return { summary, out, rows, dir };
}

test('the scorer scores good rows, explains bad ones, and keeps every row in order', async () => {
  const predictor = await predictorReady;
  const { summary, rows } = await scoreText(
    [
      'trip_id,route,direction,time',
      'a,504,e,2026-11-25T08:00',
      'b,510,e,2026-11-25T08:00',
      'c,999,e,2026-11-25T08:00',
      'd,504,w,2026-02-30T08:00',
      'e,504,x,2026-11-25T08:00',
      'f,,,',
      'g,510,n,2026-11-25T08:00:00-05:00',
      'h,514,e,2026-11-25T08:00',
    ].join('\n'),
  );
  assert.deepEqual({ rows: summary.rows, scored: summary.scored, failed: summary.failed }, { rows: 8, scored: 2, failed: 6 });
  assert.deepEqual(rows.map((r) => r.trip_id), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  const expected = predictor.predict({ route: 504, direction: 'e', time: new Date('2026-11-25T13:00:00Z') });
  assert.equal(Number(rows[0].probability), Number(expected.probability.toFixed(6)));
  assert.equal(rows[0].delayed, String(expected.delayed));
  assert.equal(rows[0].error, '');
  assert.match(rows[1].error, /direction: the 510 Spadina runs northbound and southbound, not eastbound/);
  assert.match(rows[2].error, /route: 999 is not a Toronto streetcar route/);
  assert.match(rows[3].error, /^time: /);
  assert.match(rows[4].error, /direction must be one of e, w, n, s/);
  assert.equal(rows[6].error, '');
  assert.match(rows[7].error, /514 Cherry no longer runs/);
  assert.equal(rows[2].probability, '');
});

test('a row names every problem it has, route, direction and time, as the web form does', async () => {
  const { rows } = await scoreText(['route,direction,time', ',,', '999,x,tomorrow', '510,e,2026-02-30T08:00', '504,,2026-11-25T08:00'].join('\n'));
  assert.match(rows[0].error, /^route: missing.*; direction: missing.*; time: missing/);
  assert.match(rows[1].error, /^route: 999 is not a Toronto streetcar route; direction: direction must be one of e, w, n, s; time: expected a time like/);
  assert.match(rows[2].error, /^direction: the 510 Spadina runs northbound and southbound, not eastbound; time: February 30, 2026 is not a date$/);
  assert.match(rows[3].error, /^direction: missing/);
  assert.ok('error' in tripFromRow({ route: '', direction: '', time: '' }));
});

test('echoed cells a spreadsheet could run as formulas are neutralised, negative numbers too; times are left alone', async () => {
  const payloads = ['=HYPERLINK("http://evil.example/?q=1","open")', '=1+2', '+504', '@SUM(1)', '\t=1+2', ' =1+2', "-2+3+cmd|' /C calc'!A0", '-1+1'];
  const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const text = [
    'note,route,direction,time,lon,=cmd',
    ...payloads.map((p) => `${quoted(p)},504,e,2026-11-25T08:00,-79.3832,x`),
    '-504,504,e,2026-11-25T08:00:00-05:00,-79.3832,x',
    'plain,=1+2,e,2026-11-25T08:00,-79.3832,x',
    'cr,"\r=1+2",e,2026-11-25T08:00,-79.3832,x',
  ].join('\n');
  const { out, rows } = await scoreText(text);
  const records = parse(out) as string[][];
  const triggers = /^[=+\-@\t\r]|^\s+[=+\-@]/;
  for (const record of records) {
    for (const cell of record) {
      assert.ok(!triggers.test(cell), `cell ${JSON.stringify(cell)} would be a formula`);
    }
  }
  assert.equal(records[0][5], "'=cmd", 'the header is echoed too');
  // The original value is the cell without its leading quote: nothing else changes.
  assert.deepEqual(rows.slice(0, payloads.length).map((r) => r.note.slice(1)), payloads);
  // Quoted on output, as OWASP advises, so the prefix stays part of the cell.
  assert.ok(out.includes(`"'=1+2",504,e,`));
  // A route cell is echoed the same way and the row says what is wrong with it.
  const plain = rows.find((r) => r.note === 'plain');
  assert.equal(plain?.route, "'=1+2");
  assert.match(plain?.error ?? '', /^route: /);
  // A negative number is prefixed like any cell starting with "-" (OWASP); the trip is still scored.
  const minus = rows.find((r) => r.note === "'-504");
  assert.equal(minus?.lon, "'-79.3832");
  assert.equal(minus?.time, '2026-11-25T08:00:00-05:00');
  assert.equal(minus?.error, '');
  assert.match(minus?.probability ?? '', /^0\.\d{6}$/);
  assert.match(minus?.delayed ?? '', /^(true|false)$/);
});

test('a stray quote costs only its own row: every row keeps its place, in order, with the error filled', async () => {
  const text = [
    'trip,route,direction,time,note',
    'a,504,e,2026-11-25T08:00,',
    'b,5"04,e,2026-11-25T08:00,',
    'c,504,"e,2026-11-25T08:00,opened and never closed',
    'd,504,w,2026-11-25T17:30,',
    'e,"504"x,e,2026-11-25T08:00,',
    'f,504,e,2026-11-25T08:00,"King St W, at Bathurst"',
    'g,504,w,2026-11-25T08:00,ends with a quote"',
    'h,504,"e,2026-11-25T08:00,and the file ends',
  ].join('\n');
  const { rows, summary } = await scoreText(text);
  assert.deepEqual(rows.map((r) => r.trip), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  assert.deepEqual({ rows: summary.rows, scored: summary.scored, failed: summary.failed }, { rows: 8, scored: 4, failed: 4 });
  const errors = Object.fromEntries(rows.map((r) => [r.trip, r.error]));
  assert.equal(errors.a, '');
  assert.match(errors.b, /^route: /);
  assert.match(errors.c, /^row: a quote opens a cell that does not close on this line/);
  assert.equal(errors.d, '');
  assert.match(errors.e, /^route: /);
  assert.equal(errors.f, '');
  assert.equal(rows[5].note, 'King St W, at Bathurst');
  assert.equal(errors.g, '');
  assert.match(errors.h, /^row: a quote opens a cell/);
  assert.equal(rows[2].probability, '');
});

test('Windows line ends, a byte-order mark and blank lines are read as rows, not as errors', async () => {
  const { rows } = await scoreText('\ufeffroute,direction,time\r\n504,e,2026-11-25T08:00\r\n\r\n504,w,2026-11-25T17:30\r\n');
  assert.deepEqual(rows.map((r) => [r.route, r.direction, r.time, r.error]), [
    ['504', 'e', '2026-11-25T08:00', ''],
    ['504', 'w', '2026-11-25T17:30', ''],
  ]);
});

test('an empty input, or one with only a header, gives a file with the header', async () => {
  for (const text of ['', '\n\n', '\ufeff']) {
    const { out, summary } = await scoreText(text);
    assert.equal(out, 'route,direction,time,probability,delayed,error\n', JSON.stringify(text));
    assert.equal(summary.rows, 0);
  }
  const { out } = await scoreText('trip,route,direction,time\n');
  assert.equal(out, 'trip,route,direction,time,probability,delayed,error\n');
});

test('progress reports rows and the share of the input read, ending at 1', async () => {
  const lines = ['route,direction,time', ...Array.from({ length: 25 }, () => '504,e,2026-11-25T08:00')];
  const reports: [number, number][] = [];
  await scoreText(lines.join('\n'), { chunkSize: 10, onProgress: (rows, share) => reports.push([rows, share]) });
  assert.deepEqual(reports.map(([rows]) => rows), [10, 20, 25]);
  assert.ok(reports.every(([, share], i) => share > 0 && share <= 1 && (i === 0 || share >= reports[i - 1][1])));
  assert.equal(reports.at(-1)?.[1], 1);
});

test('an input without the required columns is refused with the columns it has, and nothing is written', async () => {
  const predictor = await predictorReady;
  const dir = tempDir('score-');
  writeFileSync(join(dir, 'in.csv'), 'line,bound\n504,e\n');
  await assert.rejects(scoreCsvFile(join(dir, 'in.csv'), join(dir, 'out.csv'), predictor), /no "route" column \(columns: line, bound\)/);
  assert.deepEqual(readdirSync(dir), ['in.csv'], 'no output and no temp file');
});

test('a failed run leaves an existing output as it was', async () => {
  const predictor = await predictorReady;
  const dir = tempDir('score-');
  writeFileSync(join(dir, 'in.csv'), 'line,bound\n504,e\n');
  writeFileSync(join(dir, 'out.csv'), 'yesterday\n');
  await assert.rejects(scoreCsvFile(join(dir, 'in.csv'), join(dir, 'out.csv'), predictor));
  assert.equal(readFileSync(join(dir, 'out.csv'), 'utf8'), 'yesterday\n');
  assert.deepEqual(readdirSync(dir).sort(), ['in.csv', 'out.csv']);
});

test('the scorer refuses to write over its input, and a missing input is an error, not a crash', async () => {
  const predictor = await predictorReady;
  const dir = tempDir('score-');
  const input = join(dir, 'in.csv');
  writeFileSync(input, 'route,direction,time\n504,e,2026-11-25T08:00\n');
  await assert.rejects(scoreCsvFile(input, join(dir, '.', 'in.csv'), predictor), /is the input file/);
  assert.equal(readFileSync(input, 'utf8'), 'route,direction,time\n504,e,2026-11-25T08:00\n');
  await assert.rejects(scoreCsvFile(join(dir, 'nope.csv'), join(dir, 'out.csv'), predictor), /cannot read the input .*nope\.csv: no such file/);
  assert.ok(!existsSync(join(dir, 'out.csv')));
});

test('an aborted run stops, and leaves neither output nor temp file', async () => {
  const predictor = await predictorReady;
  const dir = tempDir('score-');
  writeFileSync(join(dir, 'in.csv'), ['route,direction,time', ...Array.from({ length: 50 }, () => '504,e,2026-11-25T08:00')].join('\n'));
  const controller = new AbortController();
  const run = scoreCsvFile(join(dir, 'in.csv'), join(dir, 'out.csv'), predictor, { chunkSize: 5, signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(run, { name: 'AbortError' });
  assert.deepEqual(readdirSync(dir), ['in.csv']);
});

test('an output that is a symlink is written where it points and stays a symlink', async () => {
  const predictor = await predictorReady;
  const dir = tempDir('score-');
  writeFileSync(join(dir, 'in.csv'), 'route,direction,time\n504,e,2026-11-25T08:00\n');
  writeFileSync(join(dir, 'runs.csv'), 'old\n');
  symlinkSync(join(dir, 'runs.csv'), join(dir, 'latest.csv'));
  await scoreCsvFile(join(dir, 'in.csv'), join(dir, 'latest.csv'), predictor);
  assert.ok(lstatSync(join(dir, 'latest.csv')).isSymbolicLink());
  assert.match(readFileSync(join(dir, 'runs.csv'), 'utf8'), /^route,direction,time,probability,delayed,error\n504,e,2026-11-25T08:00,0\.\d{6},(true|false),\n$/);
  assert.deepEqual(readdirSync(dir).sort(), ['in.csv', 'latest.csv', 'runs.csv']);
});
