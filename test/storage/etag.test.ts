// Storage: chosen by config, and concurrent writes to one conversation decided by eTags, in
// memory and in Blob Storage (Azurite on a free loopback port).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConversationState, MemoryStorage, TurnContext, TestAdapter, type Activity, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { ETagGuardedStorage, RecoveringStorage, createStorage } from '../../src/storage';
import { loadConfig } from '../../src/config';
import { startAzurite, type Azurite } from '../ops/helpers';

let azurite: Azurite;
before(async () => {
  azurite = await startAzurite();
});
after(async () => {
  await azurite.stop();
});

/** A turn context for one conversation, as two bot instances would each build for their own turn. */
function turn(conversation: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    channelId: 'test',
    conversation: { id: conversation } as Activity['conversation'],
    from: { id: 'u', name: 'Rider' },
    recipient: { id: 'bot', name: 'Bot' },
    text: 'hi',
  };
  return new TurnContext(new TestAdapter(), activity);
}

/**
 * Two instances each load the conversation's state, change it and save it. With eTags the
 * second save is refused; the state in storage is the first one's, whole.
 */
async function raceTwoInstances(first: Storage, second: Storage, conversation: string): Promise<{ winner: unknown; loserError: unknown }> {
  const seed = new ConversationState(first);
  const ctx0 = turn(conversation);
  const prop0 = seed.createProperty<{ step: string; turns: number }>('dialog');
  await prop0.set(ctx0, { step: 'asked route', turns: 1 });
  await seed.saveChanges(ctx0);

  const a = new ConversationState(first);
  const b = new ConversationState(second);
  const ctxA = turn(conversation);
  const ctxB = turn(conversation);
  const propA = a.createProperty<{ step: string; turns: number }>('dialog');
  const propB = b.createProperty<{ step: string; turns: number }>('dialog');
  // Both read before either writes: the race.
  const readA = await propA.get(ctxA);
  const readB = await propB.get(ctxB);
  assert.deepEqual(readA, { step: 'asked route', turns: 1 });
  assert.deepEqual(readB, { step: 'asked route', turns: 1 });
  await propA.set(ctxA, { step: 'asked direction (A)', turns: 2 });
  await propB.set(ctxB, { step: 'asked time (B)', turns: 2 });
  await a.saveChanges(ctxA);
  let loserError: unknown;
  try {
    await b.saveChanges(ctxB);
  } catch (err) {
    loserError = err;
  }
  const check = new ConversationState(first);
  const ctxC = turn(conversation);
  const winner = await check.createProperty('dialog').get(ctxC);
  return { winner, loserError };
}

describe('eTag-guarded storage', () => {
  it('in memory: the second of two concurrent saves is refused, the first is kept', async () => {
    const shared = new ETagGuardedStorage(new MemoryStorage());
    const { winner, loserError } = await raceTwoInstances(shared, shared, 'mem-race');
    assert.match(String((loserError as Error)?.message), /eTag conflict/);
    assert.deepEqual(winner, { step: 'asked direction (A)', turns: 2 });
  });

  it('in Blob Storage: two instances sharing a container — the stale save is refused (HTTP 412), the first is kept', async () => {
    const container = 'etag-race';
    const instanceA = new ETagGuardedStorage(new BlobsStorage(azurite.connectionString, container));
    const instanceB = new ETagGuardedStorage(new BlobsStorage(azurite.connectionString, container));
    const { winner, loserError } = await raceTwoInstances(instanceA, instanceB, 'blob-race');
    assert.match(String((loserError as Error)?.message), /eTag conflict/);
    assert.deepEqual(winner, { step: 'asked direction (A)', turns: 2 });
  });

  it('without the guard botbuilder 4.23 saves with eTag "*" and the last writer wins (why the guard exists)', async () => {
    const container = 'etag-unguarded';
    const instanceA = new BlobsStorage(azurite.connectionString, container);
    const instanceB = new BlobsStorage(azurite.connectionString, container);
    const { winner, loserError } = await raceTwoInstances(instanceA, instanceB, 'blob-lww');
    assert.equal(loserError, undefined);
    assert.deepEqual(winner, { step: 'asked time (B)', turns: 2 }, 'A’s turn was silently lost');
  });

  it('sequential turns on two instances keep working: each read brings the current eTag', async () => {
    const container = 'etag-sequential';
    const instances = [
      new ETagGuardedStorage(new BlobsStorage(azurite.connectionString, container)),
      new ETagGuardedStorage(new BlobsStorage(azurite.connectionString, container)),
    ];
    for (let i = 0; i < 6; i++) {
      const state = new ConversationState(instances[i % 2]);
      const ctx = turn('alternating');
      const prop = state.createProperty<{ turns: number }>('count');
      const current = await prop.get(ctx, { turns: 0 });
      await prop.set(ctx, { turns: (current?.turns ?? 0) + 1 });
      await state.saveChanges(ctx);
    }
    const ctx = turn('alternating');
    assert.deepEqual(await new ConversationState(instances[0]).createProperty('count').get(ctx), { turns: 6 });
  });

  it('keeps unicode state whole in Blob Storage', async () => {
    const storage = new ETagGuardedStorage(new BlobsStorage(azurite.connectionString, 'unicode'));
    const text = 'Café → 504 🚋 東 ﷽ \u0000 "quoted" \\ back';
    await storage.write({ k: { text } });
    const read = await storage.read(['k']);
    assert.equal((read.k as { text: string }).text, text);
  });
});

describe('storage chosen by config', () => {
  it('memory by default, blob when STORAGE_KIND=blob (and the connection string is required)', () => {
    const memory = createStorage(loadConfig({}));
    assert.deepEqual(memory.description, { kind: 'memory' });
    const blob = createStorage(loadConfig({ STORAGE_KIND: 'blob', BlobStorageConnectionString: azurite.connectionString, STORAGE_CONTAINER: 'from-env' }));
    assert.deepEqual(blob.description, { kind: 'blob', container: 'from-env' });
    const recovering = (blob.storage as ETagGuardedStorage).inner as RecoveringStorage;
    assert.ok(recovering.instance instanceof BlobsStorage);
    assert.throws(() => loadConfig({ STORAGE_KIND: 'blob' }), /BlobStorageConnectionString must be set/);
    assert.throws(() => loadConfig({ STORAGE_KIND: 'disk' }), /STORAGE_KIND must be memory or blob/);
    assert.throws(() => loadConfig({ STORAGE_CONTAINER: 'Bad_Name' }), /STORAGE_CONTAINER/);
  });

  it('config/azure.yaml (what infra/main.bicep deploys) chooses blob storage behind a trusted proxy', () => {
    const config = loadConfig({ CONFIG_FILE: 'config/azure.yaml', BlobStorageConnectionString: azurite.connectionString });
    assert.deepEqual(createStorage(config).description, { kind: 'blob', container: 'bot-state' });
    assert.equal(config.ops.rateLimit.trustProxy, true);
  });

  it('never puts the connection string in the description that gets logged', () => {
    const blob = createStorage(loadConfig({ STORAGE_KIND: 'blob', BlobStorageConnectionString: azurite.connectionString }));
    assert.doesNotMatch(JSON.stringify(blob.description), /AccountKey/);
    assert.doesNotMatch(JSON.stringify(blob.storage), /AccountKey/);
  });
});

describe('RecoveringStorage', () => {
  it('builds a fresh storage after a failure to reach it, not after an eTag conflict or a 4xx', async () => {
    let built = 0;
    let mode: 'down' | 'conflict' | 'bad request' | 'up' = 'down';
    const resets: unknown[] = [];
    const storage = new RecoveringStorage(() => {
      const id = ++built;
      const fail = () => {
        if (mode === 'down') throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        if (mode === 'conflict') throw new Error('Storage: error writing "k" due to eTag conflict.');
        if (mode === 'bad request') throw Object.assign(new Error('bad'), { statusCode: 400 });
      };
      return {
        read: async () => (fail(), { k: { id } }),
        write: async () => fail(),
        delete: async () => fail(),
      };
    }, (err) => resets.push(err));
    await assert.rejects(storage.read(['k']), /ECONNREFUSED/);
    assert.equal(built, 2, 'rebuilt after the connection failure');
    mode = 'conflict';
    await assert.rejects(storage.write({ k: {} }), /eTag conflict/);
    mode = 'bad request';
    await assert.rejects(storage.delete(['k']), /bad/);
    assert.equal(built, 2, 'not rebuilt for a conflict or a 4xx');
    mode = 'up';
    assert.deepEqual(await storage.read(['k']), { k: { id: 2 } });
    assert.equal(resets.length, 1);
  });
});
