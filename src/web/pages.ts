/** The HTML pages: the trip form, the prediction, Web Chat, and not-found. */
import { DateTime } from 'luxon';
import type { HourlyRisk } from '../model/types';
import { activeRoutes, findRoute, routeLabel } from '../pipeline/routes';
import { torontoZone, toTorontoIso } from '../pipeline/toronto-time';
import { DIRECTION_WORDS, type Direction, type Prediction, type UserError } from '../pipeline/types';
import { html, type SafeHtml } from './html';
import { alertsSection } from '../live/render'; // live alerts
import { WEBCHAT_URL } from './webchat-bundle';

export interface LayoutOptions {
  title: string;
  /** Scripts served from /static (no inline script anywhere). */
  scripts?: string[];
  bodyClass?: string;
}

function layout(options: LayoutOptions, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body class="${options.bodyClass ?? ''}">
<header class="site"><a href="/" class="brand">Streetcar delay check</a>
<nav><a href="/">Trip</a> <a href="/chat">Chat</a> <a href="/api/openapi.json">API</a></nav></header>
<main>
${body}
</main>
<footer>Predictions from the TTC's published streetcar delay logs; a probability, not a promise.</footer>
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

function problemFor(errors: readonly UserError[], field: string): UserError | undefined {
  return errors.find((e) => e.field === field);
}

function fieldError(errors: readonly UserError[], field: string): SafeHtml {
  const e = problemFor(errors, field);
  return e ? html`<p class="problem" id="${field}-problem" role="alert">${e.problem}</p>` : html``;
}

function describedBy(errors: readonly UserError[], field: string): SafeHtml {
  return problemFor(errors, field)
    ? html` aria-invalid="true" aria-describedby="${field}-problem"`
    : html``;
}

/**
 * The trip form. Works without JavaScript (a plain GET to /show-prediction); /static/form.js
 * narrows the direction list to the chosen route's directions as the route changes.
 */
export function renderFormPage(values: FormValues, errors: readonly UserError[] = []): string {
  const routes = activeRoutes();
  const chosen = findRoute(Number(values.route));
  // Without JavaScript the direction list can't follow the route; it offers the chosen route's
  // directions (or all four when the route isn't known yet) and the server checks the pair.
  const directions: Direction[] = chosen && chosen.status === 'active' ? chosen.directions : ['e', 'w', 'n', 's'];
  const directionMap = JSON.stringify(Object.fromEntries(routes.map((r) => [r.route, r.directions])));
  const body = html`
<h1>Will my streetcar be delayed?</h1>
<p class="lede">Pick a route, a direction and when you travel. You get the chance of a reported delay in that hour, compared with the route's usual, and a chart of the whole day.</p>
${errors.length > 0 ? html`<p class="problems-summary" role="alert">Please check the ${errors.length === 1 ? 'field' : 'fields'} marked below.</p>` : html``}
<form method="get" action="/show-prediction" class="trip-form" novalidate data-directions="${directionMap}">
  <div class="field${problemFor(errors, 'route') ? ' has-problem' : ''}">
    <label for="route">Route</label>
    <select id="route" name="route"${describedBy(errors, 'route')}>
      ${routes.map((r) => html`<option value="${r.route}"${String(r.route) === values.route ? html` selected` : html``}>${r.route} ${r.name}</option>`)}
      ${chosen || values.route === '' ? html`` : html`<option value="${values.route}" selected>${values.route}</option>`}
    </select>
    ${fieldError(errors, 'route')}
  </div>
  <div class="field${problemFor(errors, 'direction') ? ' has-problem' : ''}">
    <label for="direction">Direction</label>
    <select id="direction" name="direction"${describedBy(errors, 'direction')}>
      ${directions.map((d) => html`<option value="${d}"${d === values.direction ? html` selected` : html``}>${DIRECTION_WORDS[d]}</option>`)}
    </select>
    ${fieldError(errors, 'direction')}
  </div>
  <div class="field${problemFor(errors, 'time') ? ' has-problem' : ''}">
    <label for="time">Date and time <span class="hint">(Toronto time)</span></label>
    <input id="time" name="time" type="datetime-local" value="${values.time}" required${describedBy(errors, 'time')}>
    ${fieldError(errors, 'time')}
  </div>
  <button type="submit">Get prediction</button>
</form>
<p class="aside">Prefer to ask in words? <a href="/chat">Chat with the bot</a>. Programs can use the <a href="/api/openapi.json">JSON API</a>.</p>
`;
  return layout({ title: errors.length > 0 ? 'Check your trip – Streetcar delay check' : 'Streetcar delay check', scripts: ['/static/form.js'] }, body);
}

function pct(p: number): string {
  return `${Math.round(p * 100)}%`;
}

function clock(dt: DateTime): string {
  return dt.toFormat('h:mm a').replace('AM', 'a.m.').replace('PM', 'p.m.');
}

/** "higher than usual (1.9 times)" and the like, for the comparison sentence. */
export function compareWithUsual(probability: number, usual: number): string {
  if (usual <= 0) return 'the route usually has no reported delays';
  const ratio = probability / usual;
  if (ratio >= 1.15) return `higher than usual: about ${ratio.toFixed(1)} times the usual ${pct(usual)}`;
  if (ratio <= 0.85) return `lower than usual: the usual is ${pct(usual)}`;
  return `about the same as usual (${pct(usual)})`;
}

export interface PredictionPageInput {
  prediction: Prediction;
  threshold: number;
  hours: readonly HourlyRisk[];
  tripHour: number;
  /** The server-drawn chart (trusted SVG from src/chart). */
  chartSvg: SafeHtml;
  instant: Date;
}

export function renderPredictionPage(input: PredictionPageInput): string {
  const { prediction: p, threshold, hours, tripHour, chartSvg, instant } = input;
  const local = DateTime.fromJSDate(instant, { zone: torontoZone });
  const hourStart = local.startOf('hour');
  const label = routeLabel(p.route);
  const dir = DIRECTION_WORDS[p.direction];
  const back = `/?${new URLSearchParams({ route: String(p.route), direction: p.direction, time: torontoInputValue(instant) })}`;
  const json = `/api/predict?${new URLSearchParams({ route: String(p.route), direction: p.direction, time: torontoInputValue(instant) })}`;
  // The least risky hour within two hours either side: a concrete "when to travel instead".
  const nearby = hours.filter((h) => Math.abs(h.hour - tripHour) <= 2);
  const best = nearby.reduce<HourlyRisk | undefined>((a, h) => (a === undefined || h.probability < a.probability ? h : a), undefined);
  const bestLocal = best ? DateTime.fromISO(best.time, { zone: torontoZone }) : undefined;
  const suggestion =
    best && bestLocal && best.hour !== tripHour && best.probability < p.probability - 0.02
      ? html`<p>Nearby, the least risky hour is <strong>${clock(bestLocal)}</strong> (${pct(best.probability)}).</p>`
      : html``;
  // The bot's card says the same words.
  const verdict = p.delayed ? 'A delay is likely' : 'Likely on time';
  const body = html`
<article class="prediction ${p.delayed ? 'delayed' : 'on-time'}" data-probability="${p.probability}" data-delayed="${String(p.delayed)}">
  <p class="trip">${label} ${dir} · ${local.toFormat('cccc, LLLL d, yyyy')} · ${clock(local)}</p>
  <h1 class="verdict">${verdict}</h1>
  <p class="probability"><strong>${pct(p.probability)}</strong> chance of at least one reported delay between ${clock(hourStart)} and ${clock(hourStart.plus({ hours: 1 }))} on the ${label} ${dir}.</p>
  <p class="usual">That is ${compareWithUsual(p.probability, p.usualProbability)} for this route and direction over a whole week.</p>
  ${suggestion}
  <p class="threshold">A delay counts as likely at ${pct(threshold)} or more.</p>
</article>
${alertsSection(p.alerts, instant)}
<figure class="chart">
  ${chartSvg}
  <figcaption>Chance of a reported delay for each hour of ${local.toFormat('cccc, LLLL d')}; your trip's hour is highlighted, the dashed line is the usual.</figcaption>
</figure>
<p class="actions"><a class="button" href="${back}" id="another">Get another prediction</a> <a href="${json}">This prediction as JSON</a></p>
`;
  return layout({ title: `${verdict}: ${label} ${dir} – Streetcar delay check` }, body);
}

export interface ChatPageInput {
  token: string;
  userId: string;
  styleNonce: string;
  /** False when the Web Chat bundle is not on disk yet. */
  bundleReady: boolean;
}

export function renderChatPage(input: ChatPageInput): string {
  if (!input.bundleReady) {
    return layout(
      { title: 'Chat unavailable – Streetcar delay check' },
      html`<h1>Chat is not set up yet</h1>
<p>The Web Chat bundle has not been fetched. Run <code>npm run webchat:fetch</code> (or <code>npm start</code>, which does it) and reload this page.</p>
<p>Meanwhile, <a href="/">use the trip form</a>.</p>`,
    );
  }
  const body = html`
<h1 class="visually-hidden">Chat with the streetcar delay bot</h1>
<div id="webchat" class="webchat" role="main" data-token="${input.token}" data-user-id="${input.userId}" data-style-nonce="${input.styleNonce}" data-domain="/v3/directline"><p class="loading">Loading the chat…</p></div>
<noscript><p>The chat needs JavaScript. <a href="/">Use the trip form instead</a>.</p></noscript>
`;
  return layout({ title: 'Chat – Streetcar delay check', scripts: [WEBCHAT_URL, '/static/chat.js'], bodyClass: 'chat-page' }, body);
}

export function renderNotFoundPage(): string {
  return layout({ title: 'Not found – Streetcar delay check' }, html`<h1>Page not found</h1><p><a href="/">Check a trip</a>.</p>`);
}

export function renderChatDisabledPage(): string {
  return layout(
    { title: 'Chat is off – Streetcar delay check' },
    html`<h1>Chat is off on this server</h1><p>The local Web Chat is turned off in this deployment (web.chat in the settings); the bot answers in its own channels. <a href="/">Use the trip form</a>.</p>`,
  );
}
