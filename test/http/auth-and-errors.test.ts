// Security and failure over HTTP: with an app id set, unsigned requests are refused; a turn that
// throws gets a plain apology (no stack trace) and a fresh start.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DelayPredictor } from '../../src/model/types';
import { realPredictor } from '../bot/helpers';
import { emulatorActivity, postActivity, startBotServer, startReceiver, type Receiver } from './emulator';

let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
});

describe('authentication', () => {
  it('with MicrosoftAppId set, a request without a valid token is refused and nothing is sent', async () => {
    const bot = await startBotServer(await realPredictor(), {
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
    });
    try {
      const before = receiver.activities.length;
      const activity = emulatorActivity(receiver, 'auth', { channelId: 'msteams', text: '504 east now' });
      const unsigned = await postActivity(bot, activity);
      assert.equal(unsigned.status, 401);
      const forged = await postActivity(bot, activity, { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      assert.equal(forged.status, 401);
      assert.equal(receiver.activities.length, before);
    } finally {
      await bot.close();
    }
  });
});

describe('onTurnError', () => {
  it('tells the rider in plain words, shows no stack trace, and clears the broken conversation', async () => {
    // This test is about the error handler, so a predictor that fails stands in for the model.
    const real = await realPredictor();
    let failing = true;
    const flaky: DelayPredictor = {
      info: real.info,
      predict: (trip) => {
        if (failing) throw new Error('model exploded at /secret/path.ts:12');
        return real.predict(trip);
      },
      predictBatch: (trips) => real.predictBatch(trips),
      hourlyRisk: (route, direction, day) => real.hourlyRisk(route, direction, day),
    };
    const bot = await startBotServer(flaky);
    try {
      const at = new Date('2026-11-24T16:20:00-05:00');
      const before = receiver.activities.length;
      await postActivity(bot, emulatorActivity(receiver, 'boom', { text: '504', timestamp: at }));
      const res = await postActivity(bot, emulatorActivity(receiver, 'boom', { text: 'east now', timestamp: at }));
      assert.ok(res.status < 500 || res.status === 500, 'the request completes');
      const replies = receiver.activities.slice(before);
      const texts = replies.filter((r) => r.type === 'message').map((r) => r.text ?? '');
      assert.ok(texts.includes('Sorry, something went wrong on my side. Please try again, perhaps in other words.'), texts.join(' | '));
      for (const r of replies) assert.doesNotMatch(JSON.stringify(r), /secret\/path|exploded|\.ts:\d+/);
      // The broken dialog is gone: the next message starts a new trip instead of resuming.
      failing = false;
      const next = receiver.activities.length;
      await postActivity(bot, emulatorActivity(receiver, 'boom', { text: 'westbound', timestamp: at }));
      assert.match(receiver.activities[next]?.text ?? '', /^Which streetcar\?/);
    } finally {
      await bot.close();
    }
  });
});
