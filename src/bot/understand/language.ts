// Which language a message is written in, English or French, from the words only each uses.
// Route numbers, names ("King", "Queen"), clock times and the bare compass letters say nothing,
// so "504", "8h" or "est" alone is undecided: the conversation's language holds.
import type { Locale } from '../../chart/catalogue';

/** Words (and word pairs) that only French riders write: function words, time and trip words. */
const FRENCH = new RegExp(
  [
    "est-ce", "qu'est", "c'est", "est-il", "est-elle", "sera-t-il", "va-t-il", "y a-t-il", "-t-il",
    "le", "la", "les", "du", "des", "un", "une", "au", "aux", "et", "ou", "où", "à", "dans", "pour", "avec", "sur", "sous", "vers",
    "je", "tu", "il", "elle", "nous", "vous", "mon", "ma", "mes", "ce", "cet", "cette", "quel", "quelle", "quand", "combien",
    "sera", "seront", "va", "vais", "part", "pars", "prends", "prendre", "aller", "revenir", "rentrer", "retour",
    "ouest", "nord", "sud", "l'est", "l'ouest", "direction", "centre-ville",
    "demain", "aujourd'hui", "après-demain", "hier", "maintenant", "ce soir", "ce matin", "soir", "soirée", "matin",
    "après-midi", "midi", "minuit", "heure", "heures", "prochain", "prochaine", "dernier", "semaine", "lendemain", "veille",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "janvier", "février", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    "retard", "retardé", "tramway", "autobus", "métro", "ligne", "trajet", "plus tard", "plus tôt", "plutôt", "alors",
    "bonjour", "bonsoir", "salut", "allo", "allô", "merci", "aide", "annuler", "recommencer", "oui", "ouais", "non", "svp",
    "s'il", "pas", "plus", "tard", "tôt", "autre", "sens", "même", "encore", "d'accord", "en retard", "à l'heure",
  ]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .map((w) => (w.startsWith('-') ? w : `(?<![\\p{L}'-])${w}`) + "(?![\\p{L}'-])")
    .join('|'),
  'gu',
);

/** Words only English riders write. */
const ENGLISH = new RegExp(
  [
    'the', 'is', 'are', 'will', 'be', 'was', 'late', 'delayed', 'at', 'to', 'from', 'in', 'of', 'and', 'or', 'about', 'what', 'how',
    'when', 'which', 'i', 'my', 'me', 'it', 'going', 'heading', 'towards', 'take', 'taking', 'car', 'streetcar',
    'east', 'west', 'north', 'south', 'eastbound', 'westbound', 'northbound', 'southbound', 'downtown', 'uptown',
    'tomorrow', 'today', 'tonight', 'now', 'morning', 'afternoon', 'evening', 'night', 'noon', 'midnight', 'next', 'hour', 'hours',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'am', 'pm', "o'clock", 'later', 'earlier',
    'instead', 'actually', 'make', 'that', 'same', 'trip', 'other', 'way', 'back', 'coming', 'return', 'again',
    'hi', 'hello', 'hey', 'thanks', 'thank', 'help', 'cancel', 'start', 'over', 'yes', 'yeah', 'no', 'nope', 'please', 'bus', 'subway',
  ]
    .map((w) => `(?<![\\p{L}'-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}'-])`)
    .join('|'),
  'gu',
);

/** "504 est": east in French (English riders never write "est" after a route). */
const ROUTE_EST = /(?<![\p{N}])[35]\d{2}[ab]?\s+est(?![\p{L}'-])/u;

/** Letters only French uses (é, è, à, ç, ô …). */
const FRENCH_LETTERS = /[àâçéèêëîïôûùüÿœ]/u;

/**
 * The language a normalized message is written in, or undefined when it does not say ("504",
 * "8h", "est", "King"). French wins a tie only when a French letter shows it.
 */
export function detectLanguage(normalized: string): Locale | undefined {
  const french = (normalized.match(FRENCH) ?? []).length + (FRENCH_LETTERS.test(normalized) ? 1 : 0) + (ROUTE_EST.test(normalized) ? 1 : 0);
  const english = (normalized.match(ENGLISH) ?? []).length;
  if (french > english) return 'fr';
  if (english > french) return 'en';
  return undefined;
}
