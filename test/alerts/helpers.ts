// Helpers for the trip-alert tests: a clock the test moves, the real server in this process with
// that clock and a given storage (so two app instances can share one, as across a restart), and
// the Emulator side (a channel receiver that can refuse, fail or hang).
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { MemoryStorage, type Activity, type Storage } from 'botbuilder';
import { createApp, type App } from '../../src/app';
import type { AlertsFor } from '../../src/alerts';
import { loadConfig, type Config } from '../../src/config';
import type { DelayPredictor } from '../../src/model/types';
import { createLogger } from '../../src/ops';

/** "Now" for the scheduler and the bot, moved by the test. Never the real date. */
export class TestClock {
  private ms: number;
  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  readonly now = (): Date => new Date(this.ms);
}

export interface AlertsApp {
  url: string;
  app: App;
  storage: Storage;
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface AlertsAppOptions {
  predictor: DelayPredictor;
  clock: TestClock;
  storage?: Storage;
  alertsFor?: AlertsFor;
  /** Changes to the settings (config/default.yaml as loaded). */
  config?: (config: Config) => Config;
}

/** The real server (createApp) on a loopback port, its scheduler's timer stopped: tests call tick(). */
export async function startAlertsApp(options: AlertsAppOptions): Promise<AlertsApp> {
  const loaded = loadConfig({});
  const base: Config = { ...loaded, ops: { ...loaded.ops, rateLimit: { ...loaded.ops.rateLimit, perSecond: 100_000, burst: 100_000 } } };
  const config = options.config ? options.config(base) : base;
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const storage = options.storage ?? new MemoryStorage();
  const app = createApp({ config, predictor: options.predictor, logger, storage, port: 0, env: {}, clock: options.clock.now, chart: { kind: 'off' }, alertsFor: options.alertsFor });
  await app.alerts?.scheduler.stop();
  await new Promise<void>((ok) => app.server.listen(0, '127.0.0.1', () => ok()));
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    storage,
    logs,
    close: () =>
      new Promise<void>((ok) => {
        app.server.server.closeAllConnections();
        app.server.close(() => ok());
      }),
  };
}

let counter = 0;

/** A message as the Emulator sends it, at a fixed time. */
export function message(serviceUrl: string, conversation: string, text: string | undefined, timestamp: string, fields: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    id: `alerts-${++counter}`,
    channelId: 'emulator',
    serviceUrl,
    from: { id: `rider-${conversation}`, name: 'Rider' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: conversation } as Activity['conversation'],
    locale: 'en-CA',
    timestamp: timestamp as unknown as Date,
    ...(text === undefined ? {} : { text }),
    ...fields,
  };
}

export async function post(url: string, activity: Partial<Activity>): Promise<number> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await res.text();
  return res.status;
}
