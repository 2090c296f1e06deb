/**
 * The HTML pages: the trip form, the prediction, Web Chat, and not-found. Markup only: every word
 * comes from ./catalogue.ts (and the chance words from src/chart/catalogue.ts).
 */
import { DateTime } from 'luxon';
import { CHART_CATALOGUES, riskPhrases } from '../chart/catalogue';
import { outlookOf, type HourProfile } from '../chart/risk-words';
import type { HourlyRisk } from '../model/types';
import { activeRoutes, findRoute, routeLabel } from '../pipeline/routes';
import { torontoZone, toTorontoIso } from '../pipeline/toronto-time';
import type { Direction, Prediction, UserError } from '../pipeline/types';
import { webWords, type WebWords } from './catalogue';
import { html, type SafeHtml } from './html';
import { exampleTime, type ProblemDetail } from './trip-params';
import { alertsSection, countedNoteHtml } from '../live/render'; // live alerts
import { WEBCHAT_URL } from './webchat-bundle';

export interface LayoutOptions {
  title: string;
  /** Scripts served from /static (no inline script anywhere). */
  scripts?: string[];
  bodyClass?: string;
  /** The language was chosen in the address (?lang=fr): the links keep it. */
  keepLanguage?: boolean;
}

const link = (href: string) => (text: string): SafeHtml => html`<a href="${href}">${text}</a>`;

/** A path with ?lang= added when the page's language was chosen in the address. */
export function withLanguage(path: string, words: WebWords, keep: boolean | undefined): string {
  if (!keep) return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=${words.locale}`;
}

export function layout(options: LayoutOptions, body: SafeHtml, words: WebWords = webWords()): string {
  const keep = options.keepLanguage;
  const other = words.site.otherLanguage;
  return html`<!doctype html>
<html lang="${words.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body class="${options.bodyClass ?? ''}">
<header class="site"><a href="/" class="brand">${words.site.name}</a>
<nav><a href="${withLanguage('/', words, keep)}">${words.site.nav.trip}</a> <a href="${withLanguage('/chat', words, keep)}">${words.site.nav.chat}</a> <a href="${withLanguage('/api', words, keep)}">${words.site.nav.api}</a> <a href="/?lang=${other.locale}" lang="${other.lang}" hreflang="${other.lang}" class="language">${other.name}</a></nav></header>
<main>
${body}
</main>
<footer>${words.site.footer}</footer>
</body>
</html>
`.value;
}

/** "2026-11-25T08:00": the value a datetime-local input and the API's `time` take, in Toronto time. */
export function torontoInputValue(instant: Date): string {
  return toTorontoIso(instant).slice(0, 16);
}

/** What the form shows: raw strings as the person typed them, so they can be corrected. */
export interface FormValues {
  route: string;
  direction: string;
  time: string;
}

export function defaultFormValues(now: Date = new Date()): FormValues {
  const first = activeRoutes()[0];
  return { route: String(first.route), direction: first.directions[0], time: torontoInputValue(now) };
}

/** A problem the form shows: the API's words, and the detail it words for people. */
export type FormProblem = UserError & { detail?: ProblemDetail };

function problemFor(errors: readonly FormProblem[], field: string): FormProblem | undefined {
  return errors.find((e) => e.field === field);
}

function fieldError(errors: readonly FormProblem[], field: string, words: WebWords): SafeHtml {
  const e = problemFor(errors, field);
  return e ? html`<p class="problem" id="${field}-problem" role="alert">${e.detail ? words.formProblem(e.detail) : e.problem}</p>` : html``;
}

function describedBy(errors: readonly FormProblem[], field: string, extra?: string): SafeHtml {
  const ids = [problemFor(errors, field) ? `${field}-problem` : '', extra ?? ''].filter(Boolean).join(' ');
  return html`${problemFor(errors, field) ? html` aria-invalid="true"` : html``}${ids ? html` aria-describedby="${ids}"` : html``}`;
}

/** Whether a datetime-local input can show this value (it shows an invalid one as empty). */
function pickerCanShow(value: string): boolean {
  if (value === '') return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const days = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
  return y >= 1 && d >= 1 && d <= days && h <= 23 && mi <= 59 && Number(m[6] ?? 0) <= 59;
}

/**
 * The trip form. Works without JavaScript (a plain GET to /show-prediction); /static/form.js
 * narrows the direction list to the chosen route's directions as the route changes.
 * @param now the clock the examples are built from (tomorrow at 8:00)
 */
export function renderFormPage(values: FormValues, errors: readonly FormProblem[] = [], now: Date = new Date(), words: WebWords = webWords(), keepLanguage = false): string {
  const f = words.form;
  const routes = activeRoutes();
  const chosen = findRoute(Number(values.route));
  // Without JavaScript the direction list can't follow the route; it offers the chosen route's
  // directions (or all four when the route isn't known yet) and the server checks the pair.
  const directions: Direction[] = values.route !== '' && chosen && chosen.status === 'active' ? chosen.directions : ['e', 'w', 'n', 's'];
  const directionMap = JSON.stringify(Object.fromEntries(routes.map((r) => [r.route, r.directions])));
  const routeKnown = routes.some((r) => String(r.route) === values.route);
  // A date picker cannot hold a mistyped value (it would show the field empty): a text box keeps it.
  const typed = !pickerCanShow(values.time);
  const example = exampleTime(now);
  const body = html`
<h1>${f.heading}</h1>
<p class="lede">${f.lede}</p>
${errors.length > 0 ? html`<p class="problems-summary" role="alert">${f.summary(errors.length)}</p>` : html``}
<form method="get" action="/show-prediction" class="trip-form" novalidate data-directions="${directionMap}" data-direction-words="${JSON.stringify(words.script.directions)}">
  <div class="field${problemFor(errors, 'route') ? ' has-problem' : ''}">
    <label for="route">${f.route}</label>
    <select id="route" name="route"${describedBy(errors, 'route')}>
      ${values.route === '' ? html`<option value="" selected>${f.chooseRoute}</option>` : html``}
      ${routes.map((r) => html`<option value="${r.route}"${String(r.route) === values.route ? html` selected` : html``}>${r.route} ${r.name}</option>`)}
      ${routeKnown || values.route === '' ? html`` : html`<option value="${values.route}" selected>${values.route}</option>`}
    </select>
    ${fieldError(errors, 'route', words)}
  </div>
  <div class="field${problemFor(errors, 'direction') ? ' has-problem' : ''}">
    <label for="direction">${f.direction}</label>
    <select id="direction" name="direction"${describedBy(errors, 'direction')}>
      ${values.direction === '' ? html`<option value="" selected>${f.chooseDirection}</option>` : html``}
      ${directions.map((d) => html`<option value="${d}"${d === values.direction ? html` selected` : html``}>${words.directions[d]}</option>`)}
    </select>
    ${fieldError(errors, 'direction', words)}
  </div>
  <div class="field${problemFor(errors, 'time') ? ' has-problem' : ''}">
    <label for="time">${f.time} <span class="hint">${f.timeHint}</span></label>
    ${
      typed
        ? html`<input id="time" name="time" type="text" value="${values.time}" placeholder="${example}" autocomplete="off" spellcheck="false" required${describedBy(errors, 'time', 'time-format')}>
    <p class="hint" id="time-format">${f.typedTimeHint}</p>`
        : html`<input id="time" name="time" type="datetime-local" value="${values.time}" required${describedBy(errors, 'time')}>`
    }
    ${fieldError(errors, 'time', words)}
  </div>
  ${keepLanguage ? html`<input type="hidden" name="lang" value="${words.locale}">` : html``}
  <button type="submit">${f.submit}</button>
</form>
<p class="aside">${f.aside(link(withLanguage('/chat', words, keepLanguage)), link(withLanguage('/api', words, keepLanguage)))}</p>
`;
  return layout({ title: errors.length > 0 ? words.site.title(f.problemTitle) : f.title, scripts: ['/static/form.js'], keepLanguage }, body, words);
}

export interface PredictionPageInput {
  prediction: Prediction;
  threshold: number;
  hours: readonly HourlyRisk[];
  tripHour: number;
  /** The server-drawn charts (trusted SVG from src/chart): wide screens and phones. */
  charts: { wide: SafeHtml; narrow: SafeHtml };
  instant: Date;
  /** Whether the day's hourly shape is the network's (then the caption says so) or the route's. */
  profile: HourProfile;
  routeKind: 'day' | 'night';
}

export function renderPredictionPage(input: PredictionPageInput, words: WebWords = webWords(), keepLanguage = false): string {
  const { prediction: p, threshold, hours, tripHour, charts, instant } = input;
  const w = words.prediction;
  const risk = riskPhrases(words.locale);
  const local = DateTime.fromJSDate(instant, { zone: torontoZone });
  const hourStart = local.startOf('hour');
  const label = routeLabel(p.route);
  const dir = words.directions[p.direction];
  const trip = { route: String(p.route), direction: p.direction, time: torontoInputValue(instant) };
  const back = withLanguage(`/?${new URLSearchParams(trip)}`, words, keepLanguage);
  const json = `/api/predict?${new URLSearchParams(trip)}`;
  // The least risky hour within two hours either side: a concrete "when to travel instead".
  const nearby = hours.filter((h) => Math.abs(h.hour - tripHour) <= 2);
  const best = nearby.reduce<HourlyRisk | undefined>((a, h) => (a === undefined || h.probability < a.probability ? h : a), undefined);
  const bestLocal = best ? DateTime.fromISO(best.time, { zone: torontoZone }) : undefined;
  const suggestion =
    best && bestLocal && best.hour !== tripHour && best.probability < p.probability - 0.02
      ? html`<p>${w.nearby(words.dates.clock(bestLocal), risk.percent(best.probability))}</p>`
      : html``;
  // The words follow the probability (as in the bot's card), never the `delayed` flag.
  const outlook = risk.outlook(p.probability);
  const verdict = outlook.charAt(0).toUpperCase() + outlook.slice(1);
  const network = input.profile === 'network' ? ` ${CHART_CATALOGUES[words.locale].chart.describe.network(input.routeKind)}` : '';
  const body = html`
<article class="prediction outlook-${outlookOf(p.probability)}" data-probability="${p.probability}" data-delayed="${String(p.delayed)}">
  <p class="trip">${w.trip(label, dir, words.dates.full(local), words.dates.clock(local))}</p>
  <h1 class="verdict">${verdict}</h1>
  <p class="probability">${w.probability(risk.percent(p.probability), risk.odds(p.probability), words.dates.clock(hourStart), words.dates.clock(hourStart.plus({ hours: 1 })), label, dir)}</p>
  <p class="usual">${w.usual(risk.compared(p.probability, p.usualProbability))}</p>
  ${countedNoteHtml(p, words.locale)}
  ${suggestion}
  <p class="threshold">${w.threshold(risk.percent(threshold), link(`${withLanguage('/api', words, keepLanguage)}#delayed`))}</p>
</article>
${alertsSection(p.alerts, instant, words.locale)}
<figure class="chart">
  <div class="chart-wide">${charts.wide}</div>
  <div class="chart-narrow">${charts.narrow}</div>
  <figcaption>${w.caption(words.dates.day(local))}${network}</figcaption>
</figure>
<p class="actions"><a class="button" href="${back}" id="another">${w.another}</a> <a href="${json}">${w.json}</a></p>
`;
  return layout({ title: words.site.title(w.pageTitle(verdict, label, dir)), keepLanguage }, body, words);
}

export interface ChatPageInput {
  token: string;
  userId: string;
  styleNonce: string;
  /** False when the Web Chat bundle is not on disk yet. */
  bundleReady: boolean;
}

export function renderChatPage(input: ChatPageInput, words: WebWords = webWords()): string {
  const c = words.chat;
  if (!input.bundleReady) {
    return layout({ title: words.site.title(c.unavailableTitle) }, html`<h1>${c.unavailableHeading}</h1>
${c.unavailable(link('/'))}`, words);
  }
  const w = c.webChat;
  const body = html`
<h1 class="visually-hidden">${c.heading}</h1>
<div id="webchat" class="webchat" role="main" data-token="${input.token}" data-user-id="${input.userId}" data-style-nonce="${input.styleNonce}" data-domain="/v3/directline" data-locale="${w.locale}" data-username="${w.username}" data-bot-initials="${w.botInitials}" data-user-initials="${w.userInitials}"><p class="loading">${c.loading}</p></div>
<noscript><p>${c.noscript(link('/'))}</p></noscript>
`;
  return layout({ title: words.site.title(c.title), scripts: [WEBCHAT_URL, '/static/chat.js'], bodyClass: 'chat-page' }, body, words);
}

export function renderNotFoundPage(words: WebWords = webWords()): string {
  const n = words.notFound;
  return layout({ title: words.site.title(n.title) }, html`<h1>${n.heading}</h1><p>${n.body(link('/'), link('/api'))}</p>`, words);
}

export function renderChatDisabledPage(words: WebWords = webWords()): string {
  const c = words.chat;
  return layout({ title: words.site.title(c.offTitle) }, html`<h1>${c.offHeading}</h1><p>${c.off(link('/'))}</p>`, words);
}

/** A bare page for errors that happen before anything else can be drawn. */
export function renderPlainPage(status: 'error' | 'not-found', words: WebWords = webWords()): string {
  const text = status === 'error' ? words.site.serverError : words.site.notFoundShort;
  return html`<!doctype html><html lang="${words.lang}"><title>${words.site.name}</title><p>${text}</p></html>`.value;
}
