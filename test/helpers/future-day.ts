import { DateTime } from 'luxon';

/** A day in Toronto some weeks after today, in the forms the tests type and compare. */
export interface FutureDay {
  /** "2027-03-10": for ISO trip times such as `${day.iso}T08:00`. */
  iso: string;
  /** "March 10, 2027": as a rider writes it. */
  words: string;
}

/**
 * Tests that ask the bot about a date must not ask about one that has passed: the bot refuses
 * past trips. This picks a day `daysAhead` after today (Toronto), far enough that a slow run never
 * crosses it, and never on a clock-change weekend so 8 a.m. always exists once.
 */
export function futureDay(daysAhead = 21, now: Date = new Date()): FutureDay {
  let day = DateTime.fromJSDate(now, { zone: 'America/Toronto' }).startOf('day').plus({ days: daysAhead });
  while (day.offset !== day.plus({ days: 1 }).offset || day.offset !== day.minus({ days: 1 }).offset) day = day.plus({ days: 3 });
  return { iso: day.toISODate() ?? '', words: day.setLocale('en-US').toFormat('MMMM d, yyyy') };
}
