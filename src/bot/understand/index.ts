import type { Locale } from '../../chart/catalogue';
import { readDirection, type DirectionReading } from './direction';
import { FOLLOW_UP_WORDS } from './follow-up-words';
import { readIntent, type Intent } from './intents';
import { detectLanguage } from './language';
import { readRoute, type RouteReading } from './route';
import { correctSpelling } from './spelling';
import { mask, normalize, type Span } from './text';
import { PAST_GRACE_MINUTES, readTime, type TimeOptions, type TimeReading } from './time';
import { frenchPlaces, readTowards, type TowardsReading } from './towards';

/** Everything one message says, before it is merged with what the rider said earlier. */
export interface Understanding {
  intent: Intent;
  /** The language the message was read in: the one asked for, else the one it is written in. */
  locale: Locale;
  route: RouteReading;
  direction: DirectionReading;
  towards?: TowardsReading;
  time: TimeReading;
  /** "uptown" / "downtown": only means north or south on a north–south route. */
  upDown?: 'n' | 's';
  /** "the other way", "opposite direction", and every return trip. */
  otherWay: boolean;
  /** "coming back at 6", "the return trip": the other direction, later the same day. */
  returnTrip: boolean;
  /** "same again", "same trip": reuse the last trip. */
  sameAgain: boolean;
  /**
   * The message changes the trip talked about rather than starting one: "what about at 9?",
   * "make that 7 pm", "an hour later", "the day after", "and coming back?".
   */
  followUp: boolean;
  /** The message was cut because it was very long. */
  truncated: boolean;
}

/** What the bot knows when a message arrives: the question it asked, the trip talked about. */
export interface UnderstandOptions {
  /**
   * The language to read the message in (the conversation's, chosen by the dialog). Without it
   * the message's own words decide (detectLanguage), English when they do not say.
   */
  locale?: Locale;
  /** The bot just asked for this: a bare "8" is a clock time, a bare "97" a route number. */
  expecting?: 'route' | 'direction' | 'time';
  /** The day asked about earlier, when this message only gives a clock time. */
  day?: TimeOptions['day'];
  /** The clock time of the last trip: "same time tomorrow" means that time. */
  clock?: TimeOptions['clock'];
  /**
   * The trip being talked about (ISO instant or Date): times the message leaves half-said are
   * read against it. With `onlyOnFollowUp`, only when the message refers back to it.
   */
  trip?: { time: Date; onlyOnFollowUp?: boolean };
}

/** Longer messages are read only this far: nobody describes a trip in more. */
export const MAX_MESSAGE_LENGTH = 500;

/**
 * Reads one message: the one function that says what a message means (trip parts, follow-ups,
 * commands). `ref` is the activity's timestamp: "in 20 minutes" counts from it.
 */
export function understand(raw: string | undefined, ref: Date, options: UnderstandOptions = {}): Understanding {
  const truncated = (raw ?? '').length > MAX_MESSAGE_LENGTH;
  const typed = normalize((raw ?? '').slice(0, MAX_MESSAGE_LENGTH));
  const locale = options.locale ?? detectLanguage(typed) ?? 'en';
  const words = FOLLOW_UP_WORDS[locale];
  const base: Understanding = {
    intent: 'trip',
    locale,
    route: { kind: 'none' },
    direction: { kind: 'none' },
    time: { kind: 'none' },
    otherWay: false,
    returnTrip: false,
    sameAgain: false,
    followUp: false,
    truncated,
  };
  if (typed === '') return { ...base, intent: 'empty' };
  const command = readIntent(typed, locale);
  if (command) return { ...base, intent: command };
  const text = correctSpelling(locale === 'fr' ? frenchPlaces(typed) : typed, locale);

  const returnTrip = words.returnTrip.test(text);
  const otherWay = returnTrip || words.otherWay.test(text);
  const sameAgain = words.sameAgain.test(text);
  const followUp = returnTrip || otherWay || words.followUp.test(text);

  const taken: Span[] = [];
  const towards = readTowards(text, taken);
  const spans: Span[] = [];
  const trip = options.trip && (!options.trip.onlyOnFollowUp || followUp || sameAgain || words.bareClock.test(text)) ? options.trip.time : undefined;
  // After a trip, a bare "9" is a clock time for it (not the 9 bus), unless a route was asked for.
  const bareClock = trip !== undefined && options.expecting !== 'route' && words.bareClock.test(text);
  const route = readRoute(text, taken, { bareNumber: !bareClock && (options.expecting === undefined || options.expecting === 'route'), spans });
  // Route numbers (and bus and line numbers) are hidden from chrono so "504" is never a time.
  const forTime = mask(text, taken);
  let time = readTime(forTime, ref, {
    locale,
    expectingTime: options.expecting === 'time' || bareClock,
    day: options.day,
    clock: options.clock,
    anchor: trip ? { instant: trip, after: returnTrip } : undefined,
    near: spans[0]?.start,
  });
  if (time.kind === 'none' && spans.some((s) => words.nextBefore.test(text.slice(Math.max(0, s.start - 24), s.start)))) {
    time = { kind: 'instant', instant: ref };
  }
  const direction = readDirection(text, taken, { locale, routes: spans });
  const upDown = words.uptown.test(text) ? 'n' : words.downtown.test(text) ? 's' : undefined;

  const found = route.kind !== 'none' || direction.kind !== 'none' || time.kind !== 'none' || towards !== undefined;
  const intent: Intent = found || upDown || otherWay || sameAgain ? 'trip' : 'unreadable';
  return { ...base, intent, route, direction, towards, time, upDown, otherWay, returnTrip, sameAgain, followUp: followUp || bareClock };
}

/** Whether a trip time is still ahead, give or take the grace for the car one is waiting for. */
export function stillAhead(instant: Date, ref: Date): boolean {
  return instant.getTime() >= ref.getTime() - PAST_GRACE_MINUTES * 60_000;
}

export { detectLanguage, readIntent };
export type { DirectionReading, Intent, RouteReading, TimeReading, TowardsReading };
export type { LocalDate } from './time';
