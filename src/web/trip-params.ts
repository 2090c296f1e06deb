import { parseTripTime, torontoOffsetMinutes, torontoParts, type LocalTimeResult } from '../pipeline/toronto-time';
import type { Trip, UserError } from '../pipeline/types';
import { validateTrip } from '../pipeline/validate-trip';

export type TripParse = { ok: true; trip: Trip } | { ok: false; errors: UserError[] };

/** Years the pages and the API accept: wide enough for any real trip, narrow enough to catch typos. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/**
 * Reads one trip from request values (query strings or JSON), reporting every field that is
 * wrong, not only the first: the form marks each problem next to its own field. The rules
 * themselves are pipeline/validate-trip's and pipeline/toronto-time's.
 */
export function parseTripParams(route: unknown, direction: unknown, time: unknown): TripParse {
  const errors: UserError[] = [];
  let instant: Date | undefined;
  if (time === undefined || time === null || (typeof time === 'string' && time.trim() === '')) {
    errors.push({ field: 'time', problem: 'choose a date and time, e.g. 2026-11-25T08:00 (Toronto time)' });
  } else if (typeof time !== 'string') {
    errors.push({ field: 'time', problem: 'time must be text like 2026-11-25T08:00' });
  } else if (time.length > 40) {
    errors.push({ field: 'time', problem: 'time is too long; expected something like 2026-11-25T08:00' });
  } else {
    const parsed = parseTripTimeFast(time);
    if (!parsed.ok) {
      errors.push({ field: 'time', problem: parsed.problem });
    } else {
      const year = torontoParts(parsed.instant).year;
      if (year < FIRST_YEAR || year > LAST_YEAR) {
        errors.push({ field: 'time', problem: `the year must be between ${FIRST_YEAR} and ${LAST_YEAR}` });
      } else {
        instant = parsed.instant;
      }
    }
  }
  const routeValue = typeof route === 'string' && route.trim() === '' ? undefined : route;
  // validateTrip checks route, then direction, then time; a placeholder time lets it report
  // route and direction problems even when the time is wrong too.
  const check = validateTrip(routeValue, direction, instant ?? new Date(0));
  if (!check.ok) {
    const e = check.error;
    if (e.field === 'direction' && (direction === undefined || direction === '')) {
      errors.unshift({ field: 'direction', problem: 'choose a direction' });
    } else {
      errors.unshift(e);
    }
  }
  if (errors.length > 0 || !check.ok || !instant) return { ok: false, errors: sortErrors(errors) };
  return { ok: true, trip: { ...check.trip, time: instant } };
}

const ORDER = ['route', 'direction', 'time'];
function sortErrors(errors: UserError[]): UserError[] {
  return [...errors].sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field));
}

/** First query value of a name (restify may give an array for repeated names). */
export function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

const LOCAL_MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const HOUR_MS = 3_600_000;

/**
 * parseTripTime with a fast path for the form's and the API's usual "2026-11-25T08:00" (Toronto
 * wall-clock time): a 1,000-trip batch spends most of its time in luxon otherwise. The fast path
 * answers only when the wall-clock time maps to exactly one instant; anything else (the repeated
 * autumn hour, the skipped spring hour, every error) goes to parseTripTime itself, so answers and
 * messages are the pipeline's. A test checks the two agree on every quarter hour of two years and
 * on every minute around clock changes.
 */
export function parseTripTimeFast(text: string): LocalTimeResult {
  const m = LOCAL_MINUTE.exec(text);
  if (m) {
    const [year, month, day, hour, minute] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate() && hour <= 23 && minute <= 59) {
      const wall = Date.UTC(year, month - 1, day, hour, minute);
      // The offsets in force half a day either side bound the ones possible at this wall time.
      const found: number[] = [];
      for (const offset of new Set([torontoOffsetMinutes(wall - 12 * HOUR_MS), torontoOffsetMinutes(wall + 12 * HOUR_MS)])) {
        const instant = wall - offset * 60_000;
        if (torontoOffsetMinutes(instant) === offset) found.push(instant);
      }
      if (found.length === 1) return { ok: true, instant: new Date(found[0]) };
    }
  }
  return parseTripTime(text);
}
