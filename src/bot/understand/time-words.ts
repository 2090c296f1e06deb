// The words the time reader (./time.ts) looks for, one set per language: chrono-node's parser for
// that language, the rewrites it needs first, and the phrases chrono does not know ("now", "rush
// hour", "an hour later", "the day after", "yesterday", "usually"). time.ts holds the rules.
import * as chrono from 'chrono-node';
import type { Locale } from '../../chart/catalogue';
import { torontoOffsetMinutes } from '../../pipeline/toronto-time';
import type { TimeProblem } from './time-problem';
import { impossibleClock, impossibleDate, prepare } from './time-text';
import { impossibleClockFr, impossibleDateFr, prepareFr } from './time-text-fr';

export interface TimeWords {
  /** chrono's results for the text, in Toronto time at `ref`. */
  parse(text: string, ref: Date): chrono.ParsedResult[];
  /** Rewrites what chrono misses ("half past 7", "20 h 30"); `weekday` is today's (1 = Monday). */
  prepare(text: string, expectingTime: boolean, weekday: number): string;
  /** Parts of the day said in words chrono does not tag ("cette nuit"), as chrono's tags. */
  tags(text: string): string[];
  /** A clock time or date that does not exist ("25:00", "February 30"). */
  impossible(text: string, refYear: number): TimeProblem | undefined;
  /** "now", "right away", "the next car". */
  now: RegExp;
  /** "same time", "that time": the trip's clock. */
  sameClock: RegExp;
  /** "this time tomorrow": the clock now. */
  thisTime: RegExp;
  /** "same", "again", "usual": the trip said again. */
  sameTrip: RegExp;
  /** "rush hour", "morning rush": whether morning or evening was said, if either. */
  rush(text: string): { morning: boolean; evening: boolean } | undefined;
  /** "yesterday", "last week", "two days ago" (global). */
  pastWords: RegExp;
  /** A clause told in the past ("it was late", "I waited"). */
  pastTense: RegExp;
  /** Where clauses end: punctuation and "but". */
  clause: RegExp;
  /** "usually", "every morning": what is habitual, not the trip. */
  habit: RegExp;
  /** "an hour later", "push it back 30 minutes": minutes moved from the trip's time, signed. */
  shift(text: string): number | undefined;
  /** Just before a clock time that corrects one said earlier: "or rather 9", "ou plutôt à 9 h". */
  rather: RegExp;
  /** "the day after", "the day before", "a week later": days counted from the trip's day. */
  dayShifts: [RegExp, number][];
  dayAfterTomorrow: RegExp;
  /** chrono results that are ordinary words here ("sat", "may" in English). */
  spurious: RegExp;
  /** "week" in a result: "next week on Monday" lets the weekday decide. */
  week: RegExp;
  /** Units of an amount of time ("in 20 minutes" counts from now). */
  units: RegExp;
  /** "today", "this morning", "tonight": the day is today, not the trip's. */
  today: RegExp;
}

const EN_AMOUNTS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, 'half an': 0.5, 'half a': 0.5, 'a half': 0.5, 'a couple of': 2, 'a few': 3 };
const EN_SHIFT = /(?<![\p{L}])(?:(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|half an?|a half|a couple of|a few)\s+)?(hours?|hrs?|hr|minutes?|mins?|min)\s+(later|earlier|sooner|after(?:\s+that)?|before(?:\s+that)?)(?![\p{L}])/u;
const EN_PUSHED = /(?<![\p{L}])(?:push|move|put|bring|set)\s+(?:it|that|the trip)?\s*(back|up|forward|ahead)\s+(?:by\s+)?(?:(\d+(?:\.\d+)?|an?|one|two|three|half an?|a half|a couple of)\s+)?(hours?|hrs?|hr|minutes?|mins?|min)(?![\p{L}])/u;

function minutesOf(amount: string | undefined, unit: string, amounts: Record<string, number>): number {
  const n = amount === undefined ? 1 : amounts[amount] ?? Number(amount.replace(',', '.'));
  return n * (/^h/.test(unit) ? 60 : 1);
}

function parseWith(parser: chrono.Chrono) {
  return (text: string, ref: Date) => parser.parse(text, { instant: ref, timezone: torontoOffsetMinutes(ref) });
}

export const EN_TIME: TimeWords = {
  parse: parseWith(chrono.casual),
  prepare: (text, expectingTime) => prepare(text, expectingTime),
  tags: () => [],
  impossible: (text, refYear) => impossibleClock(text) ?? impossibleDate(text, refYear),
  now: /(?<![\p{L}])(?:now|right now|rn|asap|right away|immediately|currently|at the moment|next (?:car|one|streetcar|tram)|soon|in a (?:minute|min|sec|bit))(?![\p{L}])/u,
  sameClock: /(?<![\p{L}])(?:this|same|that) time(?![\p{L}])/u,
  thisTime: /(?<![\p{L}])this time(?![\p{L}])/u,
  sameTrip: /(?<![\p{L}])(?:same|again|usual)(?![\p{L}])/u,
  rush(text) {
    const m = /(?<![\p{L}])(?:(morning|am|a\.m\.|evening|pm|p\.m\.|afternoon)\s+)?rush(?:\s*-?\s*hour)?(?:\s+(morning|evening|tonight|this morning|this evening))?(?![\p{L}])/u.exec(text);
    if (!m) return undefined;
    const which = `${m[1] ?? ''} ${m[2] ?? ''}`;
    return { evening: /evening|pm|p\.m|afternoon|tonight/.test(which), morning: /morning|am|a\.m/.test(which) };
  },
  pastWords: /(?<![\p{L}])(?:yesterday|last (?:night|week|mon|tue|wed|thu|fri|sat|sun)\w*|ago)(?![\p{L}])/gu,
  pastTense: /(?<![\p{L}])(?:was|were|had|did|didn't|got|took|came|went|sat|stood|left|ran|saw|been|broke|said|told|stuck|\p{L}{3,}ed)(?![\p{L}])/u,
  clause: /[.!?;,]|(?<![\p{L}])but(?![\p{L}])/u,
  habit: /(?<![\p{L}])(?:usually|normally|always|typically|often|most days|every (?:day|morning|evening|night|week|weekday|time))(?![\p{L}])/u,
  shift(text) {
    const pushed = EN_PUSHED.exec(text);
    if (pushed) return (pushed[1] === 'back' ? 1 : -1) * minutesOf(pushed[2], pushed[3], EN_AMOUNTS);
    const shift = EN_SHIFT.exec(text);
    if (shift) return (/^(?:later|after)/.test(shift[3]) ? 1 : -1) * minutesOf(shift[1], shift[2], EN_AMOUNTS);
    return undefined;
  },
  rather: /(?<![\p{L}])(?:or rather|rather|actually|make (?:it|that)|i mean|no,?)\s*(?:at\s*)?$/u,
  dayShifts: [
    [/(?<![\p{L}])(?:the\s+)?(?:next|following)\s+day(?![\p{L}])|(?<![\p{L}])(?:the\s+)?day\s+after(?!\s+tomorrow)(?:\s+that)?(?![\p{L}])|(?<![\p{L}])(?:a|one)\s+day\s+later(?![\p{L}])/u, 1],
    [/(?<![\p{L}])(?:the\s+)?(?:previous|preceding)\s+day(?![\p{L}])|(?<![\p{L}])(?:the\s+)?day\s+before(?!\s+yesterday)(?:\s+that)?(?![\p{L}])|(?<![\p{L}])(?:a|one)\s+day\s+(?:earlier|before)(?![\p{L}])/u, -1],
    [/(?<![\p{L}])(?:(?:a|one)\s+week\s+later|the\s+week\s+after|next\s+week|a\s+week\s+from\s+then)(?![\p{L}])/u, 7],
  ],
  dayAfterTomorrow: /(?<![\p{L}])(?:the\s+)?day\s+after\s+tomorrow(?![\p{L}])/u,
  spurious: /^(?:sat|sun|mon|wed|march|may)$/i,
  week: /(?<![\p{L}])week(?![\p{L}])/u,
  units: /\b(?:min|mins|minutes?|hours?|hrs?|hr)\b/,
  today: /\b(?:today|this (?:morning|afternoon|evening))\b|tonight/,
};

const FR_AMOUNTS: Record<string, number> = { un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, quelques: 3 };
const FR_AMOUNT = '(\\d+(?:[.,]\\d+)?|une?|deux|trois|quatre|cinq|six|quelques)';
const FR_UNIT = '(heures?|h|minutes?|min)';
/** "une heure plus tard", "30 minutes plus tôt", "deux heures avant", "une heure après". */
const FR_SHIFT = new RegExp(`(?<![\\p{L}])(?:${FR_AMOUNT}\\s+)?${FR_UNIT}\\s+(plus\\s+tard|plus\\s+t[oô]t|apr[eè]s|avant|de\\s+plus|de\\s+moins)(?![\\p{L}])`, 'u');
/** "repousse d'une heure" (later), "avance de 30 minutes" (earlier). */
const FR_PUSHED = new RegExp(`(?<![\\p{L}])(repouss|retard|recul|décal|avanc)\\p{L}*\\s+(?:le|la|ça|cela|le trajet)?\\s*(?:de|d')\\s*${FR_AMOUNT}?\\s*${FR_UNIT}(?![\\p{L}])`, 'u');

export const FR_TIME: TimeWords = {
  parse: parseWith(chrono.fr.casual),
  prepare: prepareFr,
  tags: (text) => (/(?<![\p{L}])la nuit(?![\p{L}])/u.test(text) ? ['casualReference/night'] : []),
  impossible: (text, refYear) => impossibleClockFr(text) ?? impossibleDateFr(text, refYear),
  now: /(?<![\p{L}])(?:maintenant|tout de suite|immédiatement|en ce moment|actuellement|présentement|bientôt|sous peu|dans un instant|dans une minute|le prochain (?:tram|tramway)|now|right now)(?![\p{L}])/u,
  sameClock: /(?<![\p{L}])(?:(?:à\s+)?la même heure|à cette heure-là|cette heure-là)(?![\p{L}])/u,
  thisTime: /(?<![\p{L}])(?:à\s+)?cette heure-ci(?![\p{L}])/u,
  sameTrip: /(?<![\p{L}])(?:même|encore|habituel)(?![\p{L}])/u,
  rush(text) {
    // prepareFr has said "du matin" / "du soir" as am / pm.
    const m = /(?<![\p{L}])(?:l'|les\s+)?heures?\s+de\s+pointe(?:\s+(am|pm))?(?![\p{L}])/u.exec(text);
    if (!m) return undefined;
    return { evening: m[1] === 'pm', morning: m[1] === 'am' };
  },
  pastWords: /(?<![\p{L}])(?:hier|avant-hier|la semaine dernière|la semaine passée|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|soir|matin|mois) dernier|(?:la\s+)?(?:nuit|fin de semaine) dernière|il y a (?:\d+|une?|deux|trois|quelques) (?:minutes?|heures?|jours?|semaines?|mois|ans?))(?![\p{L}])/gu,
  pastTense: /(?<![\p{L}])(?:était|étais|étaient|avait|avais|avaient|ai|as|avons|avez|ont|fut|été|eu|pris|attendu|\p{L}{3,}(?:é|ée|és|ées))(?![\p{L}])/u,
  clause: /[.!?;,]|(?<![\p{L}])mais(?![\p{L}])/u,
  habit: /(?<![\p{L}])(?:d'habitude|habituellement|normalement|toujours|souvent|généralement|en général|la plupart du temps|tous les (?:jours|matins|soirs)|chaque (?:jour|matin|soir|semaine))(?![\p{L}])/u,
  shift(text) {
    const pushed = FR_PUSHED.exec(text);
    if (pushed) return (pushed[1] === 'avanc' ? -1 : 1) * minutesOf(pushed[2], pushed[3], FR_AMOUNTS);
    const shift = FR_SHIFT.exec(text);
    if (shift) return (/^(?:plus\s+tard|apr|de\s+plus)/.test(shift[3]) ? 1 : -1) * minutesOf(shift[1], shift[2], FR_AMOUNTS);
    return undefined;
  },
  rather: /(?<![\p{L}])(?:ou plutôt|plutôt|en fait|finalement|non,?|je veux dire|enfin)\s*(?:à\s*)?$/u,
  dayShifts: [
    [/(?<![\p{L}])(?:le\s+)?lendemain|(?<![\p{L}])le\s+jour\s+(?:suivant|d'après)|(?<![\p{L}])(?:un|1)\s+jour\s+plus\s+tard(?![\p{L}])/u, 1],
    [/(?<![\p{L}])(?:la\s+)?veille(?![\p{L}])|(?<![\p{L}])le\s+jour\s+(?:d'avant|précédent|d'avant)|(?<![\p{L}])(?:un|1)\s+jour\s+plus\s+t[oô]t(?![\p{L}])/u, -1],
    [/(?<![\p{L}])(?:(?:une|1)\s+semaine\s+plus\s+tard|la\s+semaine\s+(?:d'après|suivante|prochaine))(?![\p{L}])/u, 7],
  ],
  dayAfterTomorrow: /(?<![\p{L}])après-?\s*demain(?![\p{L}])/u,
  spurious: /^(?:mars|mai)$/i,
  week: /(?<![\p{L}])semaine(?![\p{L}])/u,
  units: /(?<![\p{L}])(?:min|minutes?|heures?|h)(?![\p{L}])/u,
  today: /(?<![\p{L}])(?:aujourd'hui|ce matin|cet après-midi|ce soir|cette nuit)(?![\p{L}])/u,
};

export const TIME_WORDS: Record<Locale, TimeWords> = { en: EN_TIME, fr: FR_TIME };
