import { DateTime } from 'luxon';

/** Trips, slots and the model all live in Toronto local time, whatever the server's zone. */
export const TORONTO = 'America/Toronto';

const HOUR_MS = 3_600_000;
/** Toronto's UTC offset (minutes) by UTC hour; offsets only change on whole hours. */
const offsetCache = new Map<number, number>();

export function torontoOffsetMinutes(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const utcHour = Math.floor(ms / HOUR_MS);
  let offset = offsetCache.get(utcHour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(utcHour * HOUR_MS, { zone: TORONTO }).offset;
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(utcHour, offset);
  }
  return offset;
}

/** Toronto wall-clock parts of an instant. Fast: used per row in batch scoring. */
export interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
}

export function torontoParts(instant: Date | number): LocalParts {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const local = new Date(ms + torontoOffsetMinutes(ms) * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: (local.getUTCDay() + 6) % 7,
  };
}

/** ISO 8601 with the Toronto offset, seconds included: 2026-11-25T08:00:00-05:00. */
export function toTorontoIso(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const offset = torontoOffsetMinutes(ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export type LocalTimeResult =
  | { ok: true; instant: Date }
  | { ok: false; problem: string };

/**
 * The instant of a Toronto wall-clock time. Refuses what does not exist instead of bending it:
 * February 30, 25:00, and the hour skipped when clocks spring forward. In the hour repeated in
 * autumn the earlier (daylight) instant is chosen.
 */
export function fromTorontoWallClock(
  year: number, month: number, day: number, hour = 0, minute = 0, second = 0,
): LocalTimeResult {
  const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return { ok: false, problem: `${clock} is not a clock time` };
  }
  const dt = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: TORONTO });
  if (!dt.isValid) {
    const date = DateTime.fromObject({ year, month: Math.min(Math.max(month, 1), 12), day: 1 });
    return { ok: false, problem: `${date.isValid && month >= 1 && month <= 12 ? date.toFormat('MMMM') : `month ${month}`} ${day}, ${year} is not a date` };
  }
  if (dt.hour !== hour || dt.minute !== minute || dt.day !== day) {
    return { ok: false, problem: `${clock} does not exist in Toronto that day (clocks spring forward)` };
  }
  // In the repeated autumn hour, luxon picks the later instant; riders mean the first.
  const earlier = dt.minus({ hours: 1 });
  if (earlier.hour === hour && earlier.minute === minute && earlier.day === day) return { ok: true, instant: earlier.toJSDate() };
  return { ok: true, instant: dt.toJSDate() };
}

/**
 * Parses ISO 8601 local time as used by the scorer, the web form and the API: with an offset or Z
 * it is that instant; without, it is Toronto wall-clock time. "2026-11-25T08:00", "2026-11-25 08:00",
 * "2026-11-25T08:00:00-05:00".
 */
export function parseTripTime(text: string): LocalTimeResult {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i.exec(text);
  if (!m) return { ok: false, problem: 'expected a time like 2026-11-25T08:00 (Toronto time) or with an offset' };
  const [, y, mo, d, h, mi, s, zone] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) {
    return { ok: false, problem: `${h}:${mi} is not a clock time` };
  }
  if (!zone) return fromTorontoWallClock(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0));
  const dt = DateTime.fromISO(text.trim().replace(' ', 'T'), { setZone: true });
  if (!dt.isValid) return { ok: false, problem: dt.invalidExplanation ?? 'not a valid date' };
  // Re-check the calendar date: luxon would otherwise roll February 30 into March.
  if (dt.year !== Number(y) || dt.month !== Number(mo) || dt.day !== Number(d)) {
    return { ok: false, problem: `${y}-${mo}-${d} is not a date` };
  }
  return { ok: true, instant: dt.toJSDate() };
}
