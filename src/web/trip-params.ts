import { findRoute } from '../pipeline/routes';
import { parseTripTime, torontoParts } from '../pipeline/toronto-time';
import { isDirection, type Direction, type Trip, type UserError } from '../pipeline/types';
import { validateTrip } from '../pipeline/validate-trip';
import { webWords } from './catalogue';

/** One wrong part of a typed date and time. */
export type TimePart =
  | { part: 'year'; value: number }
  | { part: 'month'; value: number }
  | { part: 'day'; value: number; month?: number; year?: number; days?: number }
  | { part: 'hour'; value: number }
  | { part: 'minute'; value: number }
  | { part: 'second'; value: number };

/**
 * What is wrong with a field, as data: the API words it for programs, the form for people
 * (src/web/catalogue.ts), each in its own way. `example` is a time to come: tomorrow at 8:00.
 */
export type ProblemDetail =
  | { kind: 'route-missing' }
  | { kind: 'route-not-number' }
  | { kind: 'route-unknown'; route: number }
  | { kind: 'route-retired'; route: number; name: string; replacedBy?: string }
  | { kind: 'direction-missing' }
  | { kind: 'direction-invalid' }
  | { kind: 'direction-not-run'; route: number; name: string; runs: Direction[]; asked: Direction }
  | { kind: 'time-missing'; example: string }
  | { kind: 'time-not-text'; example: string }
  | { kind: 'time-too-long'; example: string }
  | { kind: 'time-format'; example: string }
  | { kind: 'time-parts'; parts: TimePart[]; example: string }
  | { kind: 'time-skipped'; clock: string; example: string }
  | { kind: 'time-year'; from: number; to: number }
  | { kind: 'other'; text: string };

/** A problem with one field: `problem` is the API's words; `detail` lets a page word it its own way. */
export interface TripProblem extends UserError {
  detail: ProblemDetail;
}

export type TripParse = { ok: true; trip: Trip } | { ok: false; errors: TripProblem[] };

/** Years the pages and the API accept: wide enough for any real trip, narrow enough to catch typos. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

const TIME_SHAPE = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Tomorrow at 8:00 in Toronto, as the API and the form take it: an example that has not passed. */
export function exampleTime(now: Date): string {
  const t = torontoParts(now);
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + 1));
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T08:00`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Every part of a typed time that cannot be (month 25 and hour 99, not only the first). */
function wrongParts(m: RegExpExecArray): TimePart[] {
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = Number(m[6] ?? 0);
  const parts: TimePart[] = [];
  if (year < FIRST_YEAR || year > LAST_YEAR) parts.push({ part: 'year', value: year });
  const monthOk = month >= 1 && month <= 12;
  if (!monthOk) parts.push({ part: 'month', value: month });
  if (monthOk && (day < 1 || day > daysIn(year, month))) parts.push({ part: 'day', value: day, month, year, days: daysIn(year, month) });
  else if (!monthOk && (day < 1 || day > 31)) parts.push({ part: 'day', value: day });
  if (hour > 23) parts.push({ part: 'hour', value: hour });
  if (minute > 59) parts.push({ part: 'minute', value: minute });
  if (second > 59) parts.push({ part: 'second', value: second });
  return parts;
}

function timeProblem(time: unknown, now: Date): { instant: Date } | { detail: ProblemDetail } {
  const example = exampleTime(now);
  if (time === undefined || time === null || (typeof time === 'string' && time.trim() === '')) return { detail: { kind: 'time-missing', example } };
  if (typeof time !== 'string') return { detail: { kind: 'time-not-text', example } };
  if (time.length > 40) return { detail: { kind: 'time-too-long', example } };
  const m = TIME_SHAPE.exec(time);
  if (!m) return { detail: { kind: 'time-format', example } };
  const parts = wrongParts(m);
  if (parts.length === 1 && parts[0].part === 'year') return { detail: { kind: 'time-year', from: FIRST_YEAR, to: LAST_YEAR } };
  if (parts.length > 0) return { detail: { kind: 'time-parts', parts, example } };
  const parsed = parseTripTime(time);
  if (!parsed.ok) {
    if (/does not exist in Toronto/.test(parsed.problem)) return { detail: { kind: 'time-skipped', clock: `${m[4]}:${m[5]}`, example } };
    return { detail: { kind: 'other', text: parsed.problem } };
  }
  // With an offset, the Toronto year can differ from the one typed (2100-12-31T23:00-12:00).
  const year = torontoParts(parsed.instant).year;
  if (year < FIRST_YEAR || year > LAST_YEAR) return { detail: { kind: 'time-year', from: FIRST_YEAR, to: LAST_YEAR } };
  return { instant: parsed.instant };
}

function routeProblem(route: unknown): ProblemDetail | undefined {
  if (route === undefined || route === null || (typeof route === 'string' && route.trim() === '')) return { kind: 'route-missing' };
  const n = typeof route === 'string' && /^\s*\d{1,4}\s*$/.test(route) ? Number(route) : route;
  if (typeof n !== 'number' || !Number.isInteger(n)) return { kind: 'route-not-number' };
  const info = findRoute(n);
  if (!info) return { kind: 'route-unknown', route: n };
  if (info.status !== 'active') return { kind: 'route-retired', route: n, name: info.name, replacedBy: info.replacedBy };
  return undefined;
}

function directionProblem(route: unknown, direction: unknown): ProblemDetail | undefined {
  if (direction === undefined || direction === null || (typeof direction === 'string' && direction.trim() === '')) return { kind: 'direction-missing' };
  const d = typeof direction === 'string' ? direction.trim().toLowerCase() : direction;
  if (!isDirection(d)) return { kind: 'direction-invalid' };
  const info = typeof route === 'number' ? findRoute(route) : typeof route === 'string' && /^\s*\d{1,4}\s*$/.test(route) ? findRoute(Number(route)) : undefined;
  if (info && info.status === 'active' && !info.directions.includes(d)) {
    return { kind: 'direction-not-run', route: info.route, name: info.name, runs: [...info.directions], asked: d };
  }
  return undefined;
}

/**
 * Reads one trip from request values (query strings or JSON), reporting every field that is
 * wrong and every wrong part of a time, not only the first: the form marks each problem next to
 * its own field. `now` is the clock the examples are built from (a trip to come, never a fixed
 * date that has passed). The rules are pipeline/validate-trip's and pipeline/toronto-time's;
 * validateTrip still has the last word.
 */
export function parseTripParams(route: unknown, direction: unknown, time: unknown, now: Date = new Date()): TripParse {
  const words = webWords().apiProblem;
  const details: [string, ProblemDetail][] = [];
  const r = routeProblem(route);
  if (r) details.push(['route', r]);
  const d = directionProblem(route, direction);
  if (d) details.push(['direction', d]);
  const t = timeProblem(time, now);
  if ('detail' in t) details.push(['time', t.detail]);
  if (details.length === 0 && 'instant' in t) {
    const check = validateTrip(route, direction, t.instant);
    if (check.ok) return { ok: true, trip: check.trip };
    details.push([check.error.field, { kind: 'other', text: check.error.problem }]);
  }
  return { ok: false, errors: details.map(([field, detail]) => ({ field, problem: words(detail), detail })) };
}

/** A problem as the API sends it: `{ field, problem }` and nothing else. */
export function userError(p: UserError): UserError {
  return { field: p.field, problem: p.problem };
}
