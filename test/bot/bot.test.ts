// The bot as a whole on botbuilder's TestAdapter: welcome, typing for slow turns, state kept in
// whatever Storage it is given (so MemoryStorage → BlobsStorage is one line in src/index.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStorage, TestAdapter, type Activity, type StoreItems } from 'botbuilder';
import pino from 'pino';
import { createBot } from '../../src/bot';
import { createOnTurnError } from '../../src/host/botbuilder/on-turn-error';
import { DelayedTypingMiddleware } from '../../src/host/botbuilder/typing';
import { realPredictor } from './helpers';

/** A Storage that counts writes, standing in for BlobsStorage. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  async write(changes: StoreItems): Promise<void> {
    this.writes++;
    await super.write(changes);
  }
}

/** A Storage whose reads take `delayMs`, like a slow blob store. */
class SlowStorage extends MemoryStorage {
  constructor(private readonly delayMs: number) {
    super();
  }
  async read(keys: string[]): Promise<StoreItems> {
    await new Promise((ok) => setTimeout(ok, this.delayMs));
    return super.read(keys);
  }
}

async function adapterFor(storage = new MemoryStorage(), typingDelayMs = 400) {
  const logger = pino({ level: 'silent' });
  const bot = createBot({ predictor: await realPredictor(), storage, chart: { kind: 'off' } });
  const adapter = new TestAdapter((context) => bot.run(context));
  adapter.use(new DelayedTypingMiddleware(logger, typingDelayMs));
  adapter.onTurnError = createOnTurnError(logger, bot);
  return adapter;
}

const isAnswer = (a: Partial<Activity>): void => {
  assert.equal(a.type, 'message');
  assert.equal((a.value as { route?: number } | undefined)?.route, 504);
  assert.deepEqual(a.suggestedActions?.actions.map((b) => b.title), ['Same trip next day', 'Other direction', 'New trip', 'No thanks']);
};

const at = (text: string): Partial<Activity> => ({ type: 'message', text, timestamp: new Date('2026-11-24T16:20:00-05:00') });

const isWelcome = (a: Partial<Activity>): void => assert.match(a.text ?? '', /^Hi! I tell you the chance that your Toronto streetcar trip runs into a reported delay/);

/** What the bot sent for one incoming activity, typing indicators left out. */
async function repliesTo(adapter: TestAdapter, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  await adapter.processActivity(activity);
  return adapter.activeQueue.splice(0).filter((a) => a.type !== 'typing');
}

const bot = { id: 'bot', name: 'Bot' };
const joined = (...members: { id: string; name?: string }[]): Partial<Activity> => ({
  type: 'conversationUpdate',
  membersAdded: members.map(({ id, name = id }) => ({ id, name })),
  recipient: bot,
});

describe('bot', () => {
  it('welcomes the rider when the bot and the rider join (the Emulator), once', async () => {
    const adapter = await adapterFor();
    await adapter.send(joined(bot, { id: 'user', name: 'Rider' })).assertReply(isWelcome).assertNoReply(undefined, 50).startTest();
  });

  it('sends one welcome per conversation, however many members join and however often', async () => {
    const adapter = await adapterFor();
    assert.deepEqual(await repliesTo(adapter, joined(bot)), [], 'only the bot joined: nobody to greet');
    const crowd = Array.from({ length: 18_000 }, (_, i) => ({ id: `member-${i}` }));
    const replies = await repliesTo(adapter, joined(bot, ...crowd));
    assert.equal(replies.length, 1);
    isWelcome(replies[0]);
    assert.deepEqual(await repliesTo(adapter, joined({ id: 'late-comer' })), [], 'the conversation was already welcomed');
    assert.deepEqual(await repliesTo(adapter, joined(bot, { id: 'user' })), []);
  });

  it('ignores a malformed mention entity: the trip so far is kept and answered', async () => {
    const adapter = await adapterFor();
    await adapter
      .send(at('504'))
      .assertReply((a) => assert.match(a.text ?? '', /eastbound or westbound\?$/))
      .send({ ...at('eastbound'), entities: [{ type: 'mention', mentioned: null }] })
      .assertReply((a) => assert.match(a.text ?? '', /^When are you travelling\?/))
      // Other shapes the SDK's removeRecipientMention would also throw on (null entries are refused
      // at the HTTP edge, src/ops/activity-guard.ts).
      .send({ ...at('now'), entities: [{ mentioned: { id: 'bot' } }, { type: 'mention', text: 7, mentioned: { id: 'bot' } }] as unknown as Activity['entities'] })
      .assertReply(isAnswer)
      .startTest();
  });

  it('reads a Teams message that mentions the bot', async () => {
    const adapter = await adapterFor();
    const mention = { type: 'mention', text: '<at>Streetcar</at>', mentioned: { id: 'bot', name: 'Streetcar' } };
    await adapter
      .send({ ...at('<at>Streetcar</at> 504 eastbound now'), entities: [mention] })
      .assertReply(isAnswer)
      // A malformed entity beside the real mention does not stop it being removed.
      .send({ ...at('<at>Streetcar</at> 504 westbound now'), entities: [{ type: 'mention', mentioned: null }, mention] })
      .assertReply((a) => assert.equal((a.value as { direction?: string } | undefined)?.direction, 'w'))
      .startTest();
  });

  it('answers a quick turn with one message, and keeps state in the storage it was given', async () => {
    const storage = new CountingStorage();
    const adapter = await adapterFor(storage);
    await adapter
      .send(at('504'))
      .assertReply((a) => assert.match(a.text ?? '', /eastbound or westbound\?$/))
      .send(at('east now'))
      .assertReply(isAnswer)
      .assertNoReply()
      .startTest();
    assert.ok(storage.writes >= 2, 'conversation and user state were written');
    const keys = Object.keys((storage as unknown as { memory: Record<string, unknown> }).memory);
    assert.ok(keys.some((k) => k.includes('/conversations/')) && keys.some((k) => k.includes('/users/')), keys.join(', '));
  });

  it('shows typing while a slow turn runs, and never after the answer', async () => {
    const adapter = await adapterFor(new SlowStorage(250), 50);
    await adapter
      .send(at('504 east now'))
      .assertReply((a) => assert.equal(a.type, 'typing'))
      .assertReply(isAnswer)
      .assertNoReply()
      .startTest();
    // Once the answer is out the indicator stops: nothing more arrives later in the period.
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal(adapter.activeQueue.length, 0, JSON.stringify(adapter.activeQueue.map((a) => a.type)));
  });

  it('remembers the last trip per user across conversations', async () => {
    const storage = new MemoryStorage();
    const first = await adapterFor(storage);
    await first.send(at('queen car east at 6pm')).assertReply((a) => assert.equal((a.value as { route: number }).route, 501)).startTest();
    const second = await adapterFor(storage);
    second.conversation.conversation.id = 'another-conversation';
    await second
      .send(at('same again tomorrow'))
      .assertReply((a) => assert.deepEqual({ ...(a.value as object), probability: 0, delayed: false }, { route: 501, direction: 'e', time: '2026-11-25T18:00:00-05:00', probability: 0, delayed: false }))
      .startTest();
  });
});
