import type * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { Locale } from '../../chart/catalogue';
import { torontoZone, fromTorontoWallClock } from '../../pipeline/toronto-time';
import { mask, type Span } from './text';
import type { TimeProblem } from './time-problem';
import { TIME_WORDS, type TimeWords } from './time-words';

/** A calendar day in Toronto. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export type TimeReading =
  | { kind: 'none' }
  /** `note`: a bare clock time that has passed today was placed tomorrow (the answer says so). */
  | { kind: 'instant'; instant: Date; note?: 'took-tomorrow' }
  /** A day was named but no clock time ("tomorrow", "next Friday"): ask for the time. */
  | { kind: 'day'; date: LocalDate }
  /** A time the rider meant but that cannot be used: past, impossible, too far off. */
  | { kind: 'problem'; problem: TimeProblem };

export interface TimeOptions {
  /** The language the text is read in (default English): which chrono parser and which words. */
  locale?: Locale;
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

function instantOf(p: Parts): { ok: true; instant: Date } | { ok: false; problem: TimeProblem } {
  // In the hour repeated when clocks fall back this is the first (daylight) pass.
  const r = fromTorontoWallClock(p.year, p.month, p.day, p.hour, p.minute);
  if (r.ok) return r;
  const when = DateTime.fromObject({ year: p.year, month: p.month, day: p.day }, { zone: torontoZone });
  if (!when.isValid) return { ok: false, problem: { kind: 'not-a-date', month: p.month, day: p.day } };
  return { ok: false, problem: { kind: 'skipped-hour', hour: p.hour, minute: p.minute, month: p.month, day: p.day, weekday: when.weekday } };
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
function merged(w: TimeWords, results: chrono.ParsedResult[], near?: number, text = '') {
  const usable = results.filter((r) => !w.spurious.test(r.text.trim()));
  const datedAll = usable.filter((r) => r.start.isCertain('day') || r.start.isCertain('weekday') || r.start.isCertain('month') || r.tags().has('result/relativeDate'));
  // "next week on Monday": the weekday says which day of that week.
  const dated = datedAll.length > 1 ? datedAll.find((r) => !w.week.test(r.text)) ?? datedAll[0] : datedAll[0];
  // Several clock times ("I usually go at 8 but tomorrow I need it at 10"): the one said with the
  // day, else the one nearest to it, else the first.
  const timedAll = usable.filter((r) => r.start.isCertain('hour'));
  // Without a day, the one in the route's clause, else the nearest ("at work by 9, 504 east at 8": 8).
  const clause = (i: number) => text.slice(0, i).split(w.clause).length;
  const distance = (r: chrono.ParsedResult) =>
    dated ? Math.abs(r.index - dated.index)
    : near !== undefined ? Math.abs(r.index - near) + (clause(r.index) === clause(near) ? 0 : 10_000)
    : 0;
  // "at 8 tomorrow, or rather 9": a clock time said as a correction wins.
  const corrected = timedAll.filter((r) => w.rather.test(text.slice(Math.max(0, r.index - 20), r.index)));
  const timed = corrected.at(-1) ?? (timedAll.length <= 1 ? timedAll[0] : [...timedAll].sort((a, b) => distance(a) - distance(b))[0]);
  const tags = new Set<string>(w.tags(text));
  for (const r of usable) for (const t of r.tags()) tags.add(t);
  return { dated, timed, tags, text: usable.map((r) => r.text).join(' ') };
}

/**
 * Reads the trip time from normalized text, relative to `ref` (the activity's timestamp), in
 * Toronto time whatever the server's zone. chrono finds the parts; luxon makes the instant, so
 * daylight-saving changes are handled by the time-zone database rather than a fixed offset.
 */
export function readTime(rawText: string, ref: Date, options: TimeOptions = {}): TimeReading {
  const w = TIME_WORDS[options.locale ?? 'en'];
  const now = torontoNow(ref);
  const text = w.prepare(rawText, options.expectingTime ?? false, now.weekday);
  const bad = w.impossible(text, now.year);
  if (bad) return { kind: 'problem', problem: bad };
  const results = w.parse(text, ref);
  const past = pastSpans(w, text, results);
  if (past.length === 0) return readHabitual(w, text, results, ref, now, options);
  // "Last week I waited for ages. 504 east tomorrow at 6": the story's past is not the trip's time.
  const rest = mask(text, past);
  const restResults = w.parse(rest, ref);
  const other = restResults.length > 0 || w.now.test(rest) || w.rush(rest) !== undefined || (options.anchor !== undefined && (w.shift(rest) !== undefined || w.dayShifts.some(([re]) => re.test(rest))));
  if (other || narrative(w, text, past)) return readHabitual(w, rest, restResults, ref, now, options);
  return { kind: 'problem', problem: { kind: 'in-the-past' } };
}

/** "I usually go at 8, but tomorrow I need it at 10": what is usual gives way to the trip's time. */
function readHabitual(w: TimeWords, text: string, results: chrono.ParsedResult[], ref: Date, now: DateTime, options: TimeOptions): TimeReading {
  const habitual = results.filter((r) => w.habit.test(clauseAround(w, text, { start: r.index, end: r.index + r.text.length })));
  if (habitual.length === 0 || habitual.length === results.length) return readParsed(w, text, results, ref, now, options);
  const rest = mask(text, habitual.map((r) => ({ start: r.index, end: r.index + r.text.length })));
  return readParsed(w, rest, results.filter((r) => !habitual.includes(r)), ref, now, options);
}

/** The clause a span stands in: up to the nearest punctuation or "but" on either side. */
function clauseAround(w: TimeWords, text: string, span: Span): string {
  const before = text.slice(0, span.start).split(w.clause).at(-1) ?? '';
  const after = text.slice(span.end).split(w.clause)[0] ?? '';
  return `${before} ${after}`;
}

/** Where the text speaks of the past: "yesterday", "last Friday at 5", "two days ago". */
function pastSpans(w: TimeWords, text: string, results: chrono.ParsedResult[]): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(w.pastWords)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const r = results.find((x) => x.index < end && x.index + x.text.length > start);
    spans.push(r ? { start: Math.min(start, r.index), end: Math.max(end, r.index + r.text.length) } : { start, end });
  }
  return spans;
}

/** Past words inside a clause told in the past tense ("it was late last night") tell a story. */
function narrative(w: TimeWords, text: string, spans: Span[]): boolean {
  return spans.every((s) => w.pastTense.test(clauseAround(w, text, s)));
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
function shiftedFromAnchor(w: TimeWords, text: string, ref: Date, anchor: TripAnchor, options: TimeOptions): TimeReading | undefined {
  const minutes = w.shift(text);
  if (minutes !== undefined) return checked(new Date(anchor.instant.getTime() + minutes * 60_000), ref);
  for (const [re, days] of w.dayShifts) {
    const m = re.exec(text);
    if (!m) continue;
    const day = toDate(torontoNow(anchor.instant).plus({ days }));
    const rest = mask(text, [{ start: m.index, end: m.index + m[0].length }]);
    return readParsed(w, rest, w.parse(rest, ref), ref, torontoNow(ref), { ...options, day, anchor: { instant: anchor.instant } });
  }
  return undefined;
}

/** Every reading of a clock hour said without am/pm: 9 → 9:00 and 21:00; 12 → noon and midnight. */
function bothHalves(hour: number): number[] {
  if (hour > 12 || hour === 0) return [hour];
  return hour === 12 ? [12, 0] : [hour, hour + 12];
}

function readParsed(w: TimeWords, text: string, results: chrono.ParsedResult[], ref: Date, now: DateTime, options: TimeOptions): TimeReading {
  // chrono reads "day after tomorrow" as tomorrow, and "the day after tomorrow" in the server's zone.
  const afterTomorrow = w.dayAfterTomorrow.exec(text);
  if (afterTomorrow) {
    text = mask(text, [{ start: afterTomorrow.index, end: afterTomorrow.index + afterTomorrow[0].length }]);
    results = w.parse(text, ref);
  }
  const namedDay = afterTomorrow ? toDate(now.plus({ days: 2 })) : undefined;
  const anchor = options.anchor;
  if (anchor) {
    const shifted = shiftedFromAnchor(w, text, ref, anchor, options);
    if (shifted) return shifted;
  }
  const { dated, timed, tags } = merged(w, results, options.near, text);
  const rush = w.rush(text);
  // The trip's own day, when the message changes only the clock ("what about at 9?"): never a
  // day already past, where the anchor's clock is all that carries over.
  const anchorDay = anchor && anchor.instant.getTime() >= ref.getTime() - PAST_GRACE_MINUTES * 60_000 ? toDate(torontoNow(anchor.instant)) : undefined;
  const anchorClock = anchor ? (({ hour, minute }) => ({ hour, minute }))(torontoNow(anchor.instant)) : undefined;

  if (!dated && !namedDay && !timed && !rush && !partOfDay(tags)) {
    if (w.now.test(text) || tags.has('casualReference/now')) return { kind: 'instant', instant: ref };
    if (options.day && w.sameClock.test(text)) return fromParts({ ...options.day, ...(options.clock ?? { hour: now.hour, minute: now.minute }) }, ref);
    // A day counted from the trip's and nothing else: the trip's clock ("the day after").
    if (options.day && anchorClock) return fromParts({ ...options.day, ...anchorClock }, ref);
    return { kind: 'none' };
  }
  if (tags.has('casualReference/now') && !timed?.start.isCertain('minute')) return { kind: 'instant', instant: ref };

  // "in 20 minutes", "in an hour": an amount of time from now, counted on the real clock.
  if (dated && tags.has('result/relativeDate') && w.units.test(text)) {
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
  const explicitToday = w.today.test(text);
  // A clock time, part of the day or rush hour said of the trip being talked about: its day.
  const tripDay = date ?? (explicitToday ? undefined : anchorDay);

  if (rush) return rushHour(rush, tripDay, now, ref);

  if (timed) {
    const s = timed.start;
    const hour = s.get('hour') ?? 0;
    const minute = s.get('minute') ?? 0;
    const twentyFour = /(?<!\d)0\d(?:[:h.]?\d{2}|h)/.test(timed.text);
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
    if (explicitToday && !today) return { kind: 'problem', problem: { kind: 'passed-today' } };
    const reading = fromParts(next, ref);
    if (!today && reading.kind === 'instant' && now.hour >= 4) {
      reading.note = 'took-tomorrow';
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
      return { kind: 'problem', problem: { kind: 'part-passed', part: pod === 'tonight' ? 'evening' : (pod as 'morning' | 'afternoon' | 'evening' | 'night') } };
    }
    return fromParts({ ...day, hour, minute: 0 }, ref);
  }
  if (!date) return { kind: 'none' };
  // "same trip tomorrow", "same time on Friday": the clock time of the trip talked about.
  if (options.clock && (w.sameTrip.test(text) || (w.sameClock.test(text) && !w.thisTime.test(text)))) return fromParts({ ...date, ...options.clock }, ref);
  // "this time tomorrow": the clock now. "What about Sunday?" of a trip: the trip's clock.
  if (w.thisTime.test(text)) return fromParts({ ...date, hour: now.hour, minute: now.minute }, ref);
  if (anchorClock) return fromParts({ ...date, ...anchorClock }, ref);
  // "same time tomorrow", "in 2 days": the same clock time on that day.
  if (w.sameClock.test(text) || tags.has('result/relativeDate')) return fromParts({ ...date, hour: now.hour, minute: now.minute }, ref);
  const day = DateTime.fromObject(date, { zone: torontoZone });
  if (day < now.startOf('day')) return { kind: 'problem', problem: { kind: 'past-day' } };
  if (day > now.plus({ days: MAX_DAYS_AHEAD })) return { kind: 'problem', problem: { kind: 'too-far' } };
  return { kind: 'day', date };
}

function toDate(t: DateTime): LocalDate {
  return { year: t.year, month: t.month, day: t.day };
}

function rushHour({ morning, evening }: { morning: boolean; evening: boolean }, date: LocalDate | undefined, now: DateTime, ref: Date): TimeReading {
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
  if (instant.getTime() < ref.getTime() - PAST_GRACE_MINUTES * 60_000) return { kind: 'problem', problem: { kind: 'passed' } };
  if (instant.getTime() > ref.getTime() + MAX_DAYS_AHEAD * 86_400_000) return { kind: 'problem', problem: { kind: 'too-far' } };
  return { kind: 'instant', instant };
}
