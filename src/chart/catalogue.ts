/**
 * Every word the chart draws or says, and the words for a chance that every surface shares (the
 * bot's text and card, the web pages, the chart and its alt text). One catalogue per language:
 * to add French, write `fr` objects of the same two types and list them in CHART_CATALOGUES. The
 * rules for which phrase fits which number are in ./risk-words.ts and are not repeated here.
 */
import type { Chance, Comparison, Odds, Outlook } from './risk-words';
import { chanceOf, comparisonOf, oddsOf, outlookOf } from './risk-words';

export type Locale = 'en';

/** A chance in words, the same on every surface. */
export interface RiskWords {
  /** "14%", "under 1%", "over 99%". */
  percent(chance: Chance): string;
  /** "about 1 in 7", "less than 1 in 100", "about 4 in 10". */
  odds(odds: Odds): string;
  /** "1.4× the usual 10%", "about the usual (under 1%)", "a bit lower than the usual 8%". */
  compared(comparison: Comparison, usual: Chance): string;
  /** "probably on time", "a delay is quite possible", "a delay is likely". */
  outlook(outlook: Outlook): string;
}

/** The chart's own words. */
export interface ChartWords {
  /** The SVG's <title> when the caller gives none. */
  defaultTitle: string;
  /** "08:00": an hour on the x axis and in bar titles. */
  hour(hour: number): string;
  /** A percent on the y axis (value in percent, e.g. 5 or 2.5). */
  axisPercent(percent: number): string;
  /** A bar's hover title: "08:00: 14% (your trip)". */
  barTitle(hour: string, chance: string, isTrip: boolean): string;
  /** The dashed line's label: "usual 10%". */
  usualLine(chance: string): string;
  legendTrip: string;
  axisTitle: { wide: string; narrow: string };
  /** Drawn under the axis when every route of the kind shares the hourly shape. */
  networkNote(kind: 'day' | 'night'): string;
  /** The chart in words (alt text, <desc>). */
  describe: {
    empty: string;
    /** "lowest at 03:00 (4%), highest at 17:00 (15%)". */
    range(lowHour: string, low: string, highHour: string, high: string): string;
    /** Every hour shows the same number: "about 1% all day", "under 1% all day". */
    flat(chance: Chance, shown: string): string;
    sentence(range: string, usual: string): string;
    trip(hour: string, chance: string): string;
    network(kind: 'day' | 'night'): string;
  };
}

const EN_RISK: RiskWords = {
  percent(c) {
    if (c.kind === 'under') return 'under 1%';
    if (c.kind === 'over') return 'over 99%';
    return `${c.percent}%`;
  },
  odds(o) {
    switch (o.kind) {
      case 'fewerThanOneIn':
        return `less than 1 in ${o.n}`;
      case 'oneIn':
        return `about 1 in ${o.n}`;
      case 'half':
        return 'about 1 in 2';
      case 'inTen':
        return `about ${o.k} in 10`;
      case 'moreThanInTen':
        return `more than ${o.k} in 10`;
    }
  },
  compared(c, usual) {
    const theUsual = usual.kind === 'under' ? 'the usual (under 1%)' : `the usual ${EN_RISK.percent(usual)}`;
    switch (c.kind) {
      case 'none':
        return 'no usual rate to compare with';
      case 'about':
        return `about ${theUsual}`;
      case 'ratio':
        return `${c.ratio.toFixed(1)}× ${theUsual}`;
      case 'higher':
        return `${c.slightly ? 'a bit higher' : 'higher'} than ${theUsual}`;
      case 'lower':
        return c.slightly ? `a bit lower than ${theUsual}` : `well below ${theUsual}`;
    }
  },
  outlook(o) {
    switch (o) {
      case 'delay-very-likely':
        return 'a delay is very likely';
      case 'delay-likely':
        return 'a delay is likely';
      case 'delay-possible':
        return 'a delay is quite possible';
      case 'on-time':
        return 'probably on time';
    }
  },
};

const EN_CHART: ChartWords = {
  defaultTitle: 'Delay risk by hour',
  hour: (hour) => `${String(hour).padStart(2, '0')}:00`,
  axisPercent: (percent) => `${Number(percent.toFixed(1))}%`,
  barTitle: (hour, chance, isTrip) => `${hour}: ${chance}${isTrip ? ' (your trip)' : ''}`,
  usualLine: (chance) => `usual ${chance}`,
  legendTrip: "your trip's hour",
  axisTitle: { wide: 'hour of the day (Toronto time)', narrow: 'hour (Toronto time)' },
  networkNote: (kind) => `Network-wide: the same shape on every ${kind} route`,
  describe: {
    empty: 'No hourly risk is available.',
    range: (lowHour, low, highHour, high) => `lowest at ${lowHour} (${low}), highest at ${highHour} (${high})`,
    flat: (chance, shown) => (chance.kind === 'percent' ? `about ${shown} all day` : `${shown} all day`),
    sentence: (range, usual) => `Hourly delay risk: ${range}; usually ${usual}.`,
    trip: (hour, chance) => `Your trip's hour, ${hour}: ${chance}.`,
    network: (kind) =>
      `The rise and fall through the day is network-wide: the model gives the same shape on every ${kind} route, and the route only sets the level.`,
  },
};

export const CHART_CATALOGUES: Record<Locale, { risk: RiskWords; chart: ChartWords }> = {
  en: { risk: EN_RISK, chart: EN_CHART },
};

/** The chance words of one language, bound to the rules: what callers use. */
export interface RiskPhrases {
  percent(p: number): string;
  odds(p: number): string;
  compared(p: number, usual: number): string;
  outlook(p: number): string;
}

export function riskPhrases(locale: Locale = 'en'): RiskPhrases {
  const words = CHART_CATALOGUES[locale].risk;
  return {
    percent: (p) => words.percent(chanceOf(p)),
    odds: (p) => words.odds(oddsOf(p)),
    compared: (p, usual) => words.compared(comparisonOf(p, usual), chanceOf(usual)),
    outlook: (p) => words.outlook(outlookOf(p)),
  };
}
