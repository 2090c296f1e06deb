import type { Locale } from '../../chart/catalogue';
import type { Direction } from '../../pipeline/types';
import { overlaps, type Span } from './text';

export type DirectionReading =
  | { kind: 'none' }
  | { kind: 'direction'; direction: Direction }
  /** Two different directions in one message ("east or west?"): ask. */
  | { kind: 'several'; directions: Direction[] };

const WORDS: Record<Direction, RegExp> = {
  e: /(?<![\p{L}])(?:east\s*-?\s*bound|eastwards?|east|eb|e\s*\/\s*b|e-b)(?![\p{L}])/gu,
  w: /(?<![\p{L}])(?:west\s*-?\s*bound|westwards?|west|wb|w\s*\/\s*b|w-b)(?![\p{L}])/gu,
  n: /(?<![\p{L}])(?:north\s*-?\s*bound|northwards?|north|nb|n\s*\/\s*b|n-b|uptown)(?![\p{L}])/gu,
  s: /(?<![\p{L}])(?:south\s*-?\s*bound|southwards?|south|sb|s\s*\/\s*b|s-b|downtown)(?![\p{L}])/gu,
};

/** A bare letter right after a route number: "504 e", "510 s at noon". */
const AFTER_ROUTE = /(?<=(?<![\p{N}])[35]\d{2}[ab]?\s+)([ewns])(?![\p{L}\p{N}'])/gu;

/** A message that is just a letter, as from a rider tapping quickly: "e", "W.", "n bound". */
const LETTER = /^(?:going\s+|heading\s+)?([ewns])\.?(?:\s*bound)?[.!]?$/;

const COMPASS: Record<string, Direction> = { est: 'e', ouest: 'w', nord: 'n', sud: 's' };

/**
 * French compass words, with what may lead them: "vers l'est", "direction ouest", "en direction
 * du nord", "à l'est", "côté sud", or none ("504 est", "ouest").
 */
const FRENCH = /(?<![\p{L}'-])(?:((?:en\s+)?direction(?:\s+(?:de|du))?|vers|à|a|au|du\s+côté(?:\s+(?:de|du))?|côté|plein)\s+)?(l'\s*|le\s+|du\s+)?(est|ouest|nord|sud)(?![\p{L}])/gu;

/** A French message that is just a direction: "est", "vers l'est", "direction ouest", "l'ouest". */
const FRENCH_ALONE = /^(?:(?:en\s+)?direction\s+(?:de\s+l'|du\s+)?|vers\s+(?:l'|le\s+)|à\s+l'|l'|le\s+)?(est|ouest|nord|sud)[.!]?$/u;

/**
 * After "est" right behind a route, the words that make it the verb ("le 504 est en retard", "est-il
 * à l'heure") rather than east ("504 est demain à 8 h").
 */
const VERB_AFTER = /^(?:-|\s+(?:en\s+retard|à\s+l'heure|a\s+l'heure|retard|retardé|lent|bondé|plein|souvent|toujours|encore|déjà|pas|il|elle|ce|bien|vraiment|très|trop|annulé|en\s+panne|arrêté|bloqué|ponctuel|fiable|rapide|le|la|un|une|mon|ma|votre|ton|de|du|parti|passé|arrivé|là|ici|où|quand)(?![\p{L}]))/u;

export interface DirectionOptions {
  /** The language the text is read in: French adds est, ouest, nord, sud (default English). */
  locale?: Locale;
  /** Where routes are named: "est" right after one is east ("504 est"), unless a verb follows. */
  routes?: readonly Span[];
}

/** The French compass words of a text; "est" only where it cannot be the verb. */
function frenchDirections(text: string, taken: Span[], routes: readonly Span[], found: Direction[]): void {
  const alone = FRENCH_ALONE.exec(text);
  if (alone) {
    found.push(COMPASS[alone[1]]);
    taken.push({ start: 0, end: text.length });
    return;
  }
  for (const m of text.matchAll(FRENCH)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps(taken, start, end)) continue;
    const word = m[3];
    if (word === 'est' && !m[1] && !m[2]) {
      const afterRoute = routes.some((r) => r.end <= start && /^\s*$/.test(text.slice(r.end, start)));
      if (!afterRoute || VERB_AFTER.test(text.slice(end))) continue;
    }
    taken.push({ start, end });
    // "pas vers l'est": ruled out, not chosen.
    if (/(?<![\p{L}])(?:pas|non|plutôt que)\s*$/u.test(text.slice(Math.max(0, start - 12), start))) continue;
    const dir = COMPASS[word];
    if (!found.includes(dir)) found.push(dir);
  }
}

/** Reads compass directions from normalized text, skipping spans other readers have taken. */
export function readDirection(text: string, taken: Span[] = [], options: DirectionOptions = {}): DirectionReading {
  const letter = LETTER.exec(text);
  if (letter) return { kind: 'direction', direction: letter[1] as Direction };
  const found: Direction[] = [];
  if (options.locale === 'fr') frenchDirections(text, taken, options.routes ?? [], found);
  for (const m of text.matchAll(AFTER_ROUTE)) {
    const start = m.index ?? 0;
    taken.push({ start, end: start + 1 });
    if (!found.includes(m[1] as Direction)) found.push(m[1] as Direction);
  }
  for (const dir of Object.keys(WORDS) as Direction[]) {
    for (const m of text.matchAll(WORDS[dir])) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (overlaps(taken, start, end)) continue;
      // "not eastbound": the rider is ruling a direction out, not choosing it.
      if (/\bnot\s*$/.test(text.slice(Math.max(0, start - 5), start))) {
        taken.push({ start, end });
        continue;
      }
      taken.push({ start, end });
      if (!found.includes(dir)) found.push(dir);
    }
  }
  if (found.length === 1) return { kind: 'direction', direction: found[0] };
  if (found.length > 1) return { kind: 'several', directions: found };
  return { kind: 'none' };
}
