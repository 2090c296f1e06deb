import { readDirection, type DirectionReading } from './direction';
import { readRoute, type RouteReading } from './route';
import { normalize, type Span } from './text';
import { readTime, type TimeOptions, type TimeReading } from './time';
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
  /** "the other way", "opposite direction". */
  otherWay: boolean;
  /** "same again", "same trip": reuse the last trip. */
  sameAgain: boolean;
  /** The message was cut because it was very long. */
  truncated: boolean;
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

/** A whole message that is a command or a reply word ("help", "no thanks"), else undefined. */
export function readIntent(normalized: string): Intent | undefined {
  const bare = normalized.replace(/[!.?,\s]+$/, '').replace(/^(?:ok|okay|um+|uh+),?\s+/, '');
  for (const [intent, re] of INTENTS) if (re.test(bare) || re.test(normalized)) return intent;
  return undefined;
}

/** Reads one message. `ref` is the activity's timestamp: "in 20 minutes" counts from it. */
export function understand(raw: string | undefined, ref: Date, timeOptions: TimeOptions = {}): Understanding {
  const truncated = (raw ?? '').length > MAX_MESSAGE_LENGTH;
  const text = normalize((raw ?? '').slice(0, MAX_MESSAGE_LENGTH));
  const base: Understanding = {
    intent: 'trip',
    route: { kind: 'none' },
    direction: { kind: 'none' },
    time: { kind: 'none' },
    otherWay: false,
    sameAgain: false,
    truncated,
  };
  if (text === '') return { ...base, intent: 'empty' };
  const command = readIntent(text);
  if (command) return { ...base, intent: command };

  const taken: Span[] = [];
  const towards = readTowards(text, taken);
  const route = readRoute(text, taken);
  // Route numbers are hidden from chrono so "504" is never read as a time.
  const forTime = text.split('').map((c, i) => (taken.some((s) => i >= s.start && i < s.end) ? ' ' : c)).join('');
  const time = readTime(forTime, ref, timeOptions);
  const direction = readDirection(text, taken);
  const upDown = /\buptown\b/.test(text) ? 'n' : /\bdowntown\b/.test(text) ? 's' : undefined;
  const otherWay = /\b(?:other way|other direction|opposite (?:way|direction)|reverse|way back|return trip|coming back)\b/.test(text);
  const sameAgain = /\b(?:same (?:again|trip|route|one|as (?:before|last time))|again|usual trip|my usual)\b/.test(text);

  const found = route.kind !== 'none' || direction.kind !== 'none' || time.kind !== 'none' || towards !== undefined;
  const intent: Intent = found || upDown || otherWay || sameAgain ? 'trip' : 'unreadable';
  return { ...base, intent, route, direction, towards, time, upDown, otherWay, sameAgain };
}

export type { DirectionReading, RouteReading, TimeReading, TowardsReading };
export type { LocalDate } from './time';
