import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';

export const DEFAULT_MAX_KEYS = 10_000;
export const DEFAULT_IDLE_MS = 24 * 60 * 60 * 1000;

export interface MemoryBounds {
  /** The most keys kept; past it the least recently read or written key is dropped. */
  maxKeys?: number;
  /** A key neither read nor written for this long is dropped (it reads as missing). */
  idleMs?: number;
  /** Milliseconds, for tests. Default performance.now: monotonic, so a wall-clock jump expires nothing. */
  now?: () => number;
}

/**
 * botbuilder's MemoryStorage with a bound: it never forgets on its own, so a process that sees
 * many conversations (a client inventing conversation ids, or just a long run) grows without
 * limit. Here at most `maxKeys` keys are kept, least recently used dropped first, and keys idle
 * for `idleMs` are dropped too. Items, eTags and conflicts are MemoryStorage's own.
 */
export class BoundedMemoryStorage implements Storage {
  /**
   * MemoryStorage's dictionary, handed to its constructor: its delete() only sets a key to
   * undefined, so the key itself would stay for ever; dropped keys are removed from here too.
   */
  private readonly memory: Record<string, string> = {};
  private readonly inner = new MemoryStorage(this.memory);
  /** Each stored key's last use, least recent first (a Map keeps insertion order; use re-inserts). */
  private readonly lastUsed = new Map<string, number>();
  private readonly maxKeys: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(bounds: MemoryBounds = {}) {
    this.maxKeys = bounds.maxKeys ?? DEFAULT_MAX_KEYS;
    this.idleMs = bounds.idleMs ?? DEFAULT_IDLE_MS;
    this.now = bounds.now ?? (() => performance.now());
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) throw new RangeError(`maxKeys must be a whole number ≥ 1; got ${this.maxKeys}`);
    if (!(this.idleMs > 0)) throw new RangeError(`idleMs must be > 0; got ${this.idleMs}`);
  }

  /** How many keys are stored. */
  get size(): number {
    return this.lastUsed.size;
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.dropIdle();
    const items = await this.inner.read(keys);
    for (const key of Object.keys(items)) this.touch(key);
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.dropIdle();
    // Counted before writing: afterwards every key in `changes` is stored, even when the write
    // fails on an eTag conflict (only a key that is already stored can have one).
    for (const key of Object.keys(changes)) this.touch(key);
    try {
      await this.inner.write(changes);
    } finally {
      await this.dropLeastRecent(this.lastUsed.size - this.maxKeys);
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.drop(keys);
  }

  private touch(key: string): void {
    this.lastUsed.delete(key);
    this.lastUsed.set(key, this.now());
  }

  private async dropLeastRecent(count: number): Promise<void> {
    const keys: string[] = [];
    for (const key of this.lastUsed.keys()) {
      if (keys.length >= count) break;
      keys.push(key);
    }
    if (keys.length > 0) await this.drop(keys);
  }

  /** Idle keys are all at the front of lastUsed, so this looks at no more than it drops (plus one). */
  private async dropIdle(): Promise<void> {
    const cutoff = this.now() - this.idleMs;
    const idle: string[] = [];
    for (const [key, usedAt] of this.lastUsed) {
      if (usedAt > cutoff) break;
      idle.push(key);
    }
    if (idle.length > 0) await this.drop(idle);
  }

  private async drop(keys: string[]): Promise<void> {
    await this.inner.delete(keys);
    for (const key of keys) {
      this.lastUsed.delete(key);
      delete this.memory[key];
    }
  }
}
