// What riders name that is not a streetcar: TTC buses ("the 97 Yonge bus", "bus 52", "route 29")
// and the subway and light-rail lines ("line 1", "the Bloor–Danforth subway", "the Crosstown").
// Only recognised so the bot can say what it is instead of asking "Which streetcar?" blankly.
import { findRoute } from '../../pipeline/routes';
import { overlaps, type Span } from './text';

/** A TTC subway or light-rail line. */
export interface TransitLine {
  line: number;
  name: string;
  kind: 'subway' | 'light rail';
}

export const LINES: readonly (TransitLine & { words: string[] })[] = [
  { line: 1, name: 'Yonge–University', kind: 'subway', words: ['yonge university', 'yonge', 'university', 'yus'] },
  { line: 2, name: 'Bloor–Danforth', kind: 'subway', words: ['bloor danforth', 'bloor', 'danforth'] },
  { line: 4, name: 'Sheppard', kind: 'subway', words: ['sheppard'] },
  { line: 5, name: 'Eglinton', kind: 'light rail', words: ['eglinton crosstown', 'eglinton', 'crosstown'] },
  { line: 6, name: 'Finch West', kind: 'light rail', words: ['finch west', 'finch'] },
];

export function findLine(line: number): TransitLine | undefined {
  return LINES.find((l) => l.line === line);
}

/** Route numbers of TTC buses: 1–199 by day, the 900s express routes. */
export function isBusNumber(n: number): boolean {
  return (n >= 1 && n <= 199) || (n >= 900 && n <= 996);
}

export type OtherTransit =
  | { kind: 'bus'; number?: number }
  | { kind: 'subway'; line?: number }
  /** A number said as a route that no TTC streetcar has ("the 999", "route 700"). */
  | { kind: 'unknown'; number: number };

interface Found extends Span {
  what: OtherTransit;
}

const LINE_NUMBERS: Record<string, number> = { one: 1, two: 2, four: 4, five: 5, six: 6 };
const SEP = "[\\s\\-–—/]+";
const LINE_WORDS = LINES.flatMap((l) => l.words.map((w) => ({ w, line: l.line })))
  .sort((a, b) => b.w.length - a.w.length);
const NAMED_LINE = new RegExp(
  `(?<![\\p{L}])(?:the\\s+)?(${LINE_WORDS.map((x) => x.w.replace(/ /g, SEP)).join('|')})\\s*(?:subway|line|lrt|train|rt)(?![\\p{L}])`,
  'gu',
);
const NUMBERED_LINE = /(?<![\p{L}])line\s*(1|2|4|5|6|one|two|four|five|six)(?![\p{L}\p{N}:]|\s*(?:am|pm|a\.m|p\.m|minutes?|mins?|hours?)(?![\p{L}]))/gu;
const CROSSTOWN = /(?<![\p{L}])(?:the\s+)?crosstown(?![\p{L}])/gu;
const SUBWAY = /(?<![\p{L}])(?:subway|metro|underground)(?![\p{L}])/gu;

// Words that cannot be part of a bus's name ("at 5 the bus", "in 10 minutes by bus").
const NOT_NAME = new Set([
  'at', 'to', 'from', 'in', 'on', 'by', 'for', 'the', 'a', 'an', 'and', 'or', 'is', 'be', 'will', 'now',
  'today', 'tonight', 'tomorrow', 'am', 'pm', 'minutes', 'minute', 'mins', 'min', 'hours', 'hour', 'of',
  'or', 'than', 'take', 'then', 'instead', 'not', 'no', 'i', 'my', 'me', 'it', 'with',
]);
const BUS_AFTER = /(?<![\p{N}:.,$#/-])(\d{1,3})[a-z]?\s+((?:[\p{L}'.-]+\s+){0,3}?)(?:night\s+|express\s+|shuttle\s+)?bus(?:es)?(?![\p{L}])/gu;
const BUS_BEFORE = /(?<![\p{L}])bus(?:es)?\s*(?:route\s*|number\s*|no\.?\s*|#\s*)?(\d{1,3})(?![\p{N}:])/gu;
const EXPLICIT = /(?<![\p{L}])(?:route|rt|no\.?|#)\s*(\d{1,3})(?![\p{N}:])/gu;
// "the 85 is always late", "will the 999 be late", "taking the 29 north".
const UNITS = '(?:am|pm|a\\.m|p\\.m|minutes?|mins?|hours?|hrs?|o\'?clock|th|st|nd|rd|%|of|people|persons?|dollars?|bucks|km|kms|kilometres?|kilometers?|metres?|meters?|m|days?|weeks?|months?|years?|times?|stops?|blocks?|percent)';
const THE_NUMBER = new RegExp(
  `(?<![\\p{L}])(?:the|take|taking|ride|riding|catch|catching)\\s+(\\d{1,3})(?![\\p{N}:.,]\\d|\\s*${UNITS}(?![\\p{L}]))` +
    `(?=\\s*(?:[.!?,;]|$)|\\s+(?:[\\p{L}'-]+\\s+)?(?:is|be|was|going|gonna|heading|headed|running|late|delayed|coming|leaving|express|east|west|north|south|\\p{L}*bound|nb|sb|eb|wb|at|to|from|towards?|tomorrow|today|tonight|now|this|next)(?![\\p{L}]))`,
  'gu',
);
const BARE_NUMBER = /^(?:the\s+)?(?:route\s+|bus\s+)?(\d{1,3})[.!?]*$/u;

function byNumber(n: number, saidBus: boolean): OtherTransit | undefined {
  if (findRoute(n)) return undefined; // a streetcar (or a retired one): route.ts reads it
  if (saidBus || isBusNumber(n)) return { kind: 'bus', number: n };
  return { kind: 'unknown', number: n };
}

/**
 * Finds buses, subway lines and route numbers that are not streetcars, and marks their words as
 * taken so that "Finch West" is not read as west nor "line 2" as a time. `bareNumber`: the
 * message may be just a route number ("97"), as when the bot asked which streetcar.
 */
export function readOtherTransit(text: string, taken: Span[], bareNumber = true): OtherTransit | undefined {
  const found: Found[] = [];
  const add = (start: number, end: number, what: OtherTransit | undefined) => {
    if (!what || overlaps(taken, start, end)) return;
    found.push({ start, end, what });
    taken.push({ start, end });
  };
  for (const m of text.matchAll(NUMBERED_LINE)) {
    const n = LINE_NUMBERS[m[1]] ?? Number(m[1]);
    // "line 1 subway": the word after belongs to the same mention.
    const tail = /^\s*(?:subway|lrt|train)(?![\p{L}])/u.exec(text.slice((m.index ?? 0) + m[0].length));
    add(m.index ?? 0, (m.index ?? 0) + m[0].length + (tail?.[0].length ?? 0), { kind: 'subway', line: n });
  }
  for (const m of text.matchAll(NAMED_LINE)) {
    const words = m[1].replace(new RegExp(SEP, 'g'), ' ');
    const line = LINE_WORDS.find((x) => x.w === words)?.line;
    add(m.index ?? 0, (m.index ?? 0) + m[0].length, { kind: 'subway', line });
  }
  for (const m of text.matchAll(CROSSTOWN)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, { kind: 'subway', line: 5 });
  for (const m of text.matchAll(BUS_AFTER)) {
    const name = m[2].trim().split(/\s+/).filter(Boolean);
    if (name.some((w) => NOT_NAME.has(w))) continue;
    // "at 5 by bus", "in 10 bus stops": a clock time or an amount, not a route number.
    if (/(?<![\p{L}])(?:at|by|around|in|for|about)\s*$/u.test(text.slice(Math.max(0, (m.index ?? 0) - 8), m.index ?? 0))) continue;
    add(m.index ?? 0, (m.index ?? 0) + m[0].length, byNumber(Number(m[1]), true));
  }
  for (const m of text.matchAll(BUS_BEFORE)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, byNumber(Number(m[1]), true));
  for (const m of text.matchAll(EXPLICIT)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, byNumber(Number(m[1]), false));
  for (const m of text.matchAll(THE_NUMBER)) {
    const start = (m.index ?? 0) + m[0].indexOf(m[1]);
    add(start, start + m[1].length, byNumber(Number(m[1]), false));
  }
  if (bareNumber) {
    const bare = BARE_NUMBER.exec(text);
    if (bare) add(text.indexOf(bare[1]), text.indexOf(bare[1]) + bare[1].length, byNumber(Number(bare[1]), false));
  }
  for (const m of text.matchAll(SUBWAY)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, { kind: 'subway' });
  for (const m of text.matchAll(/(?<![\p{L}])(?:the\s+)?bus(?:es)?(?![\p{L}])/gu)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, { kind: 'bus' });
  if (found.length === 0) return undefined;
  // The most specific mention: a numbered bus or line before "the subway" or "the bus".
  const specific = found.find((f) => ('number' in f.what && f.what.number !== undefined) || ('line' in f.what && f.what.line !== undefined));
  return (specific ?? found.sort((a, b) => a.start - b.start)[0]).what;
}
