// The text side of reading times: rewrites for what chrono-node misses, and the checks that
// refuse clock times and dates that do not exist before chrono quietly ignores or bends them.
import { DateTime } from 'luxon';
import { torontoZone } from '../../pipeline/toronto-time';
import type { TimeProblem } from './time-problem';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_RE = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50 };
const AMOUNT_WORDS = new RegExp(`\\b(?:(twenty|thirty|fou?rty|fifty)(?:[\\s-](${ONES.slice(1, 10).join('|')}))?|(${ONES.join('|')}))(?=\\s+(?:min|mins|minutes?|hours?|hrs?)\\b)`, 'g');

/** "forty minutes" → "40 minutes": chrono reads small number words but not all of them. */
function amountsInDigits(text: string): string {
  return text.replace(AMOUNT_WORDS, (_, tens: string | undefined, unit: string | undefined, small: string | undefined) =>
    String(tens ? TENS[tens] + (unit ? ONES.indexOf(unit) : 0) : ONES.indexOf(small ?? 'zero')));
}

/** Rewrites what chrono misses: "half past 7", "quarter to 8", "at 0800", "2moro". */
export function prepare(text: string, expectingTime: boolean): string {
  let t = amountsInDigits(text)
    .replace(/\b(\d{1,2}(?:[:.]\d{2})?)\s*-?ish\b/g, '$1') // "5ish"
    .replace(/\b(morning|afternoon|evening|night)s\b/g, '$1')
    .replace(/\b(?:2moro|2morrow|tmr|tmrw|tmrow|tmw|tomoz|tomorow|tommorow|tommorrow|tomorroww)\b/g, 'tomorrow')
    .replace(/\btonite\b/g, 'tonight')
    .replace(/\b(?:an|one) hour and a half\b/g, '90 minutes')
    .replace(/\b(\d+) and a half hours?\b/g, (_, h: string) => `${Number(h) * 60 + 30} minutes`)
    .replace(/\bchristmas eve\b/g, 'dec 24')
    .replace(/\b(?:christmas|xmas)(?: day)?\b/g, 'dec 25')
    .replace(/\bboxing day\b/g, 'dec 26')
    .replace(/\bnew ?year'?s eve\b/g, 'dec 31')
    .replace(/\bnew ?year'?s(?: day)?\b/g, 'jan 1')
    .replace(/\bcanada day\b/g, 'jul 1')
    .replace(/\bin (?:like|about|around|roughly|maybe) (\d)/g, 'in $1')
    // "I waited for 20 minutes": how long something lasted, not when the trip is.
    .replace(/\bfor ((?:\d+|an?|half an?) (?:minutes?|mins?|hours?|hrs?))\b(?! (?:from now|later|time))/g, (m) => ' '.repeat(m.length))
    .replace(/\bhalf past (\d{1,2})\b/g, '$1:30')
    .replace(/\bquarter past (\d{1,2})\b/g, '$1:15')
    .replace(/\bquarter to (\d{1,2})\b/g, (_, h: string) => `${(Number(h) + 11) % 12 || 12}:45`)
    .replace(/\b(at|by|around|for) ([01]?\d|2[0-3])([0-5]\d)\b(?!:)/g, '$1 $2:$3')
    .replace(/\b(?:around|about|by|approx(?:imately)?|roughly|near) (\d{1,2}(?:[:.]\d{2})?)\b/g, 'at $1')
    // "make it 9", "change that to 7:30", "or 10?": a clock time changed or offered.
    .replace(/\b(make (?:it|that)(?: for)?|change (?:it|that) to|instead|or|say|try|rather) (\d{1,2}(?:[:.]\d{2})?)\b(?!\s*(?:min|mins|minutes?|hours?|hrs?|days?)\b)/g, '$1 at $2')
    .replace(/(?<![\d:.])(\d{1,2}(?:[:.]\d{2})?) instead\b/g, 'at $1 instead')
    // "tomorrow 8", "friday 7:30": a clock time right after the day.
    .replace(/\b(today|tonight|tomorrow|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?) ((?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?)\b(?![:.]?\d|\s*(?:am|pm|a\.m|p\.m|min|mins|minutes?|hours?|hrs?|days?|weeks?|st|nd|rd|th)\b)/g, '$1 at $2')
    .replace(/\bo'?clock\b/g, '');
  if (expectingTime && /^\s*(?:about |around |at )?\d{1,2}(?:[:.h]\d{2})?\s*$/.test(t)) t = `at ${t.trim()}`;
  // "9 then?", "and 7:30?": a clock time with a word or two around it.
  else if (expectingTime) t = t.replace(/^\s*(?:and|or|maybe|say|then)?\s*(\d{1,2}(?:[:.]\d{2})?)(?=\s*(?:then|instead|maybe|perhaps|please|ok|okay)?\s*[?!.]*\s*$)/, 'at $1');
  return t;
}

/** Clock times that do not exist, caught before chrono quietly ignores them. */
export function impossibleClock(text: string): TimeProblem | undefined {
  for (const m of text.matchAll(/(?<![\d:])(\d{1,2})\s*[:h]\s*(\d{2})(?!\d)/g)) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (h > 23 || min > 59) return { kind: 'not-a-clock', hour: m[1], minute: m[2] };
  }
  for (const m of text.matchAll(/\b(?:at|by|around)\s+(\d{1,2})\s*(am|pm|a\.m\.?|p\.m\.?)?(?![\d:])/g)) {
    const h = Number(m[1]);
    if (h > 24 || (m[2] && (h > 12 || h === 0))) return { kind: 'not-a-clock', hour: m[1], meridiem: m[2] };
    if (h === 24) return { kind: 'hour-24' };
  }
  return undefined;
}

function daysIn(year: number, month: number): number {
  return DateTime.fromObject({ year, month }, { zone: torontoZone }).daysInMonth ?? 31;
}

/** "February 30", "april 31st", "31 june": dates that do not exist. */
export function impossibleDate(text: string, refYear: number): TimeProblem | undefined {
  const patterns = [
    new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4}))?`, 'g'),
  ];
  for (const [i, re] of patterns.entries()) {
    for (const m of text.matchAll(re)) {
      const monthWord = i === 0 ? m[1] : m[2];
      const day = Number(i === 0 ? m[2] : m[1]);
      const month = MONTHS.indexOf(monthWord.slice(0, 3)) + 1;
      const problem = dateProblem(day, month, m[3] ? Number(m[3]) : undefined, refYear);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** What is wrong with a day of a month (and year, if said), in any language: 31 April, 29 February when none is near. */
export function dateProblem(day: number, month: number, year: number | undefined, refYear: number): TimeProblem | undefined {
  if (month < 1 || day < 1) return undefined;
  const longest = month === 2 ? (year ? daysIn(year, 2) : 29) : daysIn(2025, month);
  if (day > longest) return { kind: 'not-a-date', month, day };
  if (month === 2 && day === 29 && !year) {
    const next = [refYear, refYear + 1].find((y) => daysIn(y, 2) === 29);
    if (next === undefined) return { kind: 'no-february-29', until: refYear + (4 - (refYear % 4)) };
  }
  return undefined;
}
