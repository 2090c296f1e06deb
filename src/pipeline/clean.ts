import type { CellValue, RawRow } from './sources';
import type { Direction } from './types';
import { findRoute } from './routes';

/** One delay event after cleaning: Toronto local date and hour, one of the streetcar routes. */
export interface DelayEvent {
  route: number;
  /** e/w/n/s, or b for "both ways". */
  direction: Direction | 'b';
  /** Toronto local calendar date, YYYY-MM-DD. */
  date: string;
  /** Toronto local clock hour, 0–23. */
  hour: number;
  minute: number;
  minDelay: number;
  incident: string;
}

export type DropReason =
  | 'route missing'
  | 'route not a streetcar route'
  | 'direction missing'
  | 'direction unreadable'
  | 'date unreadable'
  | 'time unreadable'
  | 'delay minutes missing';

export type CleanResult = { ok: true; event: DelayEvent } | { ok: false; reason: DropReason; year: number };

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * Route cells hold 504, "504", "504 KING", "504A", bus numbers and words. Returns the route
 * number (branch letter dropped) or null when the cell names no number at all.
 */
export function parseRoute(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d{1,4})\s*[A-Za-z]?\b/.exec(value);
  return m ? Number(m[1]) : null;
}

const DIRECTION_CODES: Record<string, Direction | 'b'> = {
  E: 'e', EB: 'e', EAST: 'e', EASTBOUND: 'e',
  W: 'w', WB: 'w', WEST: 'w', WESTBOUND: 'w',
  N: 'n', NB: 'n', NORTH: 'n', NORTHBOUND: 'n',
  S: 's', SB: 's', SOUTH: 's', SOUTHBOUND: 's',
  B: 'b', BW: 'b', BOTH: 'b', BOTHWAYS: 'b', BOTHWAY: 'b',
};

/** E/B, EB, eb, East, B/W, BW, "both ways" …; null for blanks, 'junk' for anything else. */
export function parseDirection(value: CellValue): Direction | 'b' | null | 'junk' {
  if (value === null || value === undefined) return null;
  const key = String(value).toUpperCase().replace(/[^A-Z]/g, '');
  if (key === '') return String(value).trim() === '' ? null : 'junk';
  return DIRECTION_CODES[key] ?? 'junk';
}

/**
 * Dates are Excel serials, Dates (UTC midnight of the local date) or strings: 2025-01-31 (with or
 * without a time after it), 1/31/2025, or 20260131 (the portal's CSV writes Date so from 2026).
 */
export function parseDate(value: CellValue): { y: number; m: number; d: number } | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return { y: value.getUTCFullYear(), m: value.getUTCMonth() + 1, d: value.getUTCDate() };
  }
  if (typeof value === 'number') {
    if (value < 1 || value > 100_000) return null;
    return parseDate(new Date(EXCEL_EPOCH_MS + Math.floor(value) * DAY_MS));
  }
  if (typeof value === 'string') {
    const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})/.exec(value);
    if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    const us = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(value);
    if (us) return validDate(Number(us[3]), Number(us[1]), Number(us[2]));
    const compact = /^\s*(\d{4})(\d{2})(\d{2})\s*$/.exec(value);
    if (compact) return validDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  }
  return null;
}

function validDate(y: number, m: number, d: number): { y: number; m: number; d: number } | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? { y, m, d } : null;
}

/** Times are day fractions, Dates on 1899-12-30 (wall clock in UTC fields) or "HH:MM[:SS]". */
export function parseClock(value: CellValue): { h: number; min: number } | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return { h: value.getUTCHours(), min: value.getUTCMinutes() };
  }
  if (typeof value === 'number') {
    if (value < 0 || value >= 1) return value >= 1 ? parseClock(value % 1) : null;
    const minutes = Math.round(value * 1440) % 1440;
    return { h: Math.floor(minutes / 60), min: minutes % 60 };
  }
  if (typeof value === 'string') {
    const m = /^\s*(\d{1,2}):(\d{2})/.exec(value);
    if (m && Number(m[1]) < 24 && Number(m[2]) < 60) return { h: Number(m[1]), min: Number(m[2]) };
  }
  return null;
}

function parseMinutes(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Turns one raw row into a delay event on a streetcar route, or says why it was dropped. */
export function cleanRow(row: RawRow): CleanResult {
  const v = row.values;
  const date = parseDate(v.date ?? null);
  const year = date?.y ?? row.fileYear;
  if (!date) return { ok: false, reason: 'date unreadable', year };
  const route = parseRoute(v.route ?? null);
  if (route === null) return { ok: false, reason: 'route missing', year };
  if (!findRoute(route)) return { ok: false, reason: 'route not a streetcar route', year };
  const clock = parseClock(v.time ?? null);
  if (!clock) return { ok: false, reason: 'time unreadable', year };
  const direction = parseDirection(v.direction ?? null);
  if (direction === null) return { ok: false, reason: 'direction missing', year };
  if (direction === 'junk') return { ok: false, reason: 'direction unreadable', year };
  const minDelay = parseMinutes(v.minDelay ?? null);
  if (minDelay === null) return { ok: false, reason: 'delay minutes missing', year };
  return {
    ok: true,
    event: {
      route,
      direction,
      date: `${date.y}-${pad(date.m)}-${pad(date.d)}`,
      hour: clock.h,
      minute: clock.min,
      minDelay,
      incident: v.incident === null || v.incident === undefined ? '' : String(v.incident).trim(),
    },
  };
}
