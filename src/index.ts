// Starts the bot: settings → model → storage → app (ops, adapter, bot, pages) → listen. After
// Microsoft's core-bot sample: `npm start`, then point the Bot Framework Emulator at
// http://localhost:3978/api/messages (no app id or password needed locally).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app';
import { ConfigError, PROJECT_ROOT, loadConfig, predictionThreshold } from './config';
import { loadNewestVersion } from './model/load-predictor';
import { ReloadablePredictor, type ReloadOutcome } from './model/reloadable';
import { createLogger } from './ops';
import { createStorage } from './storage';

// JSON logs with secrets redacted (src/ops/logger.ts).
const logger = createLogger();

async function main(): Promise<void> {
  const envFile = resolve(PROJECT_ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig();

  // The newest valid model version (models/vN); on SIGHUP the newest again, swapped in without
  // stopping a turn (src/model/reloadable.ts). A broken newest version is skipped with a warning.
  const loadOptions = { threshold: predictionThreshold(config), log: (message: string) => logger.info(message), warn: (message: string) => logger.warn(message) };
  const load = () => loadNewestVersion(config.paths, loadOptions);
  const first = await load();
  logger.info({ model: first.predictor.info.version, backend: first.predictor.info.backend, dir: first.version.modelDir }, 'model loaded');
  let onReload: (outcome: ReloadOutcome) => void = () => undefined;
  const predictor = new ReloadablePredictor(first.predictor, { load, logger, onReload: (outcome) => onReload(outcome) });

  // Storage by config (memory | blob), eTag-guarded. More cores or machines: more processes
  // sharing Blob storage (docs/OPERATIONS.md), not threads.
  const { storage, description } = createStorage(config, (err) =>
    logger.warn({ err }, 'state storage could not be reached; it will be set up again on the next use'),
  );
  logger.info({ storage: description }, 'state storage');
  const { server, ops, host } = createApp({ config, predictor, logger, storage, port: config.server.port });
  server.listen(config.server.port, () => {
    logger.info({ url: `${server.url}/api/messages`, auth: config.secrets.MicrosoftAppId ? 'on' : 'off (local)' }, 'listening');
  });
  // SIGTERM/SIGINT: stop accepting, finish turns in flight (their state is saved), exit 0.
  ops.shutdownOn(server, host.turns);
  // SIGHUP (after `npm run refresh` wrote a new version): load it fully, then swap. Counted in
  // model_reloads_total; a load that fails leaves the loaded model answering.
  onReload = (outcome) => ops.metrics.modelReloads.inc({ outcome });
  process.on('SIGHUP', () => {
    logger.info({ signal: 'SIGHUP', model: predictor.info.version }, 'reloading the model');
    void predictor.reload();
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    logger.fatal(err.message);
  } else {
    logger.fatal({ err }, 'could not start');
  }
  // Also in plain words on stderr (a bad model file names the file: ArtifactError).
  process.stderr.write(`streetcar-delay-bot cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  logger.flush();
  process.exit(1);
});
