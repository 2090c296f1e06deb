// Trip alerts that must survive things going wrong: a restart between subscribing and the due
// time, every instance down past the grace window, two instances on one storage, and a channel
// that refuses (403), is busy (429), fails (500) or hangs. The real server in this process, one
// MemoryStorage shared across app instances as Blob would be, a clock the test moves.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryStorage, type Activity } from 'botbuilder';
import { subscriptionKey, type StoredSubscription } from '../../src/alerts/store';
import type { DelayPredictor } from '../../src/model/types';
import { realPredictor } from '../bot/helpers';
import { startReceiver, type Receiver } from '../helpers/channel-receiver';
import { message, post, startAlertsApp, TestClock, type AlertsApp } from './helpers';

let predictor: DelayPredictor;
let receiver: Receiver;
let conversation = 0;

before(async () => {
  predictor = await realPredictor();
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
});

async function subscribe(app: AlertsApp, text: string, at: string): Promise<{ conv: string; id: string }> {
  const conv = `alerts-rel-${++conversation}`;
  const before = receiver.activities.length;
  assert.equal(await post(app.url, message(receiver.url, conv, text, at)), 200);
  const reply = receiver.activities.slice(before).find((a) => a.type === 'message');
  assert.match(reply?.text ?? '', /^Done: /, `subscribed: ${reply?.text}`);
  const subs = await app.app.alerts!.store.readIndex();
  const id = Object.values(subs).find((s) => s.rider === `emulator:rider-${conv}`)?.id;
  assert.ok(id);
  return { conv, id };
}

async function tick(app: AlertsApp, clock: TestClock, iso: string): Promise<Activity[]> {
  clock.set(iso);
  const before = receiver.activities.length;
  await app.app.alerts!.scheduler.tick();
  return receiver.activities.slice(before).filter((a) => a.type === 'message');
}

async function stateOf(app: AlertsApp, id: string): Promise<StoredSubscription | undefined> {
  return (await app.storage.read([subscriptionKey(id)]))[subscriptionKey(id)] as StoredSubscription | undefined;
}

describe('a restart between subscribing and the due time', () => {
  it('the subscription lives in the storage: the next instance sends it, once', async () => {
    const storage = new MemoryStorage();
    const clock = new TestClock('2026-11-24T16:20:00-05:00');
    const first = await startAlertsApp({ predictor, clock, storage });
    const { conv } = await subscribe(first, 'remind me 15 minutes before my 504 east tomorrow at 8am', '2026-11-24T16:20:00-05:00');
    await first.close();
    const second = await startAlertsApp({ predictor, clock, storage });
    try {
      const sent = await tick(second, clock, '2026-11-25T07:45:30-05:00');
      assert.equal(sent.length, 1);
      assert.equal(sent[0].conversation.id, conv);
      assert.equal((sent[0].value as { time: string }).time, '2026-11-25T08:00:00-05:00');
      assert.deepEqual(await tick(second, clock, '2026-11-25T07:46:30-05:00'), []);
    } finally {
      await second.close();
    }
  });

  it('down at the due time: sent late within the grace window (10 min), skipped and logged after it', async () => {
    const storage = new MemoryStorage();
    const clock = new TestClock('2026-11-24T16:20:00-05:00');
    const first = await startAlertsApp({ predictor, clock, storage });
    await subscribe(first, 'alert me weekdays 15 minutes before the 504 east at 8 am', '2026-11-24T16:20:00-05:00');
    await first.close();
    // Back at 7:53 on Wednesday: 8 minutes late, within the grace window.
    const second = await startAlertsApp({ predictor, clock, storage });
    try {
      const late = await tick(second, clock, '2026-11-25T07:53:00-05:00');
      assert.equal(late.length, 1, 'sent late');
      assert.ok(second.logs.some((l) => l.msg === 'alerts: sent' && (l.lateMs as number) === 8 * 60_000));
    } finally {
      await second.close();
    }
    // Back at 8:30 on Thursday: 45 minutes late, past the grace window.
    const third = await startAlertsApp({ predictor, clock, storage });
    try {
      assert.deepEqual(await tick(third, clock, '2026-11-26T08:30:00-05:00'), [], 'not sent that late');
      const missed = third.logs.find((l) => l.msg === 'alerts: missed while no instance could send it, and past the grace window; skipped');
      assert.equal(missed?.occurrence, '2026-11-26');
      assert.equal(missed?.lateMs, 45 * 60_000);
      assert.deepEqual(await tick(third, clock, '2026-11-26T08:31:00-05:00'), []);
      assert.equal((await tick(third, clock, '2026-11-27T07:45:30-05:00')).length, 1, 'Friday\'s goes out as usual');
    } finally {
      await third.close();
    }
  });
});

describe('two instances on one storage', () => {
  it('ticking at the same moment, each of five due alerts is sent exactly once', async () => {
    const storage = new MemoryStorage();
    const clock = new TestClock('2026-11-24T16:20:00-05:00');
    const a = await startAlertsApp({ predictor, clock, storage });
    const b = await startAlertsApp({ predictor, clock, storage });
    try {
      const convs: string[] = [];
      for (const route of [501, 504, 505, 506, 512]) convs.push((await subscribe(route % 2 ? a : b, `remind me 15 minutes before the ${route} east tomorrow at 8am`, '2026-11-24T16:20:00-05:00')).conv);
      clock.set('2026-11-25T07:45:30-05:00');
      const before = receiver.activities.length;
      const [ra, rb] = await Promise.all([a.app.alerts!.scheduler.tick(), b.app.alerts!.scheduler.tick()]);
      const sent = receiver.activities.slice(before).filter((x) => x.type === 'message');
      assert.equal(sent.length, 5, `sent ${sent.length}: a ${JSON.stringify(ra)}, b ${JSON.stringify(rb)}`);
      assert.deepEqual(sent.map((x) => x.conversation.id).sort(), convs.sort());
      assert.equal(ra.sent + rb.sent, 5);
      assert.ok(ra.sent > 0 && rb.sent > 0, 'both instances took some: they did race');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('a channel that refuses, is busy, fails or hangs', () => {
  let app: AlertsApp;
  let hangApp: AlertsApp;
  const clock = new TestClock('2026-11-24T16:20:00-05:00');
  before(async () => {
    // The default reply deadline (10 s: the connector's own three retries of a 429/5xx fit in
    // it), a grace window of 3 minutes so that giving up comes after two attempts.
    app = await startAlertsApp({ predictor, clock, config: (c) => ({ ...c, alerts: { ...c.alerts, graceMinutes: 3 } }) });
    // A short deadline, so a hanging channel costs the test a second.
    hangApp = await startAlertsApp({ predictor, clock, config: (c) => ({ ...c, ops: { ...c.ops, replyTimeoutMs: 1000 } }) });
  });
  after(async () => {
    receiver.mode = 'ok';
    delete receiver.failStatus;
    receiver.releaseHeld();
    await app.close();
    await hangApp.close();
  });

  it('403 (the rider removed the bot): a refusal per alert; after 3 in a row the subscription stops, logged', async () => {
    const { id } = await subscribe(app, 'alert me every day 15 minutes before the 504 east at 8 am', '2026-11-24T16:20:00-05:00');
    receiver.mode = 'fail';
    receiver.failStatus = 403;
    const failuresBefore = receiver.failures;
    for (const day of ['25', '26']) {
      assert.deepEqual(await tick(app, clock, `2026-11-${day}T07:45:30-05:00`), []);
      assert.equal((await stateOf(app, id))?.occurrence?.state, 'refused');
    }
    assert.equal((await stateOf(app, id))?.refusals, 2);
    assert.equal(receiver.failures - failuresBefore, 2, 'a refusal is not retried');
    await tick(app, clock, '2026-11-27T07:45:30-05:00');
    assert.ok((await stateOf(app, id))?.ended, 'stopped after the third: a tombstone');
    assert.equal((await app.app.alerts!.store.readIndex())[id], undefined);
    assert.ok(app.logs.some((l) => l.msg === "alerts: the channel refused this subscription's alerts (the rider removed the bot or the app); subscription stopped" && l.subscriptionId === id && l.status === 403));
    receiver.mode = 'ok';
    assert.deepEqual(await tick(app, clock, '2026-11-28T07:45:30-05:00'), [], 'nothing after it stopped');
    // The sweep (every 6 hours) deletes tombstones an hour old.
    await tick(app, clock, '2026-11-28T20:00:00-05:00');
    assert.equal(await stateOf(app, id), undefined, 'the tombstone is gone');
  });

  it('404 for a one-off: stopped at once', async () => {
    const { id } = await subscribe(app, 'remind me 15 minutes before the 505 east on nov 30 at 9am', '2026-11-28T12:00:00-05:00');
    receiver.mode = 'fail';
    receiver.failStatus = 404;
    await tick(app, clock, '2026-11-30T08:45:30-05:00');
    assert.equal((await app.app.alerts!.store.readIndex())[id], undefined);
    receiver.mode = 'ok';
  });

  it('429 (busy): retried after a backoff, then sent once', async () => {
    const { id } = await subscribe(app, 'remind me 15 minutes before the 506 east on dec 1 at 9am', '2026-11-28T12:00:00-05:00');
    receiver.mode = 'fail';
    receiver.failStatus = 429;
    assert.deepEqual(await tick(app, clock, '2026-12-01T08:45:10-05:00'), []);
    const waiting = await stateOf(app, id);
    assert.equal(waiting?.occurrence?.state, 'retry');
    assert.equal(waiting?.occurrence?.nextAttemptAt, new Date('2026-12-01T08:46:10-05:00').toISOString(), 'one minute later');
    receiver.mode = 'ok';
    assert.deepEqual(await tick(app, clock, '2026-12-01T08:45:40-05:00'), [], 'not before the backoff');
    const sent = await tick(app, clock, '2026-12-01T08:46:15-05:00');
    assert.equal(sent.length, 1);
    assert.equal((sent[0].value as { subscriptionId: string }).subscriptionId, id);
    assert.deepEqual(await tick(app, clock, '2026-12-01T08:50:00-05:00'), []);
  });

  it('500 (failing): the connector retries, then the scheduler backs off; given up, logged, once the grace window has passed', async () => {
    const { id } = await subscribe(app, 'remind me 15 minutes before the 510 north on dec 2 at 9am', '2026-11-28T12:00:00-05:00');
    receiver.mode = 'fail';
    receiver.failStatus = 500;
    const failuresBefore = receiver.failures;
    await tick(app, clock, '2026-12-02T08:45:10-05:00');
    assert.equal(receiver.failures - failuresBefore, 4, 'one attempt: the connector client tries 4 times');
    assert.equal((await stateOf(app, id))?.occurrence?.nextAttemptAt, new Date('2026-12-02T08:46:10-05:00').toISOString());
    await tick(app, clock, '2026-12-02T08:46:10-05:00');
    // The next would be at 8:48:10, after the window (8:45 + 3 min): given up, and the one-off ends.
    assert.equal((await stateOf(app, id))?.occurrence?.state, 'failed');
    assert.ok((await stateOf(app, id))?.ended);
    assert.ok(app.logs.some((l) => l.msg === 'alerts: the channel did not take the alert within the grace window; given up for this trip' && l.subscriptionId === id));
    receiver.mode = 'ok';
  });

  it('hanging: the send gives up at the reply deadline and is retried; the held copy may still arrive (at least once)', async () => {
    const { id } = await subscribe(hangApp, 'remind me 15 minutes before the 512 east on dec 3 at 9am', '2026-11-28T12:00:00-05:00');
    receiver.mode = 'hang';
    const started = Date.now();
    await tick(hangApp, clock, '2026-12-03T08:45:10-05:00');
    assert.ok(Date.now() - started < 5000, 'the tick does not hang with the channel');
    const state = await stateOf(hangApp, id);
    assert.equal(state?.occurrence?.state, 'retry');
    assert.equal(state?.occurrence?.reason, 'timeout');
    receiver.mode = 'ok';
    receiver.releaseHeld();
    const sent = await tick(hangApp, clock, '2026-12-03T08:46:15-05:00');
    assert.equal(sent.length, 1, 'the retry');
    assert.equal((await stateOf(hangApp, id))?.occurrence?.state, 'sent');
    assert.ok((await stateOf(hangApp, id))?.ended, 'a one-off ends once sent');
  });
});
