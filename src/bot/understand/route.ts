import { ROUTES, findRoute, type RouteInfo } from '../../pipeline/routes';
import { editDistance, overlaps, phrasePattern, type Span } from './text';

/** What a message says about the route. */
export type RouteReading =
  | { kind: 'none' }
  | { kind: 'route'; route: number; branch?: string }
  /** Two or more different routes: ask which. */
  | { kind: 'several'; routes: number[] }
  /** A route number that is not (or no longer) a streetcar route. */
  | { kind: 'unknown'; number: number }
  | { kind: 'retired'; info: RouteInfo };

interface Mention extends Span {
  route: number;
  branch?: string;
  /** "at Queen", "King and Spadina": a street named as a place, not the route ridden. */
  place: boolean;
}

const ALIASES = ROUTES.flatMap((r) => r.aliases.map((alias) => ({ alias, route: r.route })))
  .sort((a, b) => b.alias.length - a.alias.length)
  .map((a) => ({ ...a, re: new RegExp(phrasePattern(a.alias), 'gu') }));

/** Single words worth correcting for typos ("spadna", "bathrust"); short names are too risky. */
const FUZZY = ALIASES.filter((a) => a.alias.length >= 5 && !/[\s.]/.test(a.alias) && findRoute(a.route)?.status === 'active');
/** Real words a typo check would otherwise bend into a route ("downtown" ≈ "downtowner"). */
const NOT_TYPOS = new Set(['downtown', 'uptown', 'queens', 'kings', 'collage', 'tomorrow', 'tonight', 'streetcar', 'streetcars']);

// A 3-digit number not glued to other digits, a clock time (5:04), money or an amount of time.
const NUMBER = /(?<![\p{N}:.,$#/-])(\d{3})([ab])?(?![\p{N}:]|\.\d|\s?(?:am|pm|a\.m|p\.m|min|mins|minutes|hours?|hrs?|o'?clock)(?![\p{L}]))/giu;
// "route 29", "bus 7", "#97": an explicit route number of any length.
const EXPLICIT = /(?<![\p{L}])(?:route|rt|bus|no\.?|#)\s*(\d{1,4})(?![\p{N}:])/giu;
const PLACE_BEFORE = /(?:\bat|\bfrom|\bnear|\bon|\band|&|\bof|\bpast)\s*$/;
const PLACE_AFTER = /^\s*(?:and\b|&|station|stn\b|loop\b|(?:st|street|ave|avenue|rd)\b\s*(?:and\b|&))/;

function isPlace(text: string, start: number, end: number): boolean {
  return PLACE_BEFORE.test(text.slice(Math.max(0, start - 6), start)) || PLACE_AFTER.test(text.slice(end, end + 14));
}

function numberMentions(text: string, taken: Span[]): { mentions: Mention[]; unknown: number[] } {
  const mentions: Mention[] = [];
  const unknown: number[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps(taken, start, end)) continue;
    const n = Number(m[1]);
    if (findRoute(n)) {
      mentions.push({ start, end, route: n, branch: m[2] ? `${n}${m[2].toUpperCase()}` : undefined, place: false });
      taken.push({ start, end });
    } else if (/^[35]/.test(m[1]) && !/\b(?:at|by|around)\s*$/.test(text.slice(Math.max(0, start - 7), start))) {
      // 3xx and 5xx look like streetcar numbers; "at 530" is more likely half past five.
      unknown.push(n);
      taken.push({ start, end });
    }
  }
  for (const m of text.matchAll(EXPLICIT)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps(taken, start, end)) continue;
    const n = Number(m[1]);
    if (findRoute(n)) mentions.push({ start, end, route: n, place: false });
    else unknown.push(n);
    taken.push({ start, end });
  }
  return { mentions, unknown };
}

/** Typo lookups by word: riders reuse the same few hundred words, and the lookup is pure. */
const fuzzyCache = new Map<string, (typeof FUZZY)[number] | null>();

/** The route name a word is a typo of ("spadna", "bathhurst"), if any. */
function fuzzyAlias(word: string): (typeof FUZZY)[number] | undefined {
  let hit = fuzzyCache.get(word);
  if (hit === undefined) {
    const limit = word.length >= 8 ? 2 : 1;
    hit = FUZZY.find((a) => editDistance(word, a.alias, limit) <= limit) ?? null;
    if (fuzzyCache.size >= 10_000) fuzzyCache.clear();
    fuzzyCache.set(word, hit);
  }
  return hit ?? undefined;
}

function aliasMentions(text: string, taken: Span[]): Mention[] {
  const mentions: Mention[] = [];
  for (const { re, route } of ALIASES) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (overlaps(taken, start, end)) continue;
      mentions.push({ start, end, route, place: isPlace(text, start, end) });
      taken.push({ start, end });
    }
  }
  for (const m of text.matchAll(/\p{L}{5,}/gu)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps(taken, start, end)) continue;
    const word = m[0];
    if (NOT_TYPOS.has(word)) continue;
    const hit = fuzzyAlias(word);
    if (hit) {
      mentions.push({ start, end, route: hit.route, place: isPlace(text, start, end) });
      taken.push({ start, end });
    }
  }
  return mentions;
}

/**
 * Reads the route from normalized text. `taken` holds spans already used by other readers
 * (terminals such as "Dundas West station"); the spans used here are added to it.
 */
export function readRoute(text: string, taken: Span[] = []): RouteReading {
  const { mentions: numbers, unknown } = numberMentions(text, taken);
  const names = aliasMentions(text, taken);
  const all = [...numbers, ...names].sort((a, b) => a.start - b.start);
  // Streets named as places only count when nothing else names the route.
  const riding = all.some((m) => !m.place) ? all.filter((m) => !m.place) : all;
  const routes = [...new Set(riding.map((m) => m.route))];
  if (routes.length > 1) return { kind: 'several', routes };
  if (routes.length === 1) return finish(routes[0], riding);
  if (unknown.length > 0) return { kind: 'unknown', number: unknown[0] };
  return { kind: 'none' };
}

function finish(route: number, mentions: Mention[]): RouteReading {
  const info = findRoute(route);
  if (info && info.status !== 'active') return { kind: 'retired', info };
  const branch = mentions.find((m) => m.route === route && m.branch)?.branch;
  const known = info?.branches?.includes(branch ?? '') ? branch : undefined;
  return known ? { kind: 'route', route, branch: known } : { kind: 'route', route };
}
