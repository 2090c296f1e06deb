import { performance } from 'node:perf_hooks';
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { conflictText, turnLocale } from '../../bot';
import { InFlight } from '../../ops/in-flight';
import type { Metrics } from '../../ops/metrics';

/**
 * Activity types the metrics name; any other type is counted as "other", so a client inventing
 * types cannot create a time series per type.
 */
const KNOWN_TYPES = new Set(Object.values(ActivityTypes) as string[]);

export function metricType(type: unknown): string {
  return typeof type === 'string' && KNOWN_TYPES.has(type) ? type : 'other';
}

/** True for the error BlobsStorage and MemoryStorage throw when a write's eTag is stale. */
export function isETagConflict(err: unknown): boolean {
  return err instanceof Error && /eTag conflict/i.test(err.message);
}

/** Marks errors thrown while posting a reply to the channel (the serviceUrl). */
const replyErrors = new WeakSet<object>();

/** The reply did not get through within the deadline. */
export class ReplyTimeoutError extends Error {
  constructor(ms: number) {
    super(`the channel did not accept the reply within ${ms} ms`);
    this.name = 'ReplyTimeoutError';
  }
}

/**
 * True when the error came from posting a reply to the channel — also when a dialog wrapped it
 * (DialogContextError keeps the original as `error`).
 */
export function isReplyError(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (replyErrors.has(current)) return true;
    const wrapped = current as { error?: unknown; cause?: unknown };
    current = wrapped.error ?? wrapped.cause;
  }
  return false;
}

/**
 * Runs around every bot turn (adapter.use):
 * - turns of one conversation run one after another within this process, so two quick messages
 *   never race for the conversation's state here (across instances the storage's eTags decide);
 * - logs one JSON line per turn with the conversation id, activity type and latency, and feeds
 *   the Prometheus metrics;
 * - a reply the channel refuses or does not accept in time is logged and ends the turn quietly:
 *   the state of the turn before stays as it was, so the rider can simply ask again;
 * - an eTag conflict (another instance saved the conversation first) keeps the winner's state and
 *   asks the rider to send the message again, instead of letting the error handler wipe the state.
 * Other errors go on to adapter.onTurnError.
 */
export class TurnMiddleware implements Middleware {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new InFlight();

  /**
   * @param replyTimeoutMs how long one send to the channel (the connector's retries included) may
   *   take before the turn gives up on it; the request itself is left to finish or fail on its own.
   */
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly replyTimeoutMs = 10_000,
  ) {}

  /** Turns being processed now (the shutdown waits for this to reach zero). */
  get turnsInFlight(): number {
    return this.inFlight.size;
  }

  /** Resolves once no turn is in flight. */
  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = conversationKey(context);
    const previous = this.queues.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const chained = previous ? previous.then(() => mine) : mine;
    this.queues.set(key, chained);
    this.inFlight.enter();
    this.metrics.turnsInFlight.inc();
    try {
      if (previous) await previous;
      await this.runTurn(context, next);
    } finally {
      release();
      if (this.queues.get(key) === chained) this.queues.delete(key);
      this.metrics.turnsInFlight.dec();
      this.inFlight.leave();
    }
  }

  private async runTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = performance.now();
    const activity = context.activity;
    const type = metricType(activity.type);
    let replies = 0;
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      const sending = sendNext();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_ok, fail) => {
        timer = setTimeout(() => fail(new ReplyTimeoutError(this.replyTimeoutMs)), this.replyTimeoutMs);
      });
      try {
        const result = await Promise.race([sending, deadline]);
        replies += activities.length;
        return result;
      } catch (err) {
        // A send abandoned at the deadline may still fail later: that must not become an
        // unhandled rejection (TensorFlow.js's WebAssembly backend turns those into crashes).
        sending.catch((late: unknown) => this.logger.debug({ err: late }, 'an abandoned reply failed later'));
        if (typeof err === 'object' && err !== null) replyErrors.add(err);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    });
    const fields = {
      conversationId: activity.conversation?.id,
      activityId: activity.id,
      channelId: activity.channelId,
      type,
    };
    let outcome: 'ok' | 'error' | 'conflict' | 'reply_failed' = 'ok';
    try {
      await next();
    } catch (err) {
      if (isReplyError(err)) {
        outcome = 'reply_failed';
        this.metrics.errors.inc({ kind: 'reply' });
        this.logger.warn({ ...fields, err }, 'the channel did not accept a reply; the turn ends here');
      } else if (isETagConflict(err)) {
        outcome = 'conflict';
        this.metrics.errors.inc({ kind: 'conflict' });
        this.logger.warn({ ...fields, err }, 'conversation state was saved by another turn first (eTag); asking the rider to resend');
        await this.tellConflict(context);
      } else {
        outcome = 'error';
        this.metrics.errors.inc({ kind: 'turn' });
        throw err;
      }
    } finally {
      const ms = performance.now() - started;
      this.metrics.turns.inc({ type, outcome });
      this.metrics.turnSeconds.observe({ type }, ms / 1000);
      this.logger.info({ ...fields, latencyMs: Math.round(ms * 10) / 10, replies, outcome }, 'turn');
    }
  }

  private async tellConflict(context: TurnContext): Promise<void> {
    try {
      await context.sendActivity(conflictText(turnLocale(context)));
    } catch (err) {
      this.logger.warn({ conversationId: context.activity.conversation?.id, err }, 'could not tell the rider about an eTag conflict');
    }
  }
}

function conversationKey(context: TurnContext): string {
  const a = context.activity;
  return `${a.channelId ?? ''}/${a.conversation?.id ?? ''}`;
}
