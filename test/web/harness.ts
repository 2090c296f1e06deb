/**
 * Starts the real HTTP stack for tests: src/server.ts's createServer with the CloudAdapter (no app
 * id, so authentication is off, as with `npm start`), the real bot from src/bot and the web routes,
 * listening on a free loopback port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import pino, { type Logger } from 'pino';
import { MemoryStorage } from 'botbuilder';
import { createBotRuntime } from '../../src/bot-runtime';
import { Metrics } from '../../src/ops/metrics';
import { loadConfig } from '../../src/config';
import type { DelayPredictor } from '../../src/model/types';
import { createServer } from '../../src/server';

export interface TestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface TestServerOptions {
  predictor: DelayPredictor;
  chatEnabled?: boolean;
  /**
   * Where every log line goes: the app's and restify's own (a response its formatter could not
   * write, say). In production both write to stdout, so a test reading this logger's lines sees
   * what an operator would. Default: silent unless LOG_LEVEL is set.
   */
  logger?: Logger;
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const config = { ...loadConfig({}), chatEnabled: options.chatEnabled ?? true };
  const metrics = new Metrics({ defaultMetrics: false });
  const { turns } = createBotRuntime({ config, predictor: options.predictor, logger, storage: new MemoryStorage(), metrics, port: 0, chart: { kind: 'inline' } });
  const server = createServer({ config, predictor: options.predictor, turns, logger });
  // restify's @types name a bunyan logger; restify 11 itself uses pino.
  if (options.logger) Object.assign(server, { log: options.logger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
