import pino, { type Logger, type LoggerOptions, type DestinationStream } from 'pino';

/**
 * Paths pino blanks out wherever they appear (one level deep for wildcards). Secrets come from the
 * environment only (src/config.ts); these paths catch the ways they could still reach a log line:
 * the config object, request headers, and errors carrying the request that failed.
 */
export const REDACT_PATHS = [
  'secrets',
  '*.secrets',
  'config.secrets',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
  'BlobStorageConnectionString',
  '*.BlobStorageConnectionString',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * Errors are logged by name, message, code, status and stack only. The SDKs' errors (RestError,
 * the connector's) carry the request and response they were about, with the bearer token in the
 * request's headers: the default serializer would copy them into the log.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; statusCode?: unknown; status?: unknown; cause?: unknown };
  const out: Record<string, unknown> = { type: e.name, message: e.message };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined;
  if (status !== undefined) out.statusCode = status;
  if (e.stack) out.stack = e.stack;
  if (e.cause instanceof Error) out.cause = serializeError(e.cause);
  return out;
}

export interface LoggerSettings {
  level?: string;
  /** For tests: where lines go (default stdout). */
  destination?: DestinationStream;
}

/** The process's JSON logger: one line per event on stdout, secrets redacted. */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    name: 'streetcar-delay-bot',
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
