// The bot's words around the answer, in Canadian French: the same entries as the English
// catalogue in ./messages.ts, on the 24-hour clock ("8 h 00"), with "vers l'est" for eastbound.
import type { RouteInfo } from '../../pipeline/routes';
import type { TimeProblem } from '../understand/time-problem';
import type { TransitLine } from '../understand/transit';
import { botWords } from './catalogue';
import type { Messages } from './messages';

const STREETCARS = 'je connais les tramways : 501 à 512 le jour, 301 à 312 la nuit.';

const FR_BOT = botWords('fr');
const DIRECTION = FR_BOT.directions;
const WEEKDAYS = FR_BOT.time.weekdays;
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
/** What replaced a retired route, in French (the route table says it in English). */
const REPLACED_BY: Record<number, string> = {
  502: 'le 501 Queen et le 503 Kingston Rd',
  514: "le 504A King jusqu'à Distillery Loop",
};
const PARTS: Record<'morning' | 'afternoon' | 'evening' | 'night', string> = {
  morning: 'ce matin est déjà passé',
  afternoon: 'cet après-midi est déjà passé',
  evening: 'cette soirée est déjà passée',
  night: 'cette nuit est déjà passée',
};

function capital(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}

function dayOf(day: number): string {
  return day === 1 ? '1er' : String(day);
}

export const fr: Messages = {
  cancelled: "D'accord, c'est annulé. Nommez un tramway quand vous voudrez une autre estimation.",
  startOver: "D'accord, on recommence.",
  anyTime: 'Quand vous voulez. Nommez un tramway pour avoir une estimation.',
  goodRide: 'Bon trajet !',
  hi: 'Bonjour !',
  youAreWelcome: 'De rien !',
  textOnly: "Je ne lis que du texte, je n'ai donc pas compris.",
  notUnderstood: "Désolé, je n'ai pas compris.",
  notUnderstoodExample: "Désolé, je n'ai pas compris. Je lis des messages comme « 504 vers l'est à 8 h », en français ou en anglais.",
  notUnderstoodAnother: "Désolé, je n'ai pas compris. Préparons un autre trajet.",
  longMessage: (limit) => `C'était un long message : j'en ai lu les ${limit} premiers caractères.`,
  timePassedNow: 'Cette heure est maintenant passée.',
  tookTomorrow: "Cette heure est passée aujourd'hui, j'ai donc pris demain.",
  sorry: (problem) => `Désolé, ${problem}.`,
  timeProblem(p: TimeProblem): string {
    switch (p.kind) {
      case 'passed':
        return 'cette heure est déjà passée';
      case 'passed-today':
        return "cette heure est déjà passée aujourd'hui";
      case 'part-passed':
        return PARTS[p.part];
      case 'in-the-past':
        return "c'est dans le passé";
      case 'past-day':
        return 'ce jour est passé';
      case 'too-far':
        return "je ne peux regarder qu'un an à l'avance";
      case 'not-a-clock':
        return `${p.hour} h${p.minute !== undefined ? ` ${p.minute}` : ''}${p.meridiem ? ` ${p.meridiem}` : ''} n'existe pas`;
      case 'hour-24':
        return '24 h, c\'est minuit : dites « minuit » et quel jour';
      case 'not-a-date':
        return `le ${dayOf(p.day)} ${MONTHS[p.month - 1] ?? '?'} n'existe pas`;
      case 'no-february-29':
        return `il n'y a pas de 29 février avant ${p.until}`;
      case 'skipped-hour':
        return `${p.hour} h ${String(p.minute).padStart(2, '0')} n'existe pas à Toronto le ${WEEKDAYS[p.weekday - 1]} ${dayOf(p.day)} ${MONTHS[p.month - 1]} : les horloges sautent de 2 h 00 à 3 h 00 cette nuit-là`;
    }
  },
  tripRefused: () => 'Désolé, je ne peux pas estimer ce trajet.',

  severalRoutes: (labels) => `Vous avez mentionné le ${labels.join(' et le ')}.`,
  retired: (info: RouteInfo) => {
    const instead = REPLACED_BY[info.route];
    return `Le ${info.route} ${info.name} ne circule plus${instead ? ` ; essayez ${instead}` : ''}.`;
  },
  notARoute: (n) => `${n} n'est pas une ligne de tramway ; ${STREETCARS}`,
  bus: (n) => (n === undefined ? `Ça ressemble à un autobus ; ${STREETCARS}` : `Le ${n} est un autobus ; ${STREETCARS}`),
  line: (line: TransitLine | undefined) =>
    !line ? `Je ne connais pas le métro ; ${STREETCARS}`
    : line.kind === 'subway' ? `La ligne ${line.line} est le métro (${line.name}) ; ${STREETCARS}`
    : `La ligne ${line.line} ${line.name} est un train léger, pas une ligne de tramway ; ${STREETCARS}`,

  runsNot: (route, name, runs, not) => `Le ${route} ${name} circule ${runs.map((d) => DIRECTION[d]).join(' et ')}, pas ${DIRECTION[not]}.`,
  severalDirections: "Vous avez mentionné plus d'une direction.",
  notSureWhichWay: (place, routeLabel) => `Je ne sais pas dans quelle direction se trouve ${place} sur le ${routeLabel}.`,

  changedRoute: (route) => `D'accord, le ${route} plutôt.`,
  changedDirection: (d) => `${capital(DIRECTION[d])}, alors.`,
  changedTime: (when) => `D'accord, ${when} plutôt.`,

  ask: {
    route: 'Quel tramway ? Un numéro comme 504 ou un nom comme King.',
    whichRoute: 'Lequel voulez-vous dire ?',
    direction: (routeLabel, dirs) => `Dans quelle direction sur le ${routeLabel} : ${dirs.map((d) => DIRECTION[d]).join(' ou ')} ?`,
    directionButton: (d, place) => (place ? `${capital(DIRECTION[d])} (${place})` : capital(DIRECTION[d])),
    directionValue: (d) => capital(DIRECTION[d]),
    time: 'Quand partez-vous ? Par exemple « maintenant », « à 17 h 30 » ou « demain matin ».',
    timeButtons: ['Maintenant', 'Dans 30 minutes', 'Demain 8 h'],
    timeOnDay: (weekday, month, day) => `À quelle heure le ${WEEKDAYS[weekday - 1]} ${dayOf(day)} ${MONTHS[month - 1]} ?`,
    timeOnDayButtons: ['8 h', '12 h', '17 h'],
  },
  anotherTrip: ['Même trajet le lendemain', 'Autre direction', 'Nouveau trajet', 'Non merci'],
  help: [
    "J'estime le risque qu'un trajet en tramway à Toronto subisse un retard signalé, d'après des années de registres de retards de la TTC.",
    "Dites-moi la ligne, la direction et quand, en un seul message ou en plusieurs : « 504 vers l'est demain à 8 h », « le tramway Spadina vers le sud maintenant », « le Queen vers les Beaches à 17 h ».",
    'Dites « recommencer » pour un nouveau trajet, « annuler » pour arrêter, ou « même trajet demain » pour refaire votre dernier trajet. I also speak English.',
  ].join('\n\n'),
  welcome: [
    'Bonjour ! Je vous donne le risque que votre trajet en tramway à Toronto subisse un retard signalé.',
    "Essayez « Est-ce que le 504 King vers l'est sera en retard demain à 8 h ? » ou nommez simplement une ligne pour commencer. Dites « aide » à tout moment.",
  ].join('\n\n'),
};
