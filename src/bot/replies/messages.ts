// The bot's words around the answer: corrections, refusals, what a route is, the questions, the
// dialog's small talk. One catalogue per language (English here, French in ./messages-fr.ts), of
// the same shape; `messages(locale)` picks one. The answer line itself is in ./catalogue.ts. No
// rider text is ever passed in: only values the bot recognised itself.
import type { Locale } from '../../chart/catalogue';
import type { RouteInfo } from '../../pipeline/routes';
import type { Direction } from '../../pipeline/types';
import type { TimeProblem } from '../understand/time-problem';
import type { TransitLine } from '../understand/transit';
import { botWords } from './catalogue';
import { fr } from './messages-fr';

const EN = botWords('en');
const DIRECTION = EN.directions;
const WEEKDAYS = EN.time.weekdays;
const clock12 = EN.time.clock;

/** Which streetcars there are, said after anything that is not one. */
const STREETCARS = 'I know streetcars: 501–512 by day, 301–312 at night.';

const COMPASS: Record<Direction, string> = { e: 'east', w: 'west', n: 'north', s: 'south' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function capital(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}

export const en = {
  // Commands and small talk
  cancelled: 'OK, cancelled. Name a streetcar whenever you want another estimate.',
  startOver: "OK, let's start over.",
  anyTime: 'Any time. Name a streetcar whenever you want an estimate.',
  goodRide: 'Have a good ride!',
  hi: 'Hi!',
  youAreWelcome: "You're welcome!",
  textOnly: "I can only read text, so I didn't catch that.",
  notUnderstood: "Sorry, I didn't understand that.",
  notUnderstoodExample: 'Sorry, I didn\'t understand that. I read messages like "504 eastbound at 8 am", in English or French.',
  notUnderstoodAnother: "Sorry, I didn't understand that. Let's plan another trip.",
  longMessage: (limit: number) => `That was a long message: I read the first ${limit} characters.`,
  timePassedNow: 'That time has passed now.',
  /** A bare clock time placed tomorrow because it has passed today. */
  tookTomorrow: 'That time has passed today, so I took tomorrow.',
  /** A problem in the bot's own words ("that time has already passed"). */
  sorry: (problem: string) => `Sorry, ${problem}.`,
  timeProblem(p: TimeProblem): string {
    switch (p.kind) {
      case 'passed':
        return 'that time has already passed';
      case 'passed-today':
        return 'that time has already passed today';
      case 'part-passed':
        return `this ${p.part} has already passed`;
      case 'in-the-past':
        return 'that is in the past';
      case 'past-day':
        return 'that day is in the past';
      case 'too-far':
        return 'I can only look up to a year ahead';
      case 'not-a-clock':
        return `${p.hour}${p.minute !== undefined ? `:${p.minute}` : ''}${p.meridiem ? ` ${p.meridiem}` : ''} isn't a time on the clock`;
      case 'hour-24':
        return '24 o\'clock is midnight: say "midnight" and which day';
      case 'not-a-date':
        return `${MONTHS[p.month - 1] ?? '?'} ${p.day} isn't a date`;
      case 'no-february-29':
        return `there's no February 29 until ${p.until}`;
      case 'skipped-hour':
        return `${clock12(p.hour, p.minute)} doesn't exist in Toronto on ${WEEKDAYS[p.weekday - 1]}, ${MONTHS[p.month - 1]} ${p.day}: the clocks jump from 2:00 to 3:00 am that night`;
    }
  },
  /** The trip failed the model's own checks (should not happen after the dialog's). */
  tripRefused: (problem: string) => `Sorry, ${problem}.`,

  // Routes
  severalRoutes: (labels: string[]) => `You mentioned the ${labels.join(' and the ')}.`,
  retired: (info: RouteInfo) => `The ${info.route} ${info.name} no longer runs${info.replacedBy ? `; try ${info.replacedBy}` : ''}.`,
  notARoute: (n: number) => `${n} isn't a streetcar route; ${STREETCARS}`,
  bus: (n: number | undefined) => (n === undefined ? `That sounds like a bus; ${STREETCARS}` : `The ${n} is a bus; ${STREETCARS}`),
  line: (line: TransitLine | undefined) =>
    !line ? `The subway isn't something I know; ${STREETCARS}`
    : line.kind === 'subway' ? `Line ${line.line} is the subway (${line.name}); ${STREETCARS}`
    : `Line ${line.line} ${line.name} is light rail, not a streetcar route; ${STREETCARS}`,

  // Directions
  runsNot: (route: number, name: string, runs: readonly Direction[], not: Direction) =>
    `The ${route} ${name} runs ${runs.map((d) => COMPASS[d]).join(' and ')}, not ${COMPASS[not]}.`,
  severalDirections: 'You mentioned more than one direction.',
  notSureWhichWay: (place: string, routeLabel: string) => `I'm not sure which way ${place} is on the ${routeLabel}.`,

  // Corrections said back while a question is pending
  changedRoute: (route: number) => `OK, the ${route} instead.`,
  changedDirection: (d: Direction) => `${capital(DIRECTION[d])}, then.`,
  changedTime: (when: string) => `OK, ${when} instead.`,

  // The questions (src/bot/questions.ts) and their suggested-action buttons
  ask: {
    route: 'Which streetcar? A number like 504 or a name like King.',
    whichRoute: 'Which one do you mean?',
    direction: (routeLabel: string, dirs: readonly Direction[]) => `Which way on the ${routeLabel}: ${dirs.map((d) => DIRECTION[d]).join(' or ')}?`,
    /** "Eastbound (to Distillery Loop)"; the button sends "Eastbound". */
    directionButton: (d: Direction, place: string | undefined) => (place ? `${capital(DIRECTION[d])} (to ${place})` : capital(DIRECTION[d])),
    directionValue: (d: Direction) => capital(DIRECTION[d]),
    time: 'When are you travelling? For example "now", "at 5:30 pm" or "tomorrow morning".',
    timeButtons: ['Now', 'In 30 minutes', 'Tomorrow 8 am'],
    /** weekday 1 (Monday) – 7, month 1–12. */
    timeOnDay: (weekday: number, month: number, day: number) => `What time on ${WEEKDAYS[weekday - 1]}, ${MONTHS[month - 1]} ${day}?`,
    timeOnDayButtons: ['8 am', '12 pm', '5 pm'],
  },
  /** Offered with every answer; the rider's next message is read as the answer to "another trip?". */
  anotherTrip: ['Same trip next day', 'Other direction', 'New trip', 'No thanks'],
  help: [
    'I estimate how likely a Toronto streetcar trip is to run into a reported delay, from years of TTC delay logs.',
    'Tell me the route, the direction and when, in one message or several: "504 eastbound tomorrow at 8 am", "Spadina car south now", "Queen streetcar towards the Beaches at 5".',
    'Say "start over" for a new trip, "cancel" to stop, or "same again tomorrow" to repeat your last trip. Je parle aussi français.',
  ].join('\n\n'),
  welcome: [
    'Hi! I tell you the chance that your Toronto streetcar trip runs into a reported delay.',
    'Try "Will the 504 King eastbound be late tomorrow at 8 am?" or just name a route to start. Say "help" any time.',
  ].join('\n\n'),
};

export type Messages = typeof en;

const CATALOGUES: Record<Locale, Messages> = { en, fr };

/** The catalogue of a language. */
export function messages(locale: Locale = 'en'): Messages {
  return CATALOGUES[locale];
}
