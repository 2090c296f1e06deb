/**
 * The words of the live-alerts block (./render.ts), one set per language. The alert's own header
 * is the TTC's, in the feed's English; its effect ("Detour") is said in the reader's language.
 */
import type { Locale } from '../chart/catalogue';
import { EFFECT_WORDS } from './alerts';

export interface AlertWords {
  /** The bot's text line: " TTC alert: …" / " TTC alerts: …". */
  textLead(count: number): string;
  /** The card's and the page's heading. */
  heading(count: number): string;
  source: string;
  /** Said with a chance that read the route's recent alerts as incidents on the line. */
  countedNote: string;
  /** "until 6:00 pm" on the trip's day; "until Sat, Nov 28, 6:00 pm" on another. */
  until(clock: string, day?: string): string;
  clock(hour: number, minute: number, style: 'bot' | 'web'): string;
  /** "Sat, Nov 28" (with ", 2027" in another year). */
  day(weekday: number, month: number, day: number, year?: number): string;
  /** An effect in words, from the English effect words the alert carries. */
  effect(english: string): string;
}

const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FR_WEEKDAYS = ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'];
const FR_MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juill.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/** GTFS-realtime effects in French, by the effect's number (EFFECT_WORDS has the English). */
const FR_EFFECTS: Readonly<Record<number, string>> = {
  1: 'Aucun service',
  2: 'Service réduit',
  3: 'Retards importants',
  4: 'Détour',
  5: 'Service supplémentaire',
  6: 'Service modifié',
  7: 'Changement de service',
  8: 'Alerte de service',
  9: 'Arrêt déplacé',
  10: 'Avis',
  11: "Problème d'accessibilité",
};

const EN: AlertWords = {
  textLead: (count) => ` TTC ${count === 1 ? 'alert' : 'alerts'}: `,
  heading: (count) => (count === 1 ? 'TTC service alert' : 'TTC service alerts'),
  source: "From the TTC's live service alerts.",
  countedNote: "This chance counts the TTC's alerts for this route from the last few hours as incidents on the line.",
  until: (clock, day) => (day ? `until ${day}, ${clock}` : `until ${clock}`),
  clock: (hour, minute, style) => {
    const suffix = hour < 12 ? (style === 'web' ? 'a.m.' : 'am') : style === 'web' ? 'p.m.' : 'pm';
    return `${hour % 12 || 12}:${minute < 10 ? '0' : ''}${minute} ${suffix}`;
  },
  day: (weekday, month, day, year) => `${EN_WEEKDAYS[weekday]}, ${EN_MONTHS[month - 1]} ${day}${year === undefined ? '' : `, ${year}`}`,
  effect: (english) => english,
};

const FR: AlertWords = {
  textLead: (count) => ` ${count === 1 ? 'Alerte' : 'Alertes'} TTC : `,
  heading: (count) => (count === 1 ? 'Alerte de service de la TTC' : 'Alertes de service de la TTC'),
  source: "D'après les alertes de service en direct de la TTC.",
  countedNote: 'Ce risque compte les alertes de la TTC des dernières heures pour cette ligne comme des incidents sur la ligne.',
  until: (clock, day) => (day ? `jusqu'au ${day}, ${clock}` : `jusqu'à ${clock}`),
  clock: (hour, minute) => `${hour} h ${minute < 10 ? '0' : ''}${minute}`,
  day: (weekday, month, day, year) => `${FR_WEEKDAYS[weekday]} ${day === 1 ? '1er' : day} ${FR_MONTHS[month - 1]}${year === undefined ? '' : ` ${year}`}`,
  effect: (english) => {
    const found = Object.entries(EFFECT_WORDS).find(([, words]) => words === english);
    return (found && FR_EFFECTS[Number(found[0])]) || english;
  },
};

export const ALERT_WORDS: Record<Locale, AlertWords> = { en: EN, fr: FR };
