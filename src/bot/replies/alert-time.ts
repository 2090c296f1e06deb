/**
 * The time arithmetic both alert catalogues (./alert-messages.ts, ./alert-messages-fr.ts) share:
 * days and weekdays of a Toronto date, the alert's own clock time, and an instant in a
 * catalogue's words. Only words differ between the languages; this is the rest.
 */
import type { Clock, LocalDay, Schedule, Weekday } from '../../alerts/model';
import { dayNumberOf, weekdayOf } from '../../pipeline/calendar';
import { torontoParts } from '../../pipeline/toronto-time';

interface InstantWords {
  parts: { clock(c: Clock): string; day(d: LocalDay, ref: Date): string };
}

/** Whole days since 1970-01-01 of a Toronto date. */
export const dayNumberOfDay = (d: LocalDay): number => dayNumberOf(d.year, d.month, d.day);

/** 0 = Monday … 6 = Sunday. */
export const weekdayOfDay = (d: LocalDay): Weekday => weekdayOf(dayNumberOfDay(d)) as Weekday;

/** The alert's own clock time: trip − lead, on the trip's day (or the day before). */
export function alertClock(schedule: Schedule, lead: number): { clock: Clock; dayBefore: boolean } {
  const total = schedule.clock.hour * 60 + schedule.clock.minute - lead;
  const wrapped = ((total % 1440) + 1440) % 1440;
  return { clock: { hour: Math.floor(wrapped / 60), minute: wrapped % 60 }, dayBefore: total < 0 };
}

/** Toronto clock time of an instant, in the catalogue's words. */
export function instantClock(w: InstantWords, instant: Date): string {
  return w.parts.clock(torontoParts(instant));
}

/** Toronto day of an instant, seen from `ref`, in the catalogue's words. */
export function instantDay(w: InstantWords, instant: Date, ref: Date): string {
  const p = torontoParts(instant);
  return w.parts.day({ year: p.year, month: p.month, day: p.day }, ref);
}
