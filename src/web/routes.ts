/**
 * Registers the web front end on the bot's restify server: the trip form and prediction pages,
 * the JSON API with its OpenAPI document, the risk chart as SVG/PNG and static assets (the Web
 * Chat bundle among them). /chat itself, with its local Direct Line, is the host's
 * (src/host/botbuilder/chat-route.ts); here only the page that says chat is off.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { DateTime } from 'luxon';
import type { Request, Response, Server } from 'restify';
import { hourProfileOf } from '../chart/hour-profile';
import { renderRiskChartPng, renderRiskChartSvg, type ChartLayout, type RiskChartOptions } from '../chart/risk-chart';
import type { Config } from '../config';
import { hoursAsAnswered } from '../model/hours-as-answered';
import { thresholdFor, type DelayPredictor, type HourlyRisk } from '../model/types';
import { activeRoutes, findRoute, routeLabel } from '../pipeline/routes';
import { torontoZone, torontoParts } from '../pipeline/toronto-time';
import type { Trip } from '../pipeline/types';
import { MAX_BODY_BYTES, bodyProblem, predictFromBody, predictFromQuery, routesDocument, type ApiResult } from './api';
import { renderApiPage } from './api-page';
import { webWords, type WebWords } from './catalogue';
import { requestLanguage, type PageLanguage } from './language';
import { BodyError, readJsonBody } from './body';
import { trusted } from './html';
import { openApiDocument } from './openapi';
import {
  defaultFormValues,
  renderChatDisabledPage,
  renderNotFoundPage,
  renderFormPage,
  renderPlainPage,
  renderPredictionPage,
  type FormValues,
} from './pages';
import { queryOf } from './query';
import { setSecurityHeaders } from './security';
import { exampleTime, parseTripParams, userError } from './trip-params';
import { WEBCHAT_FILE, WEBCHAT_URL, webChatBundleReady } from './webchat-bundle';

/** The logger calls the web module makes (pino's Logger fits). */
export interface WebLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface WebDeps {
  config: Pick<Config, 'chatEnabled'>;
  predictor: DelayPredictor;
  logger?: WebLogger;
  /** The clock for the form's default time and every example (tests fix it). */
  now?: () => Date;
}

const STATIC_DIR = join(__dirname, 'static');
const STATIC_TYPES: Record<string, string> = {
  'site.css': 'text/css; charset=utf-8',
  'form.js': 'text/javascript; charset=utf-8',
  'chat.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

function loadStatic(): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const [name, type] of Object.entries(STATIC_TYPES)) {
    const body = readFileSync(join(STATIC_DIR, name));
    files.set(name, { body, type, etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
  }
  return files;
}

/** When the web handler started, for the Server-Timing header (visible in browsers' dev tools). */
const started = new WeakMap<Response, number>();

function send(res: Response, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const t0 = started.get(res);
  const timing: Record<string, string> = t0 === undefined ? {} : { 'Server-Timing': `app;dur=${(performance.now() - t0).toFixed(2)}` };
  res.sendRaw(status, body, { 'Content-Type': type, ...timing, ...headers });
}

function sendJson<T>(res: Response, result: ApiResult<T> | { status: number; body: unknown }): void {
  send(res, result.status, 'application/json; charset=utf-8', JSON.stringify(result.body), { 'Cache-Control': 'no-store' });
}

/** A page in the language it was drawn in; it varies with the browser's languages. */
function sendHtml(res: Response, status: number, page: string, words: WebWords = webWords(), csp?: string): void {
  setSecurityHeaders(res, csp);
  send(res, status, 'text/html; charset=utf-8', page, { 'Cache-Control': 'no-store', 'Content-Language': words.lang, Vary: 'Accept-Language' });
}

/** The page's language and its catalogue, from ?lang= and Accept-Language. */
function pageWords(req: Request, query: Record<string, string> = queryOf(req)): PageLanguage & { words: WebWords } {
  const language = requestLanguage(req, query);
  return { ...language, words: webWords(language.locale) };
}

function formValuesFrom(query: Record<string, string>, fallback: FormValues): FormValues {
  // Keep what the person typed (cut to a sane length) so it can be corrected; it is escaped on output.
  const cut = (v: string | undefined, d: string): string => (v === undefined ? d : v.slice(0, 60));
  return { route: cut(query.route, fallback.route), direction: cut(query.direction, fallback.direction), time: cut(query.time, fallback.time) };
}

function chartTitle(trip: Trip, words: WebWords = webWords()): string {
  const day = words.dates.day(DateTime.fromJSDate(trip.time, { zone: torontoZone }));
  return words.prediction.chartTitle(routeLabel(trip.route), words.directions[trip.direction], day);
}

/** Another active route of the same kind, to tell a network-wide hourly shape from the route's own. */
function peerOf(route: number): { route: number; direction: Trip['direction'] } | undefined {
  const kind = findRoute(route)?.kind;
  const peer = activeRoutes().find((r) => r.kind === kind && r.route !== route);
  return peer ? { route: peer.route, direction: peer.directions[0] } : undefined;
}

/** What a chart of the trip's day says besides its numbers: whose hourly shape it is. */
function chartFacts(predictor: DelayPredictor, trip: Trip, hours: readonly HourlyRisk[]): Pick<RiskChartOptions, 'profile' | 'routeKind'> {
  return { profile: hourProfileOf(predictor, hours, peerOf(trip.route), trip.time), routeKind: findRoute(trip.route)?.kind ?? 'day' };
}

/** A browser navigating (it asks for HTML first); API clients and curl send *\/* or JSON. */
function wantsHtml(req: Request): boolean {
  return /text\/html/.test(req.header('accept') ?? '');
}

export function registerWebRoutes(server: Server, deps: WebDeps): void {
  const { predictor, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const statics = loadStatic();

  // Errors restify raises itself (no such route, a method the route does not take, a handler that
  // threw) get the same security headers as our pages; a browser asking for a missing page gets
  // an HTML page; the JSON API keeps its { field, problem } shape; a 5xx never names the error.
  // /api/messages is the Bot Framework's and keeps restify's shape.
  server.on('restifyError', (req: Request, res: Response, err: Error & { toJSON?: () => unknown; statusCode?: number }, callback: () => void) => {
    const path = (req.url ?? '').split('?')[0];
    const status = err.statusCode ?? 500;
    setSecurityHeaders(res);
    if (status >= 500) {
      logger?.error({ err, path }, 'request failed');
      err.toJSON = () => ({ code: 'Internal', message: webWords().api.serverError });
    } else if (err.name === 'ResourceNotFoundError' && wantsHtml(req) && path !== '/api/messages') {
      // A person who typed or followed a wrong address, under /api/ too: a page, not JSON.
      const { words } = pageWords(req);
      sendHtml(res, 404, renderNotFoundPage(words), words);
    } else if (path.startsWith('/api/') && path !== '/api/messages') {
      const field = err.name === 'MethodNotAllowedError' ? 'method' : err.name === 'ResourceNotFoundError' ? 'path' : 'body';
      err.toJSON = () => ({ field, problem: err.message });
    }
    return callback();
  });

  /** GET and HEAD on one path: HEAD answers with GET's status and headers (Node leaves the body out). */
  const getAndHead = (path: string, handler: (req: Request, res: Response) => Promise<void>): void => {
    server.get(path, handler);
    server.head(path, handler);
  };

  /** Runs a handler; an unexpected error is logged and answered with a plain 500, never a stack trace. */
  const guard =
    (kind: 'html' | 'json', handler: (req: Request, res: Response) => void | Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      started.set(res, performance.now());
      try {
        await handler(req, res);
      } catch (err) {
        logger?.error({ err, url: req.url }, 'web handler failed');
        if (res.headersSent) return;
        if (kind === 'json') sendJson(res, { status: 500, body: { field: 'server', problem: webWords().api.serverError } });
        else {
          const { words } = pageWords(req);
          sendHtml(res, 500, renderPlainPage('error', words), words);
        }
      }
    };

  // Pages.
  getAndHead(
    '/',
    guard('html', (req, res) => {
      const query = queryOf(req);
      const { words, explicit } = pageWords(req, query);
      const at = now();
      sendHtml(res, 200, renderFormPage(formValuesFrom(query, defaultFormValues(at)), [], at, words, explicit), words);
    }),
  );

  getAndHead(
    '/show-prediction',
    guard('html', (req, res) => {
      const query = queryOf(req);
      const { words, explicit, locale } = pageWords(req, query);
      const at = now();
      const parsed = parseTripParams(query.route, query.direction, query.time, at);
      if (!parsed.ok) {
        const values = formValuesFrom(query, { route: '', direction: '', time: '' });
        sendHtml(res, 400, renderFormPage(values, parsed.errors, at, words, explicit), words);
        return;
      }
      const { trip } = parsed;
      const prediction = predictor.predict(trip);
      // Drawn the way the answer was made (with the live alerts when it read them).
      const hours = hoursAsAnswered(predictor, trip, prediction, predictor.hourlyRisk(trip.route, trip.direction, trip.time));
      const tripHour = torontoParts(trip.time).hour;
      const facts = chartFacts(predictor, trip, hours);
      const title = chartTitle(trip, words);
      // Both layouts go in the page; the stylesheet shows the narrow one on small screens. The
      // network note is the figure's caption here, so the drawings leave it out.
      const common = { title, ...facts, drawNote: false, locale };
      const wide = renderRiskChartSvg(hours, tripHour, prediction.usualProbability, { ...common, idPrefix: 'chart-wide' });
      const narrow = renderRiskChartSvg(hours, tripHour, prediction.usualProbability, { ...common, layout: 'narrow', idPrefix: 'chart-narrow' });
      sendHtml(
        res,
        200,
        renderPredictionPage({
          prediction,
          threshold: thresholdFor(predictor.info, prediction),
          hours,
          tripHour,
          charts: { wide: trusted(wide), narrow: trusted(narrow) },
          instant: trip.time,
          profile: facts.profile ?? 'route',
          routeKind: facts.routeKind ?? 'day',
        }, words, explicit),
        words,
      );
    }),
  );

  // Charts as images (for the bot's card by URL, and for anyone who wants one).
  for (const format of ['svg', 'png'] as const) {
    getAndHead(
      `/chart/risk.${format}`,
      guard('json', (req, res) => {
        const query = queryOf(req);
        const parsed = parseTripParams(query.route, query.direction, query.time, now());
        if (!parsed.ok) {
          setSecurityHeaders(res);
          const errors = parsed.errors.map(userError);
          sendJson(res, { status: 400, body: errors.length > 1 ? { ...errors[0], errors } : errors[0] });
          return;
        }
        const { trip } = parsed;
        const answer = predictor.predict(trip);
        const usual = answer.usualProbability;
        const hours = hoursAsAnswered(predictor, trip, answer, predictor.hourlyRisk(trip.route, trip.direction, trip.time));
        const hour = torontoParts(trip.time).hour;
        const layout: ChartLayout = query.layout === 'narrow' ? 'narrow' : 'wide';
        // A chart's words follow ?lang= (the bot's French cards ask for lang=fr), else the browser's.
        const { words, locale } = pageWords(req, query);
        const options: RiskChartOptions = { title: chartTitle(trip, words), layout, ...chartFacts(predictor, trip, hours), locale };
        setSecurityHeaders(res);
        if (format === 'svg') send(res, 200, 'image/svg+xml; charset=utf-8', renderRiskChartSvg(hours, hour, usual, options), { 'Cache-Control': 'public, max-age=300' });
        else send(res, 200, 'image/png', renderRiskChartPng(hours, hour, usual, options), { 'Cache-Control': 'public, max-age=300' });
      }),
    );
  }

  // JSON API.
  getAndHead(
    '/api/routes',
    guard('json', (_req, res) => {
      setSecurityHeaders(res);
      sendJson(res, { status: 200, body: routesDocument() });
    }),
  );
  getAndHead(
    '/api/predict',
    guard('json', (req, res) => {
      setSecurityHeaders(res);
      sendJson(res, predictFromQuery(predictor, queryOf(req), now()));
    }),
  );
  server.post(
    '/api/predict',
    guard('json', async (req, res) => {
      setSecurityHeaders(res);
      let body: unknown;
      try {
        body = await readJsonBody(req, MAX_BODY_BYTES);
      } catch (err) {
        if (err instanceof BodyError) return sendJson(res, bodyProblem(err));
        throw err;
      }
      sendJson(res, predictFromBody(predictor, body, now()));
    }),
  );
  // The OpenAPI document, and the same as a page. Their examples are trips to come, so the
  // document is drawn again when the example day changes (and the pages when a reloaded model's
  // threshold differs); each language's page is drawn on its first request.
  let openapi: { day: string; json: string; pages: Map<string, string>; document: ReturnType<typeof openApiDocument> } | undefined;
  const openapiFor = (at: Date): { json: string; page: (words: WebWords) => string } => {
    const day = `${exampleTime(at)}|${predictor.info.threshold}|${predictor.info.recentThreshold}`;
    if (openapi?.day !== day) {
      const document = openApiDocument(at);
      openapi = { day, json: JSON.stringify(document), pages: new Map(), document };
    }
    const current = openapi;
    return {
      json: current.json,
      page: (words) => {
        let page = current.pages.get(words.locale);
        if (!page) {
          page = renderApiPage({ document: current.document, threshold: predictor.info.threshold, recentThreshold: predictor.info.recentThreshold, now: at }, words);
          current.pages.set(words.locale, page);
        }
        return page;
      },
    };
  };
  getAndHead(
    '/api/openapi.json',
    guard('json', (_req, res) => {
      setSecurityHeaders(res);
      send(res, 200, 'application/json; charset=utf-8', openapiFor(now()).json, { 'Cache-Control': 'public, max-age=3600' });
    }),
  );
  getAndHead(
    '/api',
    guard('html', (req, res) => {
      const { words } = pageWords(req);
      sendHtml(res, 200, openapiFor(now()).page(words), words);
    }),
  );
  // /docs is where people look for API docs, /api/ what they type for /api: send them to the page.
  for (const path of ['/docs', '/docs/', '/api/']) {
    getAndHead(
      path,
      guard('html', (_req, res) => {
        setSecurityHeaders(res);
        send(res, 301, 'text/html; charset=utf-8', '', { Location: '/api' });
      }),
    );
  }

  // Static assets (a fixed list; nothing else on disk is reachable).
  getAndHead(
    '/static/:name',
    guard('html', (req, res) => {
      const name = String(req.params.name ?? '');
      if (name === WEBCHAT_URL.slice('/static/'.length)) return serveWebChat(req, res);
      const file = statics.get(name);
      if (!file) {
        const { words } = pageWords(req);
        return sendHtml(res, 404, renderPlainPage('not-found', words), words);
      }
      setSecurityHeaders(res);
      if (req.header('if-none-match') === file.etag) return send(res, 304, file.type, '', { ETag: file.etag });
      send(res, 200, file.type, file.body, { ETag: file.etag, 'Cache-Control': 'public, max-age=300' });
    }),
  );

  // Web Chat bundle: read and gzipped once, on the first request for it (not at start: gzipping
  // 4 MB takes a core for a while just when the server is getting ready), served with a
  // versioned URL so browsers keep it.
  let bundle: Promise<{ raw: Buffer; gz: Buffer }> | undefined;
  const gzipAsync = promisify(gzip);
  const loadBundle = (): Promise<{ raw: Buffer; gz: Buffer }> =>
    (bundle ??= (async () => {
      const raw = readFileSync(WEBCHAT_FILE);
      return { raw, gz: await gzipAsync(raw, { level: 6 }) };
    })());
  async function serveWebChat(req: Request, res: Response): Promise<void> {
    if (!deps.config.chatEnabled || !webChatBundleReady()) {
      const { words } = pageWords(req);
      sendHtml(res, 404, renderPlainPage('not-found', words), words);
      return;
    }
    const { raw, gz } = await loadBundle();
    setSecurityHeaders(res);
    const headers = { 'Cache-Control': 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding' };
    if (/\bgzip\b/.test(req.header('accept-encoding') ?? '')) {
      send(res, 200, 'text/javascript; charset=utf-8', gz, { ...headers, 'Content-Encoding': 'gzip' });
    } else {
      send(res, 200, 'text/javascript; charset=utf-8', raw, headers);
    }
  }

  // With chat on, the host serves /chat (src/host/botbuilder/chat-route.ts).
  if (!deps.config.chatEnabled) {
    server.get(
      '/chat',
      guard('html', (req, res) => {
        const { words } = pageWords(req);
        sendHtml(res, 404, renderChatDisabledPage(words), words);
      }),
    );
  }
}
