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

/** Reads compass directions from normalized text, skipping spans other readers have taken. */
export function readDirection(text: string, taken: Span[] = []): DirectionReading {
  const letter = LETTER.exec(text);
  if (letter) return { kind: 'direction', direction: letter[1] as Direction };
  const found: Direction[] = [];
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
