import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The project folder: relative paths in the YAML file are resolved against it. */
export const PROJECT_ROOT = resolve(__dirname, '..');
export const DEFAULT_CONFIG_FILE = resolve(PROJECT_ROOT, 'config/default.yaml');

const threshold = z.union([z.literal('auto'), z.number().gt(0).lt(1)]);

const settingsSchema = z.object({
  timeZone: z.literal('America/Toronto'),
  data: z.object({ folder: z.string().min(1) }),
  model: z.object({ dir: z.string().min(1) }),
  pipeline: z.object({ dir: z.string().min(1) }),
  prediction: z.object({ threshold: threshold.default('auto') }),
  server: z
    .object({
      port: z.number().int().min(0).max(65535).default(3978),
    })
    .default({ port: 3978 }),
  storage: z
    .object({
      kind: z.enum(['memory', 'blob']).default('memory'),
      container: z.string().min(3).optional(),
    })
    .default({ kind: 'memory' }),
  web: z.object({ chat: z.union([z.literal('auto'), z.boolean()]).default('auto') }).default({ chat: 'auto' }),
  bot: z
    .object({
      // The hourly chart in answer cards: link = an image URL on this server (small cards, drawn
      // when the client fetches it), inline = a PNG data: URI, off = no chart, auto = link when
      // the URL is known (publicUrl, or localhost without an app id), else inline.
      chart: z.enum(['auto', 'link', 'inline', 'off']).default('auto'),
      // The https address channels reach this server at (PUBLIC_URL in the environment wins).
      publicUrl: z.string().url().optional(),
      // "Typing…" is shown only when a turn takes longer than this (answers usually take a few ms).
      typingDelayMs: z.number().int().min(0).max(10_000).default(400),
    })
    .default({ chart: 'auto', typingDelayMs: 400 }),
  // Operations (src/ops): rate limits, timeouts, shutdown. Every field has a default.
  ops: z
    .object({
      rateLimit: z
        .object({
          /** Requests per client address per second on the web pages and JSON API (a token bucket). */
          perSecond: z.number().positive().default(20),
          /** How many requests a client may send at once before the rate applies. */
          burst: z.number().int().positive().default(60),
          /** Behind a reverse proxy (App Service): take the client from X-Forwarded-For. */
          trustProxy: z.boolean().default(false),
        })
        .default({ perSecond: 20, burst: 60, trustProxy: false }),
      /** How long the bot waits for the channel to accept one reply (retries included) before giving up. */
      replyTimeoutMs: z.number().int().positive().default(10_000),
      /** On SIGTERM: how long turns in flight may take to finish before the process exits anyway. */
      shutdownGraceMs: z.number().int().positive().default(20_000),
    })
    .default({ rateLimit: { perSecond: 20, burst: 60, trustProxy: false }, replyTimeoutMs: 10_000, shutdownGraceMs: 20_000 }),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Bot Framework credentials: environment only, never in the YAML file or in logs. */
export interface Secrets {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' | '';
  MicrosoftAppTenantId: string;
  /** Azure Blob Storage connection string, when storage.kind is blob. */
  BlobStorageConnectionString: string;
}

export interface Config extends Settings {
  /** Absolute paths, resolved from the YAML file's relative ones. */
  paths: { dataFolder: string; modelDir: string; pipelineDir: string };
  secrets: Secrets;
  /** Whether /chat and its local Direct Line are served. */
  chatEnabled: boolean;
  source: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(PROJECT_ROOT, path);
}

const appTypes = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI', ''] as const;

function readSecrets(env: NodeJS.ProcessEnv): Secrets {
  const type = (env.MicrosoftAppType ?? '').trim();
  if (!(appTypes as readonly string[]).includes(type)) {
    throw new ConfigError(
      `MicrosoftAppType must be one of MultiTenant, SingleTenant, UserAssignedMSI or empty; got "${type}".`,
    );
  }
  const secrets: Secrets = {
    MicrosoftAppId: (env.MicrosoftAppId ?? '').trim(),
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType: type as Secrets['MicrosoftAppType'],
    MicrosoftAppTenantId: (env.MicrosoftAppTenantId ?? '').trim(),
    BlobStorageConnectionString: env.BlobStorageConnectionString ?? '',
  };
  if (secrets.MicrosoftAppType === 'SingleTenant' && !secrets.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppType is SingleTenant, so MicrosoftAppTenantId must be set too.');
  }
  if (secrets.MicrosoftAppId && !secrets.MicrosoftAppPassword && secrets.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('MicrosoftAppId is set but MicrosoftAppPassword is empty.');
  }
  return secrets;
}

/**
 * Reads the YAML settings and the environment, validates both, and says clearly what is wrong.
 * Throws ConfigError with a message meant for the person starting the program.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, file = env.CONFIG_FILE ?? DEFAULT_CONFIG_FILE): Config {
  const source = absolute(file);
  let raw: unknown;
  try {
    raw = parse(readFileSync(source, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new ConfigError(`Cannot read settings file ${source}: ${why}`);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new ConfigError(`Settings file ${source} is not valid:\n${problems.join('\n')}`);
  }
  const settings = parsed.data;
  if (env.PORT !== undefined && env.PORT !== '') {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(`PORT must be a whole number from 0 to 65535; got "${env.PORT}".`);
    }
    settings.server.port = port;
  }
  if (env.PUBLIC_URL !== undefined && env.PUBLIC_URL !== '') {
    if (!/^https?:\/\/[^\s/]+/.test(env.PUBLIC_URL)) {
      throw new ConfigError(`PUBLIC_URL must be an http(s) address such as https://bot.example.com; got "${env.PUBLIC_URL}".`);
    }
    settings.bot.publicUrl = env.PUBLIC_URL.replace(/\/+$/, '');
  }
  // Storage can be chosen in the environment too (App Service application settings).
  if (env.STORAGE_KIND !== undefined && env.STORAGE_KIND !== '') {
    if (env.STORAGE_KIND !== 'memory' && env.STORAGE_KIND !== 'blob') {
      throw new ConfigError(`STORAGE_KIND must be memory or blob; got "${env.STORAGE_KIND}".`);
    }
    settings.storage.kind = env.STORAGE_KIND;
  }
  if (env.STORAGE_CONTAINER !== undefined && env.STORAGE_CONTAINER !== '') {
    if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(env.STORAGE_CONTAINER)) {
      throw new ConfigError(`STORAGE_CONTAINER must be a valid blob container name (3-63 lower-case letters, digits, dashes); got "${env.STORAGE_CONTAINER}".`);
    }
    settings.storage.container = env.STORAGE_CONTAINER;
  }
  const secrets = readSecrets(env);
  if (settings.storage.kind === 'blob' && !secrets.BlobStorageConnectionString) {
    throw new ConfigError('storage.kind is blob, so BlobStorageConnectionString must be set in the environment.');
  }
  const chatEnabled = settings.web.chat === 'auto' ? secrets.MicrosoftAppId === '' : settings.web.chat;
  return {
    ...settings,
    paths: {
      dataFolder: absolute(settings.data.folder),
      modelDir: absolute(settings.model.dir),
      pipelineDir: absolute(settings.pipeline.dir),
    },
    secrets,
    chatEnabled,
    source,
  };
}

/** The decision threshold to load the model with: undefined = the one chosen on validation data (models/<v>/metadata.json). */
export function predictionThreshold(config: Pick<Config, 'prediction'>): number | undefined {
  return config.prediction.threshold === 'auto' ? undefined : config.prediction.threshold;
}
