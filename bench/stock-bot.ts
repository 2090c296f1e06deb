// The reference for bench/host.ts: a stock botbuilder + restify bot in the shape of Microsoft's
// core-bot sample, with nothing of this project in it. restify with its bodyParser, a CloudAdapter
// with no credentials (the Emulator's default, as `npm start` runs locally), and an ActivityHandler
// whose onMessage sends one fixed text. No state, no dialogs, no logging, no metrics.
// With STOCK_BOT_DIALOGS=1 it is core-bot's DialogBot instead: ConversationState and UserState on
// MemoryStorage, and a one-step WaterfallDialog in a ComponentDialog that sends the same text,
// with both states saved every turn: what the SDK's dialog machinery costs with no work of ours.
//
// bench/host.ts compiles this file to plain JavaScript (TypeScript's transpileModule) and runs it
// with `node`, as it runs our server from dist/, so neither start pays for transpiling.
// PORT in the environment; prints "listening <port>" once it accepts requests. Its fixed reply is
// STOCK_REPLY in bench/host.ts too.
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, UserState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { ComponentDialog, DialogSet, DialogTurnStatus, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import * as restify from 'restify';

const STOCK_REPLY = 'The stock bot answers.';

class StockBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(STOCK_REPLY);
      await next();
    });
  }
}

class FixedReplyDialog extends ComponentDialog {
  constructor() {
    super('fixedReply');
    this.addDialog(
      new WaterfallDialog('steps', [
        async (step) => {
          await step.context.sendActivity(STOCK_REPLY);
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'steps';
  }

  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogs = new DialogSet(accessor);
    dialogs.add(this);
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }
}

class StockDialogBot extends ActivityHandler {
  constructor(conversationState: ConversationState, userState: UserState, dialog: FixedReplyDialog) {
    super();
    const accessor = conversationState.createProperty<DialogState>('DialogState');
    this.onMessage(async (context, next) => {
      await dialog.run(context, accessor);
      await next();
    });
    this.onDialog(async (context, next) => {
      await conversationState.saveChanges(context, false);
      await userState.saveChanges(context, false);
      await next();
    });
  }
}

const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
  console.error(`[onTurnError] ${error}`);
  await context.sendActivity('The bot encountered an error.');
};
const storage = new MemoryStorage();
const bot = process.env.STOCK_BOT_DIALOGS === '1' ? new StockDialogBot(new ConversationState(storage), new UserState(storage), new FixedReplyDialog()) : new StockBot();

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 3978), () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
