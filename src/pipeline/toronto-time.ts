import { DateTime, IANAZone, Zone } from 'luxon';

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
    offset = IANA_TORONTO.offset(utcHour * HOUR_MS);
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(utcHour, offset);
  }
  return offset;
}

const IANA_TORONTO = IANAZone.create(TORONTO);

/**
 * America/Toronto for luxon, with offsets from the cache above. Luxon's own IANA zone asks Intl
 * for the offset on every DateTime it makes (that lookup alone was ~3% of a chat turn's CPU in a
 * profile under load);
 * names and formatting are delegated to it, so the two zones agree (tested across DST changes).
 */
class CachedTorontoZone extends Zone {
  override get type(): string { return 'iana'; }
  override get name(): string { return TORONTO; }
  get ianaName(): string { return TORONTO; }
  override get isUniversal(): boolean { return false; }
  override get isValid(): boolean { return true; }
  override offsetName(ts: number, options: Parameters<Zone['offsetName']>[1]): string | null { return IANA_TORONTO.offsetName(ts, options); }
  override formatOffset(ts: number, format: Parameters<Zone['formatOffset']>[1]): string { return IANA_TORONTO.formatOffset(ts, format); }
  override offset(ts: number): number { return torontoOffsetMinutes(ts); }
  override equals(other: Zone): boolean { return other.type === 'iana' && other.name === TORONTO; }
}

/** The zone to give luxon for Toronto times: `DateTime.fromJSDate(d, { zone: torontoZone })`. */
export const torontoZone: Zone = new CachedTorontoZone();

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

/** Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm): no Date objects per row. */
function civil(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function torontoParts(instant: Date | number): LocalParts {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const local = ms + torontoOffsetMinutes(ms) * 60_000;
  const days = Math.floor(local / 86_400_000);
  const inDay = local - days * 86_400_000;
  const { year, month, day } = civil(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / HOUR_MS),
    minute: Math.floor((inDay % HOUR_MS) / 60_000),
    weekday: (((days + 3) % 7) + 7) % 7,
  };
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** ISO 8601 with the Toronto offset, seconds included: 2026-11-25T08:00:00-05:00. */
export function toTorontoIso(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const offset = torontoOffsetMinutes(ms);
  const p = torontoParts(ms);
  const seconds = Math.floor((((ms % 60_000) + 60_000) % 60_000) / 1000);
  const abs = Math.abs(offset);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(seconds)}${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export type LocalTimeResult =
  | { ok: true; instant: Date }
  | { ok: false; problem: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The instant of a Toronto wall-clock time. Refuses what does not exist instead of bending it:
 * February 30, 25:00, and the hour skipped when clocks spring forward. In the hour repeated in
 * autumn the first (daylight-time) instant is chosen. Uses only the cached offsets, so the
 * scorer can call it per row.
 */
export function fromTorontoWallClock(
  year: number, month: number, day: number, hour = 0, minute = 0, second = 0,
): LocalTimeResult {
  const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59)) {
    return { ok: false, problem: `${clock} is not a clock time` };
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (!(month >= 1 && month <= 12) || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return { ok: false, problem: `${MONTHS[month - 1] ?? `month ${month}`} ${day}, ${year} is not a date` };
  }
  // The instant t with t + offset(t) = wall: try the offsets in force a day either side.
  let best: number | undefined;
  for (const offset of [torontoOffsetMinutes(wall - 86_400_000), torontoOffsetMinutes(wall + 86_400_000)]) {
    const t = wall - offset * 60_000;
    if (torontoOffsetMinutes(t) === offset && (best === undefined || t < best)) best = t;
  }
  if (best === undefined) return { ok: false, problem: `${clock} does not exist in Toronto that day (clocks spring forward)` };
  return { ok: true, instant: new Date(best) };
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
