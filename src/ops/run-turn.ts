import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
// Not re-exported from botbuilder's index; the same function CloudAdapter.process applies.
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { AuthenticationError } from 'botframework-connector';
import type { Logger } from 'pino';

/** One activity for the bot, as POST /api/messages received it. */
export interface TurnRequest {
  /** The Authorization header ('' when there is none). */
  authHeader: string;
  /** The activity, already checked by the activity guard (src/ops/activity-guard.ts). */
  activity: Activity;
}

/** What POST /api/messages answers: 200, an invoke's own status and body, 401 or 500. */
export interface TurnResult {
  status: number;
  body?: unknown;
}

/** Runs bot turns: on the HTTP thread (inProcessTurns) or on worker threads (TurnWorkerPool). */
export interface TurnRunner {
  run(request: TurnRequest): Promise<TurnResult>;
  /** Turns running now; the shutdown waits for idle(). */
  readonly turnsInFlight: number;
  idle(): Promise<void>;
}

/**
 * The CloudAdapter, with the step after reading the request (processActivity) open to the route:
 * src/server.ts reads and checks the body itself, and a turn worker gets the activity by message.
 */
export class TurnAdapter extends CloudAdapter {
  runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** A generic 500 body: the error's message stays in the log, never in the answer. */
const FAILED = 'the bot could not process this activity';

/**
 * One turn through the CloudAdapter, answered as CloudAdapter.process would, minus what the HTTP
 * route already did (reading and checking the body): 401 when the token is missing or invalid
 * (the bot's code never runs), 500 without details when the adapter itself fails.
 */
export async function runTurn(
  adapter: TurnAdapter,
  { authHeader, activity }: TurnRequest,
  logic: (context: TurnContext) => Promise<void>,
  logger: Logger,
): Promise<TurnResult> {
  try {
    // String timestamps become Dates, the raw strings kept, as CloudAdapter.process does.
    const invoke = await adapter.runActivity(authHeader, validateAndFixActivity(activity), logic);
    return { status: invoke?.status ?? 200, body: invoke?.body };
  } catch (err) {
    if (err instanceof AuthenticationError) return { status: 401, body: err.message };
    logger.error({ err, conversationId: activity.conversation?.id }, 'the adapter could not process an activity');
    return { status: 500, body: FAILED };
  }
}
