// Typo tolerance for the words the readers look for: route names ("spadena", "qeen"), direction
// words ("eastbund", "norht") and time words ("tomorow", "evning", "minuts"). One pass over the
// normalized text, before any reader, so every reader sees the corrected word.
//
// A word is corrected only when
//   - it is not an English word that this budget would bend into a vocabulary word ("easy",
//     "eats", "kong", "claim", "late", "toady": NOT_TYPOS in spelling-exceptions.ts),
//   - it starts with the same letter as the word it is taken for,
//   - it is within the budget of exactly one vocabulary word. The distance is Damerau–Levenshtein
//     (two neighbouring letters swapped count one edit); the budget grows with the length of the
//     vocabulary word: none up to 3 letters, a keyboard slip at 4 (a neighbouring key, a doubled
//     letter, two letters swapped: "kign", "kingg", "eadt"), one edit at 5–7, two from 8.
import { ROUTES } from '../../pipeline/routes';
import { NOT_TYPOS } from './spelling-exceptions';

/** Words of route names too common to be the word a typo was meant as. */
const GENERIC = new Set([
  'street', 'streetcar', 'avenue', 'road', 'station', 'loop', 'gate', 'place', 'park', 'high', 'main',
  'long', 'night', 'blue', 'york', 'west', 'east', 'church', 'union', 'quay', 'saint', 'claire', 'clare',
  // Halves of two-word names, too ordinary to correct towards on their own ("shor", "fron").
  'lake', 'shore', 'harbour', 'front', 'branch', 'victoria', 'queens',
]);

/** Route-name words from the route table: names, nicknames and terminals of active routes. */
const ROUTE_WORDS = ROUTES.filter((r) => r.status === 'active')
  .flatMap((r) => [...r.aliases, ...Object.values(r.towards).flat()])
  .flatMap((alias) => alias.split(/[\s.'-]+/))
  .filter((w) => w.length >= 4 && /^\p{L}+$/u.test(w) && !GENERIC.has(w));

const DIRECTION_WORDS = [
  'east', 'west', 'north', 'south', 'eastbound', 'westbound', 'northbound', 'southbound',
  'eastward', 'westward', 'northward', 'southward', 'uptown', 'downtown',
];

const TIME_WORDS = [
  'tomorrow', 'tonight', 'today', 'morning', 'afternoon', 'evening', 'midnight', 'noon', 'minutes',
  'minute', 'hours', 'hour', 'later', 'earlier', 'monday', 'tuesday', 'wednesday', 'thursday',
  'friday', 'saturday', 'sunday', 'weekend', 'january', 'february', 'september', 'october',
  'november', 'december', 'christmas', 'quarter', 'yesterday', 'rush',
];

/** Every word a typo may be taken for. */
export const VOCABULARY: readonly string[] = [...new Set([...ROUTE_WORDS, ...DIRECTION_WORDS, ...TIME_WORDS])];
/** Words never corrected: the vocabulary, and every word of the route table ("downtowner"). */
const KNOWN = new Set([
  ...VOCABULARY,
  ...ROUTES.flatMap((r) => [r.name, ...r.aliases, ...Object.values(r.towards).flat()]).flatMap((w) => w.toLowerCase().split(/[\s.'-]+/)),
]);

// QWERTY: a key's neighbours are the keys around it, the rows staggered as on a keyboard.
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const STAGGER = [0, 0.25, 0.75];
const POSITION = new Map<string, [number, number]>();
ROWS.forEach((row, r) => [...row].forEach((c, i) => POSITION.set(c, [r, i + STAGGER[r]])));

/** Two keys that a finger slips between. */
export function neighbours(a: string, b: string): boolean {
  const p = POSITION.get(a);
  const q = POSITION.get(b);
  if (!p || !q || a === b) return false;
  return Math.abs(p[0] - q[0]) <= 1 && Math.abs(p[1] - q[1]) < 1.01;
}

/** Damerau–Levenshtein (optimal string alignment), stopping early once it exceeds `limit`. */
export function typoDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, cur[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    rows.push(cur);
  }
  return rows[a.length][b.length];
}

/** A keyboard slip of a short word: a neighbouring key, a doubled letter, two letters swapped. */
export function isSlip(word: string, target: string): boolean {
  if (word.length === target.length) {
    const diff = [...word].flatMap((c, i) => (c === target[i] ? [] : [i]));
    if (diff.length === 1) return neighbours(word[diff[0]], target[diff[0]]);
    return diff.length === 2 && diff[1] === diff[0] + 1 && word[diff[0]] === target[diff[1]] && word[diff[1]] === target[diff[0]];
  }
  if (word.length === target.length + 1) {
    // One letter too many: a doubled letter, or a neighbouring key hit with the right one.
    for (let i = 0; i < word.length; i++) {
      if (word.slice(0, i) + word.slice(i + 1) !== target) continue;
      const extra = word[i];
      if (extra === word[i - 1] || extra === word[i + 1] || neighbours(extra, word[i - 1] ?? '') || neighbours(extra, word[i + 1] ?? '')) return true;
    }
  }
  return false;
}

function swappedLetters(word: string, target: string): boolean {
  const diff = [...word].flatMap((c, i) => (c === target[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0] + 1;
}

function budget(target: string): number {
  if (target.length <= 3) return 0;
  if (target.length <= 7) return 1;
  return 2;
}

function withinBudget(word: string, target: string): number | undefined {
  if (word === target) return undefined;
  // The first letter is kept, or swapped with the second ("ewst"): riders see what they start with.
  const swappedStart = word.length > 2 && word[0] === target[1] && word[1] === target[0] && word.slice(2) === target.slice(2);
  if (word[0] !== target[0] && !swappedStart) return undefined;
  const limit = budget(target);
  if (limit === 0) return undefined;
  // Two letters swapped is the commonest slip: it wins a tie with a neighbouring key ("ewst").
  if (target.length === 4) return isSlip(word, target) ? (word.length === 4 && swappedLetters(word, target) ? 0.9 : 1) : undefined;
  const d = typoDistance(word, target, limit);
  return d <= limit ? d : undefined;
}

/** The vocabulary word a word is a typo of, if exactly one is closest; no English words. */
export function correctionOf(word: string): string | undefined {
  if (word.length < 4 || KNOWN.has(word) || NOT_TYPOS.has(word)) return undefined;
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const target of VOCABULARY) {
    const d = withinBudget(word, target);
    if (d === undefined) continue;
    if (d < bestDistance) {
      best = [target];
      bestDistance = d;
    } else if (d === bestDistance) {
      best.push(target);
    }
  }
  if (best.length <= 1) return best[0];
  // "minuts": minute or minutes, one word either way; take the one of the nearest length.
  const stem = [...best].sort((a, b) => a.length - b.length)[0];
  if (!best.every((t) => t.startsWith(stem))) return undefined;
  return [...best].sort((a, b) => Math.abs(a.length - word.length) - Math.abs(b.length - word.length) || b.length - a.length)[0];
}

/** Riders reuse the same few hundred words, and the lookup is pure: remember them. */
const cache = new Map<string, string | null>();

function cachedCorrection(word: string): string | undefined {
  let hit = cache.get(word);
  if (hit === undefined) {
    hit = correctionOf(word) ?? null;
    if (cache.size >= 10_000) cache.clear();
    cache.set(word, hit);
  }
  return hit ?? undefined;
}

/** The normalized text with typos of vocabulary words corrected ("qeen st car eastbund"). */
export function correctSpelling(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])\p{L}{4,}(?![\p{L}\p{N}])/gu, (word) => cachedCorrection(word) ?? word);
}
