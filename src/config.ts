import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The project folder: relative paths in the YAML file are resolved against it. */
export const PROJECT_ROOT = resolve(__dirname, '..');
export const DEFAULT_CONFIG_FILE = resolve(PROJECT_ROOT, 'config/default.yaml');

/** A value as the person who wrote the file will recognise it in a message. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

/** A number from min to max (a whole one unless `fraction`); whatever is wrong, the message gives the range. */
function between(min: number, max: number, fraction = false) {
  const error = (issue: { input?: unknown }) =>
    `must be ${fraction ? 'a number' : 'a whole number'} from ${min} to ${max}; got ${shown(issue.input)}`;
  const number = z.number({ error }).min(min, { error }).max(max, { error });
  return fraction ? number : number.int({ error });
}

// The decision threshold: auto (the one chosen on validation data) or a probability.
const thresholdError = (issue: { input?: unknown }) => `must be auto or a number between 0 and 1 (not 0 or 1); got ${shown(issue.input)}`;
const threshold = z.union(
  [z.literal('auto'), z.number().gt(0, { error: thresholdError }).lt(1, { error: thresholdError })],
  { error: thresholdError },
);

// live alerts (src/live): the TTC's GTFS-realtime service alerts feed (docs/OPERATIONS.md, "Live alerts").
export const TTC_ALERTS_URL = 'https://gtfsrt.ttc.ca/alerts/all';

/** An http(s) address with a host: the only kind the alerts feed client fetches. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !/\s/.test(value);
  } catch {
    return false;
  }
}
/** An http(s) address; the message gives `example`. */
function httpUrlSetting(example: string) {
  const error = (issue: { input?: unknown }) => `must be an http(s) address such as ${example}; got ${shown(issue.input)}`;
  return z.string({ error }).refine(isHttpUrl, { error });
}
const httpUrl = httpUrlSetting(TTC_ALERTS_URL);

/** An http(s) address from an environment variable, checked as its setting is; undefined when unset or empty. */
function envHttpUrl(env: NodeJS.ProcessEnv, name: string, example: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!isHttpUrl(value)) throw new ConfigError(`${name} must be an http(s) address such as ${example}; got ${shown(value)}.`);
  return value;
}
const LIVE_DEFAULTS = { enabled: false, alertsUrl: TTC_ALERTS_URL, pollSeconds: 60, timeoutMs: 5000 };

// npm run refresh (src/refresh): the City of Toronto's open-data portal (CKAN) and the newest log.
export const TORONTO_OPEN_DATA_URL = 'https://ckan0.cf.opendata.inter.prod-toronto.ca';
const REFRESH_DEFAULTS = {
  portalUrl: TORONTO_OPEN_DATA_URL,
  package: 'ttc-streetcar-delay-data',
  resource: 'TTC Streetcar Delay Data since 2025',
  folder: 'data/open-data',
  maxMegabytes: 200,
  timeoutMs: 30_000,
  downloadTimeoutMs: 600_000,
};

// Every object is strict: a misspelled key (`ratelimit:`) is an error, not a setting silently left
// at its default. The ranges are what is sensible to run with; every timer stays far below
// setTimeout's limit (2^31-1 ms: above it Node fires after 1 ms). docs/OPERATIONS.md lists them.
const settingsSchema = z.strictObject({
  timeZone: z.literal('America/Toronto'),
  data: z.strictObject({ folder: z.string().min(1) }),
  model: z.strictObject({ dir: z.string().min(1) }),
  pipeline: z.strictObject({ dir: z.string().min(1) }),
  prediction: z.strictObject({ threshold: threshold.default('auto') }),
  server: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(3978),
    })
    .default({ port: 3978 }),
  storage: z
    .strictObject({
      kind: z.enum(['memory', 'blob']).default('memory'),
      container: z.string().min(3).optional(),
    })
    .default({ kind: 'memory' }),
  web: z.strictObject({ chat: z.union([z.literal('auto'), z.boolean()]).default('auto') }).default({ chat: 'auto' }),
  bot: z
    .strictObject({
      // The hourly chart in answer cards: link = an image URL on this server (small cards, drawn
      // when the client fetches it), inline = a PNG data: URI, off = no chart, auto = link when
      // a public URL is set and the local /chat is off (its page may be opened under any host), else inline.
      chart: z.enum(['auto', 'link', 'inline', 'off']).default('auto'),
      // The https address channels reach this server at (PUBLIC_URL in the environment wins).
      publicUrl: z.string().url().optional(),
      // "Typing…" is shown only when a turn takes longer than this (answers usually take a few ms).
      typingDelayMs: between(0, 10_000).default(400),
    })
    .default({ chart: 'auto', typingDelayMs: 400 }),
  // Trip alerts (src/alerts): riders subscribe to a usual trip and the bot writes first. Every
  // field has a default; docs/ALERTS.md explains each.
  alerts: z
    .strictObject({
      /** Off: alert commands are answered with "not available here" and nothing is scheduled. */
      enabled: z.boolean().default(true),
      /** How often the scheduler looks for due alerts. 1 s (tests, demos) to 5 minutes. */
      tickSeconds: between(1, 300).default(15),
      /** A send missed while no instance was running still goes out this late; later, it is skipped (logged). */
      graceMinutes: between(0, 120).default(10),
      /** The most alerts one rider may keep. */
      maxPerRider: between(1, 100).default(10),
      /** The lead when the rider names none ("remind me about my 504 at 8"). */
      defaultLeadMinutes: between(5, 720).default(15),
      /** A subscription whose channel refuses this many alerts in a row (403/404: the bot was removed) is stopped. */
      stopAfterRefusals: between(1, 10).default(3),
    })
    .default({ enabled: true, tickSeconds: 15, graceMinutes: 10, maxPerRider: 10, defaultLeadMinutes: 15, stopAfterRefusals: 3 }),
  // Operations (src/ops): rate limits, timeouts, shutdown. Every field has a default.
  ops: z
    .strictObject({
      rateLimit: z
        .strictObject({
          /** Requests per client address per second on the web pages and JSON API (a token bucket).
           *  0.1 = one every 10 s; 10,000 is more than one instance serves, i.e. no limit. */
          perSecond: between(0.1, 10_000, true).default(20),
          /** How many requests a client may send at once before the rate applies. */
          burst: between(1, 100_000).default(60),
          /** Behind a reverse proxy (App Service): take the client from X-Forwarded-For. */
          trustProxy: z.boolean().default(false),
          /** With trustProxy: how many proxies in front of this server append to X-Forwarded-For; the
           *  client is that many entries from its right end (src/ops/rate-limit.ts). More than five
           *  hops between the internet and the app would be a mistake; no proxy is trustProxy: false. */
          proxyHops: between(1, 5).default(1),
        })
        .default({ perSecond: 20, burst: 60, trustProxy: false, proxyHops: 1 }),
      /** How long the bot waits for the channel to accept one reply (retries included) before giving up.
       *  Under 0.1 s not even a connection is made; after 2 minutes the rider has long stopped waiting. */
      replyTimeoutMs: between(100, 120_000).default(10_000),
      /** On SIGTERM: how long turns in flight may take to finish before the process exits anyway.
       *  At least 1 s so a turn can finish; at most 10 minutes (App Service kills after about 30 s anyway). */
      shutdownGraceMs: between(1000, 600_000).default(20_000),
    })
    .default({ rateLimit: { perSecond: 20, burst: 60, trustProxy: false, proxyHops: 1 }, replyTimeoutMs: 10_000, shutdownGraceMs: 20_000 }),
  // live alerts (src/live): polled in the background; answers read the last good copy.
  live: z
    .strictObject({
      /** Off unless set (config/default.yaml, tests and `npm start` stay off the network); config/azure.yaml turns it on. */
      enabled: z.boolean({ error: (issue) => `must be true or false; got ${shown(issue.input)}` }).default(LIVE_DEFAULTS.enabled),
      /** The GTFS-realtime alerts feed (protobuf FeedMessage). LIVE_ALERTS_URL in the environment wins. */
      alertsUrl: httpUrl.default(LIVE_DEFAULTS.alertsUrl),
      /** Seconds between polls: realtime feeds are usually refreshed every 30 s or so; at least 30 to be polite, at most 10 minutes. */
      pollSeconds: between(30, 600).default(LIVE_DEFAULTS.pollSeconds),
      /** One fetch, body included. At least 1 s; at most 20 s, below the shortest poll interval, so polls never pile up. */
      timeoutMs: between(1000, 20_000).default(LIVE_DEFAULTS.timeoutMs),
    })
    .default(() => ({ ...LIVE_DEFAULTS })),
  // npm run refresh (src/refresh): where the newest published log comes from and how it is fetched.
  refresh: z
    .strictObject({
      /** The open-data portal (a CKAN site); REFRESH_PORTAL_URL in the environment wins. */
      portalUrl: httpUrlSetting(TORONTO_OPEN_DATA_URL).default(REFRESH_DEFAULTS.portalUrl),
      /** The CKAN package (dataset) id, as in /api/3/action/package_show?id=… */
      package: z.string().min(1).default(REFRESH_DEFAULTS.package),
      /** The name of the package's CSV resource holding the newest log. */
      resource: z.string().min(1).default(REFRESH_DEFAULTS.resource),
      /** Where the downloaded log is kept (replaced only by a whole, valid download); never committed. */
      folder: z.string().min(1).default(REFRESH_DEFAULTS.folder),
      /** The largest download accepted (a year of the log is about 1 MB as CSV); 1 to 2,000. */
      maxMegabytes: between(1, 2000).default(REFRESH_DEFAULTS.maxMegabytes),
      /** The portal's answer, and any pause in the download, may take at most this long: 1 s to 10 minutes. */
      timeoutMs: between(1000, 600_000).default(REFRESH_DEFAULTS.timeoutMs),
      /** The whole download at most: 10 s to an hour. */
      downloadTimeoutMs: between(10_000, 3_600_000).default(REFRESH_DEFAULTS.downloadTimeoutMs),
    })
    .default(() => ({ ...REFRESH_DEFAULTS })),
});

export type Settings = z.infer<typeof settingsSchema>;

/** The keys allowed in the settings object at `path`, for "did you mean". */
function keysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = settingsSchema;
  for (const key of [...path, undefined]) {
    while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
    if (!(schema instanceof z.ZodObject)) return [];
    if (key === undefined) return Object.keys(schema.shape);
    schema = (schema.shape as Record<PropertyKey, z.ZodType | undefined>)[key];
  }
  return [];
}

/** Levenshtein distance, ignoring case (replyTimeOutMs is a typo of replyTimeoutMs). */
function distance(a: string, b: string): number {
  [a, b] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

/** The allowed key `key` is probably a typo of: at most two edits away (or a third of its length). */
function didYouMean(key: string, allowed: string[]): string {
  const best = allowed.map((name) => ({ name, d: distance(key, name) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean ${best.name}?)` : '';
}

/** One line per problem, each naming the full key path: `ops.ratelimit: unknown key (did you mean rateLimit?)`. */
function problemLines(issue: z.core.$ZodIssue): string[] {
  const at = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(issue.path);
    return issue.keys.map((key) => `${at ? `${at}.` : ''}${key}: unknown key${didYouMean(key, allowed)}`);
  }
  return [`${at || '(top level)'}: ${issue.message}`];
}

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
  /**
   * Absolute paths, resolved from the YAML file's relative ones. modelDir and pipelineDir are the
   * folders of versions (models, pipelines) or one version's own (models/v1): src/model/versions.ts.
   */
  paths: { dataFolder: string; modelDir: string; pipelineDir: string; refreshFolder: string };
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
  // YAML that is not a mapping would otherwise read "expected object, received null".
  const expected = 'it should hold settings such as "ops:" and "server:" (see config/default.yaml).';
  if (raw === null || raw === undefined) throw new ConfigError(`Settings file ${source} is empty: ${expected}`);
  if (Array.isArray(raw)) throw new ConfigError(`Settings file ${source} holds a list: ${expected}`);
  if (typeof raw !== 'object') throw new ConfigError(`Settings file ${source} holds a single value (${shown(raw)}): ${expected}`);
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(problemLines).map((line) => `  - ${line}`);
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
  // live alerts: the feed's address and on/off in the environment too (App Service application settings).
  settings.live.alertsUrl = envHttpUrl(env, 'LIVE_ALERTS_URL', TTC_ALERTS_URL) ?? settings.live.alertsUrl;
  if (env.LIVE_ENABLED !== undefined && env.LIVE_ENABLED !== '') {
    if (env.LIVE_ENABLED !== 'true' && env.LIVE_ENABLED !== 'false') {
      throw new ConfigError(`LIVE_ENABLED must be true or false; got ${shown(env.LIVE_ENABLED)}.`);
    }
    settings.live.enabled = env.LIVE_ENABLED === 'true';
  }
  // npm run refresh: the portal's address in the environment too (a test's stand-in, a mirror).
  settings.refresh.portalUrl = envHttpUrl(env, 'REFRESH_PORTAL_URL', TORONTO_OPEN_DATA_URL) ?? settings.refresh.portalUrl;
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
      refreshFolder: absolute(settings.refresh.folder),
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
