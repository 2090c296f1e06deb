import pino, { type Logger, type LoggerOptions, type DestinationStream } from 'pino';

/**
 * Paths pino blanks out wherever they appear (one level deep for wildcards). Secrets come from the
 * environment only (src/config.ts); these paths catch the ways they could still reach a log line:
 * the config object, request headers (`rawHeaders` is Node's list of every header as sent, bearer
 * token and cookies included), and requests, responses or turn contexts nested in a line's fields.
 * A top-level `req` or `res` is cut down by its serializer instead (restify logs `{ req, err }` when
 * its formatter fails).
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
  'cookie',
  'headers.cookie',
  '*.headers.cookie',
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'rawHeaders',
  '*.rawHeaders',
  '*.req',
  '*.res',
  '*.request',
  '*.response',
  'context',
  '*.context',
];

/** A request as logged: what was asked for, never its headers or body. */
export function serializeRequest(req: unknown): Record<string, unknown> {
  const r = (typeof req === 'object' && req !== null ? req : {}) as { method?: unknown; url?: unknown };
  return { method: typeof r.method === 'string' ? r.method : undefined, url: typeof r.url === 'string' ? r.url : undefined };
}

/** A response as logged: its status only. */
export function serializeResponse(res: unknown): Record<string, unknown> {
  const r = (typeof res === 'object' && res !== null ? res : {}) as { statusCode?: unknown };
  return { statusCode: typeof r.statusCode === 'number' ? r.statusCode : undefined };
}

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
    serializers: { err: serializeError, error: serializeError, req: serializeRequest, res: serializeResponse },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
