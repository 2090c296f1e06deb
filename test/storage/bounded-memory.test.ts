// The local default state storage is bounded: a cap on the number of keys (least recently used
// dropped first) and idle expiry, with eTags still checked. No Azurite needed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConversationState, TestAdapter, TurnContext, type Activity, type StoreItems } from 'botbuilder';
import { loadConfig } from '../../src/config';
import { BoundedMemoryStorage, ETagGuardedStorage, createStorage } from '../../src/storage';

const HOUR = 60 * 60 * 1000;

/** A clock the test moves by hand. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** The keys of `keys` the storage still holds. */
async function present(storage: { read(keys: string[]): Promise<StoreItems> }, keys: string[]): Promise<string[]> {
  return Object.keys(await storage.read(keys));
}

describe('bounded memory storage', () => {
  it('memory by default: 40,000 conversations leave at most 10,000 keys, the most recent ones', async () => {
    const { storage } = createStorage(loadConfig({}));
    const keys: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      // What one turn saves: the conversation's dialog state and the rider's last trip.
      const conversation = `test/conversations/c${i}`;
      const user = `test/users/u${i}`;
      await storage.write({ [conversation]: { DialogState: { dialogStack: [] } }, [user]: { lastTrip: { route: 504 } } });
      keys.push(conversation, user);
    }
    const kept = await present(storage, keys);
    assert.ok(kept.length <= 10_000, `${kept.length} keys kept`);
    assert.ok(kept.includes('test/conversations/c39999') && kept.includes('test/users/u39999'), 'the latest conversation is kept');
    assert.ok(!kept.includes('test/conversations/c0'), 'the oldest is gone');
  });

  it('frees what it drops: no slot is left behind in the underlying MemoryStorage', async () => {
    const storage = new BoundedMemoryStorage({ maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) await storage.write({ [`k${i}`]: { i } });
    await storage.delete(['k999']);
    const memory = (storage as unknown as { memory: Record<string, unknown> }).memory;
    assert.equal(Object.keys(memory).length, 99);
    assert.equal(storage.size, 99);
  });

  it('drops the least recently read or written key first', async () => {
    const storage = new BoundedMemoryStorage({ maxKeys: 3 });
    await storage.write({ a: { v: 1 }, b: { v: 2 }, c: { v: 3 } });
    await storage.read(['a']); // a is now more recent than b and c
    await storage.write({ d: { v: 4 } });
    assert.deepEqual((await present(storage, ['a', 'b', 'c', 'd'])).sort(), ['a', 'c', 'd']);
  });

  it('an item idle for longer than the limit reads as missing; reading it in time keeps it', async () => {
    const clock = manualClock();
    const storage = new BoundedMemoryStorage({ idleMs: 24 * HOUR, now: clock.now });
    await storage.write({ idle: { v: 1 }, busy: { v: 2 } });
    clock.advance(20 * HOUR);
    assert.deepEqual(await present(storage, ['busy']), ['busy']);
    clock.advance(5 * HOUR); // idle: 25 h since written; busy: 5 h since read
    assert.deepEqual(await present(storage, ['idle', 'busy']), ['busy']);
    assert.equal(storage.size, 1, 'the idle item is dropped, not only hidden');
  });

  it('refuses impossible limits', () => {
    assert.throws(() => new BoundedMemoryStorage({ maxKeys: 0 }), RangeError);
    assert.throws(() => new BoundedMemoryStorage({ idleMs: -1 }), RangeError);
  });

  it('under ETagGuardedStorage: the second of two concurrent saves is refused, the first is kept', async () => {
    const storage = new ETagGuardedStorage(new BoundedMemoryStorage({ maxKeys: 10 }));
    const turn = () =>
      new TurnContext(new TestAdapter(), {
        type: 'message',
        channelId: 'test',
        conversation: { id: 'race' } as Activity['conversation'],
        from: { id: 'u', name: 'Rider' },
        recipient: { id: 'bot', name: 'Bot' },
      });
    const seed = new ConversationState(storage);
    const ctx0 = turn();
    await seed.createProperty<string>('step').set(ctx0, 'asked route');
    await seed.saveChanges(ctx0);

    const [a, b] = [new ConversationState(storage), new ConversationState(storage)];
    const [ctxA, ctxB] = [turn(), turn()];
    assert.equal(await a.createProperty<string>('step').get(ctxA), 'asked route');
    assert.equal(await b.createProperty<string>('step').get(ctxB), 'asked route');
    await a.createProperty<string>('step').set(ctxA, 'A');
    await b.createProperty<string>('step').set(ctxB, 'B');
    await a.saveChanges(ctxA);
    await assert.rejects(b.saveChanges(ctxB), /eTag conflict/);
    assert.equal(await new ConversationState(storage).createProperty<string>('step').get(turn()), 'A');
  });
});
