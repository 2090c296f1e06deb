import { ROUTES, findRoute, type RouteInfo } from '../../pipeline/routes';
import { overlaps, phrasePattern, type Span } from './text';
import { readOtherTransit } from './transit';

/** What a message says about the route. */
export type RouteReading =
  | { kind: 'none' }
  | { kind: 'route'; route: number; branch?: string }
  /** Two or more different routes: ask which. */
  | { kind: 'several'; routes: number[] }
  /** A route number that is not (or no longer) a streetcar route. */
  | { kind: 'unknown'; number: number }
  | { kind: 'retired'; info: RouteInfo }
  /** A TTC bus ("the 97 Yonge bus", "route 29"); no number: "the bus". */
  | { kind: 'bus'; number?: number }
  /** A subway or light-rail line ("line 1", "the Bloor–Danforth subway"); no line: "the subway". */
  | { kind: 'subway'; line?: number };

export interface RouteOptions {
  /** The message may be just a route number ("97"): false while the bot asks for a time. */
  bareNumber?: boolean;
  /** Filled with the spans of the mentions the reading rests on ("next 511": what precedes it). */
  spans?: Span[];
}

interface Mention extends Span {
  route: number;
  branch?: string;
  /** "at Queen", "King and Spadina": a street named as a place, not the route ridden. */
  place: boolean;
}

const ALIASES = ROUTES.flatMap((r) => r.aliases.map((alias) => ({ alias, route: r.route })))
  .sort((a, b) => b.alias.length - a.alias.length)
  .map((a) => ({ ...a, re: new RegExp(phrasePattern(a.alias), 'gu') }));

// A 3-digit number not glued to other digits, a clock time (5:04), money or an amount of time.
const NUMBER = /(?<![\p{N}:.,$#/-])(\d{3})([ab])?(?![\p{N}:]|\.\d|\s?(?:am|pm|a\.m|p\.m|min|mins|minutes|hours?|hrs?|o'?clock)(?![\p{L}]))/giu;
// "route 29", "bus 7", "#97": an explicit route number of any length.
const EXPLICIT = /(?<![\p{L}])(?:route|rt|bus|no\.?|#)\s*(\d{1,4})(?![\p{N}:])/giu;
const NOT_BEFORE = /(?:\bnot|\binstead of|\brather than)\s*(?:the\s*)?$/;
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

function aliasMentions(text: string, taken: Span[]): Mention[] {
  const mentions: Mention[] = [];
  for (const { re, route } of ALIASES) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (overlaps(taken, start, end)) continue;
      // "King's birthday": a possessive is a person or a place, never the car ridden.
      if (/^'s(?![\p{L}])/u.test(text.slice(end, end + 3))) continue;
      mentions.push({ start, end, route, place: isPlace(text, start, end) });
      taken.push({ start, end });
    }
  }
  return mentions;
}

/**
 * Reads the route from normalized text. `taken` holds spans already used by other readers
 * (terminals such as "Dundas West station"); the spans used here are added to it.
 */
export function readRoute(text: string, taken: Span[] = [], options: RouteOptions = {}): RouteReading {
  // Buses and subway lines first, so that "the 7 Bathurst bus" is not the 511 Bathurst.
  const other = readOtherTransit(text, taken, options.bareNumber ?? true);
  const { mentions: numbers, unknown } = numberMentions(text, taken);
  const names = aliasMentions(text, taken);
  const all = [...numbers, ...names].sort((a, b) => a.start - b.start);
  // "505, not 504", "instead of the King car": a route ruled out is not a second route.
  const ruledOut = all.filter((m) => NOT_BEFORE.test(text.slice(Math.max(0, m.start - 16), m.start)));
  if (ruledOut.length > 0) all.splice(0, all.length, ...all.filter((m) => !ruledOut.includes(m)));
  // Streets named as places only count when nothing else names the route.
  const streetcars = all.filter((m) => !m.place);
  const riding = streetcars.length > 0 || other ? streetcars : all;
  options.spans?.push(...riding);
  const routes = [...new Set(riding.map((m) => m.route))];
  if (routes.length > 1) return { kind: 'several', routes };
  if (routes.length === 1) return finish(routes[0], riding);
  if (other) return other;
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
