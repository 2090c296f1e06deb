import { DateTime } from 'luxon';
import { torontoZone } from '../../pipeline/toronto-time';

/** "8:00 am", "12:30 pm": how Torontonians write clock times. */
export function clock(t: DateTime): string {
  return t.toFormat('h:mm a').toLowerCase();
}

/**
 * The trip time in words, relative to the moment of the message: "now (10:32 pm)",
 * "today at 5:30 pm", "tomorrow (Wed, Nov 25) at 8:00 am", "Friday, Dec 4 at 12:00 pm".
 */
export function timeInWords(instant: Date, ref: Date): string {
  const t = DateTime.fromJSDate(instant, { zone: torontoZone });
  const now = DateTime.fromJSDate(ref, { zone: torontoZone });
  if (Math.abs(t.toMillis() - now.toMillis()) < 60_000) return `now (${clock(t)})`;
  const days = Math.round(t.startOf('day').diff(now.startOf('day'), 'days').days);
  if (days === 0) return `today at ${clock(t)}`;
  if (days === 1) return `tomorrow (${t.toFormat('ccc, LLL d')}) at ${clock(t)}`;
  if (days > 1 && days < 7) return `${t.toFormat('cccc, LLL d')} at ${clock(t)}`;
  return `${t.toFormat(t.year === now.year ? 'cccc, LLL d' : 'cccc, LLL d, yyyy')} at ${clock(t)}`;
}

/** The same instant on the rider's own clock, when their zone is known and not Toronto's. */
export function riderClock(instant: Date, riderZone: string | undefined): string | undefined {
  if (!riderZone) return undefined;
  const theirs = DateTime.fromJSDate(instant, { zone: riderZone });
  if (!theirs.isValid) return undefined;
  const ours = DateTime.fromJSDate(instant, { zone: torontoZone });
  if (theirs.offset === ours.offset) return undefined;
  const sameDay = theirs.toISODate() === ours.toISODate();
  return `${clock(theirs)}${sameDay ? '' : ` ${theirs.toFormat('ccc')}`} your time`;
}

/** The clock hour a prediction covers: "8–9 am", "11 pm–12 am". */
export function hourSpan(instant: Date): string {
  const start = DateTime.fromJSDate(instant, { zone: torontoZone }).startOf('hour');
  const end = start.plus({ hours: 1 });
  const a = start.toFormat('h a').toLowerCase();
  const b = end.toFormat('h a').toLowerCase();
  return a.slice(-2) === b.slice(-2) ? `${a.slice(0, -3)}–${b}` : `${a}–${b}`;
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
