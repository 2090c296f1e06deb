// Starts the bot: settings → model → storage, adapter, bot → HTTP server. After Microsoft's
// core-bot sample: `npm start`, then point the Bot Framework Emulator at
// http://localhost:3978/api/messages (no app id or password needed locally).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MemoryStorage, type Storage } from 'botbuilder';
import pino from 'pino';
import { chartSetting, createBot } from './bot';
import { ConfigError, PROJECT_ROOT, loadConfig, type Config } from './config';
import { loadPredictor } from './model/load-predictor';
import { createServer } from './server';

const logger = pino({ name: 'streetcar-delay-bot', level: process.env.LOG_LEVEL ?? 'info' });

function createStorage(config: Config): Storage {
  if (config.storage.kind === 'blob') {
    // Loaded only when asked for: the Azure SDK is large and not needed locally.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
    return new BlobsStorage(config.secrets.BlobStorageConnectionString, config.storage.container ?? 'bot-state');
  }
  return new MemoryStorage();
}

async function main(): Promise<void> {
  const envFile = resolve(PROJECT_ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig();

  const threshold = config.prediction.threshold === 'auto' ? undefined : config.prediction.threshold;
  const predictor = await loadPredictor(
    { modelDir: config.paths.modelDir, pipelineDir: config.paths.pipelineDir },
    { threshold, log: (message) => logger.info(message) },
  );
  logger.info({ model: predictor.info.version, backend: predictor.info.backend }, 'model loaded');

  const { secrets } = config;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: secrets.MicrosoftAppId,
    MicrosoftAppPassword: secrets.MicrosoftAppPassword,
    MicrosoftAppType: secrets.MicrosoftAppType || 'MultiTenant',
    MicrosoftAppTenantId: secrets.MicrosoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);
  const chart = chartSetting(config, config.server.port);
  const { bot, onTurnError } = createBot({ predictor, storage: createStorage(config), logger, chart });
  adapter.onTurnError = onTurnError;

  const server = createServer({ config, predictor, adapter, bot, logger });
  server.listen(config.server.port, () => {
    logger.info({ url: `${server.url}/api/messages`, auth: secrets.MicrosoftAppId ? 'on' : 'off (local)' }, 'listening');
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    logger.fatal(err.message);
  } else {
    logger.fatal({ err }, 'could not start');
  }
  process.exit(1);
});
