import { ActivityHandler, StatusCodes, TurnContext, type ConversationState, type InvokeResponse, type StatePropertyAccessor, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from './dialogs/main-dialog';
import { WELCOME_TEXT } from './questions';

/**
 * The bot: greets new members and hands every message to the main dialog, saving conversation
 * and user state at the end of each turn.
 */
export class StreetcarBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: MainDialog,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');

    this.onMessage(async (context, next) => {
      // In Teams channels and group chats the text starts with "<at>Bot name</at>".
      TurnContext.removeRecipientMention(context.activity);
      await this.dialog.run(context, this.dialogState);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) await context.sendActivity(WELCOME_TEXT);
      }
      await next();
    });
  }

  /**
   * The bot implements no invokes (its cards' buttons send messages), so every invoke gets 400
   * rather than the SDK's 501 or, for a malformed Action.Execute, an error turn: the channel
   * asked for something the bot does not offer, and nothing a client sends earns a 5xx.
   */
  protected async onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    return { status: StatusCodes.BAD_REQUEST, body: { error: 'This bot does not handle invoke activities.' } };
  }

  /** Forgets the conversation's state, so the next message starts fresh (after a failed turn). */
  async forgetConversation(context: TurnContext): Promise<void> {
    await this.conversationState.delete(context);
  }

  /** Saves state after every activity, including ones that end in an error-free no-op. */
  async run(context: Parameters<ActivityHandler['run']>[0]): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}
