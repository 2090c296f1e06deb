// The text side of reading French times: rewrites for what chrono-node's French parser misses
// ("20 h 30", "à midi", "8 h et demie", "une demi-heure"), and the checks that refuse clock times
// and dates that do not exist ("25 h", "le 30 février").
import type { TimeProblem } from './time-problem';
import { dateProblem } from './time-text';

/** How each month's name starts, accents taken off, January first. */
const MONTH_STARTS = ['jan', 'fev', 'mar', 'avr', 'mai', 'juin', 'juil', 'aou', 'sep', 'oct', 'nov', 'dec'];
const MONTH_RE = '(janv(?:ier)?|f[ée]v(?:rier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?)\\.?';

const UNITS: Record<string, number> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12,
  quinze: 15, vingt: 20, trente: 30, quarante: 40, cinquante: 50, 'vingt-cinq': 25, 'quarante-cinq': 45,
};
const AMOUNT_WORDS = new RegExp(`(?<![\\p{L}-])(${Object.keys(UNITS).sort((a, b) => b.length - a.length).join('|')})(?=\\s+(?:minutes?|min|heures?)(?![\\p{L}]))`, 'gu');

/** "8 h", "8h", "08 h 30", "8:30": a clock time in the digits chrono's French parser reads. */
function clock(h: string, m: string | undefined): string {
  return `${Number(h)}h${m ? m : '00'}`;
}

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/**
 * Rewrites what chrono's French parser misses. `weekday` is today's in Toronto (1 = Monday):
 * "samedi prochain" said on a Tuesday is the coming Saturday, as French speakers mean it (chrono
 * would take the one of next week); only today's own weekday "prochain" is a week off.
 */
export function prepareFr(text: string, expectingTime: boolean, weekday?: number): string {
  let t = text
    .replace(/(?<![\p{L}])(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+prochain(?![\p{L}])/gu, (m, day: string) =>
      WEEKDAYS.indexOf(day) + 1 === weekday ? m : day)
    .replace(AMOUNT_WORDS, (w: string) => String(UNITS[w]))
    // "l'heure de pointe du soir": said as am/pm, so chrono does not merge "soir" with the day.
    .replace(/(?<![\p{L}])(heures?\s+de\s+pointe)\s+(?:du|de\s+ce)\s+matin(?![\p{L}])/gu, '$1 am')
    .replace(/(?<![\p{L}])(heures?\s+de\s+pointe)\s+(?:du|de\s+ce)\s+soir|(heures?\s+de\s+pointe)\s+de\s+l'après-midi(?![\p{L}])/gu, (_, a: string | undefined, b: string | undefined) => `${a ?? b} pm`)
    .replace(/(?<![\p{L}])(?:une\s+)?demi-?\s*heure(?![\p{L}])/gu, '30 minutes')
    .replace(/(?<![\p{L}])un quart d'heure(?![\p{L}])/gu, '15 minutes')
    .replace(/(?<![\p{L}])(?:une|1)\s+heure\s+et\s+demie(?![\p{L}])/gu, '90 minutes')
    .replace(/(?<![\p{L}])(\d+)\s+heures?\s+et\s+demie(?![\p{L}])/gu, (_, h: string) => `${Number(h) * 60 + 30} minutes`)
    // An amount of hours ("dans 2 heures", "1 heure plus tard", "pendant une heure"), not a clock time.
    .replace(/(?<=(?:dans|en|pendant|depuis|il y a|de plus de|d'environ|environ)\s+)(\d+)\s*(?:heures?|h)(?![\p{L}\d])/gu, (_, h: string) => `${Number(h) * 60} minutes`)
    .replace(/(?<![\d:])(\d+)\s*(?:heures?|h)(?=\s+(?:plus\s+tard|plus\s+t[oô]t|avant|après|de\s+plus|de\s+moins)(?![\p{L}]))/gu, (_, h: string) => `${Number(h) * 60} minutes`)
    // Clock times: "20 h 30", "8 heures 15", "8h et quart", "9 h moins le quart".
    .replace(/(?<![\d:])([01]?\d|2[0-4])\s*(?:h|heures?)\s*et\s+demie(?![\p{L}])/gu, (_, h: string) => clock(h, '30'))
    .replace(/(?<![\d:])([01]?\d|2[0-4])\s*(?:h|heures?)\s*et\s+quart(?![\p{L}])/gu, (_, h: string) => clock(h, '15'))
    .replace(/(?<![\d:])([01]?\d|2[0-4])\s*(?:h|heures?)\s*moins\s+(?:le\s+)?quart(?![\p{L}])/gu, (_, h: string) => clock(String((Number(h) + 23) % 24), '45'))
    .replace(/(?<![\d:])(\d{1,2})\s*(?:h|heures?)\s*(\d{2})(?![\d])/gu, (_, h: string, m: string) => `${Number(h)}h${m}`)
    .replace(/(?<![\d:])(\d{1,2})\s*(?:h|heures?)(?![\p{L}\d])/gu, (_, h: string) => clock(h, undefined))
    // "8h du matin", "8h du soir", "3h de l'après-midi".
    .replace(/(?<![\d:])(\d{1,2})h(\d{2})\s+du\s+matin(?![\p{L}])/gu, (_, h: string, m: string) => `${h}:${m} am`)
    .replace(/(?<![\d:])(\d{1,2})h(\d{2})\s+(?:du\s+soir|de\s+l'après-midi|de\s+l'aprèm)(?![\p{L}])/gu, (_, h: string, m: string) => `${h}:${m} pm`)
    .replace(/(?<![\p{L}-])(?:à\s+|a\s+)?midi(?![\p{L}])/gu, 'à 12h00')
    .replace(/(?<![\p{L}-])(?:à\s+|a\s+)?minuit(?![\p{L}])/gu, 'à 0h00')
    // "cette nuit": tonight, the small hours after midnight included (time-words.ts tags it).
    .replace(/(?<![\p{L}])cette\s+nuit(?![\p{L}])/gu, "aujourd'hui la nuit")
    .replace(/(?<![\p{L}])(?:vers|autour de|aux alentours de|environ)\s+(\d{1,2}h)/gu, 'à $1')
    // "demain 8", "lundi 7": a clock hour right after the day.
    .replace(/(?<![\p{L}])(aujourd'hui|demain|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+(\d{1,2})(?![\d:h]|\s*(?:minutes?|min|heures?|h|jours?|er|e)(?![\p{L}]))/gu, (_, d: string, h: string) => `${d} à ${clock(h, undefined)}`)
    // "et à 9 ?", "disons 7": an hour offered for the trip.
    .replace(/(?<![\p{L}])(plutôt|disons|essaie|essayez|mets|mettez|change pour|et) (?:à )?(\d{1,2})(?![\d:h]|\s*(?:minutes?|min|heures?|jours?)(?![\p{L}]))/gu, (_, w: string, h: string) => `${w} à ${clock(h, undefined)}`);
  if (expectingTime && /^\s*(?:vers |à )?\d{1,2}(?:[:.]\d{2})?\s*$/.test(t)) {
    const m = /(\d{1,2})(?:[:.](\d{2}))?/.exec(t);
    if (m) t = `à ${clock(m[1], m[2])}`;
  } else if (expectingTime) {
    t = t.replace(/^\s*(?:et|ou|alors|disons)?\s*(?:à\s+)?(\d{1,2})(?:[:.](\d{2}))?(?=\s*(?:alors|plutôt|peut-être|svp|ok)?\s*[?!.]*\s*$)/, (_, h: string, m: string | undefined) => `à ${clock(h, m)}`);
  }
  return t;
}

/** Clock times that do not exist: "25 h", "8 h 75". */
export function impossibleClockFr(text: string): TimeProblem | undefined {
  for (const m of text.matchAll(/(?<![\d:])(\d{1,2})\s*[:h]\s*(\d{2})(?!\d)/g)) {
    if (Number(m[1]) > 23 || Number(m[2]) > 59) return { kind: 'not-a-clock', hour: m[1], minute: m[2] };
  }
  for (const m of text.matchAll(/(?<![\d:])(\d{1,2})h(?![\d])/g)) {
    const h = Number(m[1]);
    if (h === 24) return { kind: 'hour-24' };
    if (h > 24) return { kind: 'not-a-clock', hour: m[1] };
  }
  return undefined;
}

/** "le 30 février", "31 avril": dates that do not exist. */
export function impossibleDateFr(text: string, refYear: number): TimeProblem | undefined {
  const re = new RegExp(`(?<![\\d])(\\d{1,2})(?:er)?\\s+${MONTH_RE}(?:\\s+(\\d{4}))?(?![\\p{L}])`, 'gu');
  for (const m of text.matchAll(re)) {
    const day = Number(m[1]);
    const word = m[2].normalize('NFD').replace(/\p{M}/gu, '');
    const month = MONTH_STARTS.findIndex((start) => word.startsWith(start)) + 1;
    const problem = dateProblem(day, month, m[3] ? Number(m[3]) : undefined, refYear);
    if (problem) return problem;
  }
  return undefined;
}
