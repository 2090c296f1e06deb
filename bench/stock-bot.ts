// The reference for bench/host.ts: a stock botbuilder + restify bot in the shape of Microsoft's
// core-bot sample, with nothing of this project in it. restify with its bodyParser, a CloudAdapter
// with no credentials (the Emulator's default, as `npm start` runs locally), and an ActivityHandler
// whose onMessage sends one fixed text. No state, no dialogs, no logging, no metrics.
//
// bench/host.ts compiles this file to plain JavaScript (TypeScript's transpileModule) and runs it
// with `node`, as it runs our server from dist/, so neither start pays for transpiling.
// PORT in the environment; prints "listening <port>" once it accepts requests. Its fixed reply is
// STOCK_REPLY in bench/host.ts too.
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
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

const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' });
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
  console.error(`[onTurnError] ${error}`);
  await context.sendActivity('The bot encountered an error.');
};
const bot = new StockBot();

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 3978), () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
