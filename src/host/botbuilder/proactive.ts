/**
 * Proactive sending: the bot writes first, outside any turn the rider started. CloudAdapter's
 * continueConversationAsync(botAppId, reference, logic) — with the bot's app id, empty locally —
 * runs a turn on the saved conversation reference, through the same middleware as every turn (one
 * turn at a time per conversation, the reply deadline, the log line and metrics), and the
 * connector posts the activity to the reference's serviceUrl
 * (`POST {serviceUrl}/v3/conversations/{conversationId}/activities/{id}`).
 *
 * The turn middleware ends a turn quietly when the channel refuses a reply, so the send's own
 * error is kept here and returned as a SendResult: the HTTP status (403/404: the rider removed the
 * bot; 429/5xx: try later), the channel's Retry-After, or a timeout. Only the send runs inside the
 * turn: an error there can never reach onTurnError (which would apologise and clear the
 * conversation's state).
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { ProactiveSend, SavedReference, SendResult } from '../../alerts/model';
import { ReplyTimeoutError } from './turn-middleware';

function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: { get?: (name: string) => string | undefined } } } | undefined)?.response?.headers;
  const raw = headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function createProactiveSender(adapter: CloudAdapter, botAppId: string): ProactiveSend {
  return async (reference: SavedReference, activity: Record<string, unknown>): Promise<SendResult> => {
    let failure: unknown;
    let id: string | undefined;
    let sent = false;
    try {
      await adapter.continueConversationAsync(botAppId, reference as Partial<ConversationReference>, async (context) => {
        try {
          id = (await context.sendActivity(activity))?.id;
          sent = true;
        } catch (err) {
          failure = err;
          throw err; // the turn middleware logs it as reply_failed and ends the turn
        }
      });
    } catch (err) {
      failure ??= err; // e.g. the connector client could not be built
    }
    if (sent) return { ok: true, id };
    return {
      ok: false,
      status: statusOf(failure),
      retryAfterMs: retryAfterMs(failure),
      timedOut: failure instanceof ReplyTimeoutError,
      error: failure ?? new Error('the activity was not sent'),
    };
  };
}
