/**
 * Why a time the rider meant cannot be used, as data: the readers find it, each language's
 * catalogue (src/bot/replies/messages*.ts) words it. Only numbers the reader recognised are
 * carried, never the rider's text.
 */
export type TimeProblem =
  /** "that time has already passed" */
  | { kind: 'passed' }
  /** "today at 3pm" when 3 pm has gone by. */
  | { kind: 'passed-today' }
  /** "this morning" in the evening. */
  | { kind: 'part-passed'; part: 'morning' | 'afternoon' | 'evening' | 'night' }
  /** "yesterday", "last Friday at 5". */
  | { kind: 'in-the-past' }
  /** A day named that has gone by ("Nov 20"). */
  | { kind: 'past-day' }
  /** More than a year ahead. */
  | { kind: 'too-far' }
  /** "25:00", "13 pm": digits and the am/pm word as recognised. */
  | { kind: 'not-a-clock'; hour: string; minute?: string; meridiem?: string }
  /** "at 24". */
  | { kind: 'hour-24' }
  /** "February 30". */
  | { kind: 'not-a-date'; month: number; day: number }
  /** "February 29" with no leap year within reach. */
  | { kind: 'no-february-29'; until: number }
  /** The hour skipped when clocks spring forward (2:30 am on 2026-03-08). */
  | { kind: 'skipped-hour'; hour: number; minute: number; month: number; day: number; weekday: number };
