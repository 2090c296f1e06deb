// Several instances on one Azure Blob container (Azurite): each due alert is sent exactly once.
// First two stores and schedulers in this process, each with its own BlobsStorage client, ticking
// at the same instant (the eTag claim decides); then two real server processes with a shared
// made-up clock, and one of them killed between a subscription and its due time.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import type { Activity } from 'botbuilder';
import { AlertScheduler, AlertStore, type SavedReference } from '../../src/alerts';
import { loadConfig } from '../../src/config';
import { createStorage } from '../../src/storage';
import { realPredictor } from '../bot/helpers';
import { startReceiver, type Receiver } from '../helpers/channel-receiver';
import { PROJECT, settingsFile, startAzurite, type Azurite } from '../ops/helpers';
import { message, post, TestClock } from './helpers';

let azurite: Azurite;
let receiver: Receiver;

before(async () => {
  azurite = await startAzurite();
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  await azurite.stop();
});

function blobStorage(container: string) {
  const config = loadConfig({ STORAGE_KIND: 'blob', STORAGE_CONTAINER: container, BlobStorageConnectionString: azurite.connectionString });
  return createStorage(config).storage;
}

describe('two instances on one Blob container', () => {
  it('in one process: two clients, two schedulers ticking at once — each of eight alerts sent once', async () => {
    const predictor = await realPredictor();
    const clock = new TestClock('2026-11-24T16:20:00-05:00');
    const sends: string[] = [];
    const make = (name: string) => {
      const store = new AlertStore(blobStorage('alerts-race'));
      const scheduler = new AlertScheduler({
        store,
        // The channel: a short pause, as a real POST takes, so the two instances overlap.
        send: async (reference) => {
          sends.push(`${name}:${reference.conversation.id}`);
          await new Promise((ok) => setTimeout(ok, 20));
          return { ok: true, id: 'x' };
        },
        message: { predictor, chart: { kind: 'off' } },
        logger: pino({ level: process.env.ALERTS_DEBUG ? 'debug' : 'silent', base: { instance: name } }),
        clock: clock.now,
        tickMs: 1000,
        graceMs: 10 * 60_000,
        stopAfterRefusals: 3,
        instanceId: name,
      });
      return { store, scheduler };
    };
    const a = make('a');
    const b = make('b');
    for (let i = 0; i < 8; i++) {
      const reference: SavedReference = { channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', conversation: { id: `race-${i}` }, user: { id: `u${i}` }, bot: { id: 'bot' } };
      const added = await (i % 2 ? a : b).store.add({
        rider: `emulator:u${i}`, route: 504, direction: 'e', leadMinutes: 15, onlyIfWorse: false, reference,
        schedule: { kind: 'weekly', days: [0, 1, 2, 3, 4, 5, 6], clock: { hour: 8, minute: 0 } }, createdAt: clock.now().toISOString(),
      }, 10);
      assert.ok(added.ok);
    }
    assert.equal(Object.keys(await a.store.readIndex()).length, 8, 'both instances wrote to one index without losing an entry');
    for (const day of ['25', '26']) {
      clock.set(`2026-11-${day}T07:45:30-05:00`);
      const [ra, rb] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      assert.equal(ra.sent + rb.sent, 8, `day ${day}: ${JSON.stringify({ ra, rb })}`);
    }
    const perConversation = new Map<string, number>();
    for (const s of sends) perConversation.set(s.split(':')[1], (perConversation.get(s.split(':')[1]) ?? 0) + 1);
    assert.equal(sends.length, 16);
    assert.ok([...perConversation.values()].every((n) => n === 2), 'each conversation once a day');
  });
});

interface Child {
  url: string;
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  logs(): Array<Record<string, unknown>>;
  kill(): Promise<void>;
}

async function startChild(env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT, 'test/alerts/clock-server.ts')], {
    cwd: PROJECT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, PORT: '0', LOG_LEVEL: process.env.ALERTS_DEBUG ? 'debug' : 'info', MicrosoftAppId: '', MicrosoftAppPassword: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (c: Buffer) => (out.stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out.stderr += c.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const logs = () => out.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const listening = logs().find((l) => l.msg === 'listening');
    if (listening) {
      const port = new URL(String(listening.url).replace('[::]', 'localhost')).port;
      return { url: `http://127.0.0.1:${port}`, child, out, logs, kill: async () => { if (child.exitCode === null) child.kill('SIGKILL'); await exited; } };
    }
    if (child.exitCode !== null) throw new Error(`exited: ${out.stderr}`);
    if (Date.now() > deadline) throw new Error('did not start in 90 s');
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

describe('two server processes on one Azurite', () => {
  const children: Child[] = [];
  after(async () => {
    await Promise.all(children.map((c) => c.kill()));
  });

  it('exactly one alert; and one instance killed before the due time, the other sends it', async () => {
    // Both processes' clocks stand at 7:44 on Wednesday, Nov 25, 2026 while they start.
    const clockFile = join(mkdtempSync(join(tmpdir(), 'alerts-clock-')), 'clock');
    const setClock = (iso: string, rate: number) => writeFileSync(clockFile, `${iso}@${Date.now()}@${rate}`);
    setClock('2026-11-25T07:44:00-05:00', 0);
    const env = {
      STORAGE_KIND: 'blob', STORAGE_CONTAINER: 'alerts-two-process', BlobStorageConnectionString: azurite.connectionString,
      CONFIG_FILE: settingsFile((y) => y.replace(/tickSeconds: \d+/, 'tickSeconds: 1')),
      ALERTS_TEST_CLOCK_FILE: clockFile,
    };
    const [a, b] = await Promise.all([startChild(env), startChild(env)]);
    children.push(a, b);
    const say = async (server: Child, conv: string, text: string) => {
      const before = receiver.activities.length;
      assert.equal(await post(server.url, message(receiver.url, conv, text, '2026-11-24T16:20:00-05:00')), 200);
      return receiver.activities.slice(before).filter((x) => x.type === 'message');
    };
    // Due at 7:45:00 (the 8:00 trip, 15 minutes before) and 7:46:00 (the 8:06 trip, 20 before).
    const [confirmA] = await say(a, 'two-process-1', 'remind me 15 minutes before my 504 east tomorrow at 8am');
    assert.match(confirmA.text ?? '', /^Done: /);
    const [confirmB] = await say(b, 'two-process-2', 'remind me 20 minutes before my 501 west tomorrow at 8:06 am');
    assert.match(confirmB.text ?? '', /^Done: /);
    const alertsTo = (conv: string): Activity[] => receiver.activities.filter((x) => x.conversation?.id === conv && (x.value as { subscriptionId?: string } | undefined)?.subscriptionId);
    const waitFor = async (conv: string) => {
      const end = Date.now() + 60_000;
      while (alertsTo(conv).length === 0 && Date.now() < end) await new Promise((ok) => setTimeout(ok, 100));
    };
    // 7:44:56, running four times as fast: both reach 7:45, when the first is due, at once.
    setClock('2026-11-25T07:44:56-05:00', 4);
    await waitFor('two-process-1');
    // Kill one before the second alert is due (7:46): the survivor must send it.
    await b.kill();
    setClock('2026-11-25T07:45:56-05:00', 4);
    await waitFor('two-process-2');
    await new Promise((ok) => setTimeout(ok, 3000)); // a few more ticks: nothing more may come
    if (process.env.ALERTS_DEBUG) for (const c of [a, b]) console.log(c.logs().filter((l) => String(l.msg).startsWith('alerts') || l.level as number >= 40).map((l) => JSON.stringify(l)).join('\n'), c.out.stderr);
    assert.equal(alertsTo('two-process-1').length, 1, 'exactly one alert for the first, with both running');
    assert.equal(alertsTo('two-process-2').length, 1, 'the second, sent by the instance left');
    assert.equal((alertsTo('two-process-1')[0].value as { time: string }).time, '2026-11-25T08:00:00-05:00');
    assert.equal((alertsTo('two-process-2')[0].value as { time: string }).time, '2026-11-25T08:06:00-05:00');
    assert.ok(a.logs().some((l) => l.msg === 'alerts: sent' && l.route === 501), 'the survivor sent the second');
  });
});
