import { findRoute } from '../pipeline/routes';
import { fromTorontoWallClock, torontoParts } from '../pipeline/toronto-time';
import type { Direction } from '../pipeline/types';
import { mergeUnderstanding, type MergeResult, type TripDraft } from './draft';
import { understand, type Understanding } from './understand';
import { normalize } from './understand/text';
import { PAST_GRACE_MINUTES } from './understand/time';

/** The rider's last answered trip, kept in user state so "same again tomorrow" works. */
export interface LastTrip {
  route: number;
  direction: Direction;
  /** ISO 8601 instant. */
  time: string;
  branch?: string;
}

const SAME_AGAIN = /\b(?:same|again|usual)\b/;
const NEXT_DAY = /\b(?:next day|day after|following day)\b/;

export interface StartingPoint extends MergeResult {
  understanding: Understanding;
}

/**
 * Reads a message that starts a trip. When `reuse` is true (the rider is answering "another
 * trip?") or the message says "same again", the last trip fills whatever the message leaves out:
 * "westbound instead", "what about the 505?", "same again tomorrow".
 */
export function startTrip(text: string | undefined, ref: Date, last: LastTrip | undefined, reuse: boolean): StartingPoint {
  const wantsLast = last !== undefined && (reuse || SAME_AGAIN.test(normalize(text ?? '')));
  const lastInstant = last ? Date.parse(last.time) : NaN;
  const lastTime = Number.isNaN(lastInstant) ? undefined : torontoParts(lastInstant);
  const clock = wantsLast && lastTime ? { hour: lastTime.hour, minute: lastTime.minute } : undefined;
  const u = understand(text, ref, { clock });
  let base: TripDraft = {};
  if (wantsLast && last && u.intent === 'trip') {
    base = { route: last.route, direction: last.direction, branch: last.branch };
    // "what about the 510?" after a 504 trip: the old direction simply does not carry over.
    if (u.route.kind === 'route' && !findRoute(u.route.route)?.directions.includes(last.direction)) delete base.direction;
    if (lastInstant >= ref.getTime() - PAST_GRACE_MINUTES * 60_000) base.time = last.time;
  }
  const merged = mergeUnderstanding(base, u);
  // "Same trip next day": the day after the last trip's, at its clock time.
  if (wantsLast && lastTime && NEXT_DAY.test(normalize(text ?? ''))) {
    const next = new Date(Date.UTC(lastTime.year, lastTime.month - 1, lastTime.day + 1));
    const r = fromTorontoWallClock(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), lastTime.hour, lastTime.minute);
    if (r.ok) merged.draft.time = r.instant.toISOString();
  }
  return { ...merged, understanding: u };
}
