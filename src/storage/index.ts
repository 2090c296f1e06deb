/**
 * Where conversation and user state live, chosen by config storage.kind (or STORAGE_KIND):
 * - memory: botbuilder's MemoryStorage, for `npm start` and tests; lost on restart, one process only;
 *   bounded by BoundedMemoryStorage (10,000 keys, least recently used dropped first; 24 h idle);
 * - blob: botbuilder-azure-blobs' BlobsStorage in the container storage.container (default
 *   bot-state) of BlobStorageConnectionString; what several instances behind Azure Bot Service share.
 * Both are wrapped in ETagGuardedStorage so concurrent turns of one conversation are refused on a
 * stale eTag instead of overwriting each other; BlobsStorage also in RecoveringStorage, so a
 * storage account that was unreachable for a while is used again once it is back.
 */
import type { Storage } from 'botbuilder';
import type { Config } from '../config';
import { BoundedMemoryStorage } from './bounded-memory-storage';
import { ETagGuardedStorage } from './etag-storage';
import { RecoveringStorage } from './recovering-storage';

export const DEFAULT_CONTAINER = 'bot-state';

export interface StorageChoice {
  storage: Storage;
  /** For logs: the kind and, for blob, the container (never the connection string). */
  description: { kind: 'memory' | 'blob'; container?: string };
}

export function createStorage(config: Pick<Config, 'storage' | 'secrets'>, onReset?: (err: unknown) => void): StorageChoice {
  if (config.storage.kind === 'blob') {
    // Loaded only when asked for: the Azure SDK is large and not needed locally.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
    const container = config.storage.container ?? DEFAULT_CONTAINER;
    const connection = config.secrets.BlobStorageConnectionString;
    return {
      // eTags on top; below them a BlobsStorage that is rebuilt after a failure to reach the service.
      storage: new ETagGuardedStorage(new RecoveringStorage(() => new BlobsStorage(connection, container), onReset)),
      description: { kind: 'blob', container },
    };
  }
  return { storage: new ETagGuardedStorage(new BoundedMemoryStorage()), description: { kind: 'memory' } };
}

export { BoundedMemoryStorage, type MemoryBounds } from './bounded-memory-storage';
export { ETagGuardedStorage } from './etag-storage';
export { RecoveringStorage } from './recovering-storage';
