// src/index.ts for the two-process alert test, with one difference: "now" is a clock the test
// sets through a file, ALERTS_TEST_CLOCK_FILE, holding "<ISO instant>@<epoch ms>@<rate>": at
// that real moment the clock reads that instant, and it runs `rate` times as fast as the real
// one (0: stopped). Read on every call, so the test can move both processes' clocks at once.
// Everything else is wired as src/index.ts wires it.
import { readFileSync } from 'node:fs';
import { createApp } from '../../src/app';
import { loadConfig, predictionThreshold } from '../../src/config';
import { loadPredictor } from '../../src/model/load-predictor';
import { createLogger } from '../../src/ops';
import { createStorage } from '../../src/storage';
const logger = createLogger();

async function main(): Promise<void> {
  const file = process.env.ALERTS_TEST_CLOCK_FILE ?? '';
  const clock = (): Date => {
    const [iso, at, rate] = readFileSync(file, 'utf8').trim().split('@');
    const start = Date.parse(iso);
    const origin = Number(at);
    const speed = Number(rate);
    if (!Number.isFinite(start) || !Number.isFinite(origin) || !(speed >= 0)) throw new Error(`${file} must hold "<ISO instant>@<epoch ms>@<rate>"`);
    return new Date(start + (Date.now() - origin) * speed);
  };
  clock();
  const config = loadConfig();
  const predictor = await loadPredictor(config.paths, { threshold: predictionThreshold(config) });
  const { storage, description } = createStorage(config, (err) => logger.warn({ err }, 'state storage could not be reached'));
  logger.info({ storage: description }, 'state storage');
  const { server, ops, host, alerts } = createApp({ config, predictor, logger, storage, port: config.server.port, clock });
  server.listen(config.server.port, () => logger.info({ url: `${server.url}/api/messages`, instance: alerts?.scheduler.id }, 'listening'));
  ops.shutdownOn(server, host.turns);
}

main().catch((err: unknown) => {
  process.stderr.write(`clock-server cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
