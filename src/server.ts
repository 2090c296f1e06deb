import * as restify from 'restify';
import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { DelayPredictor } from './model/types';
import { refuseActivity } from './ops/activity-guard';
import { BodyError, readJsonBody } from './web/body';
import { registerWebRoutes } from './web/routes';
import type { Ops } from './ops';
import type { TurnRunner } from './ops/run-turn';

/** Activities are small; Teams caps messages at about 28 KB. */
const MAX_ACTIVITY_BYTES = 256 * 1024;

/**
 * Reads the activity: JSON only (415 otherwise), at most MAX_ACTIVITY_BYTES (413), parseable (400).
 * restify's bodyParser did the same, but its `new Buffer()` made Node capture a stack trace for
 * a deprecation check on every request (about 1% of a turn's CPU under load).
 */
function readActivity(req: restify.Request, res: restify.Response, next: restify.Next): void {
  readJsonBody(req, MAX_ACTIVITY_BYTES, { requireType: true }).then(
    (body) => {
      (req as restify.Request & { body?: unknown }).body = body;
      next();
    },
    (err: unknown) => {
      if (!(err instanceof BodyError)) return next(err as Error);
      refuseActivity(res, err.status, 'bad_body', err.message);
      return next(false);
    },
  );
}

/** Everything the HTTP server needs, passed explicitly (no globals). */
export interface ServerDeps {
  config: Config;
  predictor: DelayPredictor;
  /** Runs the bot's turns: on this thread (createBotRuntime) or on the turn workers (TurnWorkerPool). */
  turns: TurnRunner;
  logger: Logger;
  /** Operations (src/ops): guards, rate limit, drain on SIGTERM, /readyz, /metrics. Optional for tests. */
  ops?: Ops;
}

/**
 * Builds the restify server: the Bot Framework endpoint, a health check, and the web pages.
 * Does not listen: the caller picks the port (tests use 0).
 */
export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'streetcar-delay-bot', handleUncaughtExceptions: false });
  // ── Operations (src/ops) first, so their guards run before every route: ──
  deps.ops?.http.install(server);
  // The Bot Framework endpoint: Emulator, Web Chat (Direct Line), Teams, Azure Bot Service.
  // With MicrosoftAppId set, the adapter refuses requests without a valid token (401, src/ops/run-turn.ts).
  server.post(
    '/api/messages',
    readActivity,
    // ops: a malformed activity is answered 400 with what is wrong, before the adapter (src/ops/activity-guard.ts).
    ...(deps.ops ? [deps.ops.http.activityGuard] : []),
    async (req: restify.Request, res: restify.Response) => {
      const activity = (req as restify.Request & { body: Activity }).body;
      const auth = req.headers.authorization;
      const result = await deps.turns.run({ authHeader: typeof auth === 'string' ? auth : '', activity });
      // As CloudAdapter.process answers: the status, and the body when there is one (invokes, expectReplies).
      res.status(result.status);
      if (result.body) res.send(result.body);
      res.end();
    },
  );

  // 200 once the model is loaded: the server is only built after loadPredictor() resolves.
  server.get('/healthz', (_req, res, next) => {
    res.json(200, { status: 'ok', model: deps.predictor.info.version, backend: deps.predictor.info.backend });
    return next();
  });

  // ── Web pages, JSON API and Web Chat (src/web) plug in here with one call: ──
  registerWebRoutes(server, deps);

  return server;
}
