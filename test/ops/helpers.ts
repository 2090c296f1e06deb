// Helpers for the operations tests: free ports, Azurite, the real server in a child process or in
// this process (wired exactly like src/index.ts), and a channel-side receiver that can be told to
// fail or hang.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, connect, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Activity, Storage } from 'botbuilder';
import type { Server } from 'restify';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { DelayPredictor } from '../../src/model/types';
import { createLogger, type Ops } from '../../src/ops';
import type { TurnsInFlight } from '../../src/ops/shutdown';
import { createStorage } from '../../src/storage';
import { tempDir } from '../helpers/workbooks';

export const PROJECT = resolve(__dirname, '../..');

/** The well-known Azurite account (public, documented by Microsoft; not a secret). */
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

export interface Azurite {
  connectionString: string;
  stop(): Promise<void>;
}

/** Azurite's blob service on a free (or the given) loopback port with a fresh folder; stopped by stop(). */
export async function startAzurite(atPort?: number): Promise<Azurite> {
  const port = atPort ?? (await freePort());
  const location = tempDir('azurite-');
  const child = spawn(
    join(PROJECT, 'node_modules/.bin/azurite-blob'),
    ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location, '--silent', '--skipApiVersionCheck', '--loose'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`azurite exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error('azurite did not start within 30 s');
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(location, { recursive: true, force: true });
    },
  };
}

export { startReceiver, type Receiver, type ReplyMode } from '../helpers/channel-receiver';

let counter = 0;

/** An activity as the Emulator sends it. */
export function activity(serviceUrl: string, conversation: string, fields: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    id: `ops-${++counter}`,
    channelId: 'emulator',
    serviceUrl,
    from: { id: `user-${conversation}`, name: 'Rider' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: conversation } as Activity['conversation'],
    locale: 'en-CA',
    timestamp: new Date('2026-11-24T16:20:00-05:00'),
    ...fields,
  };
}

export async function post(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The bot's message replies (typing left out). */
export function messages(activities: readonly Activity[], conversation?: string): Activity[] {
  return activities.filter((a) => a.type === 'message' && (conversation === undefined || a.conversation?.id === conversation));
}

/** True when the reply is the answer: an attachment (the card) with the prediction as value. */
export function isAnswer(a: Activity): boolean {
  return (a.attachments?.length ?? 0) > 0;
}

/**
 * A settings file: config/default.yaml with some lines changed, and the model and pipeline
 * folders made absolute (or pointed elsewhere). Returns its path, for CONFIG_FILE.
 */
export function settingsFile(edit: (yaml: string) => string = (y) => y, dirs: { model?: string; pipeline?: string } = {}): string {
  const dir = tempDir('ops-config-');
  const file = join(dir, 'config.yaml');
  const yaml = readFileSync(join(PROJECT, 'config/default.yaml'), 'utf8')
    .replace(/^(model:\n(?:\s+#.*\n)*\s+dir: )(.*)$/m, (_m, a: string) => `${a}${dirs.model ?? join(PROJECT, 'models/v1')}`)
    .replace(/^(pipeline:\n(?:\s+#.*\n)*\s+dir: )(.*)$/m, (_m, a: string) => `${a}${dirs.pipeline ?? join(PROJECT, 'pipelines/v1')}`);
  writeFileSync(file, edit(yaml));
  return file;
}

// ── The real server as a child process (npm start's equivalent) ──

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown>>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

function spawnIndex(env: NodeJS.ProcessEnv): { child: ChildProcess; out: { stdout: string; stderr: string }; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT, 'src/index.ts')], {
    cwd: PROJECT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: process.env.TZ,
      PORT: '0',
      LOG_LEVEL: 'info',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (c: Buffer) => (out.stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out.stderr += c.toString()));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, out, exited };
}

/** Starts `node --import tsx src/index.ts` with PORT=0 and the given environment; waits until it listens. */
export async function startServerProcess(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const { child, out, exited } = spawnIndex(env);
  const parse = () =>
    out.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    const listening = parse().find((l) => l.msg === 'listening');
    if (listening) url = `http://127.0.0.1:${new URL(String(listening.url).replace('[::]', 'localhost')).port}`;
    else if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${out.stderr}`);
    else if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    else await new Promise((ok) => setTimeout(ok, 50));
  }
  const proc: ServerProcess = {
    url,
    child,
    get logs() {
      return parse();
    },
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return proc;
}

/** Runs src/index.ts expecting it to refuse to start; resolves with its exit code and output. */
export async function startExpectingFailure(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { child, out, exited } = spawnIndex(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

// ── The real server in this process, wired like src/index.ts ──

export interface InProcessApp {
  url: string;
  server: Server;
  ops: Ops;
  storage: Storage;
  /** The bot's turns under way (what the shutdown waits for). */
  turns: TurnsInFlight;
  /** Log lines written so far. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** createStorage + createApp, as src/index.ts does, on port 0. */
export async function startApp(predictor: DelayPredictor, env: NodeJS.ProcessEnv = {}, configFile?: string): Promise<InProcessApp> {
  const config = loadConfig(env, configFile);
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const { storage } = createStorage(config, (err) => logger.warn({ err }, 'state storage could not be reached; it will be set up again on the next use'));
  const { server, ops, host } = createApp({ config, predictor, logger, storage, port: 0, env });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    ops,
    storage,
    turns: host.turns,
    logs,
    close: async () => {
      await new Promise<void>((ok) => {
        server.server.closeAllConnections();
        server.close(() => ok());
      });
    },
  };
}
