// Several instances on one Azure Blob container (Azurite): each due alert is sent exactly once.
// First two stores and schedulers in this process, each with its own BlobsStorage client, ticking
// at the same instant (the eTag claim decides); then an instance that dies holding a claim, before
// sending (the other sends it once the lease lapses) and while sending (nobody sends it again);
// then two real server processes with a shared made-up clock, the one sending an alert killed
// while its POST is in flight.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import type { Activity } from 'botbuilder';
import { AlertScheduler, AlertStore, type SavedReference, type SubscriptionSpec } from '../../src/alerts';
import { INTERRUPTED, subscriptionKey, type StoredSubscription } from '../../src/alerts/store';
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

describe('an instance that dies holding a claim', () => {
  const LEASE_MS = 2 * 60_000;
  const spec = (conv: string, createdAt: string): SubscriptionSpec => ({
    rider: `emulator:${conv}`, route: 504, direction: 'e', leadMinutes: 15, onlyIfWorse: false,
    reference: { channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', conversation: { id: conv }, user: { id: conv }, bot: { id: 'bot' } },
    schedule: { kind: 'once', day: { year: 2026, month: 11, day: 25 }, clock: { hour: 8, minute: 0 } }, createdAt,
  });
  /** The survivor: a scheduler on its own Blob client whose channel counts what it is given. */
  const survivor = async (container: string, clock: TestClock) => {
    const predictor = await realPredictor();
    const sends: string[] = [];
    const logs: Array<Record<string, unknown>> = [];
    const store = new AlertStore(blobStorage(container));
    const scheduler = new AlertScheduler({
      store,
      send: async (reference) => {
        sends.push(reference.conversation.id);
        return { ok: true, id: 'x' };
      },
      message: { predictor, chart: { kind: 'off' } },
      logger: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }),
      clock: clock.now,
      tickMs: 1000,
      graceMs: 10 * 60_000,
      stopAfterRefusals: 3,
      leaseMs: LEASE_MS,
      instanceId: 'survivor',
    });
    return { store, scheduler, sends, logs };
  };

  it('before sending (claimed): nothing while the lease holds; then the other instance sends it, once; the dead one could not', async () => {
    const clock = new TestClock('2026-11-24T16:20:00-05:00');
    const dead = new AlertStore(blobStorage('alerts-claim-lapsed'));
    const b = await survivor('alerts-claim-lapsed', clock);
    const added = await dead.add(spec('lapsed-1', clock.now().toISOString()), 10);
    assert.ok(added.ok);
    const id = added.subscription.id;
    // The instance that is about to die claims the 7:45 alert, and stops before sending it.
    clock.set('2026-11-25T07:45:05-05:00');
    const claim = await dead.claim(id, '2026-11-25', 'dead', clock.now(), LEASE_MS);
    assert.equal(claim.kind, 'claimed');
    clock.set('2026-11-25T07:46:00-05:00');
    assert.equal((await b.scheduler.tick()).others, 1, 'the claim still holds: left alone');
    assert.deepEqual(b.sends, []);
    clock.set('2026-11-25T07:47:30-05:00');
    assert.equal((await b.scheduler.tick()).sent, 1, 'lease lapsed, nothing sent yet: taken over and sent');
    assert.deepEqual(b.sends, ['lapsed-1']);
    // Had the first instance only stalled, it finds its claim gone and sends nothing.
    assert.equal(claim.kind === 'claimed' && (await dead.beginSend(id, '2026-11-25', claim.claim, clock.now(), LEASE_MS)), false);
    clock.set('2026-11-25T07:48:30-05:00');
    assert.equal((await b.scheduler.tick()).sent, 0);
    assert.deepEqual(b.sends, ['lapsed-1'], 'once');
  });

  it('while sending: the rider may have it, so after the lease nobody sends it again; settled as interrupted and logged', async () => {
    const clock = new TestClock('2026-11-24T16:20:00-05:00');
    const dead = new AlertStore(blobStorage('alerts-claim-sending'));
    const b = await survivor('alerts-claim-sending', clock);
    const added = await dead.add(spec('sending-1', clock.now().toISOString()), 10);
    assert.ok(added.ok);
    const id = added.subscription.id;
    clock.set('2026-11-25T07:45:05-05:00');
    const claim = await dead.claim(id, '2026-11-25', 'dead', clock.now(), LEASE_MS);
    assert.ok(claim.kind === 'claimed');
    // It marks the claim "sending", posts to the channel, and dies before recording the answer.
    assert.equal(await dead.beginSend(id, '2026-11-25', claim.claim, clock.now(), LEASE_MS), true);
    clock.set('2026-11-25T07:46:00-05:00');
    assert.equal((await b.scheduler.tick()).others, 1, 'the send may still be under way: left alone');
    for (const at of ['2026-11-25T07:47:30-05:00', '2026-11-25T07:50:00-05:00', '2026-11-25T07:58:00-05:00']) {
      clock.set(at);
      await b.scheduler.tick();
    }
    assert.deepEqual(b.sends, [], 'never sent a second time, though still within the grace window');
    const doc = (await blobStorage('alerts-claim-sending').read([subscriptionKey(id)]))[subscriptionKey(id)] as StoredSubscription | undefined;
    assert.ok(doc?.ended, 'a one-off ends with its one occurrence');
    assert.equal(doc?.occurrence?.state, 'failed');
    assert.equal(doc?.occurrence?.reason, INTERRUPTED);
    const logged = b.logs.filter((l) => String(l.msg).startsWith('alerts: the instance sending this alert stopped'));
    assert.equal(logged.length, 1, 'logged once');
    assert.equal(logged[0].subscriptionId, id);
    assert.equal(logged[0].instance, 'dead');
    // Once settled, the dead instance's own late "sent" cannot overwrite it.
    assert.equal(await dead.finish(id, '2026-11-25', claim.claim, 'sent', clock.now()), undefined);
  });
});

interface Child {
  url: string;
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  logs(): Array<Record<string, unknown>>;
  kill(): Promise<void>;
}

/**
 * A clock moved for the whole run (libfaketime: LD_PRELOAD and FAKETIME*, as the README's "another
 * date" run does) must move the children too: the clock file holds this process's Date.now().
 */
const sharedClock = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => key === 'LD_PRELOAD' || key.startsWith('FAKETIME')));

async function startChild(env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT, 'test/alerts/clock-server.ts')], {
    cwd: PROJECT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, ...sharedClock(), PORT: '0', LOG_LEVEL: process.env.ALERTS_DEBUG ? 'debug' : 'info', MicrosoftAppId: '', MicrosoftAppPassword: '', ...env },
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

  it('exactly one alert, though the instance sending it is killed mid-send; the survivor sends the next', async () => {
    // Both processes' clocks stand at 7:44 on Wednesday, Nov 25, 2026 while they start.
    const clockFile = join(mkdtempSync(join(tmpdir(), 'alerts-clock-')), 'clock');
    const setClock = (iso: string, rate: number) => writeFileSync(clockFile, `${iso}@${Date.now()}@${rate}`);
    setClock('2026-11-25T07:44:00-05:00', 0);
    const container = 'alerts-two-process';
    const env = {
      STORAGE_KIND: 'blob', STORAGE_CONTAINER: container, BlobStorageConnectionString: azurite.connectionString,
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
    // The channel takes the first alert and holds its answer: the sender is mid-send.
    receiver.mode = 'hang';
    // 7:44:56, running four times as fast: both reach 7:45, when the first is due, at once.
    setClock('2026-11-25T07:44:56-05:00', 4);
    await waitFor('two-process-1');
    assert.equal(alertsTo('two-process-1').length, 1, 'the first alert reached the channel');
    // Who is sending it: the claim in the subscription document names the instance.
    const id = String((alertsTo('two-process-1')[0].value as { subscriptionId: string }).subscriptionId);
    const doc = (await blobStorage(container).read([subscriptionKey(id)]))[subscriptionKey(id)] as StoredSubscription | undefined;
    assert.equal(doc?.occurrence?.state, 'sending', 'the claim says "sending" while the POST is in flight');
    const instanceOf = (c: Child) => c.logs().find((l) => l.msg === 'listening')?.instance;
    const sender = [a, b].find((c) => instanceOf(c) === doc?.occurrence?.by);
    assert.ok(sender, `the sender is one of the two (${String(doc?.occurrence?.by)})`);
    const survivor = sender === a ? b : a;
    await sender.kill();
    receiver.mode = 'ok';
    receiver.releaseHeld();
    // The second is due at 7:46: the survivor must send it.
    setClock('2026-11-25T07:45:56-05:00', 4);
    await waitFor('two-process-2');
    // "sent" is logged once the channel's answer is recorded in Azurite: a loaded machine can take a while.
    const sentSecond = () => survivor.logs().some((l) => l.msg === 'alerts: sent' && l.route === 501);
    for (const end = Date.now() + 30_000; !sentSecond() && Date.now() < end; ) await new Promise((ok) => setTimeout(ok, 100));
    // Past the dead sender's lease (the reply deadline + 60 s) and still within the 10-minute
    // grace window: a takeover would send the first alert again now.
    setClock('2026-11-25T07:47:30-05:00', 4);
    // Wait until the survivor has looked at the first alert again and settled it (a loaded machine
    // can take longer than a fixed pause), then a moment more for any send that would follow.
    const settled = () => survivor.logs().some((l) => l.subscriptionId === id && String(l.msg).startsWith('alerts: the instance sending this alert stopped'));
    for (const end = Date.now() + 60_000; !settled() && Date.now() < end; ) await new Promise((ok) => setTimeout(ok, 100));
    await new Promise((ok) => setTimeout(ok, 1000));
    if (process.env.ALERTS_DEBUG) for (const c of [a, b]) console.log(c.logs().filter((l) => String(l.msg).startsWith('alerts') || l.level as number >= 40).map((l) => JSON.stringify(l)).join('\n'), c.out.stderr);
    assert.equal(alertsTo('two-process-1').length, 1, 'exactly one alert for the first, its sender killed mid-send');
    assert.equal(alertsTo('two-process-2').length, 1, 'the second, sent by the instance left');
    assert.equal((alertsTo('two-process-1')[0].value as { time: string }).time, '2026-11-25T08:00:00-05:00');
    assert.equal((alertsTo('two-process-2')[0].value as { time: string }).time, '2026-11-25T08:06:00-05:00');
    const alertLines = (c: Child) => c.logs().filter((l) => String(l.msg).startsWith('alerts') || (l.level as number) >= 40).map((l) => `${String(l.msg)}${l.route ? ` (${String(l.route)})` : ''}`);
    assert.ok(sentSecond(), `the survivor sent the second; survivor: ${alertLines(survivor).join(' | ')}; sender: ${alertLines(sender).join(' | ')}`);
    assert.ok(
      survivor.logs().some((l) => l.subscriptionId === id && String(l.msg).startsWith('alerts: the instance sending this alert stopped')),
      'the survivor settled the first as interrupted, and said so',
    );
  });
});
