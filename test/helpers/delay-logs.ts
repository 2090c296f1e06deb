import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { dayNumber, isoDateOf, weekdayOf } from '../../src/pipeline/calendar';

/**
 * Made-up delay logs with an obvious pattern, in the official files' schemas: the 2021–2024
 * workbook and the portal's "since 2025" CSV with its Date as YYYY-MM-DD or (from 2026) YYYYMMDD.
 */

export interface LogRow {
  /** YYYY-MM-DD */
  date: string;
  route: number;
  hour: number;
  minute: number;
  /** As the logs write it: E, W, N, S, B. */
  bound: string;
  minDelay: number;
}

export type Pattern = (date: string, weekday: number, dayIndex: number) => LogRow[];

/** Weekday rush-hour delays on the 504 eastbound at `hour`, an evening one westbound every third day, the 505 now and then. */
export function rushHourPattern(hour = 8): Pattern {
  return (date, weekday, i) => {
    const rows: LogRow[] = [];
    if (weekday < 5) rows.push({ date, route: 504, hour, minute: 10, bound: 'E', minDelay: 12 });
    if (i % 3 === 0) rows.push({ date, route: 504, hour: 17, minute: 40, bound: 'W', minDelay: 6 });
    if (i % 5 === 0) rows.push({ date, route: 505, hour: 12, minute: 5, bound: 'E', minDelay: 8 });
    if (i % 7 === 0) rows.push({ date, route: 505, hour: 20, minute: 30, bound: 'B', minDelay: 5 });
    return rows;
  };
}

/** Every row of `pattern` from `from` to `to` (inclusive). */
export function logRows(from: string, to: string, pattern: Pattern): LogRow[] {
  const rows: LogRow[] = [];
  const start = dayNumber(from);
  for (let day = start; day <= dayNumber(to); day++) rows.push(...pattern(isoDateOf(day), weekdayOf(day), day - start));
  return rows;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const LINE_NAMES: Record<number, string> = { 504: '504 KING', 505: '505 DUNDAS', 501: '501 QUEEN' };
const clock = (h: number, m: number): string => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

/** Date as the portal writes it: `iso` 2025-01-31, `compact` 20250131, `portal` ISO in 2025 and compact from 2026. */
export type DateStyle = 'iso' | 'compact' | 'portal';

function dateCell(date: string, style: DateStyle): string {
  const compact = date.replaceAll('-', '');
  if (style === 'compact') return compact;
  if (style === 'portal') return date >= '2026-01-01' ? compact : date;
  return date;
}

/** The portal's CSV: _id, Date, Line, Time, Day, Station, Code, Min Delay, Min Gap, Bound, Vehicle. */
export function since2025Csv(rows: readonly LogRow[], style: DateStyle = 'iso'): string {
  const lines = ['_id,Date,Line,Time,Day,Station,Code,Min Delay,Min Gap,Bound,Vehicle'];
  rows.forEach((r, i) => {
    const weekday = weekdayOf(dayNumber(r.date));
    lines.push([i + 1, dateCell(r.date, style), LINE_NAMES[r.route] ?? String(r.route), clock(r.hour, r.minute), DAYS[weekday], 'KING AND BAY', 'MUPAA', r.minDelay, r.minDelay * 2, r.bound, 4400 + (i % 90)].join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** A 2021–2024 schema workbook (Date cells, Line, Time as "HH:MM", Bound), one sheet. */
export async function writeYearWorkbook(path: string, rows: readonly LogRow[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(rows[0]?.date.slice(0, 4) ?? 'log');
  sheet.addRow(['Date', 'Line', 'Time', 'Day', 'Location', 'Incident', 'Min Delay', 'Min Gap', 'Bound', 'Vehicle']);
  for (const r of rows) {
    const [y, m, d] = r.date.split('-').map(Number);
    sheet.addRow([new Date(Date.UTC(y, m - 1, d)), LINE_NAMES[r.route] ?? String(r.route), clock(r.hour, r.minute), DAYS[weekdayOf(dayNumber(r.date))], 'King and Bay', 'Mechanical', r.minDelay, r.minDelay * 2, r.bound, 4400]);
  }
  await wb.xlsx.writeFile(path);
}

export function writeSince2025Csv(path: string, rows: readonly LogRow[], style: DateStyle = 'iso'): void {
  writeFileSync(path, since2025Csv(rows, style));
}
