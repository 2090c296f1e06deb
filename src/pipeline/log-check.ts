/**
 * Checking a delay log in the CSV form (the portal's "since 2025" file) before it replaces
 * anything: is it one of the schemas the pipeline reads, whole, and are its dates and times in
 * styles the pipeline knows? The same reader and cleaner as training (sources.ts, clean.ts), so
 * what passes here trains.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { cleanRow, type DropReason } from './clean';
import { canonicalField, yearOfFile, type CellValue, type Field } from './sources';

/** What the model needs from every row, with the header names a person would look for. */
const REQUIRED: [Field, string][] = [
  ['date', 'Date'],
  ['route', 'Line (or Route)'],
  ['time', 'Time'],
  ['direction', 'Bound (or Direction)'],
  ['minDelay', 'Min Delay'],
];

/** Date styles seen in the portal's CSV: YYYY-MM-DD (2025, also with a time after it) and YYYYMMDD (2026 on). */
export type DateStyle = 'YYYY-MM-DD' | 'YYYYMMDD' | 'other';

export interface LogCheck {
  file: string;
  columns: string[];
  rows: number;
  /** Rows that are streetcar delay events the model uses. */
  kept: number;
  dropped: Partial<Record<DropReason, number>>;
  dateStyles: Record<DateStyle, number>;
  /** First and last date of the kept events (YYYY-MM-DD). */
  firstDate: string;
  lastDate: string;
}

/** A log that cannot be used, with one line for a person saying why. */
export class LogCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogCheckError';
  }
}

export interface LogCheckOptions {
  /** The largest share of rows whose date or time the pipeline cannot read (a changed format). Default 1%. */
  maxUnreadableShare?: number;
  /** The file's name in messages and for its year (a download's temp file checked under its final name). */
  name?: string;
}

function dateStyleOf(value: string): DateStyle {
  if (/^\s*\d{4}-\d{1,2}-\d{1,2}/.test(value)) return 'YYYY-MM-DD';
  if (/^\s*\d{8}\s*$/.test(value)) return 'YYYYMMDD';
  return 'other';
}

const quoted = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/**
 * Reads the whole CSV file and says whether training can use it. Throws LogCheckError when a
 * column the model needs is missing, the file is empty or not CSV, a row is cut short (a
 * truncated file), or more than maxUnreadableShare of the rows have a date or time in a style the
 * pipeline does not read.
 */
export async function checkDelayCsv(path: string, options: LogCheckOptions = {}): Promise<LogCheck> {
  const maxUnreadable = options.maxUnreadableShare ?? 0.01;
  const file = options.name ?? basename(path);
  const fileYear = yearOfFile(file);
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  let header: string[] | undefined;
  let fields: (Field | undefined)[] = [];
  let rows = 0;
  let kept = 0;
  let firstDate = '';
  let lastDate = '';
  const dropped: Partial<Record<DropReason, number>> = {};
  const dateStyles: Record<DateStyle, number> = { 'YYYY-MM-DD': 0, YYYYMMDD: 0, other: 0 };
  let unreadable = 0;
  let unreadableExample: string | undefined;
  let shortRow: { line: number; cells: number } | undefined;
  let shortRows = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record;
        if (/^\s*</.test(header[0] ?? '')) throw new LogCheckError(`${file} is a web page, not a CSV file`);
        fields = header.map((h) => canonicalField(h));
        const missing = REQUIRED.filter(([field]) => !fields.includes(field)).map(([, name]) => name);
        if (missing.length > 0) {
          throw new LogCheckError(`${file} has no ${missing.join(', no ')} column (its columns: ${header.slice(0, 12).join(', ')}); the pipeline reads Date, Line, Time, Bound, Min Delay`);
        }
        continue;
      }
      rows++;
      const line = (parser as unknown as { info: { lines: number } }).info.lines;
      if (record.length < header.length) {
        shortRows++;
        shortRow = { line, cells: record.length };
      } else {
        shortRow = undefined; // only a short row at the very end means the file was cut
      }
      const values: Partial<Record<Field, CellValue>> = {};
      fields.forEach((field, i) => {
        if (field && values[field] === undefined) values[field] = record[i] === undefined || record[i] === '' ? null : record[i];
      });
      const date = typeof values.date === 'string' ? values.date : '';
      dateStyles[dateStyleOf(date)]++;
      const result = cleanRow({ file, sheet: '', fileYear, values });
      if (result.ok) {
        kept++;
        if (firstDate === '' || result.event.date < firstDate) firstDate = result.event.date;
        if (result.event.date > lastDate) lastDate = result.event.date;
      } else {
        dropped[result.reason] = (dropped[result.reason] ?? 0) + 1;
        if (result.reason === 'date unreadable' || result.reason === 'time unreadable') {
          unreadable++;
          unreadableExample ??= result.reason === 'date unreadable' ? `Date ${quoted(date)}` : `Time ${quoted(String(values.time ?? ''))}`;
        }
      }
    }
  } catch (err) {
    if (err instanceof LogCheckError) throw err;
    // csv-parse's own messages say what and on which line ("Invalid Opening Quote: … at line 5").
    throw new LogCheckError(`${file} is not a CSV file the pipeline can read (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!header) throw new LogCheckError(`${file} is empty`);
  if (rows === 0) throw new LogCheckError(`${file} has a header but no rows`);
  if (shortRow) {
    throw new LogCheckError(`${file} ends with a row of ${shortRow.cells} of ${header.length} columns (line ${shortRow.line}): the file looks cut short`);
  }
  if (shortRows / rows > maxUnreadable) {
    throw new LogCheckError(`${file} has ${shortRows} of ${rows} rows with fewer columns than its header`);
  }
  if (unreadable / rows > maxUnreadable) {
    throw new LogCheckError(`${file} has ${unreadable} of ${rows} rows with a date or time the pipeline cannot read (such as ${unreadableExample}); it reads dates as YYYY-MM-DD or YYYYMMDD`);
  }
  if (kept === 0) throw new LogCheckError(`${file} has no row the model can use (no streetcar delay with a route, direction, date, time and minutes)`);
  return { file, columns: header, rows, kept, dropped, dateStyles, firstDate, lastDate };
}
