/**
 * Reading trip-alert commands: "alert me weekdays at 7:45 about the 504 eastbound at 8", "remind
 * me 15 minutes before my 504 east tomorrow at 8am", "my alerts", "stop the 504 alert", "stop all
 * alerts", "pause alerts until Monday", "resume alerts", and the alert buttons of cards.
 *
 * readAlertCommand(text, value, ref) says whether a message is an alert command at all (the main
 * dialog routes those to the alerts dialog, wherever the conversation is); readAlertRequest reads
 * the trip, days, clock times, lead and "only if worse" of a subscription, also from the answers
 * to the alerts dialog's questions. resolveAlertTimes turns what was said into a schedule in
 * Toronto wall-clock time, or a problem to tell the rider. Route and direction are read by the
 * trip dialog's own readers (route.ts, direction.ts, towards.ts), so they mean the same here.
 * French is said in these words first (./subscription-fr.ts).
 */
import type { Locale } from '../../chart/catalogue';
import { fromTorontoWallClock, torontoParts } from '../../pipeline/toronto-time';
import { isDirection, type Direction } from '../../pipeline/types';
import {
  EVERY_DAY, MAX_LEAD_MINUTES, MIN_LEAD_MINUTES, WEEKDAYS, WEEKENDS,
  type Clock, type LocalDay, type Schedule, type Weekday,
} from '../../alerts/model';
import { readDirection, type DirectionReading } from './direction';
import { readRoute, type RouteReading } from './route';
import { mask, normalize, type Span } from './text';
import { PAST_GRACE_MINUTES } from './time';
import type { TimeProblem } from './time-problem';
import { impossibleClock, impossibleDate, prepare } from './time-text';
import { readTowards, type TowardsReading } from './towards';
import { frenchAlertText } from './subscription-fr';

/** A message in the words the alert reader looks for: normalized, and French said its way. */
function alertText(raw: string, locale: Locale): string {
  const text = normalize(raw).slice(0, 500);
  return locale === 'fr' ? frenchAlertText(text) : text;
}

/** A clock time as said: the hours it may mean ([8, 20] for a bare "8"). */
export interface ClockReading {
  minute: number;
  /** Hours (0–23) it may mean, the likelier first. */
  hours: number[];
}

export interface AlertRequest {
  route: RouteReading;
  direction: DirectionReading;
  towards?: TowardsReading;
  upDown?: 'n' | 's';
  otherWay: boolean;
  /** Every week on these days. */
  days?: Weekday[];
  /** Once, on this Toronto day. */
  once?: LocalDay;
  /** `once` came from a bare weekday ("on Friday"): today's, or next week's if today's has passed. */
  onceFromWeekday?: boolean;
  /** "just this once" (answering "which days?"). */
  justOnce?: boolean;
  tripClock?: ClockReading;
  alertClock?: ClockReading;
  leadMinutes?: number;
  onlyIfWorse: boolean;
  /** What cannot be taken as said: more often than daily, an impossible clock or date, a past date. */
  problem?: { kind: 'too_often' } | DayProblem;
}

export type AlertCommand =
  | { kind: 'subscribe'; request: AlertRequest }
  /** The answer card's "Alert me before this trip". */
  | { kind: 'offer'; route: number; direction: Direction; time: Date; branch?: string }
  | { kind: 'list' }
  /** `id`: one alert (its Stop button); `route`: that route's; `all`: every one; none of them: ask which. */
  | { kind: 'stop'; id?: string; route?: number; direction?: Direction; all: boolean }
  /** `until` undefined: until "resume alerts". */
  | { kind: 'pause'; until?: Date; problem?: PauseProblem }
  | { kind: 'resume' };

const ALERT_WORD = /\b(?:alerts?|reminders?|subscriptions?|notifications?)\b/;
const TRIGGER = /\b(?:alert|remind|notify|ping|warn|message|text) me\b|\b(?:set|create|add|make|schedule|start)(?: up)?(?: me)? (?:an? |my |the |a new )?(?:trip |daily |weekly |weekday )?(?:alert|reminder|notification)s?\b|(?<!un)\bsubscribe\b|\b(?:send|give) me (?:an? )?(?:alert|reminder|heads[ -]?up|notification)s?\b|\bheads[ -]?up\b/;
const STOP = /\b(?:stop|cancel|delete|remove|end|turn off|switch off|disable|kill|drop|unsubscribe|no more|clear)\b/;
const PAUSE = /\b(?:pause|hold|suspend|mute|snooze|silence)\b/;
const RESUME = /\b(?:resume|unpause|un-pause|turn (?:back )?on|switch (?:back )?on|re-?enable|restart|restore)\b/;
const LIST = /^(?:(?:please )?(?:show|list|see|view|check|get|display|what are|which are|what|which)\s+)?(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:my|the|your|current)?\s*(?:trip\s+)?(?:alerts|reminders|subscriptions)(?:\s+(?:do i have|have i (?:got|set)|i have|are (?:on|set)))?\s*[?.!]*$/;
const TOO_OFTEN = /\bevery (?:\d+ |few |couple (?:of )?|other )?(?:minutes?|mins?|hours?|hrs?|half hour|quarter hour)\b|\bhourly\b|\b(?:twice|two times|three times|thrice|\d+ times|several times|multiple times|many times) (?:a|per|each|every) day\b|\bevery (?:half an?|quarter of an?) hour\b|\b(?:continuously|constantly|nonstop|all day long)\b/;
const ONLY_IF_WORSE = [
  /\b(?:only|just)\b.{0,40}\b(?:worse|bad|delay(?:s|ed)?|late|risk(?:y|ier)?|problems?|trouble|higher)\b/,
  /\bif\b.{0,30}\b(?:worse|bad|likely (?:late|delayed)|delay(?:s|ed)?|late)\b/,
  /\b(?:worse|riskier) than (?:usual|normal)\b/,
  /\bon bad days\b/,
];

const DAY_NAMES: [Weekday, RegExp][] = [
  [0, /^(?:mondays?|mon|mons)$/],
  [1, /^(?:tuesdays?|tues|tue)$/],
  [2, /^(?:wednesdays?|wed|weds)$/],
  [3, /^(?:thursdays?|thurs|thur|thu)$/],
  [4, /^(?:fridays?|fri|fris)$/],
  [5, /^(?:saturdays?|sat|sats)$/],
  [6, /^(?:sundays?|sun|suns)$/],
];
const DAY_WORD = '(?:mondays?|mon|mons|tuesdays?|tues|tue|wednesdays?|wed|weds|thursdays?|thurs|thur|thu|fridays?|fri|fris|saturdays?|sat|sats|sundays?|sun|suns)';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_RE = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';

function dayOf(word: string): Weekday | undefined {
  return DAY_NAMES.find(([, re]) => re.test(word))?.[0];
}

function localDay(t: { year: number; month: number; day: number }): LocalDay {
  return { year: t.year, month: t.month, day: t.day };
}

function plusDays(d: LocalDay, n: number): LocalDay {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function weekdayOf(d: LocalDay): Weekday {
  const days = Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
  return ((((days + 3) % 7) + 7) % 7) as Weekday;
}

function dayNumber(d: LocalDay): number {
  return Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
}

/** Blanks `re`'s matches in `text` (same length), recording them in `spans`. */
function take(text: string, re: RegExp, spans: Span[]): { text: string; matches: RegExpMatchArray[] } {
  const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
  const matches = [...text.matchAll(new RegExp(re.source, flags))];
  for (const m of matches) spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  return { text: mask(text, spans), matches };
}

// ── the lead: "15 minutes before", "half an hour ahead", "an hour and a half early" ──

const LEAD = /\b(\d{1,4}|an?|one|half an?|a half|(?:a )?quarter of an?)\s*(minutes?|mins?|m|hours?|hrs?|hr|h)\s*(?:before|ahead|early|earlier|prior|in advance|beforehand|ahead of time|notice|heads[ -]?up)\b/;

function leadOf(m: RegExpMatchArray): number {
  const [, amount, unit] = m;
  const hours = /^h/.test(unit);
  let n: number;
  if (/^\d/.test(amount)) n = Number(amount);
  else if (/half/.test(amount)) n = 0.5;
  else if (/quarter/.test(amount)) n = 0.25;
  else n = 1;
  return Math.round(hours ? n * 60 : n);
}

// ── clock times ──

const CLOCK = /(?<![\d:.$#/-])(\d{1,2})(?:\s*[:h.]\s*(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d%])(?!\s*(?:min|mins|minutes?|hours?|hrs?|h\b|days?|weeks?|times|x\b|percent|%|st\b|nd\b|rd\b|th\b))/g;
const CLOCK_WORDS = /\b(noon|midday|midnight)\b/g;

interface FoundClock extends ClockReading {
  start: number;
  end: number;
}

function clockReading(hourText: string, minuteText: string | undefined, meridiem: string | undefined, after: string): ClockReading | undefined {
  const hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (hour > 23 || minute > 59) return undefined;
  const m = meridiem?.replace(/[\s.]/g, '');
  if (m === 'am' || m === 'pm') {
    if (hour < 1 || hour > 12) return undefined;
    return { minute, hours: [m === 'am' ? hour % 12 : (hour % 12) + 12] };
  }
  // "at 8 in the morning", "5 in the evening", "11 at night"
  if (/^\s*(?:in the )?(?:morning|a\.?m\b)/.test(after) && hour <= 12) return { minute, hours: [hour % 12] };
  if (/^\s*(?:in the )?(?:evening|afternoon|night)|^\s*at night|^\s*tonight/.test(after) && hour <= 12) return { minute, hours: [hour === 12 ? 12 : hour + 12] };
  if (hour === 0 || hour > 12 || /^0\d/.test(hourText)) return { minute, hours: [hour] };
  // A bare 1–12: the likelier half first (6–11 → am, 12 → noon, 1–5 → pm), as riders mean.
  const am = hour % 12;
  const pm = am + 12;
  return { minute, hours: hour >= 6 && hour <= 11 ? [am, pm] : [pm, am] };
}

function findClocks(text: string): FoundClock[] {
  const found: FoundClock[] = [];
  for (const m of text.matchAll(CLOCK)) {
    const start = m.index ?? 0;
    const before = text.slice(Math.max(0, start - 12), start);
    const hasMinutes = m[2] !== undefined;
    const hasMeridiem = m[3] !== undefined;
    if (!hasMinutes && !hasMeridiem && !/(?:\bat|@|\bby|\baround|\babout|\bfor|\bbefore|\buntil|\btill)\s*$/.test(before)) continue;
    const reading = clockReading(m[1], m[2], m[3], text.slice(start + m[0].length, start + m[0].length + 20));
    if (reading) found.push({ ...reading, start, end: start + m[0].length });
  }
  for (const m of text.matchAll(CLOCK_WORDS)) {
    const start = m.index ?? 0;
    found.push({ minute: 0, hours: [m[1] === 'midnight' ? 0 : 12], start, end: start + m[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

// ── days ──

/**
 * A day said that cannot be used: in the past, or one the trip dialog's reader refuses in its own
 * words ("February 30 isn't a date"). Codes, not sentences: the alert words are in the catalogue.
 */
export type DayProblem = { kind: 'past_day' } | { kind: 'words'; problem: TimeProblem };
/** Why a pause cannot be done as said. */
export type PauseProblem = { kind: 'too_long' } | DayProblem;

interface DaysReading {
  days?: Weekday[];
  once?: LocalDay;
  onceFromWeekday?: boolean;
  justOnce?: boolean;
  problem?: DayProblem;
}

function readDays(text: string, ref: Date, spans: Span[]): { text: string; reading: DaysReading } {
  const reading: DaysReading = {};
  const today = localDay(torontoParts(ref));
  const days = new Set<Weekday>();
  let weekly = false;
  let t = text;
  const grab = (re: RegExp): RegExpMatchArray[] => {
    const r = take(t, re, spans);
    t = r.text;
    return r.matches;
  };
  if (grab(/\b(?:just|only)? ?(?:this )?once\b|\bjust this (?:time|trip)\b|\bone[- ]off\b|\bonly this (?:time|trip)\b/).length > 0) reading.justOnce = true;
  if (grab(/\b(?:every ?day|daily|each day|all week|(?:7|seven) days a week|every (?:morning|afternoon|evening|night))\b/).length > 0) {
    EVERY_DAY.forEach((d) => days.add(d));
    weekly = true;
  }
  if (grab(/\b(?:(?:every |on |each )?week ?days|every weekday|work ?days|working days|school days|business days|weekday (?:mornings|evenings|afternoons))\b/).length > 0) {
    WEEKDAYS.forEach((d) => days.add(d));
    weekly = true;
  }
  if (grab(/\b(?:(?:every |on )?week ?ends|every weekend|on the weekend|weekend (?:mornings|evenings))\b/).length > 0) {
    WEEKENDS.forEach((d) => days.add(d));
    weekly = true;
  }
  // "monday to friday", "mon-fri", "tuesday through thursday"
  for (const m of grab(new RegExp(`\\b${DAY_WORD}\\s*(?:-|to|through|thru|till|until)\\s*${DAY_WORD}\\b`))) {
    const [a, b] = m[0].split(/\s*(?:-|to|through|thru|till|until)\s*/).map(dayOf);
    if (a === undefined || b === undefined) continue;
    for (let d = a; ; d = ((d + 1) % 7) as Weekday) {
      days.add(d);
      if (d === b) break;
    }
    weekly = true;
  }
  let singular: Weekday | undefined;
  for (const m of grab(new RegExp(`(?:\\b(every|each|on|next|this)\\s+)?\\b${DAY_WORD}\\b`))) {
    const words = m[0].trim().split(/\s+/);
    const word = words[words.length - 1];
    const d = dayOf(word);
    if (d === undefined) continue;
    days.add(d);
    const plural = /s$/.test(word) && !/^(?:tues|thurs|weds)$/.test(word);
    if (plural || /^(?:every|each)$/.test(words[0])) weekly = true;
    else singular ??= d;
  }
  if (days.size > 1) weekly = true;
  if (/\b(?:weekly|every week|each week)\b/.test(t)) weekly = weekly || days.size > 0;

  if (weekly && days.size > 0) {
    reading.days = [...days].sort() as Weekday[];
  } else if (singular !== undefined) {
    // "on Friday": the coming one (today counts: resolveAlertTimes moves on a week if it has passed).
    const ahead = (singular - weekdayOf(today) + 7) % 7;
    reading.once = plusDays(today, ahead);
    reading.onceFromWeekday = true;
  }
  const before = reading.once;
  // One-off days: today, tonight, tomorrow, a date.
  if (grab(/\bday after tomorrow\b/).length > 0) reading.once = plusDays(today, 2);
  if (grab(/\b(?:tomorrow|tmrw|tmr|2moro)\b/).length > 0) reading.once = plusDays(today, 1);
  if (grab(/\b(?:today|tonight|this (?:morning|afternoon|evening))\b/).length > 0) reading.once = today;
  const bad = impossibleDate(t, today.year);
  if (bad) reading.problem = { kind: 'words', problem: bad };
  const dates: [RegExp, (m: RegExpMatchArray) => { month: number; day: number; year?: number }][] = [
    [new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`), (m) => ({ month: MONTHS.indexOf(m[1].slice(0, 3)) + 1, day: Number(m[2]), year: m[3] ? Number(m[3]) : undefined })],
    [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4}))?`), (m) => ({ month: MONTHS.indexOf(m[2].slice(0, 3)) + 1, day: Number(m[1]), year: m[3] ? Number(m[3]) : undefined })],
    [/\b(\d{4})-(\d{2})-(\d{2})\b/, (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) })],
  ];
  for (const [re, parts] of dates) {
    for (const m of grab(re)) {
      const p = parts(m);
      if (p.month < 1 || p.day < 1 || reading.problem) continue;
      let day: LocalDay = { year: p.year ?? today.year, month: p.month, day: p.day };
      // "June 1" said in November means next June (as the trip dialog reads it).
      if (p.year === undefined && dayNumber(day) < dayNumber(today) - 31) day = { ...day, year: day.year + 1 };
      if (dayNumber(day) < dayNumber(today)) reading.problem = { kind: 'past_day' };
      reading.once = day;
    }
  }
  if (reading.once !== before) delete reading.onceFromWeekday;
  return { text: t, reading };
}

/** Reads the parts of a subscription from a message (the trigger words are not needed). */
export function readAlertRequest(raw: string, ref: Date, options: { expectingTime?: boolean; locale?: Locale } = {}): AlertRequest {
  const text = alertText(raw, options.locale ?? 'en');
  const taken: Span[] = [];
  const towards = readTowards(text, taken);
  const route = readRoute(text, taken);
  const direction = readDirection(text, taken);
  const upDown = /\buptown\b/.test(text) ? 'n' : /\bdowntown\b/.test(text) ? 's' : undefined;
  const otherWay = /\b(?:other way|other direction|opposite (?:way|direction))\b/.test(text);
  const onlyIfWorse = ONLY_IF_WORSE.some((re) => re.test(text));
  const request: AlertRequest = { route, direction, towards, upDown, otherWay, onlyIfWorse };

  // The rest is read with routes and directions blanked, so "504" is never a clock time.
  let rest = prepare(mask(text, taken), options.expectingTime ?? false);
  if (TOO_OFTEN.test(rest)) request.problem = { kind: 'too_often' };
  const badClock = impossibleClock(rest);
  if (badClock) request.problem ??= { kind: 'words', problem: badClock };
  const spans: Span[] = [];
  const lead = take(rest, LEAD, spans);
  rest = lead.text;
  if (lead.matches.length > 0) request.leadMinutes = leadOf(lead.matches[0]);
  const days = readDays(rest, ref, spans);
  rest = days.text;
  if (days.reading.days) request.days = days.reading.days;
  if (days.reading.once) request.once = days.reading.once;
  if (days.reading.onceFromWeekday) request.onceFromWeekday = true;
  if (days.reading.justOnce) request.justOnce = true;
  if (days.reading.problem) request.problem ??= days.reading.problem;

  const clocks = findClocks(rest);
  if (clocks.length > 2) {
    request.problem ??= { kind: 'too_often' };
  } else if (clocks.length === 2) {
    const between = rest.slice(clocks[0].end, clocks[1].start);
    if (/^\s*(?:,|and|&|or|plus|then)\s*(?:again\s*)?(?:at\s*)?$/.test(between) && !isAlertClock(rest, clocks[0])) {
      request.problem ??= { kind: 'too_often' }; // "at 8 and 5:30": two trips
    } else {
      const flagged = clocks.findIndex((c) => isAlertClock(rest, c));
      const alert = flagged >= 0 ? clocks[flagged] : undefined;
      if (alert) {
        request.alertClock = strip(alert);
        request.tripClock = strip(clocks[1 - flagged]);
      } else {
        // Neither said as "alert me at": the earlier in the day is the alert.
        const [a, b] = clocks;
        const earlierFirst = (a.hours[0] * 60 + a.minute) <= (b.hours[0] * 60 + b.minute);
        request.alertClock = strip(earlierFirst ? a : b);
        request.tripClock = strip(earlierFirst ? b : a);
      }
    }
  } else if (clocks.length === 1) {
    if (isAlertClock(rest, clocks[0]) && request.leadMinutes === undefined) request.alertClock = strip(clocks[0]);
    else request.tripClock = strip(clocks[0]);
  }
  return request;
}

function strip(c: FoundClock): ClockReading {
  return { minute: c.minute, hours: c.hours };
}

/** "alert me (weekdays) at 7:45 …": a clock right after the trigger, before any trip words. */
function isAlertClock(text: string, clock: FoundClock): boolean {
  const before = text.slice(Math.max(0, clock.start - 60), clock.start);
  const m = /\b(?:alert|remind|notify|ping|warn|message|text|wake) me\b(.*)$/.exec(before);
  if (!m) return false;
  return !/\b(?:about|for|before|my|trip|car|streetcar|the|when|if|on the)\b/.test(m[1]);
}

const ID = /\b([0-9a-f]{16})\b/;

/** An alert button's data ({ alerts: { action, … } }), when `value` is one. */
function fromValue(value: unknown): AlertCommand | undefined {
  const data = (value as { alerts?: unknown } | undefined)?.alerts;
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (d.action === 'list') return { kind: 'list' };
  if (d.action === 'stopAll') return { kind: 'stop', all: true };
  if (d.action === 'stop' && typeof d.id === 'string' && /^[0-9a-f]{16}$/.test(d.id)) return { kind: 'stop', id: d.id, all: false };
  if (d.action === 'offer' && typeof d.route === 'number' && isDirection(d.direction) && typeof d.time === 'string') {
    const time = new Date(d.time);
    if (Number.isNaN(time.getTime())) return undefined;
    const branch = typeof d.branch === 'string' && /^\d{3}[A-Z]$/.test(d.branch) ? d.branch : undefined;
    return { kind: 'offer', route: d.route, direction: d.direction, time, ...(branch ? { branch } : {}) };
  }
  return undefined;
}

/** "until Monday", "for a week", "through Friday": the instant alerts come back, or a problem. */
function pauseEnd(text: string, ref: Date): { until?: Date; problem?: PauseProblem } {
  const today = localDay(torontoParts(ref));
  const startOf = (d: LocalDay): Date | undefined => {
    const r = fromTorontoWallClock(d.year, d.month, d.day);
    return r.ok ? r.instant : undefined;
  };
  const amount = /\bfor (?:the next )?(\d{1,3}|a|an|one|two|three|four|a couple of) (day|week|month)s?\b/.exec(text);
  if (amount) {
    const n = /^\d/.test(amount[1]) ? Number(amount[1]) : ({ a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, 'a couple of': 2 } as Record<string, number>)[amount[1]] ?? 1;
    const days = n * (amount[2] === 'week' ? 7 : amount[2] === 'month' ? 30 : 1);
    if (days > 366) return { problem: { kind: 'too_long' } };
    return { until: startOf(plusDays(today, days)) };
  }
  const m = /\b(until|till|til|through|thru|to)\b\s+(.*)$/.exec(text);
  if (!m || /\b(?:further notice|i say|resumed?|turned? (?:back )?on)\b/.test(m[2])) return {};
  const after = m[1] === 'through' || m[1] === 'thru' ? 1 : 0;
  const what = m[2];
  if (/\bnext week\b/.test(what)) return { until: startOf(plusDays(today, ((7 - weekdayOf(today)) % 7) || 7)) };
  const { reading } = readDays(what, ref, []);
  if (reading.problem) return { problem: reading.problem };
  let day: LocalDay | undefined = reading.once;
  if (!day && reading.days?.length === 1) day = plusDays(today, ((reading.days[0] - weekdayOf(today) + 7) % 7) || 7);
  if (day && dayNumber(day) === dayNumber(today) && after === 0 && /\b(?:mon|tue|wed|thu|fri|sat|sun)/.test(what)) day = plusDays(day, 7);
  if (!day) return {};
  day = plusDays(day, after);
  if (dayNumber(day) - dayNumber(today) > 366) return { problem: { kind: 'too_long' } };
  return { until: startOf(day) };
}

/**
 * Whether the message is an alert command, and which. Undefined for everything else (trips,
 * "any alerts on the 504?"), which the trip dialog reads as before.
 */
export function readAlertCommand(rawText: string | undefined, value: unknown, ref: Date, locale: Locale = 'en'): AlertCommand | undefined {
  const fromButton = fromValue(value);
  if (fromButton) return fromButton;
  if (typeof rawText !== 'string') return undefined;
  const text = alertText(rawText, locale);
  if (text === '') return undefined;
  if (LIST.test(text)) return { kind: 'list' };
  const mentionsAlerts = ALERT_WORD.test(text);
  if ((STOP.test(text) && mentionsAlerts) || /^unsubscribe\b/.test(text)) {
    const id = ID.exec(text)?.[1];
    if (id) return { kind: 'stop', id, all: false };
    const route = readRoute(text);
    const direction = readDirection(text);
    const all = /\b(?:all|every|everything|any)\b/.test(text) || /^unsubscribe\b/.test(text) || (route.kind !== 'route' && /\b(?:alerts|reminders|subscriptions|notifications)\b/.test(text));
    return {
      kind: 'stop',
      all: route.kind !== 'route' && all,
      ...(route.kind === 'route' ? { route: route.route } : {}),
      ...(route.kind === 'route' && direction.kind === 'direction' ? { direction: direction.direction } : {}),
    };
  }
  if (PAUSE.test(text) && mentionsAlerts) {
    const end = pauseEnd(text, ref);
    return { kind: 'pause', ...end };
  }
  if (/\bno (?:more )?(?:alerts|reminders) (?:until|till|til|for)\b/.test(text)) return { kind: 'pause', ...pauseEnd(text, ref) };
  if (RESUME.test(text) && mentionsAlerts && readRoute(text).kind === 'none') return { kind: 'resume' };
  if (TRIGGER.test(text)) return { kind: 'subscribe', request: readAlertRequest(text, ref) }; // already in the reader's words
  return undefined;
}

// ── from what was said to a schedule ──

/** Something to say before the confirmation: `took_tomorrow`, a trip time without a day that had passed today. */
export type ResolutionNote = 'took_tomorrow';

export type Resolution =
  | { kind: 'ok'; schedule: Schedule; leadMinutes: number; notes: ResolutionNote[] }
  | { kind: 'missing'; slot: 'time' | 'days' }
  | { kind: 'problem'; problem: ResolutionProblem };

export type ResolutionProblem =
  | { kind: 'lead_too_short'; minutes: number }
  | { kind: 'lead_too_long'; minutes: number }
  | { kind: 'already_past'; sendAt: Date }
  | { kind: 'no_such_clock'; clock: Clock; day: LocalDay }
  | { kind: 'too_far' };

export interface TimesSaid {
  tripClock?: ClockReading;
  alertClock?: ClockReading;
  leadMinutes?: number;
  days?: Weekday[];
  once?: LocalDay;
  onceFromWeekday?: boolean;
  /** Ask "which days?" rather than assume the next trip (the card's button). */
  askDays?: boolean;
}

/**
 * The schedule and lead from what the rider said, in Toronto wall-clock time, as of `ref` (the
 * message's time). No days named: once, the next time that trip runs (today, or tomorrow when the
 * trip time has passed today, said in a note — as the trip dialog reads "at 5:30").
 */
export function resolveAlertTimes(said: TimesSaid, ref: Date, defaultLead: number): Resolution {
  let { tripClock } = said;
  const { alertClock } = said;
  let lead = said.leadMinutes;
  // "alert me at 7:45, 15 minutes before my trip": the trip is at 8:00.
  if (!tripClock && alertClock && lead !== undefined) {
    tripClock = { minute: (alertClock.minute + lead) % 60, hours: alertClock.hours.map((h) => (h + Math.floor((alertClock.minute + lead!) / 60)) % 24) };
  }
  if (!tripClock) return { kind: 'missing', slot: 'time' };
  if (said.askDays && !said.days && !said.once) return { kind: 'missing', slot: 'days' };

  // The hours: with an alert clock, the pair giving the shortest positive lead (ties: the likelier trip hour).
  let hours = tripClock.hours;
  if (alertClock) {
    let best: { trip: number; lead: number } | undefined;
    for (const t of tripClock.hours) {
      for (const a of alertClock.hours) {
        const l = (((t * 60 + tripClock.minute - (a * 60 + alertClock.minute)) % 1440) + 1440) % 1440;
        if (!best || l < best.lead) best = { trip: t, lead: l };
      }
    }
    hours = [best!.trip];
    lead = best!.lead;
  }
  lead ??= defaultLead;
  if (lead < MIN_LEAD_MINUTES) return { kind: 'problem', problem: { kind: 'lead_too_short', minutes: lead } };
  if (lead > MAX_LEAD_MINUTES) return { kind: 'problem', problem: { kind: 'lead_too_long', minutes: lead } };
  const minute = tripClock.minute;
  const notes: ResolutionNote[] = [];

  if (said.days && said.days.length > 0) {
    return { kind: 'ok', schedule: { kind: 'weekly', days: said.days, clock: { hour: hours[0], minute } }, leadMinutes: lead, notes };
  }

  const today = localDay(torontoParts(ref));
  const tripOn = (day: LocalDay, hour: number) => fromTorontoWallClock(day.year, day.month, day.day, hour, minute);
  if (said.once) {
    const day = said.once;
    if (dayNumber(day) - dayNumber(today) > 366) return { kind: 'problem', problem: { kind: 'too_far' } };
    // With a day named, a bare "at 5" is 5 pm (the likelier hour comes first).
    const hour = hours[0];
    let trip = tripOn(day, hour);
    if (!trip.ok) return { kind: 'problem', problem: { kind: 'no_such_clock', clock: { hour, minute }, day } };
    let sendAt = trip.instant.getTime() - lead * 60_000;
    // A bare weekday that is today but has passed means next week's.
    if (sendAt < ref.getTime() && dayNumber(day) === dayNumber(today) && said.onceFromWeekday) {
      const next = plusDays(day, 7);
      trip = tripOn(next, hour);
      if (trip.ok) sendAt = trip.instant.getTime() - lead * 60_000;
      if (trip.ok && sendAt >= ref.getTime()) return { kind: 'ok', schedule: { kind: 'once', day: next, clock: { hour, minute } }, leadMinutes: lead, notes };
    }
    if (sendAt < ref.getTime()) return { kind: 'problem', problem: { kind: 'already_past', sendAt: new Date(sendAt) } };
    return { kind: 'ok', schedule: { kind: 'once', day, clock: { hour, minute } }, leadMinutes: lead, notes };
  }

  // No day: the next time that trip runs. A trip time passed today (beyond the trip dialog's
  // grace) is tomorrow's; a trip still ahead whose alert time has passed is refused.
  const grace = PAST_GRACE_MINUTES * 60_000;
  const options: { day: LocalDay; hour: number; trip: number }[] = [];
  for (const day of [today, plusDays(today, 1)]) {
    for (const hour of hours) {
      const t = tripOn(day, hour);
      if (t.ok) options.push({ day, hour, trip: t.instant.getTime() });
    }
  }
  options.sort((a, b) => a.trip - b.trip);
  const next = options.find((o) => o.trip >= ref.getTime() - grace);
  if (!next) return { kind: 'missing', slot: 'time' };
  const sendAt = next.trip - lead * 60_000;
  if (sendAt < ref.getTime()) return { kind: 'problem', problem: { kind: 'already_past', sendAt: new Date(sendAt) } };
  if (dayNumber(next.day) !== dayNumber(today) && torontoParts(ref).hour >= 4) notes.push('took_tomorrow');
  return { kind: 'ok', schedule: { kind: 'once', day: next.day, clock: { hour: next.hour, minute } }, leadMinutes: lead, notes };
}
