/**
 * Every word the web front end shows: the pages (form, prediction, API reference, chat, not
 * found), the form's problems, the JSON API's problem texts, and the settings handed to the
 * page scripts. One catalogue per language: English here, French in ./catalogue-fr.ts, listed in
 * WEB_CATALOGUES; a page's language comes from ./language.ts. The words for a chance ("14%", "about 1 in 7", "1.4× the usual 10%",
 * "probably on time") are shared with the bot and the chart in src/chart/catalogue.ts.
 *
 * Entries that hold a link take the link as SafeHtml and return SafeHtml built with `html`, so
 * every value stays escaped.
 */
import type { DateTime } from 'luxon';
import type { Locale } from '../chart/catalogue';
import type { Direction } from '../pipeline/types';
import { frWords } from './catalogue-fr';
import { html, type SafeHtml } from './html';
import type { ProblemDetail, TimePart } from './trip-params';

export interface WebWords {
  /** Which chance and chart words go with these (src/chart/catalogue.ts). */
  locale: Locale;
  /** The page's <html lang>. */
  lang: string;
  site: {
    name: string;
    /** "<page> – Streetcar delay check". */
    title(page: string): string;
    nav: { trip: string; chat: string; api: string };
    footer: string;
    serverError: string;
    notFoundShort: string;
    /** The header's link to the other language, named in that language. */
    otherLanguage: { locale: Locale; lang: string; name: string };
  };
  directions: Record<Direction, string>;
  dates: {
    /** "Wednesday, November 25, 2026". */
    full(dt: DateTime): string;
    /** "Wednesday, November 25". */
    day(dt: DateTime): string;
    /** "8:00 a.m.". */
    clock(dt: DateTime): string;
  };
  form: {
    title: string;
    problemTitle: string;
    heading: string;
    lede: string;
    summary(count: number): string;
    route: string;
    direction: string;
    time: string;
    timeHint: string;
    submit: string;
    chooseRoute: string;
    chooseDirection: string;
    /** Under a time typed as text (a date picker cannot hold a mistyped value). */
    typedTimeHint: string;
    aside(chat: (text: string) => SafeHtml, api: (text: string) => SafeHtml): SafeHtml;
  };
  /** A field's problem as the form says it. */
  formProblem(detail: ProblemDetail): string;
  /** A field's problem as the JSON API says it (kept in the words programs already match on). */
  apiProblem(detail: ProblemDetail): string;
  /** The JSON API's problems with a request as a whole. */
  api: {
    notATrip: string;
    tripsNotArray: string;
    noTrips: string;
    tooManyTrips(max: number, got: number): string;
    serverError: string;
  };
  prediction: {
    trip(route: string, direction: string, date: string, clock: string): string;
    probability(chance: string, odds: string, from: string, to: string, route: string, direction: string): SafeHtml;
    usual(compared: string): string;
    nearby(clock: string, chance: string): SafeHtml;
    /** What the API's `delayed` means, with its threshold. */
    threshold(threshold: string, api: (text: string) => SafeHtml): SafeHtml;
    caption(day: string): string;
    another: string;
    json: string;
    pageTitle(outlook: string, route: string, direction: string): string;
    chartTitle(route: string, direction: string, day: string): string;
  };
  chat: {
    title: string;
    heading: string;
    loading: string;
    noscript(form: (text: string) => SafeHtml): SafeHtml;
    unavailableTitle: string;
    unavailableHeading: string;
    unavailable(form: (text: string) => SafeHtml): SafeHtml;
    offTitle: string;
    offHeading: string;
    off(form: (text: string) => SafeHtml): SafeHtml;
    /** Web Chat's settings (chat.js reads them from data- attributes). */
    webChat: { locale: string; username: string; botInitials: string; userInitials: string };
  };
  notFound: {
    title: string;
    heading: string;
    body(form: (text: string) => SafeHtml, api: (text: string) => SafeHtml): SafeHtml;
  };
  apiPage: {
    title: string;
    intro(json: (text: string) => SafeHtml): SafeHtml;
    /** What `delayed` means, with the running model's threshold (and its own cut for predictions with recent incidents, when it differs). */
    delayed(threshold: string, recentThreshold?: string): SafeHtml;
    contents: string;
    endpoints: string;
    schemas: string;
    parameters: string;
    requestBody: string;
    responses: string;
    name: string;
    where: string;
    type: string;
    required: string;
    yes: string;
    no: string;
    description: string;
    example: string;
    field: string;
    oneOf: string;
    listOf: string;
    tryIt: string;
    /** Stands for the server's address in the curl example. */
    thisServer: string;
  };
  /** What the page scripts are handed (form.js: direction words). */
  script: { directions: Record<Direction, string> };
}

const DIRECTIONS: Record<Direction, string> = { e: 'eastbound', w: 'westbound', n: 'northbound', s: 'southbound' };

function list(items: readonly string[], and = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "no month 25 (months go 1–12)", "no day 30 (February 2027 has 28 days)". */
function partEn(p: TimePart): string {
  switch (p.part) {
    case 'year':
      return `no year ${p.value} (years from 2000 to 2100)`;
    case 'month':
      return `no month ${p.value} (months go 1–12)`;
    case 'day':
      return p.month !== undefined && p.year !== undefined && p.days !== undefined
        ? `no day ${p.value} (${MONTHS[p.month - 1]} ${p.year} has ${p.days} days)`
        : `no day ${p.value} (days go 1–31)`;
    case 'hour':
      return `no hour ${p.value} (hours go 0–23)`;
    case 'minute':
      return `no minute ${p.value} (minutes go 0–59)`;
    case 'second':
      return `no second ${p.value} (seconds go 0–59)`;
  }
}

function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

const EN: WebWords = {
  locale: 'en',
  lang: 'en',
  site: {
    name: 'Streetcar delay check',
    title: (page) => `${page} – Streetcar delay check`,
    nav: { trip: 'Trip', chat: 'Chat', api: 'API' },
    footer: "Predictions from the TTC's published streetcar delay logs; a probability, not a promise.",
    serverError: 'Something went wrong on our side. Please try again.',
    notFoundShort: 'Not found.',
    otherLanguage: { locale: 'fr', lang: 'fr-CA', name: 'Français' },
  },
  directions: DIRECTIONS,
  dates: {
    full: (dt) => dt.setLocale('en-US').toFormat('cccc, LLLL d, yyyy'),
    day: (dt) => dt.setLocale('en-US').toFormat('cccc, LLLL d'),
    clock: (dt) => `${dt.hour % 12 || 12}:${String(dt.minute).padStart(2, '0')} ${dt.hour < 12 ? 'a.m.' : 'p.m.'}`,
  },
  form: {
    title: 'Streetcar delay check',
    problemTitle: 'Check your trip',
    heading: 'Will my streetcar be delayed?',
    lede: "Pick a route, a direction and when you travel. You get the chance of a reported delay in that hour, compared with the route's usual, and a chart of the whole day.",
    summary: (count) => `Please check the ${count === 1 ? 'field' : 'fields'} marked below.`,
    route: 'Route',
    direction: 'Direction',
    time: 'Date and time',
    timeHint: '(Toronto time)',
    submit: 'Get prediction',
    chooseRoute: 'Choose a route',
    chooseDirection: 'Choose a direction',
    typedTimeHint: 'Year-month-day, T, then hours:minutes on the 24-hour clock.',
    aside: (chat, api) => html`Prefer to ask in words? ${chat('Chat with the bot')}. Programs can use the ${api('JSON API')}.`,
  },
  formProblem(d) {
    switch (d.kind) {
      case 'route-missing':
        return 'Choose a route.';
      case 'route-not-number':
        return 'Choose a route from the list.';
      case 'route-unknown':
        return `There is no streetcar route ${d.route}. Choose one from the list.`;
      case 'route-retired':
        return `The ${d.route} ${d.name} no longer runs${d.replacedBy ? `; try ${d.replacedBy}` : ''}. Choose another route.`;
      case 'direction-missing':
        return 'Choose a direction.';
      case 'direction-invalid':
        return 'Choose a direction from the list.';
      case 'direction-not-run':
        return `The ${d.route} ${d.name} runs ${list(d.runs.map((x) => DIRECTIONS[x]))}. Choose one of those.`;
      case 'time-missing':
        return 'Choose a date and time.';
      case 'time-not-text':
      case 'time-too-long':
      case 'time-format':
        return `Type a date and time like ${d.example} (tomorrow at 8:00 a.m.).`;
      case 'time-parts':
        return `That date and time has ${list(d.parts.map(partEn))}. Type it like ${d.example} (tomorrow at 8:00 a.m.).`;
      case 'time-skipped':
        return `${d.clock} does not exist in Toronto that day: clocks spring forward from 2:00 to 3:00 a.m. Choose another time.`;
      case 'time-year':
        return `The year must be between ${d.from} and ${d.to}.`;
      case 'other':
        return sentence(d.text);
    }
  },
  apiProblem(d) {
    switch (d.kind) {
      case 'route-missing':
      case 'route-not-number':
        return 'route must be a streetcar route number such as 504';
      case 'route-unknown':
        return `${d.route} is not a Toronto streetcar route`;
      case 'route-retired':
        return `the ${d.route} ${d.name} no longer runs${d.replacedBy ? `; try ${d.replacedBy}` : ''}`;
      case 'direction-missing':
        return 'choose a direction: e, w, n or s';
      case 'direction-invalid':
        return 'direction must be one of e, w, n, s';
      case 'direction-not-run':
        return `the ${d.route} ${d.name} runs ${list(d.runs.map((x) => DIRECTIONS[x]))}, not ${DIRECTIONS[d.asked]}`;
      case 'time-missing':
        return `choose a date and time, e.g. ${d.example} (Toronto time)`;
      case 'time-not-text':
        return `time must be text like ${d.example}`;
      case 'time-too-long':
        return `time is too long; expected something like ${d.example}`;
      case 'time-format':
        return `expected a time like ${d.example} (Toronto time) or with an offset`;
      case 'time-parts':
        return `not a time: ${list(d.parts.map(partEn))}; expected something like ${d.example}`;
      case 'time-skipped':
        return `${d.clock} does not exist in Toronto that day (clocks spring forward)`;
      case 'time-year':
        return `the year must be between ${d.from} and ${d.to}`;
      case 'other':
        return d.text;
    }
  },
  api: {
    notATrip: 'expected a trip: an object with route, direction and time',
    tripsNotArray: 'trips must be an array of trips',
    noTrips: 'send at least one trip',
    tooManyTrips: (max, got) => `send at most ${max} trips at once (got ${got})`,
    serverError: 'something went wrong on our side',
  },
  prediction: {
    trip: (route, direction, date, clock) => `${route} ${direction} · ${date} · ${clock}`,
    probability: (chance, odds, from, to, route, direction) =>
      html`<strong>${chance}</strong> chance (${odds}) of at least one reported delay between ${from} and ${to} on the ${route} ${direction}.`,
    usual: (compared) => `That is ${compared} for this route and direction (its average over a whole week).`,
    nearby: (clock, chance) => html`Nearby, the least risky hour is <strong>${clock}</strong> (${chance}).`,
    threshold: (threshold, api) =>
      html`In the JSON API, <code>delayed</code> is true at ${threshold} or more: the model's alert cut-off, set on past data to catch the most delays for the fewest false alarms. Most hours over it still had no reported delay, so this page goes by the chance itself. ${api('About the API')}.`,
    caption: (day) => `Chance of a reported delay for each hour of ${day}; your trip's hour is highlighted, the dashed line is the usual.`,
    another: 'Get another prediction',
    json: 'This prediction as JSON',
    pageTitle: (outlook, route, direction) => `${outlook}: ${route} ${direction}`,
    chartTitle: (route, direction, day) => `${route} ${direction}, ${day}`,
  },
  chat: {
    title: 'Chat',
    heading: 'Chat with the streetcar delay bot',
    loading: 'Loading the chat…',
    noscript: (form) => html`The chat needs JavaScript. ${form('Use the trip form instead')}.`,
    unavailableTitle: 'Chat unavailable',
    unavailableHeading: 'Chat is not set up yet',
    unavailable: (form) =>
      html`<p>The Web Chat bundle has not been fetched. Run <code>npm run webchat:fetch</code> (or <code>npm start</code>, which does it) and reload this page.</p>
<p>Meanwhile, ${form('use the trip form')}.</p>`,
    offTitle: 'Chat is off',
    offHeading: 'Chat is off on this server',
    off: (form) =>
      html`The local Web Chat is turned off in this deployment (web.chat in the settings); the bot answers in its own channels. ${form('Use the trip form')}.`,
    webChat: { locale: 'en-CA', username: 'You', botInitials: 'TTC', userInitials: 'You' },
  },
  notFound: {
    title: 'Not found',
    heading: 'Page not found',
    body: (form, api) => html`There is no page at this address. ${form('Check a trip')}, or read about the ${api('JSON API')}.`,
  },
  apiPage: {
    title: 'API',
    intro: (json) =>
      html`Every prediction the pages and the bot make is also available as JSON, from the same model. This page is drawn from the OpenAPI 3.1 document, which programs can read at ${json('/api/openapi.json')}.`,
    delayed: (threshold, recentThreshold) =>
      recentThreshold === undefined
        ? html`<code>delayed</code> is true when <code>probability</code> is at or above the model's threshold, now ${threshold}: the cut that gave the best F1 on the validation years. At that cut most flagged hours still saw no reported delay, so read <code>probability</code> (and compare it with <code>usualProbability</code>) rather than treating <code>delayed</code> as a forecast.`
        : html`<code>delayed</code> is true when <code>probability</code> is at or above the model's threshold: now ${threshold}, or ${recentThreshold} for a prediction that read recent incidents on the route (it then carries <code>recentIncidents</code>). Each is the cut that gave the best F1 on the validation years for predictions of its kind. At those cuts most flagged hours still saw no reported delay, so read <code>probability</code> (and compare it with <code>usualProbability</code>) rather than treating <code>delayed</code> as a forecast.`,
    contents: 'Contents',
    endpoints: 'Endpoints',
    schemas: 'Shapes',
    parameters: 'Parameters',
    requestBody: 'Request body',
    responses: 'Responses',
    name: 'Name',
    where: 'In',
    type: 'Type',
    required: 'Required',
    yes: 'yes',
    no: 'no',
    description: 'Description',
    example: 'Example',
    field: 'Field',
    oneOf: 'one of',
    listOf: 'list of',
    tryIt: 'Try it',
    thisServer: 'http://<this server>',
  },
  script: { directions: DIRECTIONS },
};

export const WEB_CATALOGUES: Record<Locale, WebWords> = { en: EN, fr: frWords(EN) };

export function webWords(locale: Locale = 'en'): WebWords {
  return WEB_CATALOGUES[locale];
}
