import type { Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { createBotRuntime } from './bot-runtime';
import type { Config } from './config';
import type { DelayPredictor } from './model/types';
import { createOps, type Ops } from './ops';
import type { TurnRunner } from './ops/run-turn';
import type { TurnWorkerPool } from './ops/turn-pool';
import { createServer } from './server';

export interface AppParts {
  config: Config;
  predictor: DelayPredictor;
  logger: Logger;
  storage: Storage;
  /** The port the server will listen on, for links to its own chart images (0 = not known yet). */
  port: number;
  /** Started turn workers (src/index.ts); without them, turns run on the HTTP thread. */
  workers?: TurnWorkerPool;
  env?: NodeJS.ProcessEnv;
}

export interface App {
  server: Server;
  ops: Ops;
  /** Where /api/messages turns run: the workers, or the bot on this thread. */
  turns: TurnRunner;
}

/**
 * Wires one running server: ops (metrics, guards, shutdown), the bot's turns (on worker threads,
 * or here through src/bot-runtime.ts) and the HTTP server. src/index.ts and the tests that need
 * the whole server build it here, so they cannot drift apart. Does not listen.
 */
export function createApp({ config, predictor, logger, storage, port, workers, env = process.env }: AppParts): App {
  // Not ready while a turn worker restarts: its conversations would get 503 here meanwhile.
  const workersDown = workers ? () => (workers.workersDown > 0 ? `${workers.workersDown} turn worker(s) restarting` : undefined) : undefined;
  const ops = createOps(config, logger, storage, env, workersDown);
  const counted = ops.metrics.countPredictions(predictor);
  let turns: TurnRunner;
  if (workers) {
    turns = workers;
    // GET /metrics sums the workers' turn and prediction counts into this thread's.
    ops.metrics.include(() => workers.metrics());
  } else {
    turns = createBotRuntime({ config, predictor: counted, logger, storage, metrics: ops.metrics, port }).turns;
  }
  const server = createServer({ config, predictor: counted, turns, logger, ops });
  return { server, ops, turns };
}
