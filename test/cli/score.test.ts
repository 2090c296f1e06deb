import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { tempDir } from '../helpers/workbooks';

/**
 * The scorer as its users run it: `node --import tsx src/cli/score.ts …` in a child process, on
 * temp files, with the committed model (models/v2, as config/default.yaml says). What is checked is what a person or a script
 * sees: the exit status, stdout (empty unless --help, so it can be piped), stderr, and the files.
 */

const PROJECT = resolve(__dirname, '../..');
const CLI = join(PROJECT, 'src/cli/score.ts');
// --import resolves a bare name from the working directory; some tests run the CLI elsewhere.
const TSX = pathToFileURL(require.resolve('tsx')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function score(args: string[], cwd = PROJECT): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A usage or file error: exit 2, one short line on stderr, nothing on stdout, the model never loaded. */
function assertUsageError(run: Run, message: RegExp): void {
  assert.equal(run.code, 2, `exit status (stderr: ${run.stderr.slice(0, 500)})`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr.slice(0, 2000)}`);
  assert.match(lines[0], message);
  assert.ok(lines[0].length < 400, `a short line, got ${lines[0].length} characters`);
  assert.doesNotMatch(run.stderr, /TensorFlow|WasmBackendModule|\n\s+at /);
}

const TRIPS = ['route,direction,time', '504,e,2026-11-25T08:00', '999,e,2026-11-25T08:00', ''].join('\n');

test('--help and -h print the usage on stdout and exit 0', async () => {
  for (const flag of ['--help', '-h']) {
    const run = await score([flag]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Usage: npm run score -- --input FILE --output FILE/);
    assert.match(run.stdout, /--input FILE/);
    assert.match(run.stdout, /--output FILE/);
    assert.match(run.stdout, /-h, --help/);
    assert.match(run.stdout, /route, direction/);
    assert.equal(run.stderr, '');
  }
});

test('an unknown option, a stray argument or a missing value is a usage error that lists the options', async () => {
  const dir = tempDir('score-cli-');
  writeFileSync(join(dir, 'in.csv'), TRIPS);
  const unknown = await score(['--inptu', join(dir, 'in.csv'), '--output', join(dir, 'out.csv')]);
  assertUsageError(unknown, /unknown option --inptu.*--input FILE.*--output FILE.*--help/);
  assertUsageError(await score(['--input', join(dir, 'in.csv'), '--output', join(dir, 'out.csv'), 'extra']), /unexpected argument "extra"/);
  assertUsageError(await score(['--input', join(dir, 'in.csv'), '--output']), /--output needs a value/);
  assertUsageError(await score(['--input', join(dir, 'in.csv')]), /--output FILE is required/);
  assertUsageError(await score([]), /--input FILE is required/);
  assert.deepEqual(readdirSync(dir), ['in.csv']);
});

test('a missing input, a folder as input, a missing output folder or a folder as output: one line, exit 2, no file made', async () => {
  const dir = tempDir('score-cli-');
  writeFileSync(join(dir, 'in.csv'), TRIPS);
  mkdirSync(join(dir, 'folder'));
  assertUsageError(await score(['--input', join(dir, 'nope.csv'), '--output', join(dir, 'out.csv')]), /cannot read the input .*nope\.csv: no such file/);
  assertUsageError(await score(['--input', join(dir, 'folder'), '--output', join(dir, 'out.csv')]), /the input .*folder is a folder, not a CSV file/);
  assertUsageError(await score(['--input', join(dir, 'in.csv'), '--output', join(dir, 'missing', 'out.csv')]), /the output folder .*missing does not exist/);
  assertUsageError(await score(['--input', join(dir, 'in.csv'), '--output', join(dir, 'folder')]), /the output .*folder is a folder/);
  if (existsSync('/dev/null')) {
    // The rename at the end would replace the device, not write to it.
    assertUsageError(await score(['--input', join(dir, 'in.csv'), '--output', '/dev/null']), /the output \/dev\/null is not a regular file/);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['folder', 'in.csv']);
  assert.deepEqual(readdirSync(join(dir, 'folder')), []);
});

test('the output may not be the input: same name, ./name, a symlink or a hard link to it', async () => {
  const dir = tempDir('score-cli-');
  writeFileSync(join(dir, 'x.csv'), TRIPS);
  symlinkSync(join(dir, 'x.csv'), join(dir, 'link.csv'));
  linkSync(join(dir, 'x.csv'), join(dir, 'hard.csv'));
  for (const [input, output] of [
    ['x.csv', 'x.csv'],
    ['./x.csv', 'x.csv'],
    [join(dir, 'x.csv'), 'x.csv'],
    ['x.csv', 'link.csv'],
    ['link.csv', './x.csv'],
    ['x.csv', 'hard.csv'],
  ]) {
    const run = await score(['--input', input, '--output', output], dir);
    assertUsageError(run, /is the input file/);
    assert.equal(readFileSync(join(dir, 'x.csv'), 'utf8'), TRIPS, `${input} → ${output} left the input alone`);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['hard.csv', 'link.csv', 'x.csv']);
});

test('a run scores the file, keeps stdout empty and ends with a summary on stderr', async () => {
  const dir = tempDir('score-cli-');
  const input = join(dir, 'trips.csv');
  const output = join(dir, 'scored.csv');
  writeFileSync(input, ['trip,route,direction,time', '=1+2,504,e,2026-11-25T08:00', 'b,999,e,2026-11-25T08:00', 'c,504,"e,2026-11-25T08:00', 'd,504,w,2026-11-25T17:30', ''].join('\n'));
  const run = await score(['--input', input, '--output', output]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '', 'stdout stays free for pipes');
  assert.match(run.stderr, /Model v2 /);
  const summary = run.stderr.trimEnd().split('\n').at(-1) ?? '';
  assert.match(summary, /^Read 4 rows: 2 scored, 2 with errors \(see the error column\) in \d+\.\d\d s/);
  assert.ok(summary.includes(output), summary);
  const rows = parse(readFileSync(output), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => r.trip), ["'=1+2", 'b', 'c', 'd']);
  assert.equal(rows[0].error, '');
  assert.match(rows[1].error, /^route: /);
  assert.match(rows[2].error, /quote/);
  assert.equal(rows[3].error, '');
  assert.deepEqual(readdirSync(dir).sort(), ['scored.csv', 'trips.csv'], 'no temp file left');
});

test('an input the scorer cannot use after loading the model: one line, exit 1, no output file', async () => {
  const dir = tempDir('score-cli-');
  writeFileSync(join(dir, 'in.csv'), 'line,bound\n504,e\n');
  const run = await score(['--input', join(dir, 'in.csv'), '--output', join(dir, 'out.csv')]);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, '');
  const last = run.stderr.trimEnd().split('\n').at(-1) ?? '';
  assert.match(last, /^Scoring failed: input has no "route" column \(columns: line, bound\); nothing was written/);
  assert.doesNotMatch(run.stderr, /WasmBackendModule|\n\s+at /);
  assert.deepEqual(readdirSync(dir), ['in.csv']);
  assert.ok(!existsSync(join(dir, 'out.csv')));
});
