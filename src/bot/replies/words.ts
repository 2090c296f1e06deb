import { DateTime } from 'luxon';
import { torontoOffsetMinutes, torontoParts, type LocalParts } from '../../pipeline/toronto-time';

// Plain arithmetic on the cached Toronto offsets rather than luxon: these run on every answer.
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOUR_MS = 3_600_000;

function hour12(hour: number): string {
  return `${hour % 12 || 12}`;
}

function meridiem(hour: number): string {
  return hour < 12 ? 'am' : 'pm';
}

function clockOfParts(p: Pick<LocalParts, 'hour' | 'minute'>): string {
  return `${hour12(p.hour)}:${p.minute < 10 ? '0' : ''}${p.minute} ${meridiem(p.hour)}`;
}

/** "8:00 am", "12:30 pm": how Torontonians write clock times (Toronto time). */
export function clock(instant: Date | number): string {
  return clockOfParts(torontoParts(instant));
}

/** Days since 1970-01-01 of a calendar date, for whole-day differences. */
function dayNumber(p: Pick<LocalParts, 'year' | 'month' | 'day'>): number {
  return Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
}

/** "Wed, Nov 25" (short) or "Wednesday, Nov 25". */
function dayName(p: LocalParts, long: boolean): string {
  const weekday = WEEKDAYS[p.weekday];
  return `${long ? weekday : weekday.slice(0, 3)}, ${MONTHS[p.month - 1]} ${p.day}`;
}

/**
 * The trip time in words, relative to the moment of the message: "now (10:32 pm)",
 * "today at 5:30 pm", "tomorrow (Wed, Nov 25) at 8:00 am", "Friday, Dec 4 at 12:00 pm".
 */
export function timeInWords(instant: Date, ref: Date): string {
  const t = torontoParts(instant);
  const now = torontoParts(ref);
  const at = clockOfParts(t);
  if (Math.abs(instant.getTime() - ref.getTime()) < 60_000) return `now (${at})`;
  const days = dayNumber(t) - dayNumber(now);
  if (days === 0) return `today at ${at}`;
  if (days === 1) return `tomorrow (${dayName(t, false)}) at ${at}`;
  if (days > 1 && days < 7) return `${dayName(t, true)} at ${at}`;
  return `${dayName(t, true)}${t.year === now.year ? '' : `, ${t.year}`} at ${at}`;
}

/** The same instant on the rider's own clock, when their zone is known and not Toronto's. */
export function riderClock(instant: Date, riderZone: string | undefined): string | undefined {
  if (!riderZone) return undefined;
  const theirs = DateTime.fromJSDate(instant, { zone: riderZone });
  if (!theirs.isValid) return undefined;
  if (theirs.offset === torontoOffsetMinutes(instant)) return undefined;
  const ours = torontoParts(instant);
  const sameDay = theirs.year === ours.year && theirs.month === ours.month && theirs.day === ours.day;
  return `${clockOfParts(theirs)}${sameDay ? '' : ` ${theirs.toFormat('ccc')}`} your time`;
}

/** The clock hour a prediction covers: "8–9 am", "11 pm–12 am". */
export function hourSpan(instant: Date): string {
  // Toronto's offsets are whole hours, so the local hour starts on a UTC hour.
  const start = Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS;
  const a = torontoParts(start).hour;
  const b = torontoParts(start + HOUR_MS).hour;
  return meridiem(a) === meridiem(b) ? `${hour12(a)}–${hour12(b)} ${meridiem(b)}` : `${hour12(a)} ${meridiem(a)}–${hour12(b)} ${meridiem(b)}`;
}

/** 0.083 → "8%"; tiny values are not shown as a flat zero. */
export function percent(p: number): string {
  if (p > 0 && p < 0.005) return 'under 1%';
  if (p < 1 && p > 0.995) return 'over 99%';
  return `${Math.round(p * 100)}%`;
}

/** How a probability compares with the route's usual one, in words. */
export function comparedWithUsual(p: number, usual: number): string {
  if (usual <= 0) return 'no usual rate to compare with';
  const ratio = p / usual;
  if (ratio >= 1.5) return `${ratio.toFixed(1)}× the usual ${percent(usual)}`;
  if (ratio >= 1.15) return `a bit above the usual ${percent(usual)}`;
  if (ratio > 0.85) return `about the usual ${percent(usual)}`;
  if (ratio > 0.6) return `a bit below the usual ${percent(usual)}`;
  return `well below the usual ${percent(usual)}`;
}
