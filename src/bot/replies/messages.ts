// The bot's words around the answer: corrections, refusals, what a route is, the dialog's small
// talk. One catalogue, so another language is one more object of the same shape (the answer line
// itself is in answer.ts and words.ts, the questions in ../questions.ts). No rider text is ever
// passed in: only values the bot recognised itself.
import type { RouteInfo } from '../../pipeline/routes';
import type { TransitLine } from '../understand/transit';

/** Which streetcars there are, said after anything that is not one. */
const STREETCARS = 'I know streetcars: 501–512 by day, 301–312 at night.';

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
  notUnderstoodExample: 'Sorry, I didn\'t understand that. I read English messages like "504 eastbound at 8 am".',
  notUnderstoodAnother: "Sorry, I didn't understand that. Let's plan another trip.",
  longMessage: (limit: number) => `That was a long message: I read the first ${limit} characters.`,
  timePassedNow: 'That time has passed now.',
  /** A problem in the bot's own words ("that time has already passed"). */
  sorry: (problem: string) => `Sorry, ${problem}.`,

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
  runsNot: (route: number, name: string, runs: string, not: string) => `The ${route} ${name} runs ${runs}, not ${not}.`,
  severalDirections: 'You mentioned more than one direction.',
  notSureWhichWay: (place: string, routeLabel: string) => `I'm not sure which way ${place} is on the ${routeLabel}.`,

  // Corrections said back while a question is pending
  changedRoute: (route: number) => `OK, the ${route} instead.`,
  changedDirection: (directionWord: string) => `${directionWord.charAt(0).toUpperCase()}${directionWord.slice(1)}, then.`,
  changedTime: (when: string) => `OK, ${when} instead.`,
};

export type Messages = typeof en;

/** The catalogue in use (English until there is another). */
export const say: Messages = en;
