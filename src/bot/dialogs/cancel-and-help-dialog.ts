import { ActivityTypes } from 'botbuilder';
import { ComponentDialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { readIntent } from '../understand';
import { normalize } from '../understand/text';
import { HELP_TEXT } from '../questions';
import { say } from '../replies/messages';

/**
 * Base for the bot's dialogs, after Microsoft's core-bot sample: "help", "cancel" and
 * "start over" work at any point, without the dialog underneath having to know about them.
 */
export class CancelAndHelpDialog extends ComponentDialog {
  /** The dialog to begin on "start over"; the main dialog sets it to itself. */
  protected restartDialogId: string | undefined;

  async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const result = await this.interrupt(innerDc);
    if (result) return result;
    return super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const activity = innerDc.context.activity;
    if (activity.type !== ActivityTypes.Message || typeof activity.text !== 'string') return undefined;
    const intent = readIntent(normalize(activity.text));
    if (intent === 'help') {
      await innerDc.context.sendActivity(HELP_TEXT);
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    if (intent === 'cancel') {
      await innerDc.context.sendActivity(say.cancelled);
      return innerDc.cancelAllDialogs();
    }
    if (intent === 'restart' && this.restartDialogId) {
      await innerDc.cancelAllDialogs();
      await innerDc.context.sendActivity(say.startOver);
      return innerDc.beginDialog(this.restartDialogId, { draft: {}, notes: [] });
    }
    return undefined;
  }
}
