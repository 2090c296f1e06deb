import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { torontoZone, fromTorontoWallClock, torontoOffsetMinutes } from '../../pipeline/toronto-time';
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
}

/** Minutes a stated time may lie in the past and still mean "the car I'm waiting for". */
export const PAST_GRACE_MINUTES = 10;
/** The model knows nothing useful about trips further off than this. */
export const MAX_DAYS_AHEAD = 366;


const NOW = /(?<![\p{L}])(?:now|right now|rn|asap|right away|immediately|currently|at the moment|next (?:car|one|streetcar)|soon|in a (?:minute|min|sec|bit))(?![\p{L}])/u;
const SAME_CLOCK = /(?<![\p{L}])(?:this|same|that) time(?![\p{L}])/u;
const SAME_TRIP = /(?<![\p{L}])(?:same|again|usual)(?![\p{L}])/u;
const RUSH = /(?<![\p{L}])(?:(morning|am|a\.m\.|evening|pm|p\.m\.|afternoon)\s+)?rush(?:\s*-?\s*hour)?(?:\s+(morning|evening|tonight|this morning|this evening))?(?![\p{L}])/u;
const PAST_WORDS = /(?<![\p{L}])(?:yesterday|last (?:night|week|mon|tue|wed|thu|fri|sat|sun)\w*|ago)(?![\p{L}])/u;

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
function merged(results: chrono.ParsedResult[]) {
  const usable = results.filter((r) => !/^(?:sat|sun|mon|wed|march|may)$/i.test(r.text.trim()));
  const dated = usable.find((r) => r.start.isCertain('day') || r.start.isCertain('weekday') || r.start.isCertain('month') || r.tags().has('result/relativeDate'));
  const timed = usable.find((r) => r.start.isCertain('hour'));
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
  if (PAST_WORDS.test(text)) return { kind: 'problem', problem: 'that is in the past' };

  const results = chrono.parse(text, { instant: ref, timezone: torontoOffsetMinutes(ref) });
  const { dated, timed, tags } = merged(results);
  const rush = RUSH.exec(text);

  if (!dated && !timed && !rush && !partOfDay(tags)) {
    if (NOW.test(text) || tags.has('casualReference/now')) return { kind: 'instant', instant: ref };
    if (options.day && SAME_CLOCK.test(text)) return fromParts({ ...options.day, ...(options.clock ?? { hour: now.hour, minute: now.minute }) }, ref);
    return { kind: 'none' };
  }
  if (tags.has('casualReference/now') && !timed?.start.isCertain('minute')) return { kind: 'instant', instant: ref };

  // "in 20 minutes", "in an hour": an amount of time from now, counted on the real clock.
  if (dated && tags.has('result/relativeDate') && /\b(?:min|mins|minutes?|hours?|hrs?|hr)\b/.test(text)) {
    return checked(dated.start.date(), ref);
  }

  // The day: named, relative (tomorrow, in 2 days), a weekday, or the one asked about before.
  let date: LocalDate | undefined;
  if (dated) {
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

  if (rush) return rushHour(rush, date, now, ref);

  if (timed) {
    const s = timed.start;
    const hour = s.get('hour') ?? 0;
    const minute = s.get('minute') ?? 0;
    const twentyFour = /(?<!\d)0\d[:h.]?\d{2}/.test(timed.text);
    const pod = partOfDay(tags);
    const named = tags.has('casualReference/noon') || tags.has('casualReference/midnight');
    let hours = clockHours(hour, s.isCertain('meridiem') || pod !== undefined || named, twentyFour, date !== undefined);
    const smallHours = (pod === 'tonight' || pod === 'night') && !s.isCertain('meridiem') && hour % 12 < 5;
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
    const day = date ?? toDate(now);
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
  // "this time tomorrow", "in 2 days": the same clock time on that day.
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
