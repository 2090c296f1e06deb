/**
 * How a delay probability is put into words, decided once for every surface (bot text, card,
 * web page, chart, alt text). This file holds the rules — which phrase fits which number — and no
 * words: those are in ./catalogue.ts, one catalogue per language, so every surface rounds and
 * compares the same way in every language.
 *
 * The rules, in short:
 * - A chance is a whole percent from 1% up; below 1% it is "under 1%" (never a flat 0% or a
 *   rounded-up 1%), above 99% "over 99%".
 * - It is also said plainly as odds: "about 1 in 7", "less than 1 in 100", "about 4 in 10".
 * - The outlook follows the probability, not the `delayed` flag: a delay is "likely" only from
 *   50%, "quite possible" from 30%, and under 30% the trip is "probably on time". (`delayed` is
 *   the max-F1 cut chosen on validation data, about 10% for model v1, at which most flagged hours
 *   still saw no delay: it is a flag for programs, stated with its meaning, never a verdict.)
 * - A comparison with the usual rate draws a ratio ("1.4× the usual 10%") only when both rates
 *   are at least 5%; on smaller bases it says "higher than", "a bit lower than", and when the two
 *   differ by less than half a percentage point (or 10%), "about the usual".
 */

/** From this chance a delay is called likely; from `VERY_LIKELY_FROM`, very likely. */
export const LIKELY_FROM = 0.5;
export const VERY_LIKELY_FROM = 0.8;
/** From this chance a delay is called quite possible (below: the trip is probably on time). */
export const POSSIBLE_FROM = 0.3;
/** Ratios are drawn only when the chance and the usual rate are both at least this. */
export const RATIO_BASE = 0.05;

/** A chance as it is shown: a whole percent, or beyond the ends of the scale. */
export type Chance = { kind: 'under'; percent: 1 } | { kind: 'over'; percent: 99 } | { kind: 'percent'; percent: number };

export function chanceOf(p: number): Chance {
  if (p < 0.01) return { kind: 'under', percent: 1 };
  if (p > 0.99) return { kind: 'over', percent: 99 };
  return { kind: 'percent', percent: Math.round(p * 100) };
}

/** Two chances that would be shown the same. */
export function sameChance(a: Chance, b: Chance): boolean {
  return a.kind === b.kind && a.percent === b.percent;
}

/** A chance as odds a rider can picture. */
export type Odds =
  | { kind: 'fewerThanOneIn'; n: 100 }
  | { kind: 'oneIn'; n: number }
  | { kind: 'inTen'; k: number }
  | { kind: 'half' }
  | { kind: 'moreThanInTen'; k: 9 };

export function oddsOf(p: number): Odds {
  if (p < 0.01) return { kind: 'fewerThanOneIn', n: 100 };
  if (p < POSSIBLE_FROM) {
    const n = 1 / p;
    // 1 in 7, 1 in 11, 1 in 35, 1 in 65: exact while small, to the nearest 5 above 20.
    return { kind: 'oneIn', n: n <= 20 ? Math.round(n) : Math.min(100, Math.round(n / 5) * 5) };
  }
  if (p > 0.9) return { kind: 'moreThanInTen', k: 9 };
  const k = Math.round(p * 10);
  return k === 5 ? { kind: 'half' } : { kind: 'inTen', k };
}

/** How a chance compares with the usual rate of its route and direction. */
export type Comparison =
  | { kind: 'none' }
  | { kind: 'about' }
  | { kind: 'ratio'; ratio: number }
  | { kind: 'higher'; slightly: boolean }
  | { kind: 'lower'; slightly: boolean };

export function comparisonOf(p: number, usual: number): Comparison {
  if (!(usual > 0)) return { kind: 'none' };
  const ratio = p / usual;
  if (Math.abs(p - usual) < 0.005 || (ratio >= 0.9 && ratio <= 1.1)) return { kind: 'about' };
  if (ratio > 1) {
    if (Math.min(p, usual) >= RATIO_BASE && ratio >= 1.25) return { kind: 'ratio', ratio: Math.round(ratio * 10) / 10 };
    return { kind: 'higher', slightly: ratio < 1.5 };
  }
  return { kind: 'lower', slightly: ratio >= 2 / 3 };
}

/** What the rider should expect, from the probability alone. */
export type Outlook = 'delay-very-likely' | 'delay-likely' | 'delay-possible' | 'on-time';

export function outlookOf(p: number): Outlook {
  if (p >= VERY_LIKELY_FROM) return 'delay-very-likely';
  if (p >= LIKELY_FROM) return 'delay-likely';
  if (p >= POSSIBLE_FROM) return 'delay-possible';
  return 'on-time';
}

/** Whether the hourly shape of a chart is shared by every route of its kind ('network') or its own. */
export type HourProfile = 'network' | 'route';
