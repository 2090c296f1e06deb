/**
 * The answer's words in Canadian French: the text line, the Adaptive Card, times and days on the
 * 24-hour clock ("8 h 00", "20 h 30"), the replies for failed turns. Same shape as the English
 * catalogue in ./catalogue.ts.
 */
import type { BotWords } from './catalogue';

export const FR: BotWords = {
  directions: { e: "vers l'est", w: "vers l'ouest", n: 'vers le nord', s: 'vers le sud' },
  time: {
    weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
    weekdaysShort: ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'],
    monthsShort: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juill.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
    clock: (hour, minute) => `${hour} h ${String(minute).padStart(2, '0')}`,
    hourSpan: (from, to) => `${from} h – ${to} h`,
    dayShort: (weekday, month, day) => `${weekday} ${day === 1 ? '1er' : day} ${month}`,
    dayLong: (weekday, month, day, year) => `${weekday} ${day === 1 ? '1er' : day} ${month}${year === undefined ? '' : ` ${year}`}`,
    now: (clock) => `maintenant (${clock})`,
    today: (clock) => `aujourd'hui à ${clock}`,
    tomorrow: (day, clock) => `demain (${day}) à ${clock}`,
    onDay: (day, clock) => `${day} à ${clock}`,
    riderClock: (clock, otherDay) => `${clock}${otherDay ? ` ${otherDay}` : ''} chez vous`,
  },
  answer: {
    line: (route, direction, when, chance, odds, compared, outlook) =>
      `${route} ${direction}, ${when} : ${chance} de risque d'un retard signalé (${odds}), ${compared}. ${outlook.charAt(0).toUpperCase()}${outlook.slice(1)}.`,
    title: (route, direction) => `${route} · ${direction}`,
    chanceOfDelay: (hourSpan) => `risque d'un retard signalé, ${hourSpan}`,
    usualTitle: 'Habituel',
    usualValue: (chance) => `${chance} pour cette ligne et cette direction`,
    comparedTitle: 'Comparaison',
    betterTitle: 'Mieux',
    betterValue: (clock, chance) => `${clock} (${chance})`,
    leaveInstead: (clock, chance) => `Partir plutôt vers ${clock} ramènerait le risque à ${chance}.`,
    leaveSlack: (clock) =>
      `Aucune des deux prochaines heures n'est nettement meilleure : prévoyez de la marge, ou consultez les alertes de service de la TTC avant ${clock}.`,
    noChange: "Inutile de changer vos plans : les deux prochaines heures ne sont pas meilleures.",
    footer: (threshold) =>
      `D'après les registres de retards de la TTC ; une prévision, pas une promesse. Dans les données de cette réponse, « delayed » vaut vrai à partir de ${threshold} : le seuil d'alerte du modèle, fixé sur des données passées pour attraper le plus de retards avec le moins de fausses alertes. La plupart des heures au-dessus n'ont quand même eu aucun retard signalé.`,
  },
  turn: {
    failed: "Désolé, quelque chose n'a pas fonctionné de mon côté. Veuillez réessayer, peut-être en d'autres mots.",
    conflict: "Vos deux derniers messages se sont croisés de mon côté, je n'ai donc pas pu prendre celui-ci. Veuillez le renvoyer.",
  },
};
