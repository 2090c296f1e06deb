import { accessSync, constants, existsSync, realpathSync, statSync, unlinkSync, type Stats } from 'node:fs';
import type { ReadStream, WriteStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { addAbortSignal } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { parseTripTime } from '../pipeline/toronto-time';
import { validateTrip } from '../pipeline/validate-trip';
import type { RecentIncidents } from '../pipeline/recent';
import { isDirection, type Trip, type UserError } from '../pipeline/types';
import type { DelayPredictor } from './types';

/**
 * The batch scorer: a CSV of trips (route, direction, time) in, the same rows plus probability,
 * delayed and error out. Output row N is input row N: a bad row keeps its place with the error
 * column saying why; the rest is scored. docs/MODEL.md ("The batch scorer") has the rules:
 *  - one row per line: a quote that opens a cell and does not close on its line spoils that row
 *    only (the lines after it are rows of their own); blank lines are skipped;
 *  - echoed cells that a spreadsheet would run as a formula get a leading ' (OWASP, CSV injection);
 *  - the output is written to a temp file beside it and renamed at the end: a failed run leaves
 *    no output, or the previous one untouched; the output may never be the input.
 */

export interface ScoreSummary {
  rows: number;
  scored: number;
  failed: number;
  seconds: number;
}

export interface ScoreOptions {
  /** Rows per predictBatch call and per progress report. */
  chunkSize?: number;
  /** After each chunk: rows written so far and the share of the input read (0–1, 1 at the end). */
  onProgress?: (rows: number, share: number) => void;
  /** Stops the run; it then rejects with an AbortError and leaves no output. */
  signal?: AbortSignal;
  /** Recent incidents per trip (e.g. `(trip) => log.recentFor(trip)` for --recent-log); absent = calendar-only. */
  recent?: (trip: Trip) => RecentIncidents | undefined;
}

/** The columns the input must have (any order, any case) and the ones the scorer adds. */
export const INPUT_COLUMNS = ['route', 'direction', 'time'] as const;
export const OUTPUT_COLUMNS = ['probability', 'delayed', 'error'] as const;

/** A problem with the scorer's arguments or files, found before any work: the CLI exits 2. */
export class ScoreFileError extends Error {
  override readonly name = 'ScoreFileError';
}

type Row = Record<string, string>;

const FIELD_ORDER = ['route', 'direction', 'time'];
const MISSING_DIRECTION: UserError = { field: 'direction', problem: 'missing (one of e, w, n, s)' };

/**
 * Checks one input row; returns the trip or every reason it cannot be scored, in the order
 * route, direction, time ("route: …; time: …"), as the web form reports each field.
 */
export function tripFromRow(row: Row): { trip: Trip } | { error: string } {
  const route = (row.route ?? '').trim();
  const direction = (row.direction ?? '').trim();
  const timeText = (row.time ?? '').trim();
  const problems: UserError[] = [];
  let instant: Date | undefined;
  if (timeText === '') {
    problems.push({ field: 'time', problem: 'missing (ISO 8601, e.g. 2026-11-25T08:00 Toronto time)' });
  } else {
    const time = parseTripTime(timeText);
    if (time.ok) instant = time.instant;
    else problems.push({ field: 'time', problem: time.problem });
  }
  // validateTrip checks route, then direction (against that route), then time; a placeholder
  // time lets it judge route and direction when the time is wrong too.
  const check = validateTrip(route === '' ? undefined : route, direction, instant ?? new Date(0));
  if (!check.ok) {
    const { field } = check.error;
    if (field === 'route') {
      problems.push(route === '' ? { field, problem: 'missing (a streetcar route number such as 504)' } : check.error);
      // Without a route the direction can still be checked for being a direction at all.
      if (direction === '') problems.push(MISSING_DIRECTION);
      else if (!isDirection(direction.toLowerCase())) problems.push({ field: 'direction', problem: 'direction must be one of e, w, n, s' });
    } else {
      problems.push(field === 'direction' && direction === '' ? MISSING_DIRECTION : check.error);
    }
  }
  if (problems.length > 0 || !check.ok) {
    problems.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
    return { error: problems.map((p) => `${p.field}: ${p.problem}`).join('; ') };
  }
  return { trip: check.trip };
}

/** RFC 4180 quoting for one output field: only when the value needs it. */
function quoted(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// A cell a spreadsheet may run as a formula: it starts with = + - @, tab or CR (OWASP's list),
// or with white space before = + - @ (some importers trim it). A negative number is prefixed too,
// as OWASP advises: "-504" is harmless, but "-2+3+cmd|…" starts the same way, and a cell-by-cell
// rule that tells them apart is exactly what attackers probe.
const FORMULA_START = /^(?:[=+\-@\t\r]|\s+[=+\-@])/;

/**
 * One echoed cell for the output. A cell that could be a formula gets a leading ' and is quoted
 * (OWASP's advice against CSV injection): the original is the cell without its first character.
 */
export function outputCell(value: string): string {
  const first = value.charCodeAt(0);
  const alphanumeric = (first >= 48 && first <= 57) || (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  if (!alphanumeric && FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return quoted(value);
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  return (err as Error).message;
}

/**
 * Checks the files before any work (and before the model is loaded): the input is a readable
 * file, the output's folder exists and is writable, the output is not a folder and is not the
 * input (same file by any name: ./x.csv, a symlink, a hard link). Throws ScoreFileError.
 */
export function checkScoreFiles(inputPath: string, outputPath: string): void {
  let input: Stats;
  try {
    input = statSync(inputPath);
    accessSync(inputPath, constants.R_OK);
  } catch (err) {
    throw new ScoreFileError(`cannot read the input ${inputPath}: ${reason(err)}`);
  }
  if (input.isDirectory()) throw new ScoreFileError(`the input ${inputPath} is a folder, not a CSV file`);
  if (!input.isFile()) throw new ScoreFileError(`the input ${inputPath} is not a regular file`);
  const folder = dirname(outputPath);
  let folderStats: Stats;
  try {
    folderStats = statSync(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScoreFileError(code === 'ENOENT' ? `the output folder ${folder} does not exist` : `cannot use the output folder ${folder}: ${reason(err)}`);
  }
  if (!folderStats.isDirectory()) throw new ScoreFileError(`cannot write ${outputPath}: ${folder} is not a folder`);
  let output: Stats | undefined;
  try {
    output = statSync(outputPath);
  } catch {
    output = undefined; // does not exist yet (or is a dangling symlink): fine
  }
  if (output?.isDirectory()) throw new ScoreFileError(`the output ${outputPath} is a folder; give a file name, e.g. ${join(outputPath, 'scored.csv')}`);
  // A device or a pipe (/dev/stdout) would be replaced by the rename at the end, not written to.
  if (output && !output.isFile()) throw new ScoreFileError(`the output ${outputPath} is not a regular file`);
  // The same file by any name (x.csv, ./x.csv, a symlink, a hard link) has the same device and inode.
  const same = output !== undefined && output.dev === input.dev && output.ino === input.ino;
  if (same) throw new ScoreFileError(`the output ${outputPath} is the input file ${inputPath}; writing it would destroy the input, choose another output file`);
  try {
    accessSync(folder, constants.W_OK);
  } catch (err) {
    throw new ScoreFileError(`cannot write to the output folder ${folder}: ${reason(err)}`);
  }
}

/** One input row: its cells, or why it could not be read as CSV (then `cells` is a best guess). */
interface CsvRow {
  cells: string[];
  problem?: string;
}

const ROW_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true } as const;
const LINE_BREAK = /\r\n|\n|\r/;
const UNCLOSED = 'row: a quote opens a cell that does not close on this line (a stray quote? each row must be on one line)';

/**
 * Rows of a text one line at a time, each parsed on its own: what the main parser gives for a
 * record that spans lines (a stray quote ran on) or one it could not read.
 */
function rowsOfLines(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const line of text.split(LINE_BREAK)) {
    if (line === '') continue;
    try {
      const records = parseSync(line, ROW_OPTIONS) as string[][];
      if (records.length === 1) rows.push({ cells: records[0] });
    } catch {
      rows.push({ cells: line.split(','), problem: UNCLOSED });
    }
  }
  return rows;
}

const spansLines = (cells: string[]): boolean => cells.some((c) => c.includes('\n') || c.includes('\r'));

interface Parsed {
  record?: string[];
  raw?: string;
  skipped?: true;
}

export async function scoreCsvFile(inputPath: string, outputPath: string, predictor: DelayPredictor, options: ScoreOptions = {}): Promise<ScoreSummary> {
  const started = Date.now();
  const chunkSize = options.chunkSize ?? 10_000;
  const { signal } = options;
  signal?.throwIfAborted();
  checkScoreFiles(inputPath, outputPath);

  // The output goes to a temp file beside it, renamed over it at the very end: a failed or
  // stopped run leaves no partial file, and an earlier output stays as it was. An output that is
  // a symlink to a file is written where it points, and stays a symlink.
  const target = existsSync(outputPath) ? realpathSync(outputPath) : outputPath;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const removeTempNow = (): void => {
    try {
      unlinkSync(temp);
    } catch {
      /* not made yet, or already gone */
    }
  };
  process.on('exit', removeTempNow); // even if something calls process.exit() mid-run

  // Records come with their raw text (to re-read one a stray quote ran on); a record csv-parse
  // cannot read is put back into the stream in its place, so rows stay in order.
  const parser: Parser = parse({ ...ROW_OPTIONS, skip_records_with_error: true, raw: true });
  parser.on('skip', (_err: Error, raw: string | undefined) => parser.push({ skipped: true, raw: raw ?? '' } satisfies Parsed));
  if (signal) addAbortSignal(signal, parser);
  let source: ReadStream | undefined;
  let out: WriteStream | undefined;
  let header: string[] | null = null;
  let columns = { route: -1, direction: -1, time: -1 };
  const summary: ScoreSummary = { rows: 0, scored: 0, failed: 0, seconds: 0 };
  let chunk: CsvRow[] = [];
  let inputBytes = 0;

  const openOutput = async (): Promise<void> => {
    out = (await open(temp, 'wx')).createWriteStream();
    out.on('error', () => {}); // surfaced by write() and finished() below
  };

  const write = async (text: string): Promise<void> => {
    if (!out) await openOutput();
    const stream = out as WriteStream;
    if (stream.errored) throw stream.errored;
    if (!stream.write(text)) await once(stream, 'drain'); // rejects if the stream errors meanwhile
  };

  const flush = async (final: boolean): Promise<void> => {
    if (!header) return;
    if (chunk.length === 0) {
      if (final && summary.rows > 0) options.onProgress?.(summary.rows, 1);
      return;
    }
    signal?.throwIfAborted();
    const checked = chunk.map((row) =>
      row.problem
        ? { error: row.problem }
        : tripFromRow({ route: row.cells[columns.route] ?? '', direction: row.cells[columns.direction] ?? '', time: row.cells[columns.time] ?? '' }),
    );
    const trips = checked.flatMap((c) => ('trip' in c ? [c.trip] : []));
    const predictions = predictor.predictBatch(trips, options.recent && trips.map(options.recent));
    let p = 0;
    const lines: string[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = checked[i];
      const cells = chunk[i].cells;
      let base = '';
      for (let j = 0; j < header.length; j++) base += (j === 0 ? '' : ',') + outputCell(cells[j] ?? '');
      if ('trip' in c) {
        const prediction = predictions[p++];
        summary.scored++;
        lines.push(`${base},${prediction.probability.toFixed(6)},${prediction.delayed},`);
      } else {
        summary.failed++;
        lines.push(`${base},,,${outputCell(c.error)}`);
      }
    }
    await write(lines.join('\n') + '\n');
    summary.rows += chunk.length;
    chunk = [];
    options.onProgress?.(summary.rows, final || inputBytes === 0 ? 1 : Math.min(1, parser.info.bytes / inputBytes));
  };

  const take = async (row: CsvRow): Promise<void> => {
    if (!header) {
      header = row.cells.map((h) => h.trim());
      const lower = header.map((h) => h.toLowerCase());
      columns = { route: lower.indexOf('route'), direction: lower.indexOf('direction'), time: lower.indexOf('time') };
      for (const [name, index] of Object.entries(columns)) {
        if (index < 0) throw new Error(`input has no "${name}" column (columns: ${header.join(', ')})`);
      }
      await write([...header.map(outputCell), ...OUTPUT_COLUMNS].join(',') + '\n');
      return;
    }
    chunk.push(row);
    if (chunk.length >= chunkSize) await flush(false);
  };

  try {
    const input = await open(inputPath, 'r');
    inputBytes = (await input.stat()).size;
    source = input.createReadStream();
    // A read error must reach the loop below, never be an uncaught 'error' event.
    source.on('error', (err) => parser.destroy(err));
    source.pipe(parser);
    for await (const item of parser as AsyncIterable<Parsed>) {
      if (item.skipped || (item.record && spansLines(item.record))) {
        for (const row of rowsOfLines(item.raw ?? '')) await take(row);
      } else if (item.record) {
        await take({ cells: item.record });
      }
    }
    // An empty input still gets a header, so whatever reads the output finds its columns.
    if (!header) await write([...INPUT_COLUMNS, ...OUTPUT_COLUMNS].join(',') + '\n');
    await flush(true);
    const done = out as WriteStream;
    done.end();
    await finished(done);
    await rename(temp, target);
  } catch (err) {
    if (out) {
      out.destroy();
      await finished(out).catch(() => {});
    }
    await unlink(temp).catch(() => {});
    throw err;
  } finally {
    process.off('exit', removeTempNow);
    source?.destroy();
    parser.destroy();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
