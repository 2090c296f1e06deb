import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { torontoZone, fromTorontoWallClock, torontoOffsetMinutes } from '../../pipeline/toronto-time';
import { mask, type Span } from './text';
import { MONTH_NAMES, impossibleClock, impossibleDate, prepare } from './time-text';

/** A calendar day in Toronto. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export type TimeReading =
  | { kind: 'none' }
  /** `note` says how a bare clock time was placed when it is not today ("4 pm today has passed"). */
  | { kind: 'instant'; instant: Date; note?: string }
  /** A day was named but no clock time ("tomorrow", "next Friday"): ask for the time. */
  | { kind: 'day'; date: LocalDate }
  /** A time the rider meant but that cannot be used: past, impossible, too far off. */
  | { kind: 'problem'; problem: string };

export interface TimeOptions {
  /** The day asked about earlier, when this message only gives a clock time. */
  day?: LocalDate;
  /** The bot just asked "what time?": a bare "8" or "8:15" is a clock time. */
  expectingTime?: boolean;
  /** The clock time of the trip being talked about: "same time tomorrow" means that time. */
  clock?: { hour: number; minute: number };
  /**
   * The trip being talked about, when the message changes it ("what about at 9?", "an hour
   * later", "the day after", "coming back at 6"): what the message leaves out is kept from it.
   */
  anchor?: TripAnchor;
  /** Where the route is named: of several clock times without a day, the nearest is the trip's. */
  near?: number;
}

export interface TripAnchor {
  instant: Date;
  /** A return trip: a bare clock time means the first one after the trip ("back at 5:30"). */
  after?: boolean;
}

/** Minutes a stated time may lie in the past and still mean "the car I'm waiting for". */
export const PAST_GRACE_MINUTES = 10;
/** The model knows nothing useful about trips further off than this. */
export const MAX_DAYS_AHEAD = 366;


const NOW = /(?<![\p{L}])(?:now|right now|rn|asap|right away|immediately|currently|at the moment|next (?:car|one|streetcar|tram)|soon|in a (?:minute|min|sec|bit))(?![\p{L}])/u;
const SAME_CLOCK = /(?<![\p{L}])(?:this|same|that) time(?![\p{L}])/u;
const SAME_TRIP = /(?<![\p{L}])(?:same|again|usual)(?![\p{L}])/u;
const RUSH = /(?<![\p{L}])(?:(morning|am|a\.m\.|evening|pm|p\.m\.|afternoon)\s+)?rush(?:\s*-?\s*hour)?(?:\s+(morning|evening|tonight|this morning|this evening))?(?![\p{L}])/u;
const PAST_WORDS = /(?<![\p{L}])(?:yesterday|last (?:night|week|mon|tue|wed|thu|fri|sat|sun)\w*|ago)(?![\p{L}])/gu;
/** Telling what happened ("I waited", "it was late"), not asking about a time. */
const PAST_TENSE = /(?<![\p{L}])(?:was|were|had|did|didn't|got|took|came|went|sat|stood|left|ran|saw|been|broke|said|told|stuck|\p{L}{3,}ed)(?![\p{L}])/u;
const CLAUSE = /[.!?;,]|(?<![\p{L}])but(?![\p{L}])/u;
const HABIT = /(?<![\p{L}])(?:usually|normally|always|typically|often|most days|every (?:day|morning|evening|night|week|weekday|time))(?![\p{L}])/u;
/** "an hour later", "30 minutes earlier", "half an hour before": moved from the trip's time. */
const SHIFT = /(?<![\p{L}])(?:(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|half an?|a half|a couple of|a few)\s+)?(hours?|hrs?|hr|minutes?|mins?|min)\s+(later|earlier|sooner|after(?:\s+that)?|before(?:\s+that)?)(?![\p{L}])/u;
/** "the day after", "the next day", "a week later": a day counted from the trip's. */
const DAY_SHIFT: [RegExp, number][] = [
  [/(?<![\p{L}])(?:the\s+)?(?:next|following)\s+day(?![\p{L}])|(?<![\p{L}])(?:the\s+)?day\s+after(?!\s+tomorrow)(?:\s+that)?(?![\p{L}])|(?<![\p{L}])(?:a|one)\s+day\s+later(?![\p{L}])/u, 1],
  [/(?<![\p{L}])(?:the\s+)?(?:previous|preceding)\s+day(?![\p{L}])|(?<![\p{L}])(?:the\s+)?day\s+before(?!\s+yesterday)(?:\s+that)?(?![\p{L}])|(?<![\p{L}])(?:a|one)\s+day\s+(?:earlier|before)(?![\p{L}])/u, -1],
  [/(?<![\p{L}])(?:(?:a|one)\s+week\s+later|the\s+week\s+after|next\s+week|a\s+week\s+from\s+then)(?![\p{L}])/u, 7],
];
/** "push it back an hour" (later), "move it up 30 minutes", "bring it forward an hour" (earlier). */
const PUSHED = /(?<![\p{L}])(?:push|move|put|bring|set)\s+(?:it|that|the trip)?\s*(back|up|forward|ahead)\s+(?:by\s+)?(?:(\d+(?:\.\d+)?|an?|one|two|three|half an?|a half|a couple of)\s+)?(hours?|hrs?|hr|minutes?|mins?|min)(?![\p{L}])/u;
const DAY_AFTER_TOMORROW = /(?<![\p{L}])(?:the\s+)?day\s+after\s+tomorrow(?![\p{L}])/u;
const AMOUNTS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, 'half an': 0.5, 'half a': 0.5, 'a half': 0.5, 'a couple of': 2, 'a few': 3 };

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function torontoNow(ref: Date): DateTime {
  return DateTime.fromJSDate(ref, { zone: torontoZone });
}

function instantOf(p: Parts): { ok: true; instant: Date } | { ok: false; problem: string } {
  // In the hour repeated when clocks fall back this is the first (daylight) pass.
  const r = fromTorontoWallClock(p.year, p.month, p.day, p.hour, p.minute);
  if (r.ok) return r;
  const when = DateTime.fromObject({ year: p.year, month: p.month, day: p.day }, { zone: torontoZone });
  if (!when.isValid) return { ok: false, problem: `${MONTH_NAMES[p.month - 1] ?? '?'} ${p.day} isn't a date` };
  const clock = `${p.hour % 12 || 12}:${String(p.minute).padStart(2, '0')} ${p.hour < 12 ? 'am' : 'pm'}`;
  return { ok: false, problem: `${clock} doesn't exist in Toronto on ${when.toFormat('cccc, LLLL d')}: the clocks jump from 2:00 to 3:00 am that night` };
}

/** Parts for the first of `candidates` hours, today or on following days, not already past. */
function nextOccurrence(now: DateTime, hours: number[], minute: number): Parts {
  const earliest = now.minus({ minutes: PAST_GRACE_MINUTES });
  for (let add = 0; add < 3; add++) {
    const day = now.startOf('day').plus({ days: add });
    const options = hours
      .map((hour) => day.set({ hour, minute }))
      .filter((t) => t >= earliest)
      .sort((a, b) => a.toMillis() - b.toMillis());
    if (options.length > 0) return { year: options[0].year, month: options[0].month, day: options[0].day, hour: options[0].hour, minute };
  }
  return { year: now.year, month: now.month, day: now.day, hour: hours[0], minute };
}

/** "at 5": 5 am or 5 pm? With a day named, riders mean 1–5 pm and 6–11 am; else the next one. */
function clockHours(hour: number, meridiemKnown: boolean, twentyFour: boolean, dated: boolean): number[] {
  if (meridiemKnown || twentyFour || hour === 0 || hour > 12) return [hour];
  if (dated) return [hour === 12 ? 12 : hour <= 5 ? hour + 12 : hour];
  return hour === 12 ? [12, 0] : [hour, hour + 12];
}

const PART_OF_DAY: Record<string, { hour: number; from: number; to: number }> = {
  morning: { hour: 8, from: 5, to: 12 },
  afternoon: { hour: 15, from: 12, to: 17 },
  evening: { hour: 18, from: 17, to: 24 },
  tonight: { hour: 20, from: 17, to: 24 },
  night: { hour: 22, from: 20, to: 24 },
};

function partOfDay(tags: Set<string>): string | undefined {
  return Object.keys(PART_OF_DAY).find((p) => tags.has(`casualReference/${p}`));
}

/** Merges chrono's results: "tomorrow will the King be late at 8" comes back in two pieces. */
function merged(results: chrono.ParsedResult[], near?: number, text = '') {
  const usable = results.filter((r) => !/^(?:sat|sun|mon|wed|march|may)$/i.test(r.text.trim()));
  const datedAll = usable.filter((r) => r.start.isCertain('day') || r.start.isCertain('weekday') || r.start.isCertain('month') || r.tags().has('result/relativeDate'));
  // "next week on Monday": the weekday says which day of that week.
  const dated = datedAll.length > 1 ? datedAll.find((r) => !/(?<![\p{L}])week(?![\p{L}])/u.test(r.text)) ?? datedAll[0] : datedAll[0];
  // Several clock times ("I usually go at 8 but tomorrow I need it at 10"): the one said with the
  // day, else the one nearest to it, else the first.
  const timedAll = usable.filter((r) => r.start.isCertain('hour'));
  // Without a day, the one in the route's clause, else the nearest ("at work by 9, 504 east at 8": 8).
  const clause = (i: number) => text.slice(0, i).split(CLAUSE).length;
  const distance = (r: chrono.ParsedResult) =>
    dated ? Math.abs(r.index - dated.index)
    : near !== undefined ? Math.abs(r.index - near) + (clause(r.index) === clause(near) ? 0 : 10_000)
    : 0;
  const timed = timedAll.length <= 1 ? timedAll[0] : [...timedAll].sort((a, b) => distance(a) - distance(b))[0];
  const tags = new Set<string>();
  for (const r of usable) for (const t of r.tags()) tags.add(t);
  return { dated, timed, tags, text: usable.map((r) => r.text).join(' ') };
}

/**
 * Reads the trip time from normalized text, relative to `ref` (the activity's timestamp), in
 * Toronto time whatever the server's zone. chrono finds the parts; luxon makes the instant, so
 * daylight-saving changes are handled by the time-zone database rather than a fixed offset.
 */
export function readTime(rawText: string, ref: Date, options: TimeOptions = {}): TimeReading {
  const text = prepare(rawText, options.expectingTime ?? false);
  const now = torontoNow(ref);
  const bad = impossibleClock(text) ?? impossibleDate(text, now.year);
  if (bad) return { kind: 'problem', problem: bad };
  const results = chrono.parse(text, { instant: ref, timezone: torontoOffsetMinutes(ref) });
  const past = pastSpans(text, results);
  if (past.length === 0) return readHabitual(text, results, ref, now, options);
  // "Last week I waited for ages. 504 east tomorrow at 6": the story's past is not the trip's time.
  const rest = mask(text, past);
  const restResults = chrono.parse(rest, { instant: ref, timezone: torontoOffsetMinutes(ref) });
  const other = restResults.length > 0 || NOW.test(rest) || RUSH.test(rest) || (options.anchor !== undefined && (SHIFT.test(rest) || DAY_SHIFT.some(([re]) => re.test(rest))));
  if (other || narrative(text, past)) return readHabitual(rest, restResults, ref, now, options);
  return { kind: 'problem', problem: 'that is in the past' };
}

/** "I usually go at 8, but tomorrow I need it at 10": what is usual gives way to the trip's time. */
function readHabitual(text: string, results: chrono.ParsedResult[], ref: Date, now: DateTime, options: TimeOptions): TimeReading {
  const habitual = results.filter((r) => HABIT.test(clauseAround(text, { start: r.index, end: r.index + r.text.length })));
  if (habitual.length === 0 || habitual.length === results.length) return readParsed(text, results, ref, now, options);
  const rest = mask(text, habitual.map((r) => ({ start: r.index, end: r.index + r.text.length })));
  return readParsed(rest, results.filter((r) => !habitual.includes(r)), ref, now, options);
}

/** The clause a span stands in: up to the nearest punctuation or "but" on either side. */
function clauseAround(text: string, span: Span): string {
  const before = text.slice(0, span.start).split(CLAUSE).at(-1) ?? '';
  const after = text.slice(span.end).split(CLAUSE)[0] ?? '';
  return `${before} ${after}`;
}

/** Where the text speaks of the past: "yesterday", "last Friday at 5", "two days ago". */
function pastSpans(text: string, results: chrono.ParsedResult[]): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(PAST_WORDS)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const r = results.find((x) => x.index < end && x.index + x.text.length > start);
    spans.push(r ? { start: Math.min(start, r.index), end: Math.max(end, r.index + r.text.length) } : { start, end });
  }
  return spans;
}

/** Past words inside a clause told in the past tense ("it was late last night") tell a story. */
function narrative(text: string, spans: Span[]): boolean {
  return spans.every((s) => PAST_TENSE.test(clauseAround(text, s)));
}

/**
 * The reading of a clock time nearest the trip's (or, for a return, the first after it). On the
 * trip's own day the small hours may be those after its midnight ("1" after an 11 pm trip); on
 * another day it is the nearest on the clock face ("Friday at 7" after a 6 pm trip is 7 pm). The
 * small hours count as further off unless the trip is itself at night: "5" after 8 am is 5 pm.
 */
function anchoredHours(hours: number[], minute: number, date: LocalDate, anchor: TripAnchor, ref: Date): TimeReading {
  const anchorTime = torontoNow(anchor.instant);
  const sameDay = anchorTime.year === date.year && anchorTime.month === date.month && anchorTime.day === date.day;
  const nextDay = toDate(DateTime.fromObject(date, { zone: torontoZone }).plus({ days: 1 }));
  const lateTrip = anchorTime.hour >= 20;
  const parts = hours.flatMap((hour) => (sameDay && lateTrip && hour < 6 ? [{ ...date, hour, minute }, { ...nextDay, hour, minute }] : [{ ...date, hour, minute }]));
  const readings = parts.map((p) => fromParts(p, ref));
  const usable = readings.filter((r): r is Extract<TimeReading, { kind: 'instant' }> => r.kind === 'instant');
  if (usable.length === 0) return readings[0];
  const t = anchor.instant.getTime();
  if (anchor.after) {
    const later = usable.filter((r) => r.instant.getTime() > t).sort((a, b) => a.instant.getTime() - b.instant.getTime());
    if (later.length > 0) return later[0];
  }
  const minutesOf = (i: Date) => {
    const p = torontoNow(i);
    return p.hour * 60 + p.minute;
  };
  const a = minutesOf(anchor.instant);
  const night = (m: number) => m < 6 * 60 || m >= 22 * 60;
  const distance = (r: { instant: Date }) => {
    if (sameDay) return Math.abs(r.instant.getTime() - t) / 60_000;
    const d = Math.abs(minutesOf(r.instant) - a);
    return Math.min(d, 24 * 60 - d);
  };
  const cost = (r: { instant: Date }) => distance(r) + (night(minutesOf(r.instant)) && !night(a) ? 8 * 60 : 0);
  return usable.reduce((best, r) => (cost(r) < cost(best) ? r : best));
}

/** "an hour later", "the day after": times counted from the trip's rather than from now. */
function shiftedFromAnchor(text: string, ref: Date, anchor: TripAnchor, options: TimeOptions): TimeReading | undefined {
  const pushed = PUSHED.exec(text);
  if (pushed) {
    const amount = pushed[2] === undefined ? 1 : AMOUNTS[pushed[2]] ?? Number(pushed[2]);
    const minutes = amount * (/^h/.test(pushed[3]) ? 60 : 1);
    return checked(new Date(anchor.instant.getTime() + (pushed[1] === 'back' ? 1 : -1) * minutes * 60_000), ref);
  }
  const shift = SHIFT.exec(text);
  if (shift) {
    const amount = shift[1] === undefined ? 1 : AMOUNTS[shift[1]] ?? Number(shift[1]);
    const minutes = amount * (/^h/.test(shift[2]) ? 60 : 1);
    const sign = /^(?:later|after)/.test(shift[3]) ? 1 : -1;
    return checked(new Date(anchor.instant.getTime() + sign * minutes * 60_000), ref);
  }
  for (const [re, days] of DAY_SHIFT) {
    const m = re.exec(text);
    if (!m) continue;
    const day = toDate(torontoNow(anchor.instant).plus({ days }));
    const rest = mask(text, [{ start: m.index, end: m.index + m[0].length }]);
    const results = chrono.parse(rest, { instant: ref, timezone: torontoOffsetMinutes(ref) });
    return readParsed(rest, results, ref, torontoNow(ref), { ...options, day, anchor: { instant: anchor.instant } });
  }
  return undefined;
}

/** Every reading of a clock hour said without am/pm: 9 → 9:00 and 21:00; 12 → noon and midnight. */
function bothHalves(hour: number): number[] {
  if (hour > 12 || hour === 0) return [hour];
  return hour === 12 ? [12, 0] : [hour, hour + 12];
}

function readParsed(text: string, results: chrono.ParsedResult[], ref: Date, now: DateTime, options: TimeOptions): TimeReading {
  // chrono reads "day after tomorrow" as tomorrow, and "the day after tomorrow" in the server's zone.
  const afterTomorrow = DAY_AFTER_TOMORROW.exec(text);
  if (afterTomorrow) {
    text = mask(text, [{ start: afterTomorrow.index, end: afterTomorrow.index + afterTomorrow[0].length }]);
    results = chrono.parse(text, { instant: ref, timezone: torontoOffsetMinutes(ref) });
  }
  const namedDay = afterTomorrow ? toDate(now.plus({ days: 2 })) : undefined;
  const anchor = options.anchor;
  if (anchor) {
    const shifted = shiftedFromAnchor(text, ref, anchor, options);
    if (shifted) return shifted;
  }
  const { dated, timed, tags } = merged(results, options.near, text);
  const rush = RUSH.exec(text);
  // The trip's own day, when the message changes only the clock ("what about at 9?"): never a
  // day already past, where the anchor's clock is all that carries over.
  const anchorDay = anchor && anchor.instant.getTime() >= ref.getTime() - PAST_GRACE_MINUTES * 60_000 ? toDate(torontoNow(anchor.instant)) : undefined;
  const anchorClock = anchor ? (({ hour, minute }) => ({ hour, minute }))(torontoNow(anchor.instant)) : undefined;

  if (!dated && !namedDay && !timed && !rush && !partOfDay(tags)) {
    if (NOW.test(text) || tags.has('casualReference/now')) return { kind: 'instant', instant: ref };
    if (options.day && SAME_CLOCK.test(text)) return fromParts({ ...options.day, ...(options.clock ?? { hour: now.hour, minute: now.minute }) }, ref);
    // A day counted from the trip's and nothing else: the trip's clock ("the day after").
    if (options.day && anchorClock) return fromParts({ ...options.day, ...anchorClock }, ref);
    return { kind: 'none' };
  }
  if (tags.has('casualReference/now') && !timed?.start.isCertain('minute')) return { kind: 'instant', instant: ref };

  // "in 20 minutes", "in an hour": an amount of time from now, counted on the real clock.
  if (dated && tags.has('result/relativeDate') && /\b(?:min|mins|minutes?|hours?|hrs?|hr)\b/.test(text)) {
    return checked(dated.start.date(), ref);
  }

  // The day: named, relative (tomorrow, in 2 days), a weekday, or the one asked about before.
  let date: LocalDate | undefined;
  if (namedDay) {
    date = namedDay;
  } else if (dated && dated.tags().has('result/relativeDate')) {
    // "in 2 days": chrono's parts of relative dates can be in the server's zone; its instant is not.
    date = toDate(torontoNow(dated.start.date()));
  } else if (dated) {
    const s = dated.start;
    date = { year: s.get('year') ?? now.year, month: s.get('month') ?? now.month, day: s.get('day') ?? now.day };
    const day = DateTime.fromObject(date, { zone: torontoZone });
    if (s.isCertain('weekday') && !s.isCertain('day') && day < now.startOf('day')) {
      date = toDate(day.plus({ days: 7 })); // a bare weekday means the coming one
    } else if (s.isCertain('month') && !s.isCertain('year') && day < now.startOf('day').minus({ days: 31 })) {
      date = toDate(day.plus({ years: 1 })); // "June 1" said in November means next June
    }
  } else if (options.day) {
    date = options.day;
  }
  const explicitToday = /\b(?:today|this (?:morning|afternoon|evening))\b|tonight/.test(text);
  // A clock time, part of the day or rush hour said of the trip being talked about: its day.
  const tripDay = date ?? (explicitToday ? undefined : anchorDay);

  if (rush) return rushHour(rush, tripDay, now, ref);

  if (timed) {
    const s = timed.start;
    const hour = s.get('hour') ?? 0;
    const minute = s.get('minute') ?? 0;
    const twentyFour = /(?<!\d)0\d[:h.]?\d{2}/.test(timed.text);
    const pod = partOfDay(tags);
    const named = tags.has('casualReference/noon') || tags.has('casualReference/midnight');
    const meridiemKnown = s.isCertain('meridiem') || pod !== undefined || named;
    // "what about at 9?" after an 8 am trip: the reading nearest the trip's time, on its day.
    if (anchor && tripDay && !meridiemKnown && !twentyFour) return anchoredHours(bothHalves(hour), minute, tripDay, anchor, ref);
    if (anchor && tripDay && !date) date = tripDay;
    let hours = clockHours(hour, meridiemKnown, twentyFour, date !== undefined);
    const smallHours = (pod === 'tonight' || pod === 'night') && (s.isCertain('meridiem') ? hour < 5 : hour % 12 < 5);
    if (smallHours) hours = [hour % 12];
    else if (pod && !s.isCertain('meridiem') && ['evening', 'tonight', 'night', 'afternoon'].includes(pod) && hour < 12) hours = [hour + 12];
    // "tonight at 2": the small hours after midnight, not 2 am that has passed.
    if (date && smallHours) {
      date = toDate(DateTime.fromObject(date, { zone: torontoZone }).plus({ days: 1 }));
    }
    if (date) return fromParts({ ...date, hour: hours[0], minute }, ref);
    const next = nextOccurrence(now, hours, minute);
    const today = next.day === now.day && next.month === now.month;
    if (explicitToday && !today) return { kind: 'problem', problem: 'that time has already passed today' };
    const reading = fromParts(next, ref);
    if (!today && reading.kind === 'instant' && now.hour >= 4) {
      reading.note = 'That time has passed today, so I took tomorrow.';
    }
    return reading;
  }

  // A day and maybe a part of it, but no clock time.
  const pod = partOfDay(tags);
  if (pod) {
    const { hour, from, to } = PART_OF_DAY[pod];
    const day = (pod === 'tonight' ? date : tripDay) ?? toDate(now);
    const isToday = day.year === now.year && day.month === now.month && day.day === now.day;
    if (isToday && now.hour >= hour) {
      if (now.hour < to && now.hour >= from) return { kind: 'instant', instant: ref };
      if (!explicitToday && !dated) return fromParts({ ...toDate(now.plus({ days: 1 })), hour, minute: 0 }, ref);
      return { kind: 'problem', problem: `this ${pod === 'tonight' ? 'evening' : pod} has already passed` };
    }
    return fromParts({ ...day, hour, minute: 0 }, ref);
  }
  if (!date) return { kind: 'none' };
  // "same trip tomorrow", "same time on Friday": the clock time of the trip talked about.
  if (options.clock && (SAME_TRIP.test(text) || /\b(?:same|that) time\b/.test(text))) return fromParts({ ...date, ...options.clock }, ref);
  // "this time tomorrow": the clock now. "What about Sunday?" of a trip: the trip's clock.
  if (/(?<![\p{L}])this time(?![\p{L}])/u.test(text)) return fromParts({ ...date, hour: now.hour, minute: now.minute }, ref);
  if (anchorClock) return fromParts({ ...date, ...anchorClock }, ref);
  // "same time tomorrow", "in 2 days": the same clock time on that day.
  if (SAME_CLOCK.test(text) || tags.has('result/relativeDate')) return fromParts({ ...date, hour: now.hour, minute: now.minute }, ref);
  const day = DateTime.fromObject(date, { zone: torontoZone });
  if (day < now.startOf('day')) return { kind: 'problem', problem: 'that day is in the past' };
  if (day > now.plus({ days: MAX_DAYS_AHEAD })) return { kind: 'problem', problem: 'I can only look up to a year ahead' };
  return { kind: 'day', date };
}

function toDate(t: DateTime): LocalDate {
  return { year: t.year, month: t.month, day: t.day };
}

function rushHour(m: RegExpExecArray, date: LocalDate | undefined, now: DateTime, ref: Date): TimeReading {
  const which = `${m[1] ?? ''} ${m[2] ?? ''}`;
  const evening = /evening|pm|p\.m|afternoon|tonight/.test(which);
  const morning = /morning|am|a\.m/.test(which);
  if (date) return fromParts({ ...date, hour: evening ? 17 : 8, minute: 0 }, ref);
  const minutes = now.hour * 60 + now.minute;
  const inMorning = minutes >= 7 * 60 && minutes < 9 * 60 + 30;
  const inEvening = minutes >= 16 * 60 && minutes < 18 * 60 + 30;
  if ((inMorning && !evening) || (inEvening && !morning)) return { kind: 'instant', instant: ref };
  const hours = evening ? [17] : morning ? [8] : [8, 17];
  return fromParts(nextOccurrence(now, hours, 0), ref);
}

function fromParts(p: Parts, ref: Date): TimeReading {
  const r = instantOf(p);
  if (!r.ok) return { kind: 'problem', problem: r.problem };
  return checked(r.instant, ref);
}

function checked(instant: Date, ref: Date): TimeReading {
  if (instant.getTime() < ref.getTime() - PAST_GRACE_MINUTES * 60_000) return { kind: 'problem', problem: 'that time has already passed' };
  if (instant.getTime() > ref.getTime() + MAX_DAYS_AHEAD * 86_400_000) return { kind: 'problem', problem: 'I can only look up to a year ahead' };
  return { kind: 'instant', instant };
}
