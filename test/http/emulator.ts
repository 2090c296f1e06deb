// A stand-in for the Bot Framework Emulator: starts the real server on port 0, sends activities
// to POST /api/messages with serviceUrl pointing at a local receiver, and collects what the bot
// posts back to that receiver.
import type { AddressInfo } from 'node:net';
import { MemoryStorage, type Activity } from 'botbuilder';
import pino from 'pino';
import type { Server } from 'restify';
import { createApp } from '../../src/app';
import type { ChartSetting } from '../../src/bot';
import { loadConfig } from '../../src/config';
import type { DelayPredictor } from '../../src/model/types';

import type { Receiver } from '../helpers/channel-receiver';
export { startReceiver, type Receiver } from '../helpers/channel-receiver';

export interface BotServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The real server (src/app.ts: restify + CloudAdapter + bot + web routes) on an ephemeral port. */
export async function startBotServer(predictor: DelayPredictor, env: NodeJS.ProcessEnv = {}, chart: ChartSetting = { kind: 'inline' }): Promise<BotServer> {
  const config = loadConfig(env);
  const logger = pino({ level: 'silent' });
  const { server } = createApp({ config, predictor, logger, storage: new MemoryStorage(), port: 0, env, chart });
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
