import type { TurnContext } from 'botbuilder';
import type { StreetcarBot } from '../../bot';
import { turnFailedText, turnLocale } from '../../bot';

/** The part of a pino logger the bot needs. */
export interface ErrorLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * Logs the error, tells the rider in plain words, and clears the conversation's state so the
 * next message starts fresh instead of hitting the same broken dialog. No stack trace reaches
 * the rider; the log has it.
 */
export function createOnTurnError(logger: ErrorLogger, bot: Pick<StreetcarBot, 'forgetConversation'>) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    logger.error({ err: error, conversationId: context.activity.conversation?.id }, 'unhandled error in a bot turn');
    try {
      // No trace activity with the error (as core-bot sends to the Emulator): messages can hold
      // paths and data, and the log already has everything a developer needs.
      await context.sendActivity(turnFailedText(turnLocale(context)));
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the rider about an error');
    }
    try {
      await bot.forgetConversation(context);
    } catch (deleteError) {
      logger.error({ err: deleteError }, 'could not clear conversation state after an error');
    }
  };
}
