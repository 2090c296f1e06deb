/**
 * The City of Toronto's open-data portal is a CKAN site: `GET /api/3/action/package_show?id=…`
 * answers `{ "success": true, "result": { …, "resources": [{ id, name, format, url,
 * datastore_active, last_modified }, …] } }` or `{ "success": false, "error": { message, __type } }`.
 * A resource whose rows live in CKAN's DataStore (datastore_active) is downloaded whole, as CSV,
 * from `/datastore/dump/<id>` (the portal's own instructions); any other from its `url`.
 *
 * Everything that goes wrong is a RefreshError with one line for a person: the portal cannot be
 * reached, answers an error or something that is not CKAN, the resource is gone, the download is
 * too large, too slow or cut short. A download is written to a temp file beside its destination
 * and renamed over it only once it is complete and has passed `accept` (the log check), so a
 * failed refresh leaves the previous copy as it was.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { networkProblem } from '../ops/network-problem';

export class RefreshError extends Error {
  /** True once the new download had replaced the previous copy (training or writing failed after it). */
  afterDownload = false;

  constructor(message: string) {
    super(message);
    this.name = 'RefreshError';
  }
}

/** A CKAN resource as package_show lists it (the fields used here). */
export interface PortalResource {
  id: string;
  name: string;
  format: string;
  url: string;
  datastore_active: boolean;
  last_modified: string | null;
}

export interface FoundResource {
  resource: PortalResource;
  /** Where the file is fetched from. */
  downloadUrl: string;
}

export interface PortalOptions {
  portalUrl: string;
  packageId: string;
  resourceName: string;
  /** The portal's answer may take at most this long. */
  timeoutMs: number;
}

/** The address as a log line shows it: no query, no credentials. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

function timeoutSignal(ms: number): { signal: AbortSignal; timedOut: () => boolean; clear: () => void } {
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new Error(`no answer within ${ms} ms`));
  }, ms);
  timer.unref();
  return { signal: controller.signal, timedOut: () => fired, clear: () => clearTimeout(timer) };
}

const HEADERS = { 'user-agent': 'streetcar-delay-bot (npm run refresh)' };

/** Asks the portal for the package and picks the resource named `resourceName` in CSV. */
export async function findResource(options: PortalOptions): Promise<FoundResource> {
  const base = options.portalUrl.replace(/\/+$/, '');
  const url = `${base}/api/3/action/package_show?id=${encodeURIComponent(options.packageId)}`;
  const where = `the open-data portal at ${shownUrl(base)}`;
  const timeout = timeoutSignal(options.timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, { signal: timeout.signal, headers: { ...HEADERS, accept: 'application/json' } });
    status = res.status;
    text = await res.text();
  } catch (err) {
    if (timeout.timedOut()) throw new RefreshError(`${where} did not answer within ${duration(options.timeoutMs)}`);
    throw new RefreshError(`cannot reach ${where} (${networkProblem(err)})`);
  } finally {
    timeout.clear();
  }
  let body: { success?: unknown; result?: { resources?: unknown }; error?: { message?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new RefreshError(`${where} did not answer package_show with CKAN's JSON (HTTP ${status})`);
  }
  if (body === null || typeof body !== 'object') throw new RefreshError(`${where} did not answer package_show with CKAN's JSON (HTTP ${status})`);
  if (body.success !== true) {
    const message = typeof body.error?.message === 'string' ? body.error.message.slice(0, 120) : `HTTP ${status}`;
    throw new RefreshError(`${where} has no package "${options.packageId}" (${message})`);
  }
  const resources = Array.isArray(body.result?.resources) ? (body.result.resources as Partial<PortalResource>[]) : [];
  const wanted = options.resourceName.trim().toLowerCase();
  const named = resources.filter((r) => typeof r.name === 'string' && r.name.trim().toLowerCase() === wanted);
  const csv = named.find((r) => typeof r.format === 'string' && r.format.trim().toUpperCase() === 'CSV');
  if (!csv) {
    const listed = resources.slice(0, 6).map((r) => `"${String(r.name)}" ${String(r.format ?? '')}`.trim());
    const more = resources.length > listed.length ? ', …' : '';
    const has = resources.length === 0 ? 'it lists no resources' : `it lists ${listed.join(', ')}${more}`;
    throw new RefreshError(`the package "${options.packageId}" on ${where} has no CSV resource named "${options.resourceName}" any more (${has})`);
  }
  const resource: PortalResource = {
    id: String(csv.id ?? ''),
    name: String(csv.name),
    format: String(csv.format),
    url: typeof csv.url === 'string' ? csv.url : '',
    datastore_active: csv.datastore_active === true,
    last_modified: typeof csv.last_modified === 'string' ? csv.last_modified : null,
  };
  const downloadUrl = resource.datastore_active && resource.id ? `${base}/datastore/dump/${encodeURIComponent(resource.id)}` : resource.url;
  if (!/^https?:\/\//i.test(downloadUrl)) throw new RefreshError(`the resource "${resource.name}" on ${where} has no address to download it from`);
  return { resource, downloadUrl };
}

export interface DownloadOptions {
  /** Refuse a body larger than this. */
  maxBytes: number;
  /** The answer, and any pause in the body, may take at most this long. */
  timeoutMs: number;
  /** The whole download at most. */
  totalTimeoutMs: number;
  /** Bytes so far, and the total when the server said it (Content-Length). */
  onProgress?: (bytes: number, total: number | undefined) => void;
  /** Checks the complete temp file before it replaces `destination`; throws to refuse it. */
  accept?: (tempFile: string) => Promise<void>;
}

export interface Download {
  path: string;
  bytes: number;
  sha256: string;
  seconds: number;
}

/** 2.1 MB, 41 kB, 300 B. */
function size(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1000) return `${Math.round(bytes / 1000)} kB`;
  return `${bytes} B`;
}

/** 30 s, 1.5 s, 300 ms. */
function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

/**
 * Downloads `url` to `destination`: to a temp file beside it first, counting bytes, then `accept`,
 * then a rename. Refused, with nothing replaced: an HTTP error (404: the file has gone), a body
 * over maxBytes (by Content-Length before reading, or while reading), a pause longer than
 * timeoutMs or a download longer than totalTimeoutMs, a body shorter than its Content-Length or a
 * connection that ended early (a truncated download).
 */
export async function download(url: string, destination: string, options: DownloadOptions): Promise<Download> {
  const started = Date.now();
  const temp = join(dirname(destination), `.${basename(destination)}.${process.pid}.${Date.now().toString(36)}.partial`);
  const controller = new AbortController();
  let reason: 'stall' | 'total' | 'size' | undefined;
  let stall: NodeJS.Timeout | undefined;
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      reason ??= 'stall';
      controller.abort();
    }, options.timeoutMs);
    stall.unref();
  };
  const total = setTimeout(() => {
    reason ??= 'total';
    controller.abort();
  }, options.totalTimeoutMs);
  total.unref();
  const where = shownUrl(url);
  const failed = (err: unknown): RefreshError => {
    if (err instanceof RefreshError) return err;
    if (reason === 'stall') return new RefreshError(`the download from ${where} stopped: nothing arrived for ${duration(options.timeoutMs)}`);
    if (reason === 'total') return new RefreshError(`the download from ${where} took longer than ${duration(options.totalTimeoutMs)}`);
    if (reason === 'size') return new RefreshError(`the download from ${where} is larger than the ${size(options.maxBytes)} allowed (refresh.maxMegabytes)`);
    return new RefreshError(`the download from ${where} broke off before the end (${networkProblem(err)}): the file is incomplete`);
  };
  let bytes = 0;
  const hash = createHash('sha256');
  try {
    armStall();
    let res: Response;
    try {
      res = await fetch(url, { signal: controller.signal, headers: { ...HEADERS, accept: 'text/csv, */*;q=0.5' } });
    } catch (err) {
      if (reason) throw failed(err);
      throw new RefreshError(`cannot reach ${where} (${networkProblem(err)})`);
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel().catch(() => undefined);
      throw new RefreshError(`the log's file has gone from the portal (HTTP ${res.status} at ${where})`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new RefreshError(`the portal answered HTTP ${res.status} for ${where}`);
    }
    const lengthHeader = res.headers.get('content-length');
    const expected = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    if (expected !== undefined && expected > options.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new RefreshError(`the file at ${where} is ${size(expected)}, more than the ${size(options.maxBytes)} allowed (refresh.maxMegabytes)`);
    }
    // The file opens asynchronously: wait for 'close' on every path, so the temp file removed in
    // `finally` cannot be created again after it by an open still under way.
    const out = createWriteStream(temp, { flags: 'wx' });
    let writeError: Error | undefined;
    out.on('error', (err) => {
      writeError ??= err;
    });
    const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
    try {
      if (res.body) {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          armStall();
          bytes += chunk.byteLength;
          if (bytes > options.maxBytes) {
            reason = 'size';
            controller.abort();
            throw failed(undefined);
          }
          hash.update(chunk);
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          options.onProgress?.(bytes, expected);
        }
      }
      out.end();
    } catch (err) {
      out.destroy();
      await closed;
      throw failed(err);
    }
    await closed;
    clearTimeout(stall);
    if (writeError) throw new RefreshError(`cannot write the download to ${dirname(destination)} (${(writeError as NodeJS.ErrnoException).code ?? writeError.message})`);
    if (expected !== undefined && bytes !== expected) {
      throw new RefreshError(`the download from ${where} ended after ${bytes} of ${expected} bytes: the file is incomplete`);
    }
    if (bytes === 0) throw new RefreshError(`the portal sent an empty file for ${where}`);
    await options.accept?.(temp);
    renameSync(temp, destination);
    return { path: destination, bytes, sha256: hash.digest('hex'), seconds: (Date.now() - started) / 1000 };
  } finally {
    clearTimeout(stall);
    clearTimeout(total);
    rmSync(temp, { force: true });
  }
}
