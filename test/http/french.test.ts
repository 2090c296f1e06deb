// The bot over HTTP in French, as the Emulator (or Web Chat) sends it with locale fr-CA: the real
// server, the real predictor, replies read from what the bot posts back to the serviceUrl.
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

const TUE_4PM = new Date('2026-11-24T16:20:00-05:00');

async function say(conversation: string, fields: Partial<Activity>): Promise<Activity[]> {
  const before = receiver.activities.length;
  const res = await postActivity(bot, emulatorActivity(receiver, conversation, { locale: 'fr-CA', timestamp: TUE_4PM, ...fields }));
  assert.ok(res.status === 200 || res.status === 201, `POST /api/messages answered ${res.status}`);
  return receiver.activities.slice(before);
}

describe('POST /api/messages in French (locale fr-CA)', () => {
  it('welcomes a fr-CA rider in French', async () => {
    const replies = await say('fr-welcome', { type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'Bot' }, { id: 'user-fr-welcome', name: 'Rider' }] });
    assert.equal(replies.length, 1);
    assert.match(replies[0].text ?? '', /^Bonjour ! Je vous donne le risque que votre trajet en tramway à Toronto subisse un retard signalé\./);
  });

  it('asks in French for what a one-word message leaves out, and answers in French with a French card', async () => {
    const [direction] = await say('fr-steps', { text: '504' });
    assert.equal(direction.text, "Dans quelle direction sur le 504 King : vers l'est ou vers l'ouest ?");
    const [time] = await say('fr-steps', { text: 'est' });
    assert.match(time.text ?? '', /^Quand partez-vous \?/);
    const [answer] = await say('fr-steps', { text: 'demain à 8 h' });
    assert.match(answer.text ?? '', /^504 King vers l'est, demain \(mer\. 25 nov\.\) à 8 h 00 : \d+ % de risque d'un retard signalé/);
    assert.deepEqual(answer.value && { route: (answer.value as { route: number }).route, time: (answer.value as { time: string }).time }, { route: 504, time: '2026-11-25T08:00:00-05:00' });
    const card = JSON.stringify(answer.attachments?.[0]?.content ?? {});
    assert.match(card, /Habituel/);
    assert.match(card, /Risque de retard par heure/, 'the chart alt text is French');
    assert.doesNotMatch(card, /chance of a reported delay|Usual|eastbound/);
    assert.deepEqual(answer.suggestedActions?.actions.map((a) => a.title), ['Même trajet le lendemain', 'Autre direction', 'Nouveau trajet', 'Non merci']);
  });

  it('answers an English message in English, whatever the locale', async () => {
    const [answer] = await say('fr-english', { text: '504 east tomorrow at 8am' });
    assert.match(answer.text ?? '', /^504 King eastbound, tomorrow \(Wed, Nov 25\) at 8:00 am: /);
  });
});
