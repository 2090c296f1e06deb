import type { Storage, StoreItems } from 'botbuilder';

/**
 * Recreates the underlying storage after it failed for a reason other than the request itself.
 *
 * BlobsStorage creates its container once, on first use, and keeps that promise: if Blob Storage
 * cannot be reached at that moment (a network blip at start, the account not yet provisioned), the
 * rejected promise is kept too and every later read and write fails — until the process restarts
 * — even after Blob Storage is back. Here such a failure drops the instance, and the next call
 * builds a fresh one (which tries the container again).
 *
 * Not reset on: an eTag conflict (a correct refusal) or a 4xx answer (the request was wrong, the
 * service is fine).
 */
export class RecoveringStorage implements Storage {
  private current: Storage;

  constructor(
    private readonly create: () => Storage,
    private readonly onReset?: (err: unknown) => void,
  ) {
    this.current = create();
  }

  /** The storage in use now. */
  get instance(): Storage {
    return this.current;
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.run((s) => s.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.run((s) => s.write(changes));
  }

  delete(keys: string[]): Promise<void> {
    return this.run((s) => s.delete(keys));
  }

  private async run<T>(operation: (storage: Storage) => Promise<T>): Promise<T> {
    const used = this.current;
    try {
      return await operation(used);
    } catch (err) {
      if (shouldReset(err) && this.current === used) {
        this.current = this.create();
        this.onReset?.(err);
      }
      throw err;
    }
  }
}

function shouldReset(err: unknown): boolean {
  if (err instanceof Error && /eTag conflict/i.test(err.message)) return false;
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return false;
  return true;
}
