import { readDirection, type DirectionReading } from './direction';
import { readRoute, type RouteReading } from './route';
import { correctSpelling } from './spelling';
import { mask, normalize, type Span } from './text';
import { PAST_GRACE_MINUTES, readTime, type TimeOptions, type TimeReading } from './time';
import { readTowards, type TowardsReading } from './towards';

export type Intent = 'trip' | 'help' | 'cancel' | 'restart' | 'yes' | 'no' | 'thanks' | 'greeting' | 'empty' | 'unreadable';

/** Everything one message says, before it is merged with what the rider said earlier. */
export interface Understanding {
  intent: Intent;
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

const INTENTS: [Intent, RegExp][] = [
  ['help', /^(?:help|\?+|what can you do\??|how does this work\??|what do i (?:say|type)\??|commands|menu|info|about)[.!]*$/],
  ['cancel', /^(?:cancel|stop|quit|exit|never ?mind|forget it|nothing|abort)[.!]*$/],
  ['restart', /^(?:start over|restart|reset|start again|new trip|begin again|clear)[.!]*$/],
  ['yes', /^(?:y|yes|yeah|yep|yup|sure|ok|okay|please|yes please|another|another one|another trip|one more)[.!]*$/],
  ['no', /^(?:no|nope|nah|no thanks|no thank you|i'?m good|that'?s all|done|bye|goodbye)[.!]*$/],
  ['thanks', /^(?:thanks?|thank you|thx|ty|cheers|great|cool|awesome)(?: (?:a lot|so much|very much))?[.!]*$/],
  ['greeting', /^(?:hi|hello|hey|yo|good (?:morning|afternoon|evening)|howdy|hiya)[.!]*$/],
];

const OTHER_WAY = /(?<![\p{L}])(?:other way|other direction|opposite (?:way|direction)|reverse)(?![\p{L}])/u;
const RETURN_TRIP = /(?<![\p{L}])(?:(?:coming|going|heading|getting|riding|travel(?:l?ing)?|ride|go|come|head|get)\s+(?:back|home)|(?:the\s+)?(?:way|ride|trip|journey)\s+(?:back|home)|return(?:ing)?(?:\s+(?:trip|journey|ride|leg))?|back\s+(?:home|again|at|around|by|about|for|later)|(?:^|and|then|&)\s*back)(?![\p{L}])/u;
const SAME_AGAIN = /(?<![\p{L}])(?:same (?:again|trip|route|one|as (?:before|last time))|again|usual trip|my usual)(?![\p{L}])/u;
/** Words that change the trip talked about rather than name a new one. */
const FOLLOW_UP = /^(?:and|so|ok(?:ay)?|then|but|or|hmm+|also)(?![\p{L}])|(?<![\p{L}])(?:(?:what|how)\s+about|what\s+if|instead|make\s+(?:it|that)|change\s+(?:it|that)|actually|(?:i\s+)?meant|later|earlier|sooner|push|move|bring|day\s+after|day\s+before|next\s+day|following\s+day|previous\s+day|same)(?![\p{L}])/u;
/** "next 511", "the next King car": the next car, so now. */
const NEXT_BEFORE = /(?<![\p{L}])(?:next|nxt)\s+(?:(?:east|west|north|south)(?:\s*bound)?\s+)?$/u;
/** "9 then?", "and 7:30?": just a clock time, said of the trip talked about. */
const BARE_CLOCK = /^(?:and|or|maybe|say|then)?\s*(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:am|pm|a\.m\.?|p\.m\.?)?\s*(?:then|instead|maybe|perhaps|please|ok|okay)?\s*[?!.]*$/u;

/** A whole message that is a command or a reply word ("help", "no thanks"), else undefined. */
export function readIntent(normalized: string): Intent | undefined {
  const bare = normalized.replace(/[!.?,\s]+$/, '').replace(/^(?:ok|okay|um+|uh+),?\s+/, '');
  for (const [intent, re] of INTENTS) if (re.test(bare) || re.test(normalized)) return intent;
  return undefined;
}

/**
 * Reads one message: the one function that says what a message means (trip parts, follow-ups,
 * commands). `ref` is the activity's timestamp: "in 20 minutes" counts from it.
 */
export function understand(raw: string | undefined, ref: Date, options: UnderstandOptions = {}): Understanding {
  const truncated = (raw ?? '').length > MAX_MESSAGE_LENGTH;
  const typed = normalize((raw ?? '').slice(0, MAX_MESSAGE_LENGTH));
  const base: Understanding = {
    intent: 'trip',
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
  const command = readIntent(typed);
  if (command) return { ...base, intent: command };
  const text = correctSpelling(typed);

  const returnTrip = RETURN_TRIP.test(text);
  const otherWay = returnTrip || OTHER_WAY.test(text);
  const sameAgain = SAME_AGAIN.test(text);
  const followUp = returnTrip || otherWay || FOLLOW_UP.test(text);

  const taken: Span[] = [];
  const towards = readTowards(text, taken);
  const spans: Span[] = [];
  const trip = options.trip && (!options.trip.onlyOnFollowUp || followUp || sameAgain || BARE_CLOCK.test(text)) ? options.trip.time : undefined;
  // After a trip, a bare "9" is a clock time for it (not the 9 bus), unless a route was asked for.
  const bareClock = trip !== undefined && options.expecting !== 'route' && BARE_CLOCK.test(text);
  const route = readRoute(text, taken, { bareNumber: !bareClock && (options.expecting === undefined || options.expecting === 'route'), spans });
  // Route numbers (and bus and line numbers) are hidden from chrono so "504" is never a time.
  const forTime = mask(text, taken);
  let time = readTime(forTime, ref, {
    expectingTime: options.expecting === 'time' || bareClock,
    day: options.day,
    clock: options.clock,
    anchor: trip ? { instant: trip, after: returnTrip } : undefined,
    near: spans[0]?.start,
  });
  if (time.kind === 'none' && spans.some((s) => NEXT_BEFORE.test(text.slice(Math.max(0, s.start - 24), s.start)))) {
    time = { kind: 'instant', instant: ref };
  }
  const direction = readDirection(text, taken);
  const upDown = /\buptown\b/.test(text) ? 'n' : /\bdowntown\b/.test(text) ? 's' : undefined;

  const found = route.kind !== 'none' || direction.kind !== 'none' || time.kind !== 'none' || towards !== undefined;
  const intent: Intent = found || upDown || otherWay || sameAgain ? 'trip' : 'unreadable';
  return { ...base, intent, route, direction, towards, time, upDown, otherWay, returnTrip, sameAgain, followUp: followUp || bareClock };
}

/** Whether a trip time is still ahead, give or take the grace for the car one is waiting for. */
export function stillAhead(instant: Date, ref: Date): boolean {
  return instant.getTime() >= ref.getTime() - PAST_GRACE_MINUTES * 60_000;
}

export type { DirectionReading, RouteReading, TimeReading, TowardsReading };
export type { LocalDate } from './time';
