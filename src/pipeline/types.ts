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

/** Incidents on the route in one window before the trip's hour: its way (or both ways), other ways. */
export interface RecentCounts {
  same: number;
  other: number;
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
  /**
   * Present when the prediction used recent incidents: the counts it saw on the route before the
   * trip's clock hour, per window (a window the source did not cover is left out).
   */
  recentIncidents?: {
    lastHour?: RecentCounts;
    last3Hours?: RecentCounts;
    earlierToday?: RecentCounts;
    dayBefore?: RecentCounts;
  };
  /** live alerts (src/live): the TTC's service alerts for this route active at the trip's time; absent when none. */
  alerts?: PredictionAlert[];
}

// ── live alerts (src/live) ──
/** One TTC service alert as an answer shows it (built by src/live from the GTFS-realtime feed). */
export interface PredictionAlert {
  /** The feed entity's id. */
  id: string;
  /** The alert's header text: the English translation, or the first. */
  header: string;
  /** Its effect on service in plain words: "Detour", "Reduced service", "No service", … */
  effect: string;
  /** The end of the active period that covers the trip, ISO 8601 with the Toronto offset; absent when the feed gives no end. */
  until?: string;
}

/** A problem a user caused, with words for people: never a stack trace. */
export interface UserError {
  field: string;
  problem: string;
}

export function isDirection(value: unknown): value is Direction {
  return value === 'e' || value === 'w' || value === 'n' || value === 's';
}
