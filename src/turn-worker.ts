// One turn worker thread (started by src/ops/turn-pool.ts from src/index.ts): loads the model,
// builds the same adapter and bot as the HTTP thread would (src/bot-runtime.ts) and runs the
// turns the pool sends it. Its conversations always come to it, so in-memory state works here too.
import { parentPort, workerData } from 'node:worker_threads';
import { createBotRuntime, type BotRuntime } from './bot-runtime';
import { predictionThreshold, type Config } from './config';
import { loadPredictor } from './model/load-predictor';
import { createLogger, Metrics } from './ops';
import type { FromWorker, ToWorker } from './ops/turn-pool';
import { createStorage } from './storage';

export interface TurnWorkerData {
  config: Config;
  /** The server's port, for links to its own chart images. */
  port: number;
  /** Set by the pool. */
  index: number;
}

const port = parentPort;
if (!port) throw new Error('src/turn-worker.ts runs as a worker thread (server.turnWorkers), not on its own');
const data = workerData as TurnWorkerData;
const logger = createLogger().child({ worker: data.index });
const send = (message: FromWorker) => port.postMessage(message);

async function start(): Promise<{ runtime: BotRuntime; metrics: Metrics }> {
  const { config } = data;
  const predictor = await loadPredictor(config.paths, { threshold: predictionThreshold(config) });
  // Process-wide metrics (memory, GC, event loop) come from the HTTP thread; these are the turns'.
  const metrics = new Metrics({ defaultMetrics: false });
  const { storage } = createStorage(config, (err) =>
    logger.warn({ err }, 'state storage could not be reached; it will be set up again on the next use'),
  );
  const runtime = createBotRuntime({ config, predictor: metrics.countPredictions(predictor), logger, storage, metrics, port: data.port });
  send({ kind: 'ready', model: predictor.info.version, backend: predictor.info.backend });
  return { runtime, metrics };
}

const started = start();
started.catch((err: unknown) => {
  send({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
  logger.flush();
  process.exit(1); // ends this thread only
});

port.on('message', (message: ToWorker) => {
  void started.then(async ({ runtime, metrics }) => {
    if (message.kind === 'turn') {
      send({ kind: 'turn', id: message.id, result: await runtime.turns.run(message.request) });
    } else {
      send({ kind: 'metrics', id: message.id, metrics: await metrics.snapshot() });
    }
  });
});
