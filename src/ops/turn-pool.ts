import { Worker } from 'node:worker_threads';
import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import { InFlight } from './in-flight';
import type { MetricsSnapshot } from './metrics';
import type { TurnRequest, TurnResult, TurnRunner } from './run-turn';

/** From the pool to a worker. */
export type ToWorker = { kind: 'turn'; id: number; request: TurnRequest } | { kind: 'metrics'; id: number };

/** From a worker to the pool. */
export type FromWorker =
  | { kind: 'ready'; model: string; backend: string }
  | { kind: 'failed'; message: string }
  | { kind: 'turn'; id: number; result: TurnResult }
  | { kind: 'metrics'; id: number; metrics: MetricsSnapshot };

export interface TurnPoolOptions {
  /** The worker's entry file (src/turn-worker.ts). */
  script: string;
  size: number;
  /** Handed to each worker as workerData, with its index added. */
  workerData: Record<string, unknown>;
  logger: Logger;
  /** How long a worker may take to load the model and say it is ready. */
  startTimeoutMs?: number;
}

/** What the channel is told while a worker that died is started again: 503, so it retries. */
const RESTARTING: TurnResult = { status: 503, body: 'the bot is restarting; try again shortly' };
/** For a turn whose worker died under it: its state was not saved, so the rider loses nothing by resending. */
const LOST: TurnResult = { status: 500, body: 'the bot could not process this activity' };

/**
 * Runs bot turns on worker threads, each conversation always on the same worker (a hash of its
 * channel and conversation id), so one Node process uses every core:
 * - the HTTP thread reads, checks and answers requests and serves the web pages; each worker
 *   runs the CloudAdapter, the bot, its state storage and the reply to the channel;
 * - per-conversation order and in-memory state stay correct because a conversation never moves
 *   (with blob storage, instances share state as before; within one, workers are just threads);
 * - a worker that dies is logged and started again; its turns in flight get 500 (their state was
 *   not saved), and turns for it while it restarts 503, which channels retry.
 */
export class TurnWorkerPool implements TurnRunner {
  private readonly slots: Slot[];
  private readonly inFlight = new InFlight();
  private nextId = 1;
  private closing = false;

  private constructor(options: TurnPoolOptions) {
    this.slots = Array.from({ length: options.size }, (_, index) => new Slot(index, options, () => this.closing));
  }

  /** Starts every worker and resolves once all have loaded the model; rejects with the first failure. */
  static async start(options: TurnPoolOptions): Promise<TurnWorkerPool> {
    if (options.size < 1) throw new Error('a turn worker pool needs at least one worker');
    const pool = new TurnWorkerPool(options);
    try {
      await Promise.all(pool.slots.map((slot) => slot.start()));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  get turnsInFlight(): number {
    return this.inFlight.size;
  }

  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  /** The worker a conversation's turns run on. */
  workerFor(activity: Pick<Activity, 'channelId' | 'conversation'>): number {
    return fnv1a(`${activity.channelId ?? ''}/${activity.conversation?.id ?? ''}`) % this.slots.length;
  }

  async run(request: TurnRequest): Promise<TurnResult> {
    const slot = this.slots[this.workerFor(request.activity)];
    this.inFlight.enter();
    try {
      return await slot.call<TurnResult>({ kind: 'turn', id: this.nextId++, request }, RESTARTING, LOST);
    } finally {
      this.inFlight.leave();
    }
  }

  /** Each live worker's metrics (one that does not answer within 2 s is left out). */
  async metrics(): Promise<MetricsSnapshot[]> {
    const answers = await Promise.all(
      this.slots.map(async (slot) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), 2000);
        });
        try {
          return await Promise.race([slot.call<MetricsSnapshot | undefined>({ kind: 'metrics', id: this.nextId++ }, undefined, undefined), late]);
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return answers.filter((m): m is MetricsSnapshot => m !== undefined);
  }

  /** Workers not serving now (restarting after a crash): /readyz is 503 while there are any. */
  get workersDown(): number {
    return this.slots.filter((slot) => !slot.serving).length;
  }

  /** Worker `index`'s thread while it runs (for diagnostics, and for tests that make it crash). */
  threadOf(index: number): Worker | undefined {
    return this.slots[index]?.thread;
  }

  /** Stops every worker (after the shutdown has waited for idle()). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.stop()));
  }
}

/** One worker thread and the calls waiting for its answers. */
class Slot {
  private worker: Worker | undefined;
  private ready = false;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; lost: unknown }>();
  private restarts = 0;

  constructor(
    private readonly index: number,
    private readonly options: TurnPoolOptions,
    private readonly closing: () => boolean,
  ) {}

  get serving(): boolean {
    return this.ready && this.worker !== undefined;
  }

  get thread(): Worker | undefined {
    return this.worker;
  }

  /** Spawns the worker; resolves when it is ready, rejects when it fails to start. */
  start(): Promise<void> {
    const { script, workerData, logger, startTimeoutMs = 120_000 } = this.options;
    const worker = new Worker(bootstrap(script), {
      eval: true,
      workerData: { ...workerData, index: this.index },
      execArgv: [], // V8 flags (--max-semi-space-size) already hold for every thread
    });
    this.worker = worker;
    this.ready = false;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`turn worker ${this.index} did not load the model within ${startTimeoutMs} ms`));
        void worker.terminate();
      }, startTimeoutMs);
      worker.on('message', (message: FromWorker) => {
        if (message.kind === 'ready') {
          clearTimeout(timer);
          this.ready = true;
          this.restarts = 0;
          logger.info({ worker: this.index, model: message.model, backend: message.backend }, 'turn worker ready');
          resolve();
        } else if (message.kind === 'failed') {
          clearTimeout(timer);
          reject(new Error(`turn worker ${this.index} could not start: ${message.message}`));
        } else {
          const waiting = this.pending.get(message.id);
          this.pending.delete(message.id);
          waiting?.resolve(message.kind === 'turn' ? message.result : message.metrics);
        }
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        logger.error({ worker: this.index, err }, 'turn worker failed');
        reject(err);
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        if (this.worker !== worker) return;
        const wasServing = this.ready;
        this.worker = undefined;
        this.ready = false;
        const lost = [...this.pending.values()];
        this.pending.clear();
        for (const call of lost) call.resolve(call.lost);
        if (this.closing()) return;
        reject(new Error(`turn worker ${this.index} exited with code ${code} before it was ready`));
        if (wasServing) this.restartLater(code, lost.length);
      });
    });
  }

  /** Posts a call and waits for its answer; `absent` when there is no worker now, `lost` if it dies first. */
  call<T>(message: ToWorker, absent: T, lost: T): Promise<T> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(absent);
    return new Promise<T>((resolve) => {
      this.pending.set(message.id, { resolve: resolve as (value: unknown) => void, lost });
      worker.postMessage(message);
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  /** A worker died while serving: start another, sooner the first time, at most every 30 s after. */
  private restartLater(code: number, lostTurns: number): void {
    const delay = Math.min(30_000, 500 * 2 ** this.restarts++);
    this.options.logger.error({ worker: this.index, code, lostTurns, restartInMs: delay }, 'turn worker stopped; starting another');
    setTimeout(() => {
      if (this.closing()) return;
      this.start().catch((err: unknown) => {
        this.options.logger.error({ worker: this.index, err }, 'turn worker could not start again');
        this.restartLater(code, 0);
      });
    }, delay).unref();
  }
}

/**
 * The code a worker starts with. A TypeScript entry (the project runs through tsx) is loaded with
 * tsx's require hook registered inside the worker: loader flags such as `--import tsx` do not
 * reach worker threads' module loading reliably, and V8 flags may not be passed to them at all.
 */
function bootstrap(script: string): string {
  if (!script.endsWith('.ts')) return `require(${JSON.stringify(script)});`;
  const tsx = require.resolve('tsx/cjs/api');
  return `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(script)});`;
}

/** FNV-1a, 32 bits: a fast, well-spread hash for picking a conversation's worker. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
