/**
 * French trip-alert commands, said in the words the alert reader (./subscription.ts) looks for:
 * "alerte-moi en semaine à 7 h 45 pour le 504 vers l'est à 8 h" → "alert me weekdays at 7:45 for
 * the 504 eastbound at 8:00". The alert grammar is one; this file maps French onto it (commands,
 * days, clock times, leads, "seulement si c'est pire", directions and places), so a French rider
 * gets the same schedules, checks and refusals. The replies are French (alert-messages-fr.ts).
 */
import { frenchPlaces } from './towards';

const COMPASS: Record<string, string> = { est: 'eastbound', ouest: 'westbound', nord: 'northbound', sud: 'southbound' };
const WEEKDAYS: Record<string, string> = {
  lundi: 'monday', mardi: 'tuesday', mercredi: 'wednesday', jeudi: 'thursday', vendredi: 'friday', samedi: 'saturday', dimanche: 'sunday',
};
const MONTHS: Record<string, string> = {
  janvier: 'january', 'février': 'february', fevrier: 'february', mars: 'march', avril: 'april', mai: 'may', juin: 'june',
  juillet: 'july', 'août': 'august', aout: 'august', septembre: 'september', octobre: 'october', novembre: 'november', 'décembre': 'december', decembre: 'december',
};
const AMOUNTS: Record<string, string> = { un: '1', une: '1', deux: '2', trois: '3', quatre: '4', cinq: '5', dix: '10', quinze: '15', vingt: '20', trente: '30', quarante: '40' };
const UNITS: Record<string, string> = { minute: 'minutes', minutes: 'minutes', min: 'minutes', heure: 'hours', heures: 'hours', h: 'hours', jour: 'days', jours: 'days', semaine: 'weeks', semaines: 'weeks', mois: 'months' };

const W = '(?<![\\p{L}\'-])';
const E = '(?![\\p{L}])';
const words = (source: string): RegExp => new RegExp(`${W}(?:${source})${E}`, 'gu');
const day = Object.keys(WEEKDAYS).join('|');
const amount = `(\\d{1,3}|${Object.keys(AMOUNTS).join('|')})`;

const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // Amounts and leads first, before "h" becomes a clock: "15 minutes avant", "une demi-heure avant".
  [words("(?:une\\s+)?demi-?\\s*heure\\s+(?:avant|à l'avance|d'avance|plus tôt)"), ' 30 minutes before '],
  [words("un quart d'heure\\s+(?:avant|à l'avance|d'avance|plus tôt)"), ' 15 minutes before '],
  [new RegExp(`${W}${amount}\\s*(minutes?|min|heures?|h)\\s+(?:avant|à l'avance|d'avance|plus tôt)${E}`, 'gu'), (_, n: string, u: string) => ` ${AMOUNTS[n] ?? n} ${UNITS[u]} before `],
  [new RegExp(`${W}pendant\\s+(?:les\\s+)?${amount}\\s+(jours?|semaines?|mois)${E}`, 'gu'), (_, n: string, u: string) => ` for ${AMOUNTS[n] ?? n} ${UNITS[u]} `],
  [new RegExp(`${W}toutes les\\s+(?:\\d+\\s+)?(?:minutes|heures|demi-heures)${E}|${W}chaque heure${E}|${W}(?:deux|trois|plusieurs|\\d+)\\s+fois par jour${E}`, 'gu'), ' hourly '],
  // Only when worse than usual.
  [words("seulement\\s+(?:si|quand|lorsque|s'il y a)\\s+(?:c'est|ça s'annonce|ça va être|ça risque d'être|c'est)?\\s*(?:pire|mauvais|risqué|des retards?|un retard|du retard)(?:\\s+que d'habitude)?|(?:si|quand) c'est pire que d'habitude|les mauvais jours"), ' only if worse '],
  // Commands.
  [words("(?:alerte|alertez|avertis|avertissez|préviens|prévenez|rappelle|rappelez|écris|écrivez|notifie|notifiez)-moi|m'alerter|me prévenir|me rappeler"), ' alert me '],
  [words('(?:crée|créer|créez|mets|mettre|mettez|ajoute|ajouter|ajoutez|programme|programmer|programmez|configure|configurer)\\s+(?:une|des|mon|mes|un)\\s+(?:alertes?|rappels?)'), ' set an alert '],
  [words('abonne-moi|abonnez-moi'), ' subscribe '],
  [words("(?:voir|montre-moi|montrez-moi|affiche|afficher|liste|lister|quelles sont)?\\s*(?:mes|les)\\s+alertes(?:\\s+de trajet)?(?:\\s+actives)?"), ' my alerts '],
  [words('toutes (?:mes|les) alertes'), ' all alerts '],
  [words('mets en pause|mettez en pause|mettre en pause|suspends|suspendez|suspendre|pause'), ' pause '],
  [words('reprends|reprenez|reprendre|réactive|réactivez|réactiver|remets|remettez|relance|relancez'), ' resume '],
  [words("arrête|arrêtez|arrêter|annule|annulez|annuler|supprime|supprimez|supprimer|enlève|enlevez|retire|retirez|désactive|désactivez|désactiver|plus d'alertes?"), ' stop '],
  [words("cette alerte|l'alerte|une alerte|mon alerte"), ' the alert '],
  [words('alertes'), ' alerts '],
  [words('alerte'), ' alert '],
  [words("jusqu'(?:à|au|aux)"), ' until '],
  // Days.
  [words('du lundi au vendredi|en semaine|les jours de semaine|les jours ouvrables|chaque jour de semaine|tous les jours de semaine'), ' weekdays '],
  [words('tous les jours|chaque jour|tous les matins|chaque matin|tous les soirs|chaque soir'), ' every day '],
  [words('la fin de semaine|les fins de semaine|le week-end|les week-ends|la fin de semaine'), ' weekends '],
  [new RegExp(`${W}(?:tous les|chaque|les)\\s+(${day})s?${E}`, 'gu'), (_, d: string) => ` ${WEEKDAYS[d]}s `],
  [new RegExp(`${W}(${day})s${E}`, 'gu'), (_, d: string) => ` ${WEEKDAYS[d]}s `],
  [new RegExp(`${W}(${day})${E}`, 'gu'), (_, d: string) => ` ${WEEKDAYS[d]} `],
  [words('juste cette fois|seulement cette fois|une seule fois|juste une fois|cette fois seulement'), ' just once '],
  [words('après-demain|après demain'), ' day after tomorrow '],
  [words('demain'), ' tomorrow '],
  [words("aujourd'hui|ce soir|ce matin|cet après-midi"), ' today '],
  [new RegExp(`${W}(\\d{1,2})(?:er)?\\s+(${Object.keys(MONTHS).join('|')})${E}`, 'gu'), (_, d: string, m: string) => ` ${MONTHS[m]} ${d} `],
  // Clock times: "7 h 45", "8h", "à midi".
  [/(?<![\d:])(\d{1,2})\s*h\s*(\d{2})(?!\d)/gu, (_, h: string, m: string) => `${h}:${m}`],
  [/(?<![\d:])(\d{1,2})\s*h(?![\p{L}\d])/gu, (_, h: string) => `${h}:00`],
  [words('midi'), ' noon '],
  [words('minuit'), ' midnight '],
  // Directions and the trip.
  [new RegExp(`${W}(?:(?:en\\s+)?direction(?:\\s+(?:de|du))?|vers|à)\\s+(?:l'\\s*|le\\s+)?(est|ouest|nord|sud)${E}`, 'gu'), (_, d: string) => ` ${COMPASS[d]} `],
  [/(?<![\p{N}])([35]\d{2}[ab]?)\s+(est|ouest|nord|sud)(?![\p{L}-])/gu, (_, r: string, d: string) => `${r} ${COMPASS[d]}`],
  [words('ouest|nord|sud'), (d: string) => ` ${COMPASS[d.trim()]} `],
  [words('centre-ville|centre ville'), ' downtown '],
  [words('mon trajet|mon tram|mon tramway'), ' my trip '],
  [words('pour le|pour la|sur le|du trajet|le trajet'), ' for the '],
  [words('le tramway|le tram'), ' the streetcar '],
  [/(?<![\p{L}'-])(?:à|a)\s+(?=\d)/gu, ' at '],
  [/(?<![\p{L}'-])vers\s+(?=\d)/gu, ' around '],
  [words('vers'), ' towards '],
];

/** French alert words said the alert reader's way; the rest of the text is kept as it was. */
export function frenchAlertText(normalized: string): string {
  let t = frenchPlaces(normalized);
  for (const [re, to] of RULES) t = typeof to === 'string' ? t.replace(re, to) : t.replace(re, to);
  return t.replace(/\s+/g, ' ').trim();
}
