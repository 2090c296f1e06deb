/**
 * Starts the real HTTP stack for tests: restify with the same plugins as src/server.ts, the
 * CloudAdapter (no app id: authentication off, as in `npm start`), the real bot from src/bot, and
 * the web routes, listening on a free loopback port.
 */
import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import pino from 'pino';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MemoryStorage } from 'botbuilder';
import { createBot } from '../../src/bot';
import type { DelayPredictor } from '../../src/model/types';
import { registerWebRoutes, type WebRoutes } from '../../src/web/routes';

export interface TestServer {
  url: string;
  server: restify.Server;
  web: WebRoutes;
  close(): Promise<void>;
}

export async function startTestServer(options: { predictor: DelayPredictor; chatEnabled?: boolean }): Promise<TestServer> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: '', MicrosoftAppTenantId: '' });
  const adapter = new CloudAdapter(auth);
  const { bot, onTurnError } = createBot({ predictor: options.predictor, storage: new MemoryStorage(), logger });
  adapter.onTurnError = onTurnError;

  const server = restify.createServer({ name: 'streetcar-delay-bot-test', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  const web = registerWebRoutes(server, { config: { chatEnabled: options.chatEnabled ?? true }, predictor: options.predictor, logger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    web,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
