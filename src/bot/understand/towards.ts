import { ROUTES } from '../../pipeline/routes';
import type { Direction } from '../../pipeline/types';
import { overlaps, phrasePattern, type Span } from './text';

/** A terminal or landmark the rider is heading to, e.g. "towards Broadview". */
export interface TowardsReading {
  /** The words as in the route table ("broadview station"). */
  place: string;
  /** Which way that place lies on each route that goes there. */
  byRoute: Map<number, Direction>;
  /** "from Broadview station": the rider leaves that place, so goes the other way. */
  from: boolean;
}

const PLACES = new Map<string, Map<number, Direction>>();
for (const r of ROUTES) {
  for (const [dir, places] of Object.entries(r.towards) as [Direction, string[]][]) {
    for (const place of places) {
      const byRoute = PLACES.get(place) ?? new Map<number, Direction>();
      byRoute.set(r.route, dir);
      PLACES.set(place, byRoute);
    }
  }
}
const PATTERNS = [...PLACES.keys()]
  .sort((a, b) => b.length - a.length)
  .map((place) => ({ place, re: new RegExp(phrasePattern(place), 'gu') }));

// Words that make a place a destination rather than a street the rider stands on.
const HEADING = /(?:towards?|to|for|bound for|direction of|heading|headed|going|end of the line at)\s*(?:the\s*)?$/;

/**
 * Finds "towards <terminal>" (or a terminal named with station/loop) and marks its words as
 * taken so that "Dundas West station" is not read as the 505 going west.
 */
export function readTowards(text: string, taken: Span[]): TowardsReading | undefined {
  let found: TowardsReading | undefined;
  for (const { place, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (overlaps(taken, start, end)) continue;
      const before = text.slice(Math.max(0, start - 24), start);
      const named = /\b(station|loop|gate)\b/.test(place);
      const from = /\bfrom\s*(?:the\s*)?$/.test(before);
      if (!HEADING.test(before) && !named && !from) continue;
      // Include the preposition so "to" is not read again by anyone.
      taken.push({ start, end });
      found ??= { place, byRoute: PLACES.get(place) ?? new Map(), from };
    }
  }
  return found;
}
