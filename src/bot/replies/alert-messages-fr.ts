/**
 * Every word a rider reads from trip alerts, in Canadian French: the same entries as the English
 * catalogue in ./alert-messages.ts, on the 24-hour clock ("7 h 45"), with "vers l'est" for
 * eastbound. The button titles come back as the rider's message and are read by
 * src/bot/understand/subscription.ts (its French words).
 */
import { ALERT_WORDS } from '../../live/words';
import { branchRouteLabel, routeLabel } from '../../pipeline/routes';
import { torontoParts } from '../../pipeline/toronto-time';
import type { Direction } from '../../pipeline/types';
import { UNTIL_RESUMED, type Clock } from '../../alerts/model';
import type { AlertMessages } from './alert-messages';
import { alertClock, dayNumberOfDay, instantClock, instantDay, weekdayOfDay } from './alert-time';
import { botWords } from './catalogue';

const FR_BOT = botWords('fr');
const WEEKDAYS = FR_BOT.time.weekdays;
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

function dayOfMonth(day: number): string {
  return day === 1 ? '1er' : String(day);
}

function clock({ hour, minute }: Clock): string {
  return `${hour} h ${String(minute).padStart(2, '0')}`;
}

export const fr: AlertMessages = {
  parts: {
    clock,
    weekday: (day) => WEEKDAYS[day],
    days: (days) => {
      const set = [...new Set(days)].sort();
      const key = set.join('');
      if (key === '0123456') return 'tous les jours';
      if (key === '01234') return 'en semaine';
      if (key === '56') return 'la fin de semaine';
      return fr.parts.list(set.map((d) => `les ${WEEKDAYS[d]}s`));
    },
    day: (day, ref) => {
      const now = torontoParts(ref);
      const weekday = WEEKDAYS[weekdayOfDay(day)];
      const short = `${FR_BOT.time.weekdaysShort[weekdayOfDay(day)]} ${dayOfMonth(day.day)} ${FR_BOT.time.monthsShort[day.month - 1]}`;
      const diff = dayNumberOfDay(day) - dayNumberOfDay(now);
      if (diff === 0) return `aujourd'hui (${short})`;
      if (diff === 1) return `demain (${short})`;
      return `le ${weekday} ${dayOfMonth(day.day)} ${MONTHS[day.month - 1]}${day.year === now.year ? '' : ` ${day.year}`}`;
    },
    lead: (minutes) => {
      if (minutes % 60 === 0) return minutes === 60 ? '1 heure' : `${minutes / 60} heures`;
      if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
      return `${minutes} minutes`;
    },
    trip: (s) => {
      const label = branchRouteLabel(s.route, s.branch);
      return `${label} ${FR_BOT.directions[s.direction as Direction]}`;
    },
    list: (items) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`),
    when: (s, ref) => {
      const p = fr.parts;
      const a = alertClock(s.schedule, s.leadMinutes);
      const evening = a.dayBefore ? ' la veille au soir' : '';
      if (s.schedule.kind === 'once') {
        return `à ${p.clock(a.clock)}${evening}, ${p.lead(s.leadMinutes)} avant votre trajet de ${p.clock(s.schedule.clock)} ${p.day(s.schedule.day, ref)} sur le ${p.trip(s)}`;
      }
      return `à ${p.clock(a.clock)}${evening} ${p.days(s.schedule.days)}, ${p.lead(s.leadMinutes)} avant votre trajet de ${p.clock(s.schedule.clock)} sur le ${p.trip(s)}`;
    },
    gapNote: (s) => {
      if (s.schedule.kind !== 'weekly' || s.schedule.clock.hour !== 2) return '';
      return ` La nuit où l'on avance l'heure, ${clock(s.schedule.clock)} n'existe pas à Toronto : ce jour-là, pas d'alerte.`;
    },
  },

  offerButton: "M'alerter avant ce trajet",
  stopButton: 'Arrêter',
  stopAllButton: 'Arrêter toutes les alertes',
  stopThisButton: 'Arrêter cette alerte',
  myAlertsButton: 'Mes alertes',
  justOnceButton: 'Juste cette fois',
  weekdaysButton: 'En semaine',
  everyDayButton: 'Tous les jours',
  weeklyOnButton: (day) => `Les ${WEEKDAYS[day]}s`,
  exampleTripTimes: ['8 h 00', '17 h 30'],
  clockButton: clock,

  subscribed: (s, firstSend, ref) => {
    const worse = s.onlyIfWorse ? ", mais seulement quand ça s'annonce pire que d'habitude" : '';
    const first = s.schedule.kind === 'weekly' && firstSend ? ` La première : ${instantDay(fr, firstSend, ref)} à ${instantClock(fr, firstSend)}.` : '';
    return `C'est fait : je vous écrirai ${fr.parts.when(s, ref)} (heure de Toronto)${worse}.${first}${fr.parts.gapNote(s)} Dites « mes alertes » pour voir ou arrêter vos alertes.`;
  },
  list: (subs, ref) => (subs.length === 0 ? fr.noAlerts : `Vos alertes de trajet (heure de Toronto) :\n\n${subs.map((s) => `- ${fr.listItem(s, ref)}`).join('\n')}`),
  listItem: (s, ref) => {
    const p = fr.parts;
    const a = alertClock(s.schedule, s.leadMinutes);
    const days = s.schedule.kind === 'once' ? p.day(s.schedule.day, ref) : p.days(s.schedule.days);
    const paused = s.pausedUntil ? (s.pausedUntil === UNTIL_RESUMED ? ' (en pause)' : ` (en pause jusqu'à ${instantDay(fr, new Date(s.pausedUntil), ref)})`) : '';
    const worse = s.onlyIfWorse ? ", seulement si c'est pire que d'habitude" : '';
    return `${p.trip(s)}, ${days}, trajet à ${p.clock(s.schedule.clock)} : alerte à ${p.clock(a.clock)}${a.dayBefore ? ' la veille au soir' : ''}${worse}${paused}`;
  },
  noAlerts: "Vous n'avez aucune alerte de trajet. Pour en créer une, dites par exemple « alerte-moi en semaine à 7 h 45 pour le 504 vers l'est à 8 h ».",
  stopped: (stopped, all) => {
    const p = fr.parts;
    if (stopped.length === 1) return `J'ai arrêté votre alerte pour le ${p.trip(stopped[0])} à ${p.clock(stopped[0].schedule.clock)}. Je ne l'enverrai plus.`;
    return `${all ? "J'ai arrêté toutes vos alertes" : "J'ai arrêté"} (${stopped.length}) : ${p.list(stopped.map((s) => `le ${p.trip(s)} à ${p.clock(s.schedule.clock)}`))}. Je ne les enverrai plus.`;
  },
  nothingToStop: (route) => (route === undefined ? "Vous n'avez aucune alerte de trajet à arrêter." : `Vous n'avez aucune alerte pour le ${routeLabel(route)}. Dites « mes alertes » pour voir celles que vous avez.`),
  whichToStop: "Quelle alerte dois-je arrêter ? Touchez « Arrêter » à côté d'elle :",
  paused: (count, until, ref) =>
    `${count === 1 ? 'Votre alerte est en pause' : `Vos ${count} alertes sont en pause`} : rien avant ${instantDay(fr, until, ref)} à ${instantClock(fr, until)} (heure de Toronto). Dites « reprendre les alertes » pour les remettre plus tôt.`,
  pausedIndefinitely: (count) => `${count === 1 ? 'Votre alerte est en pause' : `Vos ${count} alertes sont en pause`} jusqu'à ce que vous disiez « reprendre les alertes ».`,
  resumed: (count) => `${count === 1 ? 'Votre alerte est de retour' : `Vos ${count} alertes sont de retour`}.`,
  nothingToPause: "Vous n'avez aucune alerte de trajet à mettre en pause.",
  notAvailable: "Les alertes de trajet ne sont pas offertes sur ce serveur, mais je peux quand même vous dire le risque de retard d'un trajet.",

  askTripTime: (notes) => `${notes.length ? `${notes.join(' ')} ` : ''}À quelle heure commence le trajet ? Par exemple « 8 h 00 » ou « 17 h 30 » (heure de Toronto).`,
  askDays: (notes) => `${notes.length ? `${notes.join(' ')} ` : ''}Quels jours dois-je vous alerter ?`,
  notUnderstood: "Désolé, je n'ai pas compris.",
  tookTomorrow: "Cette heure est passée aujourd'hui, j'ai donc pris demain.",

  tooOften: "J'envoie au plus une alerte par jour pour chaque trajet, je ne peux donc pas la répéter plus souvent. Pour un deuxième trajet, créez une deuxième alerte.",
  leadTooLong: (minutes, max) => `${fr.parts.lead(minutes)} à l'avance, c'est trop tôt : je peux vous alerter au plus ${fr.parts.lead(max)} avant le trajet.`,
  leadTooShort: (minutes, min) => `${minutes <= 0 ? "À l'heure même du trajet" : `${fr.parts.lead(minutes)} à l'avance`}, c'est trop tard pour être utile : il me faut au moins ${fr.parts.lead(min)} avant le trajet.`,
  alreadyPast: (sendAt, ref) => `Cette alerte serait à ${instantClock(fr, sendAt)} ${instantDay(fr, sendAt, ref)}, ce qui est déjà passé. Choisissez un trajet plus tard ou un délai plus court.`,
  limit: (max) => `Vous avez déjà ${max} alertes, le maximum que je garde pour une personne. Dites « mes alertes » pour en arrêter une d'abord.`,
  duplicate: (s, ref) => `Vous avez déjà cette alerte : ${fr.listItem(s, ref)}.`,
  sorry: (problem) => `Désolé, ${problem.replace(/[.\s]+$/, '')}.`,
  noSuchClock: (c, day) => `Désolé, ${clock(c)} n'existe pas à Toronto le ${WEEKDAYS[weekdayOfDay(day)]} ${dayOfMonth(day.day)} ${MONTHS[day.month - 1]} : les horloges sautent de 2 h 00 à 3 h 00 cette nuit-là.`,
  dayInPast: 'Désolé, ce jour est passé.',
  tooFar: "Désolé, je ne peux regarder qu'un an à l'avance.",
  pauseTooLong: "Je peux mettre les alertes en pause pour un an au plus. Dites « arrêter toutes les alertes » pour y mettre fin.",

  alertHeading: (s) => `Votre trajet de ${clock(s.schedule.clock)} sur le ${fr.parts.trip(s)}, comme demandé :`,
  liveAlertsHeading: (route) => `Alertes de service de la TTC pour le ${routeLabel(route)} :`,
  liveAlertLine: (a) => `${a.effect ? `${ALERT_WORDS.fr.effect(a.effect)} : ` : ''}${a.header}${a.until ? ` (jusqu'à ${instantClock(fr, new Date(a.until))})` : ''}`,
  alertText: (heading, answerText, route, liveLines) =>
    `${heading} ${answerText}${liveLines.length > 0 ? `\n\n${fr.liveAlertsHeading(route)}\n${liveLines.map((l) => `- ${l}`).join('\n')}` : ''}`,
};
