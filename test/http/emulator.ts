// A stand-in for the Bot Framework Emulator: starts the real server on port 0, sends activities
// to POST /api/messages with serviceUrl pointing at a local receiver, and collects what the bot
// posts back to that receiver.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MemoryStorage, type Activity } from 'botbuilder';
import pino from 'pino';
import type { Server } from 'restify';
import { createBot, type ChartSetting } from '../../src/bot';
import { loadConfig } from '../../src/config';
import type { DelayPredictor } from '../../src/model/types';
import { createServer } from '../../src/server';

export interface Receiver {
  url: string;
  /** Every activity the bot posted, in order. */
  activities: Activity[];
  /** The request paths they were posted to. */
  paths: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The channel side: accepts what the bot sends, as the Emulator's connector does. */
export async function startReceiver(): Promise<Receiver> {
  const activities: Activity[] = [];
  const paths: string[] = [];
  let n = 0;
  const server: HttpServer = createHttpServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'POST' && req.url?.startsWith('/v3/conversations/')) {
      activities.push(JSON.parse(body) as Activity);
      paths.push(req.url);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${++n}` }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    activities,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface BotServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The real server (restify + CloudAdapter + bot + web routes) on an ephemeral port. */
export async function startBotServer(predictor: DelayPredictor, env: NodeJS.ProcessEnv = {}, chart: ChartSetting = { kind: 'inline' }): Promise<BotServer> {
  const config = loadConfig(env);
  const logger = pino({ level: 'silent' });
  const { secrets } = config;
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: secrets.MicrosoftAppId,
    MicrosoftAppPassword: secrets.MicrosoftAppPassword,
    MicrosoftAppType: secrets.MicrosoftAppType || 'MultiTenant',
    MicrosoftAppTenantId: secrets.MicrosoftAppTenantId,
  }));
  const { bot, onTurnError } = createBot({ predictor, storage: new MemoryStorage(), logger, chart });
  adapter.onTurnError = onTurnError;
  const server = createServer({ config, predictor, adapter, bot, logger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let counter = 0;

/** An activity as the Emulator sends it. */
export function emulatorActivity(receiver: Receiver, conversation: string, fields: Partial<Activity>): Partial<Activity> {
  return {
    type: 'message',
    id: `act-${++counter}`,
    channelId: 'emulator',
    serviceUrl: receiver.url,
    from: { id: `user-${conversation}`, name: 'Rider' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: conversation } as Activity['conversation'],
    locale: 'en-CA',
    timestamp: new Date(),
    ...fields,
  };
}

/** POSTs one activity; resolves once the bot has finished the turn. */
export async function postActivity(bot: BotServer, activity: Partial<Activity>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}
