import { ActivityHandler, StatusCodes, type Activity, type ConversationState, type InvokeResponse, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from './dialogs/main-dialog';
import { localeFromTag } from '../chart/catalogue';
import { welcomeText } from './questions';

/**
 * The bot: greets a new conversation once and hands every message to the main dialog, saving
 * conversation and user state at the end of each turn.
 */
export class StreetcarBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  /** Set once the conversation has had its welcome. */
  private readonly welcomed: StatePropertyAccessor<boolean>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: MainDialog,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.welcomed = conversationState.createProperty<boolean>('Welcomed');

    this.onMessage(async (context, next) => {
      removeRecipientMention(context.activity);
      await this.dialog.run(context, this.dialogState);
      await next();
    });

    // One welcome per conversation, not one per member: a conversationUpdate can list any number
    // of members (one with 18,000 once cost 18,000 replies), and a channel may send several.
    this.onMembersAdded(async (context, next) => {
      const { membersAdded = [], recipient } = context.activity;
      const someoneElse = membersAdded.some((member) => member.id !== recipient.id);
      if (someoneElse && !(await this.welcomed.get(context, false))) {
        await this.welcomed.set(context, true);
        await context.sendActivity(welcomeText(localeFromTag(context.activity.locale) ?? 'en'));
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

/**
 * Removes "<at>Bot name</at>" (how Teams channels and group chats start the text) from the text,
 * as TurnContext.removeRecipientMention does, but reads only well-formed mention entities: the
 * SDK's version throws on an entity without `mentioned` or `type`, or a message without text,
 * and any client can send those. Malformed entities are ignored.
 */
function removeRecipientMention(activity: Activity): void {
  const entities: unknown = activity.entities;
  if (typeof activity.text !== 'string' || !Array.isArray(entities)) return;
  for (const entity of entities) {
    if (isMentionOf(entity, activity.recipient?.id)) activity.text = activity.text.replace(entity.text, '').trim();
  }
}

function isMentionOf(entity: unknown, id: string | undefined): entity is { text: string } {
  if (typeof entity !== 'object' || entity === null) return false;
  const { type, text, mentioned } = entity as Record<string, unknown>;
  return (
    typeof type === 'string' && type.toLowerCase() === 'mention' &&
    typeof text === 'string' && text !== '' &&
    typeof mentioned === 'object' && mentioned !== null && id !== undefined && (mentioned as { id?: unknown }).id === id
  );
}
