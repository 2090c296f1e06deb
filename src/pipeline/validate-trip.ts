import { DIRECTION_WORDS, isDirection, type Direction, type Trip, type UserError } from './types';
import { findRoute } from './routes';

export type TripCheck = { ok: true; trip: Trip } | { ok: false; error: UserError };

/** Route, direction and time checks shared by the scorer, the API, the pages and the bot. */
export function validateTrip(route: unknown, direction: unknown, time: unknown): TripCheck {
  const n = typeof route === 'string' && /^\s*\d{1,4}\s*$/.test(route) ? Number(route) : route;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    return { ok: false, error: { field: 'route', problem: 'route must be a streetcar route number such as 504' } };
  }
  const info = findRoute(n);
  if (!info) return { ok: false, error: { field: 'route', problem: `${n} is not a Toronto streetcar route` } };
  if (info.status !== 'active') {
    const instead = info.replacedBy ? `; try ${info.replacedBy}` : '';
    return { ok: false, error: { field: 'route', problem: `the ${n} ${info.name} no longer runs${instead}` } };
  }
  const d = typeof direction === 'string' ? direction.trim().toLowerCase() : direction;
  if (!isDirection(d)) {
    return { ok: false, error: { field: 'direction', problem: 'direction must be one of e, w, n, s' } };
  }
  if (!info.directions.includes(d)) {
    const runs = info.directions.map((x: Direction) => DIRECTION_WORDS[x]).join(' and ');
    return { ok: false, error: { field: 'direction', problem: `the ${n} ${info.name} runs ${runs}, not ${DIRECTION_WORDS[d]}` } };
  }
  if (!(time instanceof Date) || Number.isNaN(time.getTime())) {
    return { ok: false, error: { field: 'time', problem: 'time is missing or not a valid time' } };
  }
  return { ok: true, trip: { route: n, direction: d, time } };
}
