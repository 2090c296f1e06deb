// The channel's reply endpoint failing or timing out: logged, no crash, the conversation's state
// as it was before the failed turn, and the next turn works. In this process, wired as src/index.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { realPredictor } from '../bot/helpers';
import { activity, isAnswer, messages, post, settingsFile, startApp, startReceiver, type InProcessApp, type Receiver } from './helpers';

const REPLY_TIMEOUT_MS = 1500;
let app: InProcessApp;
let receiver: Receiver;

before(async () => {
  receiver = await startReceiver();
  const config = settingsFile((yaml) => yaml.replace(/replyTimeoutMs: \d+/, `replyTimeoutMs: ${REPLY_TIMEOUT_MS}`));
  app = await startApp(await realPredictor(), {}, config);
});
after(async () => {
  receiver.releaseHeld();
  await app.close();
  await receiver.close();
});

async function say(conversation: string, text: string): Promise<{ status: number; ms: number; replies: ReturnType<typeof messages> }> {
  const before = receiver.activities.length;
  const started = Date.now();
  const res = await post(app.url, activity(receiver.url, conversation, { text }));
  await res.arrayBuffer();
  return { status: res.status, ms: Date.now() - started, replies: messages(receiver.activities.slice(before), conversation) };
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

describe('the reply endpoint fails', () => {
  it('the turn is logged as reply_failed, nothing crashes, the state stays, the next turn works', async () => {
    const first = await say('fails', 'spadina car');
    assert.match(first.replies[0]?.text ?? '', /northbound or southbound\?$/);

    const errorsBefore = await metric('errors_total\\{kind="reply"\\}');
    receiver.mode = 'fail';
    const failed = await say('fails', 'Southbound');
    assert.ok(failed.status < 500, `the channel gets no 5xx: ${failed.status}`);
    assert.ok(failed.ms < REPLY_TIMEOUT_MS + 3000, `bounded by the reply deadline: ${failed.ms} ms`);
    const line = app.logs.find((l) => l.conversationId === 'fails' && l.msg === 'turn' && l.outcome === 'reply_failed');
    assert.ok(line, 'one turn line with outcome reply_failed');
    assert.ok(app.logs.some((l) => l.conversationId === 'fails' && l.level === 40 && String(l.msg).includes('did not accept a reply')));
    assert.equal(await metric('errors_total\\{kind="reply"\\}'), errorsBefore + 1);

    receiver.mode = 'ok';
    // The failed turn saved nothing: the bot still waits for the direction.
    const again = await say('fails', 'Southbound');
    assert.match(again.replies[0]?.text ?? '', /^When are you travelling\?/);
    const answer = await say('fails', 'in 20 minutes');
    assert.ok(answer.replies.some(isAnswer));
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });
});

describe('the reply endpoint does not answer', () => {
  it('the reply is abandoned after the deadline, logged; the next turn works', async () => {
    receiver.mode = 'hang';
    const hung = await say('hangs', '504 east at 5 pm');
    assert.ok(hung.status < 500, `no 5xx: ${hung.status}`);
    assert.ok(hung.ms >= REPLY_TIMEOUT_MS - 100 && hung.ms < REPLY_TIMEOUT_MS + 3000, `gave up after the deadline: ${hung.ms} ms`);
    assert.ok(app.logs.some((l) => l.conversationId === 'hangs' && l.msg === 'turn' && l.outcome === 'reply_failed'));
    receiver.mode = 'ok';
    receiver.releaseHeld();

    const next = await say('hangs', '504 east at 5 pm');
    assert.equal(next.status, 200);
    assert.ok(next.replies.some(isAnswer), 'the next turn is answered');
    assert.ok(next.ms < REPLY_TIMEOUT_MS, `and quickly: ${next.ms} ms`);
  });
});
