/** Shared text helpers for reading what riders type. */

/** Lower case, straight quotes, "St." → "st", runs of spaces collapsed: what the matchers expect. */
export function normalize(text: string): string {
  return text
    .replace(/<[^>]{0,200}>/g, ' ') // markup some channels add (Teams wraps text in HTML)
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for a phrase as whole words, with any spacing or a dot between its words. */
export function phrasePattern(phrase: string): string {
  const words = phrase.split(/[\s.]+/).filter(Boolean).map(escapeRegExp);
  return `(?<![\\p{L}\\p{N}])${words.join("[\\s.]*")}(?![\\p{L}\\p{N}])`;
}

/** A stretch of the text that one matcher has consumed, so others skip it. */
export interface Span {
  start: number;
  end: number;
}

export function overlaps(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && end > s.start);
}

/** Blanks out spans (same length, so indexes stay valid). */
export function mask(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}
