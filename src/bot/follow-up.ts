import { findRoute } from '../pipeline/routes';
import { torontoParts } from '../pipeline/toronto-time';
import type { Direction } from '../pipeline/types';
import { mergeUnderstanding, type MergeResult, type TripDraft } from './draft';
import { stillAhead, understand, type Understanding } from './understand';

/** The rider's last answered trip, kept in user state so "same again tomorrow" works. */
export interface LastTrip {
  route: number;
  direction: Direction;
  /** ISO 8601 instant. */
  time: string;
  branch?: string;
}

export interface StartingPoint extends MergeResult {
  understanding: Understanding;
}

/**
 * Reads a message that starts a trip. When `reuse` is true (the rider is answering "another
 * trip?") or the message refers back ("same again", "what about…", "an hour later", "and coming
 * back at 6?"), the last trip fills whatever the message leaves out, its day included: "westbound
 * instead", "what about the 505?", "make that 7 pm", "the day after".
 */
export function startTrip(text: string | undefined, ref: Date, last: LastTrip | undefined, reuse: boolean): StartingPoint {
  const lastInstant = last ? Date.parse(last.time) : NaN;
  const known = !Number.isNaN(lastInstant);
  const lastTime = known ? torontoParts(lastInstant) : undefined;
  const u = understand(text, ref, {
    clock: lastTime ? { hour: lastTime.hour, minute: lastTime.minute } : undefined,
    trip: known ? { time: new Date(lastInstant), onlyOnFollowUp: !reuse } : undefined,
  });
  const wantsLast = last !== undefined && (reuse || u.sameAgain || u.followUp);
  let base: TripDraft = {};
  if (wantsLast && last && u.intent === 'trip') {
    base = { route: last.route, direction: last.direction, branch: last.branch };
    // "what about the 510?" after a 504 trip: the old direction simply does not carry over.
    if (u.route.kind === 'route' && !findRoute(u.route.route)?.directions.includes(last.direction)) delete base.direction;
    // "and coming back?" with no time: the return is not at the time of the trip out.
    if (stillAhead(new Date(lastInstant), ref) && !(u.returnTrip && u.time.kind === 'none')) base.time = last.time;
    if (u.returnTrip && u.time.kind === 'none' && lastTime && stillAhead(new Date(lastInstant), ref)) {
      base.day = { year: lastTime.year, month: lastTime.month, day: lastTime.day };
    }
  }
  return { ...mergeUnderstanding(base, u), understanding: u };
}
