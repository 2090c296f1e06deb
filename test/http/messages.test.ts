// The bot over HTTP, as the Emulator sees it: real server, real predictor, replies read from what
// the bot posts back to the serviceUrl.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { realPredictor } from '../bot/helpers';
import { emulatorActivity, postActivity, startBotServer, startReceiver, type BotServer, type Receiver } from './emulator';

let bot: BotServer;
let receiver: Receiver;

before(async () => {
  receiver = await startReceiver();
  bot = await startBotServer(await realPredictor());
});
after(async () => {
  await bot.close();
  await receiver.close();
});

/** Sends one message and returns what the bot posted back during that turn. */
async function say(conversation: string, fields: Partial<Activity>): Promise<Activity[]> {
  const before = receiver.activities.length;
  const res = await postActivity(bot, emulatorActivity(receiver, conversation, fields));
  assert.ok(res.status === 200 || res.status === 201, `POST /api/messages answered ${res.status}`);
  return receiver.activities.slice(before);
}

describe('POST /api/messages', () => {
  it('GET /healthz is 200 with the loaded model', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; model: string };
    assert.equal(body.status, 'ok');
    assert.ok(body.model);
  });

  it('welcomes a rider who joins', async () => {
    const replies = await say('welcome', {
      type: 'conversationUpdate',
      membersAdded: [{ id: 'bot', name: 'Bot' }, { id: 'user-welcome', name: 'Rider' }],
    });
    assert.equal(replies.length, 1);
    assert.match(replies[0].text ?? '', /^Hi! I tell you the chance that your Toronto streetcar trip runs into a reported delay/);
    assert.equal(replies[0].conversation.id, 'welcome');
  });

  it('answers a full prediction turn with one message: text, card, value and another-trip buttons', async () => {
    const replies = await say('one-shot', { text: 'will the 504 be late eastbound tomorrow at 8am?', timestamp: new Date('2026-11-24T16:20:00-05:00') });
    assert.deepEqual(replies.map((r) => r.type), ['message']);
    const answer = replies[0];
    assert.match(answer.text ?? '', /^504 King eastbound, tomorrow \(Wed, Nov 25\) at 8:00 am: \d+% chance of a reported delay/);
    const value = answer.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value).sort(), ['delayed', 'direction', 'probability', 'route', 'time']);
    assert.equal(value.route, 504);
    assert.equal(value.direction, 'e');
    assert.equal(value.time, '2026-11-25T08:00:00-05:00');
    assert.equal(answer.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(answer.replyToId !== undefined, true);
    assert.deepEqual(answer.suggestedActions?.actions.map((a) => a.value), ['Same trip next day', 'Other direction', 'New trip', 'No thanks']);
  });

  it('fills the trip over several messages in one conversation', async () => {
    const at = new Date('2026-11-24T16:20:00-05:00');
    const first = await say('multi', { text: 'spadina car', timestamp: at });
    assert.match(first[0].text ?? '', /northbound or southbound\?$/);
    assert.deepEqual(first[0].suggestedActions?.actions.map((a) => a.value), ['Northbound', 'Southbound']);
    const second = await say('multi', { text: 'Southbound', timestamp: at });
    assert.match(second[0].text ?? '', /^When are you travelling\?/);
    const third = await say('multi', { text: 'in 20 minutes', timestamp: at });
    const answer = third.find((r) => r.value !== undefined);
    assert.deepEqual((answer?.value as { time: string }).time, '2026-11-24T16:40:00-05:00');
  });

  it('keeps conversations apart', async () => {
    const at = new Date('2026-11-24T16:20:00-05:00');
    await say('apart-a', { text: '501', timestamp: at });
    const b = await say('apart-b', { text: 'westbound', timestamp: at });
    assert.match(b[0].text ?? '', /^Which streetcar\?/);
  });

  it('refuses a body that is not JSON with 400 and no reply', async () => {
    const before = receiver.activities.length;
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
    assert.equal(res.status, 400);
    assert.equal(receiver.activities.length, before);
  });
});

describe('Teams-style messages', () => {
  it('reads a message that mentions the bot in HTML, as Teams channels send it', async () => {
    const replies = await say('teams', {
      channelId: 'msteams',
      text: '<at>Streetcar Delays</at> 510 southbound at 5pm',
      entities: [
        { type: 'mention', mentioned: { id: 'bot', name: 'Streetcar Delays' }, text: '<at>Streetcar Delays</at>' },
        { type: 'clientInfo', timezone: 'America/Vancouver', locale: 'en-CA' },
      ],
      timestamp: new Date('2026-11-24T16:20:00-05:00'),
    });
    const answer = replies.find((r) => r.value !== undefined);
    assert.deepEqual(answer?.value && { ...(answer.value as object), probability: 0, delayed: false }, { route: 510, direction: 's', time: '2026-11-24T17:00:00-05:00', probability: 0, delayed: false });
    assert.match(answer?.text ?? '', /\(2:00 pm your time\)/);
  });
});
