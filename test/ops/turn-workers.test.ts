// Bot turns on worker threads (server.turnWorkers, src/ops/turn-pool.ts): the real server with
// two real workers, each loading the real model, driven over the Emulator protocol.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { loadConfig, turnWorkerCount } from '../../src/config';
import { realPredictor } from '../bot/helpers';
import { activity, isAnswer, messages, post, startApp, startReceiver, type InProcessApp, type Receiver } from './helpers';

// The workers log to stdout: keep the test output to warnings.
process.env.LOG_LEVEL = 'warn';

let receiver: Receiver;
let app: InProcessApp;
before(async () => {
  receiver = await startReceiver();
  app = await startApp(await realPredictor(), {}, undefined, { workers: 2 });
});
after(async () => {
  await app.close();
  await receiver.close();
});

/** Conversation ids that land on each of the two workers. */
function conversationsOn(worker: number, count: number, prefix: string): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    const id = `${prefix}-${i}`;
    if (app.workers!.workerFor({ channelId: 'emulator', conversation: { id } as Activity['conversation'] }) === worker) ids.push(id);
  }
  return ids;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(' ').pop());
  return sum;
}

describe('turn workers', () => {
  it('keep each conversation on its worker: trips asked over three messages, interleaved across both workers, all get their answer', async () => {
    const turnsBefore = await metric('bot_turns_total');
    const predictionsBefore = await metric('predictions_total');
    const conversations = [...conversationsOn(0, 3, 'sticky'), ...conversationsOn(1, 3, 'sticky')];
    // Step by step, every conversation at once: a turn that landed on the other worker would
    // find no dialog there and ask for the route again.
    for (const text of ['spadina car', 'Southbound', 'tomorrow at 8am']) {
      const answers = await Promise.all(conversations.map((id) => post(app.url, activity(receiver.url, id, { text }))));
      for (const res of answers) assert.equal(res.status, 200);
    }
    for (const id of conversations) {
      const texts = messages(receiver.activities, id);
      assert.equal(texts.length, 3, `${id}: ${texts.map((m) => m.text).join(' | ')}`);
      assert.match(texts[0].text ?? '', /northbound or southbound\?$/);
      assert.match(texts[1].text ?? '', /^When are you travelling\?/);
      assert.ok(isAnswer(texts[2]), `${id} got its prediction: ${texts[2].text}`);
      assert.match(texts[2].text ?? '', /^510 Spadina southbound/);
    }
    // GET /metrics sums the workers' counts into the server's.
    assert.equal((await metric('bot_turns_total')) - turnsBefore, conversations.length * 3);
    assert.equal((await metric('predictions_total')) - predictionsBefore, conversations.length);
  });

  it('start a worker again when one dies: its turns get 503 while it restarts, then its conversations go on', async () => {
    const [id] = conversationsOn(1, 1, 'crash');
    const [other] = conversationsOn(0, 1, 'crash');
    assert.equal((await post(app.url, activity(receiver.url, id, { text: '504' }))).status, 200);

    const thread = app.workers!.threadOf(1)!;
    const exited = new Promise((ok) => thread.once('exit', ok));
    await thread.terminate(); // as a crash would end it
    await exited;
    // The other worker's conversations are not touched.
    assert.equal((await post(app.url, activity(receiver.url, other, { text: '501 east tomorrow at 9am' }))).status, 200);
    assert.ok(isAnswer(messages(receiver.activities, other).at(-1)!));
    assert.equal((await post(app.url, activity(receiver.url, id, { text: 'eastbound' }))).status, 503);
    const unready = await fetch(`${app.url}/readyz`);
    assert.equal(unready.status, 503, '/readyz says so while the worker restarts');
    assert.deepEqual(await unready.json(), { status: 'unready', problem: '1 turn worker(s) restarting' });

    const deadline = Date.now() + 60_000;
    let status = 503;
    while (status === 503 && Date.now() < deadline) {
      await new Promise((ok) => setTimeout(ok, 250));
      status = (await post(app.url, activity(receiver.url, id, { text: '504 east tomorrow at 8am' }))).status;
    }
    assert.equal(status, 200, 'the restarted worker answers');
    assert.equal((await fetch(`${app.url}/readyz`)).status, 200);
    assert.ok(isAnswer(messages(receiver.activities, id).at(-1)!), 'with a prediction');
    assert.ok(app.logs.some((l) => l.msg === 'turn worker stopped; starting another' && l.worker === 1));
  });

  it('let the shutdown wait for turns in flight on the workers', async () => {
    const slow = await startReceiver();
    try {
      slow.mode = 'hang';
      const [id] = conversationsOn(0, 1, 'drain');
      const pending = post(app.url, activity(slow.url, id, { text: '505 west tomorrow at 7am' }));
      await slow.waitFor(1);
      assert.equal(app.workers!.turnsInFlight, 1);
      let idle = false;
      const waiting = app.workers!.idle().then(() => (idle = true));
      await new Promise((ok) => setTimeout(ok, 200));
      assert.equal(idle, false, 'not idle while the reply is held');
      slow.mode = 'ok';
      slow.releaseHeld();
      assert.equal((await pending).status, 200);
      await waiting;
      assert.equal(app.workers!.turnsInFlight, 0);
    } finally {
      slow.releaseHeld();
      await slow.close();
    }
  });
});

describe('server.turnWorkers', () => {
  it('auto is one worker per CPU with two or more, none on one; TURN_WORKERS overrides and is checked', () => {
    const auto = loadConfig({});
    assert.equal(auto.server.turnWorkers, 'auto');
    assert.equal(turnWorkerCount(auto, 1), 0);
    assert.equal(turnWorkerCount(auto, 2), 2);
    assert.equal(turnWorkerCount(auto, 8), 8);
    assert.equal(turnWorkerCount(loadConfig({ TURN_WORKERS: '0' }), 8), 0);
    assert.equal(turnWorkerCount(loadConfig({ TURN_WORKERS: '3' }), 2), 3);
    assert.throws(() => loadConfig({ TURN_WORKERS: 'many' }), /TURN_WORKERS must be auto or a whole number from 0 to 32; got "many"/);
    assert.throws(() => loadConfig({ TURN_WORKERS: '-1' }), /TURN_WORKERS must be/);
  });
});
