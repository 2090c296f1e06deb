import { ROUTES } from '../../pipeline/routes';
import type { Direction } from '../../pipeline/types';
import { escapeRegExp, overlaps, phrasePattern, type Span } from './text';

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

// Words that make a place a destination rather than a street the rider stands on (English and
// French: "towards Broadview", "vers la station Broadview", "jusqu'à Distillery Loop").
const HEADING = /(?:towards?|to|for|bound for|direction of|heading|headed|going|end of the line at|vers|jusqu'(?:à|au|aux)|pour|(?:en\s+)?direction(?:\s+(?:de|du|des))?|à destination (?:de|du|des)|qui va (?:à|au|aux|vers)|pour aller (?:à|au|aux))\s*(?:the\s*|la\s+|le\s+|les\s+|l'\s*)?$/;
const FROM = /(?:\bfrom|depuis|en partant (?:de|du|des)|au départ (?:de|du|des)|à partir (?:de|du|des))\s*(?:the\s*|la\s+|le\s+|les\s+|l'\s*)?$/;

/** French names of the route table's places, said the French way round ("station Union"). */
const FRENCH_NAMES: [RegExp, string][] = [
  ...[...PLACES.keys()].filter((p) => / (?:station|loop)$/.test(p)).map((place): [RegExp, string] => {
    const [base, kind] = [place.replace(/ (?:station|loop)$/, ''), place.endsWith('station') ? 'station' : 'boucle'];
    const names = [base, base.replace(/\bwest\b/, 'ouest')].map((n) => n.split(/[\s.]+/).map(escapeRegExp).join('[\\s.]*'));
    return [new RegExp(`(?<![\\p{L}])${kind}\\s+(?:de\\s+|du\\s+)?(?:${names.join('|')})(?![\\p{L}\\p{N}])`, 'gu'), place];
  }),
  [/(?<![\p{L}])dundas\s+ouest(?![\p{L}])/gu, 'dundas west'],
  [/(?<![\p{L}])(?:quartier\s+de\s+la\s+)?distillerie(?![\p{L}])/gu, 'distillery'],
  [/(?<![\p{L}])(?:les|aux|des)\s+(?:beaches|plages)(?![\p{L}])/gu, 'the beaches'],
  [/(?<![\p{L}])(?:place\s+de\s+l'|l')exposition(?![\p{L}])/gu, 'exhibition'],
  [/(?<![\p{L}])rue\s+(main|church)(?![\p{L}])/gu, '$1 street'],
  // "le Queen de nuit", "310 Spadina de nuit": the night routes' names.
  [/(?<![\p{L}])(queen|king|dundas|carlton|college|spadina|st\.?\s*clair)\s+de\s+nuit(?![\p{L}])/gu, '$1 night'],
];

/** French text with the route table's places named as the table does ("station Union" → "union station"). */
export function frenchPlaces(text: string): string {
  return FRENCH_NAMES.reduce((t, [re, english]) => t.replace(re, english), text);
}

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
      const from = FROM.test(before);
      if (!HEADING.test(before) && !named && !from) continue;
      // Include the preposition so "to" is not read again by anyone.
      taken.push({ start, end });
      found ??= { place, byRoute: PLACES.get(place) ?? new Map(), from };
    }
  }
  return found;
}
