import type { CloudAdapter, Response as BotResponse } from 'botbuilder';
import type { Logger } from 'pino';
import { plugins, type Next, type Request, type Response, type Server } from 'restify';
import type { StreetcarBot } from '../../bot';
import { isJsonContentType } from '../../ops/http';
import { activityGuard, refuseActivity } from './activity-guard';

/** Activities are small; Teams caps messages at about 28 KB. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

/** The body of a 5xx: what went wrong stays in the log. */
const FAILED = { error: 'internal', problem: 'the bot could not process this activity' };

/** 415 unless the body is declared JSON (`application/json`, parameters allowed). */
function requireJson(req: Request, res: Response, next: Next): void {
  if (isJsonContentType(req.header('content-type'))) return next();
  refuseActivity(res, 415, 'bad_body', 'send the activity as JSON (Content-Type: application/json)');
  return next(false);
}

/**
 * The adapter writes its answer through this: as restify's response, except that a 5xx body,
 * which CloudAdapter.process fills with the error's message, is replaced by a generic one.
 * A client never reads our internals; the error is logged here instead.
 */
function channelResponse(res: Response, logger: Logger): BotResponse {
  let status = 200;
  return {
    socket: res.socket,
    header: (name, value) => res.header(name, value),
    status: (code) => {
      status = code;
      return res.status(code);
    },
    send: (body: unknown) => {
      if (status < 500) return res.send(body);
      logger.error({ status, problem: typeof body === 'string' ? body.slice(0, 300) : undefined }, 'the adapter could not process an activity');
      return res.send(FAILED);
    },
    end: () => res.end(),
  };
}

/**
 * POST /api/messages, the Bot Framework endpoint (Emulator, Web Chat's Direct Line, Teams, Azure
 * Bot Service): restify's JSON body parser with a size limit, our activity guard (400 with what
 * is wrong, before the SDK sees it), then CloudAdapter.process as the core-bot sample calls it.
 * With MicrosoftAppId set the adapter answers 401 without a valid token.
 */
export function registerMessagesRoute(server: Server, adapter: CloudAdapter, bot: StreetcarBot, logger: Logger): void {
  server.post(
    '/api/messages',
    requireJson,
    plugins.bodyReader({ maxBodySize: MAX_ACTIVITY_BYTES }),
    ...plugins.jsonBodyParser({ bodyReader: true, mapParams: false }),
    activityGuard,
    async (req: Request, res: Response) => {
      try {
        await adapter.process(req, channelResponse(res, logger), (context) => bot.run(context));
      } catch (err) {
        logger.error({ err, conversationId: (req.body as { conversation?: { id?: unknown } } | undefined)?.conversation?.id }, 'the adapter failed outside a turn');
        if (!res.headersSent) res.send(500, FAILED);
      }
    },
  );
}
