/**
 * Starts the real HTTP stack for tests: src/app.ts's createApp (no app id, so authentication is
 * off, as with `npm start`), the real bot, its Bot Framework host and the web routes, listening on
 * a free loopback port. The rate limit is raised so that tests which fire many requests are not
 * refused; test/ops tests the limit itself.
 */
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { Server } from 'restify';
import pino, { type Logger } from 'pino';
import { MemoryStorage } from 'botbuilder';
import { createApp } from '../../src/app';
import type { ChartSetting } from '../../src/bot';
import { loadConfig } from '../../src/config';
import type { DelayPredictor } from '../../src/model/types';

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
  /** "Now" for the bot and the form (default: the system clock). */
  clock?: () => Date;
  /**
   * How answer cards show the chart: a setting, or 'from-config' for what `npm start` would choose
   * (src/app.ts's chartSetting from the settings and the port). Default: inline PNG.
   */
  chart?: ChartSetting | 'from-config';
}

/** A free loopback port, for servers that must know their port before they listen. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const loaded = loadConfig({});
  const config = {
    ...loaded,
    chatEnabled: options.chatEnabled ?? true,
    ops: { ...loaded.ops, rateLimit: { ...loaded.ops.rateLimit, perSecond: 100_000, burst: 100_000 } },
  };
  const fromConfig = options.chart === 'from-config';
  const port = fromConfig ? await freePort() : 0;
  const chart = options.chart === 'from-config' ? undefined : (options.chart ?? { kind: 'inline' as const });
  const { server } = createApp({ config, predictor: options.predictor, logger, storage: new MemoryStorage(), port, env: {}, clock: options.clock, chart });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const listening = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${listening}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The problem text a page shows under a form field, unescaped; undefined when there is none. */
export function problemUnder(page: string, field: string): string | undefined {
  return new RegExp(`<p class="problem" id="${field}-problem" role="alert">([^<]*)</p>`).exec(page)?.[1].replace(/&#39;/g, "'");
}
