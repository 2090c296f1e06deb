/**
 * Every word of the web front end in Canadian French: the same entries as the English catalogue
 * in ./catalogue.ts. The JSON API's problem texts stay in English (programs match on them), so
 * `apiProblem` and `api` are the English ones.
 */
import type { Direction } from '../pipeline/types';
import type { WebWords } from './catalogue';
import { html } from './html';
import type { TimePart } from './trip-params';

const DIRECTIONS: Record<Direction, string> = { e: "vers l'est", w: "vers l'ouest", n: 'vers le nord', s: 'vers le sud' };
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const REPLACED_BY: Record<number, string> = {
  502: 'le 501 Queen et le 503 Kingston Rd',
  514: "le 504A King jusqu'à Distillery Loop",
};

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

function partFr(p: TimePart): string {
  switch (p.part) {
    case 'year':
      return `aucune année ${p.value} (années de 2000 à 2100)`;
    case 'month':
      return `aucun mois ${p.value} (les mois vont de 1 à 12)`;
    case 'day':
      return p.month !== undefined && p.year !== undefined && p.days !== undefined
        ? `aucun jour ${p.value} (${MONTHS[p.month - 1]} ${p.year} compte ${p.days} jours)`
        : `aucun jour ${p.value} (les jours vont de 1 à 31)`;
    case 'hour':
      return `aucune heure ${p.value} (les heures vont de 0 à 23)`;
    case 'minute':
      return `aucune minute ${p.value} (les minutes vont de 0 à 59)`;
    case 'second':
      return `aucune seconde ${p.value} (les secondes vont de 0 à 59)`;
  }
}

/** "8:00" → "8 h 00" in a problem's words. */
function clockFr(clock: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(clock);
  return m ? `${Number(m[1])} h ${m[2]}` : clock;
}

export function frWords(english: WebWords): WebWords {
  return {
    locale: 'fr',
    lang: 'fr-CA',
    site: {
      name: 'Retards de tramway',
      title: (page) => `${page} – Retards de tramway`,
      nav: { trip: 'Trajet', chat: 'Clavardage', api: 'API' },
      footer: "Prévisions tirées des registres publics de retards de tramway de la TTC ; une probabilité, pas une promesse.",
      serverError: "Quelque chose n'a pas fonctionné de notre côté. Veuillez réessayer.",
      notFoundShort: 'Introuvable.',
      otherLanguage: { locale: 'en', lang: 'en-CA', name: 'English' },
    },
    directions: DIRECTIONS,
    dates: {
      full: (dt) => dt.setLocale('fr-CA').toFormat('cccc d LLLL yyyy'),
      day: (dt) => dt.setLocale('fr-CA').toFormat('cccc d LLLL'),
      clock: (dt) => `${dt.hour} h ${String(dt.minute).padStart(2, '0')}`,
    },
    form: {
      title: 'Retards de tramway',
      problemTitle: 'Vérifiez votre trajet',
      heading: 'Mon tramway sera-t-il en retard ?',
      lede: "Choisissez une ligne, une direction et l'heure de votre trajet. Vous obtenez le risque d'un retard signalé dans cette heure, comparé à l'habituel de la ligne, et un graphique de toute la journée.",
      summary: (count) => `Veuillez vérifier ${count === 1 ? 'le champ indiqué' : 'les champs indiqués'} ci-dessous.`,
      route: 'Ligne',
      direction: 'Direction',
      time: 'Date et heure',
      timeHint: '(heure de Toronto)',
      submit: 'Obtenir la prévision',
      chooseRoute: 'Choisissez une ligne',
      chooseDirection: 'Choisissez une direction',
      typedTimeHint: 'Année-mois-jour, T, puis heures:minutes sur 24 heures.',
      aside: (chat, api) => html`Vous préférez demander en mots ? ${chat('Clavardez avec le robot')}. Les programmes peuvent utiliser l'${api('API JSON')}.`,
    },
    formProblem(d) {
      switch (d.kind) {
        case 'route-missing':
          return 'Choisissez une ligne.';
        case 'route-not-number':
          return 'Choisissez une ligne dans la liste.';
        case 'route-unknown':
          return `Il n'y a pas de ligne de tramway ${d.route}. Choisissez-en une dans la liste.`;
        case 'route-retired': {
          const instead = REPLACED_BY[d.route];
          return `Le ${d.route} ${d.name} ne circule plus${instead ? ` ; essayez ${instead}` : ''}. Choisissez une autre ligne.`;
        }
        case 'direction-missing':
          return 'Choisissez une direction.';
        case 'direction-invalid':
          return 'Choisissez une direction dans la liste.';
        case 'direction-not-run':
          return `Le ${d.route} ${d.name} circule ${list(d.runs.map((x) => DIRECTIONS[x]))}. Choisissez l'une de ces directions.`;
        case 'time-missing':
          return 'Choisissez une date et une heure.';
        case 'time-not-text':
        case 'time-too-long':
        case 'time-format':
          return `Tapez une date et une heure comme ${d.example} (demain à 8 h 00).`;
        case 'time-parts':
          return `Cette date et cette heure comportent ${list(d.parts.map(partFr))}. Tapez-la comme ${d.example} (demain à 8 h 00).`;
        case 'time-skipped':
          return `${clockFr(d.clock)} n'existe pas à Toronto ce jour-là : les horloges avancent de 2 h 00 à 3 h 00. Choisissez une autre heure.`;
        case 'time-year':
          return `L'année doit être comprise entre ${d.from} et ${d.to}.`;
        case 'other':
          return 'Cette date et cette heure ne conviennent pas. Choisissez-en une autre.';
      }
    },
    apiProblem: english.apiProblem,
    api: english.api,
    prediction: {
      trip: (route, direction, date, clock) => `${route} ${direction} · ${date} · ${clock}`,
      probability: (chance, odds, from, to, route, direction) =>
        html`<strong>${chance}</strong> de risque (${odds}) d'au moins un retard signalé entre ${from} et ${to} sur le ${route} ${direction}.`,
      usual: (compared) => `C'est ${compared} pour cette ligne et cette direction (sa moyenne sur une semaine entière).`,
      nearby: (clock, chance) => html`Tout près, l'heure la moins risquée est <strong>${clock}</strong> (${chance}).`,
      threshold: (threshold, api) =>
        html`Dans l'API JSON, <code>delayed</code> vaut vrai à partir de ${threshold} : le seuil d'alerte du modèle, fixé sur des données passées pour attraper le plus de retards avec le moins de fausses alertes. La plupart des heures au-dessus n'ont quand même eu aucun retard signalé, cette page s'en tient donc au risque lui-même. ${api("À propos de l'API")}.`,
      caption: (day) => `Risque d'un retard signalé pour chaque heure du ${day} ; l'heure de votre trajet est mise en évidence, la ligne pointillée est l'habituel.`,
      another: 'Obtenir une autre prévision',
      json: 'Cette prévision en JSON',
      pageTitle: (outlook, route, direction) => `${outlook} : ${route} ${direction}`,
      chartTitle: (route, direction, day) => `${route} ${direction}, ${day}`,
    },
    chat: {
      title: 'Clavardage',
      heading: 'Clavardez avec le robot des retards de tramway',
      loading: 'Chargement du clavardage…',
      noscript: (form) => html`Le clavardage a besoin de JavaScript. ${form('Utilisez plutôt le formulaire de trajet')}.`,
      unavailableTitle: 'Clavardage indisponible',
      unavailableHeading: "Le clavardage n'est pas encore prêt",
      unavailable: (form) =>
        html`<p>Le module Web Chat n'a pas été téléchargé. Lancez <code>npm run webchat:fetch</code> (ou <code>npm start</code>, qui le fait) et rechargez cette page.</p>
<p>En attendant, ${form('utilisez le formulaire de trajet')}.</p>`,
      offTitle: 'Clavardage désactivé',
      offHeading: 'Le clavardage est désactivé sur ce serveur',
      off: (form) =>
        html`Le Web Chat local est désactivé dans ce déploiement (web.chat dans les réglages) ; le robot répond dans ses propres canaux. ${form('Utilisez le formulaire de trajet')}.`,
      webChat: { locale: 'fr-CA', username: 'Vous', botInitials: 'TTC', userInitials: 'Vous' },
    },
    notFound: {
      title: 'Introuvable',
      heading: 'Page introuvable',
      body: (form, api) => html`Il n'y a aucune page à cette adresse. ${form('Vérifiez un trajet')}, ou lisez la documentation de l'${api('API JSON')}.`,
    },
    apiPage: {
      title: 'API',
      intro: (json) =>
        html`Chaque prévision des pages et du robot est aussi offerte en JSON, par le même modèle. Cette page est tirée du document OpenAPI 3.1, que les programmes peuvent lire à ${json('/api/openapi.json')}. Les descriptions des champs sont en anglais.`,
      delayed: (threshold, recentThreshold) =>
        recentThreshold === undefined
          ? html`<code>delayed</code> vaut vrai quand <code>probability</code> atteint ou dépasse le seuil du modèle, actuellement ${threshold} : le seuil qui a donné le meilleur F1 sur les années de validation. À ce seuil, la plupart des heures signalées n'ont quand même eu aucun retard, alors lisez <code>probability</code> (et comparez-la à <code>usualProbability</code>) plutôt que de prendre <code>delayed</code> pour une prévision.`
          : html`<code>delayed</code> vaut vrai quand <code>probability</code> atteint ou dépasse le seuil du modèle : actuellement ${threshold}, ou ${recentThreshold} pour une prévision qui a lu des incidents récents sur la ligne (elle porte alors <code>recentIncidents</code>). Chacun est le seuil qui a donné le meilleur F1 sur les années de validation pour les prévisions de son genre. À ces seuils, la plupart des heures signalées n'ont quand même eu aucun retard, alors lisez <code>probability</code> (et comparez-la à <code>usualProbability</code>) plutôt que de prendre <code>delayed</code> pour une prévision.`,
      contents: 'Sommaire',
      endpoints: 'Points de terminaison',
      schemas: 'Formes',
      parameters: 'Paramètres',
      requestBody: 'Corps de la requête',
      responses: 'Réponses',
      name: 'Nom',
      where: 'Dans',
      type: 'Type',
      required: 'Obligatoire',
      yes: 'oui',
      no: 'non',
      description: 'Description',
      example: 'Exemple',
      field: 'Champ',
      oneOf: "l'un de",
      listOf: 'liste de',
      tryIt: 'Essayer',
      thisServer: 'http://<ce serveur>',
    },
    script: { directions: DIRECTIONS },
  };
}
