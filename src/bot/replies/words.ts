/**
 * Times, days and chances in the bot's words. The logic is here (which day is "tomorrow", when
 * the rider's clock differs); the words are in ./catalogue.ts (the bot's) and
 * src/chart/catalogue.ts (the chance words every surface shares).
 */
import { DateTime } from 'luxon';
import { riskPhrases, type Locale } from '../../chart/catalogue';
import { torontoOffsetMinutes, torontoParts, type LocalParts } from '../../pipeline/toronto-time';
import { botWords } from './catalogue';

// Plain arithmetic on the cached Toronto offsets rather than luxon: these run on every answer.
const HOUR_MS = 3_600_000;

function hour12(hour: number): string {
  return `${hour % 12 || 12}`;
}

function meridiem(hour: number, locale: Locale): string {
  const t = botWords(locale).time;
  return hour < 12 ? t.am : t.pm;
}

function clockOfParts(p: Pick<LocalParts, 'hour' | 'minute'>, locale: Locale = 'en'): string {
  return botWords(locale).time.clock(hour12(p.hour), `${p.minute < 10 ? '0' : ''}${p.minute}`, meridiem(p.hour, locale));
}

/** "8:00 am", "12:30 pm": how Torontonians write clock times (Toronto time). */
export function clock(instant: Date | number, locale: Locale = 'en'): string {
  return clockOfParts(torontoParts(instant), locale);
}

/** Days since 1970-01-01 of a calendar date, for whole-day differences. */
function dayNumber(p: Pick<LocalParts, 'year' | 'month' | 'day'>): number {
  return Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
}

/**
 * The trip time in words, relative to the moment of the message: "now (10:32 pm)",
 * "today at 5:30 pm", "tomorrow (Wed, Nov 25) at 8:00 am", "Friday, Dec 4 at 12:00 pm".
 */
export function timeInWords(instant: Date, ref: Date, locale: Locale = 'en'): string {
  const t = botWords(locale).time;
  const p = torontoParts(instant);
  const now = torontoParts(ref);
  const at = clockOfParts(p, locale);
  if (Math.abs(instant.getTime() - ref.getTime()) < 60_000) return t.now(at);
  const days = dayNumber(p) - dayNumber(now);
  const month = t.monthsShort[p.month - 1];
  if (days === 0) return t.today(at);
  if (days === 1) return t.tomorrow(t.dayShort(t.weekdaysShort[p.weekday], month, p.day), at);
  const sameYear = days > 1 && days < 7 ? true : p.year === now.year;
  return t.onDay(t.dayLong(t.weekdays[p.weekday], month, p.day, sameYear ? undefined : p.year), at);
}

/** The same instant on the rider's own clock, when their zone is known and not Toronto's. */
export function riderClock(instant: Date, riderZone: string | undefined, locale: Locale = 'en'): string | undefined {
  if (!riderZone) return undefined;
  const theirs = DateTime.fromJSDate(instant, { zone: riderZone });
  if (!theirs.isValid) return undefined;
  if (theirs.offset === torontoOffsetMinutes(instant)) return undefined;
  const ours = torontoParts(instant);
  const sameDay = theirs.year === ours.year && theirs.month === ours.month && theirs.day === ours.day;
  const t = botWords(locale).time;
  return t.riderClock(clockOfParts(theirs, locale), sameDay ? undefined : t.weekdaysShort[theirs.weekday - 1]);
}

/** The clock hour a prediction covers: "8–9 am", "11 pm–12 am". */
export function hourSpan(instant: Date, locale: Locale = 'en'): string {
  // Toronto's offsets are whole hours, so the local hour starts on a UTC hour.
  const start = Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS;
  const a = torontoParts(start).hour;
  const b = torontoParts(start + HOUR_MS).hour;
  return botWords(locale).time.hourSpan(hour12(a), hour12(b), meridiem(a, locale), meridiem(b, locale));
}

/** 0.083 → "8%"; under 1% is "under 1%", never a flat 0% or a rounded-up 1%. */
export function percent(p: number, locale: Locale = 'en'): string {
  return riskPhrases(locale).percent(p);
}

/** The chance as odds a rider can picture: "about 1 in 7". */
export function chanceInWords(p: number, locale: Locale = 'en'): string {
  return riskPhrases(locale).odds(p);
}

/** How a probability compares with the route's usual one, in words: "1.4× the usual 10%". */
export function comparedWithUsual(p: number, usual: number, locale: Locale = 'en'): string {
  return riskPhrases(locale).compared(p, usual);
}

/** What to expect, from the probability alone: "probably on time" under 30%. */
export function outlookInWords(p: number, locale: Locale = 'en'): string {
  return riskPhrases(locale).outlook(p);
}
