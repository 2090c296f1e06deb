// Two real server processes (src/index.ts, as `npm start` runs it) sharing conversation state in
// one Azurite: a conversation whose turns alternate between them, one killed mid-dialog and the
// conversation finished on the other, and two turns of one conversation racing on both.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { CONFLICT_TEXT } from '../../src/bot';
import {
  activity,
  isAnswer,
  messages,
  post,
  startAzurite,
  startReceiver,
  startServerProcess,
  type Azurite,
  type Receiver,
  type ServerProcess,
} from './helpers';

let azurite: Azurite;
let receiver: Receiver;
const servers: ServerProcess[] = [];

async function startBlobServer(): Promise<ServerProcess> {
  const server = await startServerProcess({
    STORAGE_KIND: 'blob',
    STORAGE_CONTAINER: 'two-process',
    BlobStorageConnectionString: azurite.connectionString,
  });
  servers.push(server);
  return server;
}

before(async () => {
  azurite = await startAzurite();
  receiver = await startReceiver();
});
after(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')));
  await receiver.close();
  await azurite.stop();
});

/** Sends one message to one server; returns the message replies it produced. */
async function say(server: ServerProcess, conversation: string, text: string, serviceUrl = receiver.url): Promise<Activity[]> {
  const before = receiver.activities.length;
  const res = await post(server.url, activity(serviceUrl, conversation, { text }));
  assert.equal(res.status, 200, `POST to ${server.url}: ${res.status}`);
  return messages(receiver.activities.slice(before), conversation);
}

interface PredictionValue {
  route: number;
  direction: string;
  time: string;
}

function answerOf(replies: Activity[]): PredictionValue {
  const answer = replies.find(isAnswer) ?? replies.find((r) => r.value !== undefined);
  assert.ok(answer, `an answer among: ${replies.map((r) => r.text).join(' | ')}`);
  return answer.value as PredictionValue;
}

describe('two server processes sharing one Azurite', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    [a, b] = await Promise.all([startBlobServer(), startBlobServer()]);
  });

  it('both start on blob storage and are ready', async () => {
    for (const s of [a, b]) {
      assert.ok(s.logs.some((l) => l.msg === 'state storage' && (l.storage as { kind: string }).kind === 'blob'));
      assert.equal((await fetch(`${s.url}/readyz`)).status, 200);
    }
  });

  it('a conversation whose turns alternate between them completes correctly', async () => {
    const first = await say(a, 'alternate', 'spadina car');
    assert.match(first[0]?.text ?? '', /northbound or southbound\?$/);
    const second = await say(b, 'alternate', 'Southbound');
    assert.match(second[0]?.text ?? '', /^When are you travelling\?/);
    const third = await say(a, 'alternate', 'in 20 minutes');
    const value = answerOf(third);
    assert.equal(value.route, 510);
    assert.equal(value.direction, 's');
    assert.equal(value.time, '2026-11-24T16:40:00-05:00');
  });

  it('two turns of one conversation racing on two instances: the eTag decides, the rider is asked to resend, state stays whole', async () => {
    const c = a;
    const slow = await startReceiver();
    try {
      const first = await say(b, 'race', 'spadina car');
      assert.match(first[0]?.text ?? '', /northbound or southbound\?$/);
      // Turn 1 on c reads the state, then waits for the channel to take its reply…
      slow.mode = 'hang';
      const pending = post(c.url, activity(slow.url, 'race', { text: 'Southbound' }));
      await slow.waitFor(1);
      // …while turn 2 on b reads the same state, answers and saves first.
      const winner = await say(b, 'race', 'Northbound');
      assert.match(winner[0]?.text ?? '', /^When are you travelling\?/);
      slow.mode = 'ok';
      slow.releaseHeld();
      const res = await pending;
      assert.equal(res.status, 200);
      const slowTexts = messages(slow.activities, 'race').map((m) => m.text);
      assert.equal(slowTexts.at(-1), CONFLICT_TEXT, `the late turn tells the rider: ${slowTexts.join(' | ')}`);
      // The log line comes through the child's stdout pipe: give it a moment.
      for (let i = 0; i < 50 && !c.logs.some((l) => l.msg === 'turn' && l.conversationId === 'race' && l.outcome === 'conflict'); i++) {
        await new Promise((ok) => setTimeout(ok, 100));
      }
      assert.ok(c.logs.some((l) => l.msg === 'turn' && l.conversationId === 'race' && l.outcome === 'conflict'), 'logged as a conflict');
      // The winner's state (northbound, waiting for a time) is what the conversation goes on from.
      const last = await say(c, 'race', 'in 20 minutes');
      const value = answerOf(last);
      assert.equal(value.route, 510);
      assert.equal(value.direction, 'n');
    } finally {
      await slow.close();
    }
  });

  it('one process killed mid-dialog: the conversation resumes on the other with nothing lost', async () => {
    const first = await say(a, 'killed', '504');
    assert.match(first[0]?.text ?? '', /eastbound or westbound\?$/i);
    const second = await say(a, 'killed', 'eastbound');
    assert.match(second[0]?.text ?? '', /^When are you travelling\?/);
    assert.equal(await a.kill('SIGKILL'), null, 'killed, not exited');
    const third = await say(b, 'killed', 'at 5 pm');
    const value = answerOf(third);
    assert.equal(value.route, 504);
    assert.equal(value.direction, 'e');
    assert.equal(value.time, '2026-11-24T17:00:00-05:00');
  });
});
