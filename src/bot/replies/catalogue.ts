/**
 * Every word the bot's answer says: the text line, the Adaptive Card, times and days, and the
 * replies for failed turns. One catalogue per language: to add French, write a `fr: BotWords`
 * and list it in BOT_CATALOGUES. The words for a chance itself ("14%", "about 1 in 7", "1.4× the
 * usual 10%", "probably on time") are shared with the web pages and the chart, in
 * src/chart/catalogue.ts; which phrase fits which number is decided in src/chart/risk-words.ts.
 */
import type { Locale } from '../../chart/catalogue';
import type { Direction } from '../../pipeline/types';

export interface BotWords {
  directions: Record<Direction, string>;
  time: {
    /** Monday first. */
    weekdays: readonly string[];
    weekdaysShort: readonly string[];
    monthsShort: readonly string[];
    am: string;
    pm: string;
    /** "8:00 am" from "8", "00", "am". */
    clock(hour: string, minute: string, meridiem: string): string;
    /** "8–9 am", or "11 pm–12 am" across noon or midnight. */
    hourSpan(from: string, to: string, fromMeridiem: string, toMeridiem: string): string;
    /** "Wed, Nov 25". */
    dayShort(weekday: string, month: string, day: number): string;
    /** "Wednesday, Nov 25", with ", 2027" when not this year. */
    dayLong(weekday: string, month: string, day: number, year?: number): string;
    now(clock: string): string;
    today(clock: string): string;
    tomorrow(day: string, clock: string): string;
    onDay(day: string, clock: string): string;
    /** The rider's own clock: "5:00 am your time", "2:00 am Thu your time". */
    riderClock(clock: string, otherDay?: string): string;
  };
  answer: {
    /** The text line: route, direction, when, the chance, its odds, the comparison, the outlook. */
    line(route: string, direction: string, when: string, chance: string, odds: string, compared: string, outlook: string): string;
    title(route: string, direction: string): string;
    chanceOfDelay(hourSpan: string): string;
    usualTitle: string;
    usualValue(chance: string): string;
    comparedTitle: string;
    betterTitle: string;
    betterValue(clock: string, chance: string): string;
    leaveInstead(clock: string, chance: string): string;
    leaveSlack(clock: string): string;
    noChange: string;
    /** The card's last line: where the numbers come from, and what `delayed` in the value means. */
    footer(threshold: string): string;
  };
  turn: {
    failed: string;
    conflict: string;
  };
}

const EN: BotWords = {
  directions: { e: 'eastbound', w: 'westbound', n: 'northbound', s: 'southbound' },
  time: {
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    weekdaysShort: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    monthsShort: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    am: 'am',
    pm: 'pm',
    clock: (hour, minute, meridiem) => `${hour}:${minute} ${meridiem}`,
    hourSpan: (from, to, fromMeridiem, toMeridiem) => (fromMeridiem === toMeridiem ? `${from}–${to} ${toMeridiem}` : `${from} ${fromMeridiem}–${to} ${toMeridiem}`),
    dayShort: (weekday, month, day) => `${weekday}, ${month} ${day}`,
    dayLong: (weekday, month, day, year) => `${weekday}, ${month} ${day}${year === undefined ? '' : `, ${year}`}`,
    now: (clock) => `now (${clock})`,
    today: (clock) => `today at ${clock}`,
    tomorrow: (day, clock) => `tomorrow (${day}) at ${clock}`,
    onDay: (day, clock) => `${day} at ${clock}`,
    riderClock: (clock, otherDay) => `${clock}${otherDay ? ` ${otherDay}` : ''} your time`,
  },
  answer: {
    line: (route, direction, when, chance, odds, compared, outlook) =>
      `${route} ${direction}, ${when}: ${chance} chance of a reported delay (${odds}), ${compared}. ${outlook.charAt(0).toUpperCase()}${outlook.slice(1)}.`,
    title: (route, direction) => `${route} · ${direction}`,
    chanceOfDelay: (hourSpan) => `chance of a reported delay, ${hourSpan}`,
    usualTitle: 'Usual',
    usualValue: (chance) => `${chance} for this route and direction`,
    comparedTitle: 'Compared',
    betterTitle: 'Better',
    betterValue: (clock, chance) => `${clock} (${chance})`,
    leaveInstead: (clock, chance) => `Leaving around ${clock} instead would lower the risk to ${chance}.`,
    leaveSlack: (clock) => `No hour in the next couple is clearly better: leave some slack, or look at the TTC's service alerts before ${clock}.`,
    noChange: 'No need to change plans: the next couple of hours are no better.',
    footer: (threshold) =>
      `From TTC delay logs; a forecast, not a promise. In this reply's data, “delayed” is true at ${threshold} or more: the model's alert cut-off, set on past data to catch the most delays for the fewest false alarms. Most hours over it still had no reported delay.`,
  },
  turn: {
    failed: 'Sorry, something went wrong on my side. Please try again, perhaps in other words.',
    conflict: 'Your last two messages crossed on my side, so I could not take that one in. Please send it again.',
  },
};

export const BOT_CATALOGUES: Record<Locale, BotWords> = { en: EN };

export function botWords(locale: Locale = 'en'): BotWords {
  return BOT_CATALOGUES[locale];
}
