import type { Storage, StoreItem, StoreItems } from 'botbuilder';

/**
 * Makes bot state writes optimistic-concurrency safe.
 *
 * botbuilder's BotState.saveChanges (4.23) sets `eTag = '*'` on the state it read before writing
 * it back, which BlobsStorage and MemoryStorage both treat as "overwrite whatever is there": two
 * instances that handle turns of one conversation at the same time would silently lose one
 * turn's state (last writer wins). This wrapper remembers the eTag each item had when it was read
 * and puts it back in place of '*' when that same object is written, so the storage refuses a
 * stale write ("eTag conflict", HTTP 412 in Blob Storage) instead.
 *
 * Limits (documented in docs/OPERATIONS.md):
 * - an item nobody has written yet has no eTag, so the very first write of a new conversation is
 *   unconditional (BlobsStorage offers no create-only write);
 * - after a successful write the new eTag is not known (BlobsStorage.write returns nothing), so a
 *   second write of the same object in the same turn is unconditional again.
 */
export class ETagGuardedStorage implements Storage {
  private readonly readETags = new WeakMap<object, string>();

  constructor(readonly inner: Storage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const key of keys) {
      const item: unknown = items[key];
      if (isItem(item) && typeof item.eTag === 'string' && item.eTag !== '*' && item.eTag !== '') {
        this.readETags.set(item, item.eTag);
      }
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const guarded: StoreItems = {};
    const written: object[] = [];
    for (const [key, item] of Object.entries(changes)) {
      const known = isItem(item) ? this.readETags.get(item) : undefined;
      if (isItem(item) && known !== undefined && (item.eTag === '*' || item.eTag === undefined)) {
        guarded[key] = { ...item, eTag: known };
        written.push(item);
      } else {
        guarded[key] = item;
      }
    }
    await this.inner.write(guarded);
    for (const item of written) this.readETags.delete(item);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

function isItem(value: unknown): value is StoreItem {
  return typeof value === 'object' && value !== null;
}
