import { parseTripTime, torontoParts } from '../pipeline/toronto-time';
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
    const parsed = parseTripTime(time);
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

