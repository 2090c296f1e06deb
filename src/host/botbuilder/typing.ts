import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { ErrorLogger } from './on-turn-error';

/**
 * Shows "typing…" only while a rider actually waits: when a message turn has sent nothing after
 * `delayMs`, and again every `periodMs` until it does. Most answers take a few milliseconds, so
 * an indicator on every turn would be a wasted POST to the channel.
 *
 * Unlike botbuilder's ShowTypingMiddleware, a failed indicator is only logged (the answer may
 * still get through), and a reply waits for an indicator already on its way, so typing never
 * arrives after the answer it announced.
 */
export class DelayedTypingMiddleware implements Middleware {
  constructor(
    private readonly logger: ErrorLogger,
    private readonly delayMs = 400,
    private readonly periodMs = 2000,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type !== ActivityTypes.Message) return next();
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let inFlight: Promise<unknown> = Promise.resolve();
    const stop = (): void => {
      stopped = true;
      clearTimeout(timer);
    };
    const schedule = (ms: number): void => {
      timer = setTimeout(() => {
        if (stopped) return;
        inFlight = context
          .sendActivity({ type: ActivityTypes.Typing })
          .catch((err: unknown) => this.logger.warn({ err }, 'typing indicator not delivered'))
          .finally(() => {
            if (!stopped) schedule(this.periodMs);
          });
      }, ms);
    };
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      if (activities.some((a) => a.type !== ActivityTypes.Typing)) {
        stop();
        await inFlight;
      }
      return sendNext();
    });
    schedule(this.delayMs);
    try {
      await next();
    } finally {
      stop();
    }
  }
}
