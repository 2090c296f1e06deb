/** Shapes that cross folders: the bot, the web, the scorer and training all speak these. */

export type Direction = 'e' | 'w' | 'n' | 's';
export const DIRECTIONS: readonly Direction[] = ['e', 'w', 'n', 's'];

export const DIRECTION_WORDS: Record<Direction, string> = {
  e: 'eastbound',
  w: 'westbound',
  n: 'northbound',
  s: 'southbound',
};

/** A rider's trip: a route, a direction and an instant (rendered in America/Toronto). */
export interface Trip {
  route: number;
  direction: Direction;
  time: Date;
}

/** What every front end emits for one trip. */
export interface Prediction {
  route: number;
  routeName: string;
  direction: Direction;
  /** The trip time, ISO 8601 with the Toronto offset, e.g. 2026-11-25T08:00:00-05:00. */
  time: string;
  /** Calibrated probability of at least one reported delay in that route, direction and clock hour. */
  probability: number;
  /** probability >= the documented threshold. */
  delayed: boolean;
  /** The route and direction's average probability over a whole week: "the usual". */
  usualProbability: number;
}

/** A problem a user caused, with words for people: never a stack trace. */
export interface UserError {
  field: string;
  problem: string;
}

export function isDirection(value: unknown): value is Direction {
  return value === 'e' || value === 'w' || value === 'n' || value === 's';
}
