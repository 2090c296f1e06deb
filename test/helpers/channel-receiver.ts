import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

/**
 * The channel side of the Emulator protocol, for tests: takes the bot's replies at
 * /v3/conversations/..., as the Emulator's connector does, and can fail or hang on purpose.
 */

export type ReplyMode = 'ok' | 'fail' | 'hang';

export interface Receiver {
  url: string;
  /** Every activity the bot posted, in order. */
  activities: Activity[];
  /** The request paths they were posted to. */
  paths: string[];
  /** What the receiver does with the next replies. */
  mode: ReplyMode;
  /** The status 'fail' answers with (default 500; 403, 404, 429 for the trip-alert tests). */
  failStatus?: number;
  /** Requests answered by 'fail'. */
  failures: number;
  /** Resolves every message held by 'hang' with 200. */
  releaseHeld(): void;
  /** Resolves once `n` activities have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** The channel side of the Emulator protocol: takes the bot's replies at /v3/conversations/... */
export async function startReceiver(): Promise<Receiver> {
  const activities: Activity[] = [];
  const paths: string[] = [];
  const held: Array<() => void> = [];
  const waiters: Array<{ n: number; ok: () => void }> = [];
  let n = 0;
  const receiver: Receiver = {
    url: '',
    activities,
    paths,
    mode: 'ok',
    failures: 0,
    releaseHeld: () => held.splice(0).forEach((f) => f()),
    waitFor: (count, ms = 15_000) =>
      new Promise<void>((ok, fail) => {
        if (activities.length >= count) return ok();
        const timer = setTimeout(() => fail(new Error(`only ${activities.length} of ${count} replies arrived`)), ms);
        waiters.push({ n: count, ok: () => (clearTimeout(timer), ok()) });
      }),
    close: () => new Promise((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
  const server = createHttpServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    if (req.method !== 'POST' || !req.url?.startsWith('/v3/conversations/')) {
      res.writeHead(404);
      res.end();
      return;
    }
    const answer = () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${++n}` }));
    };
    if (receiver.mode === 'fail') {
      receiver.failures += 1;
      // (restify patches ServerResponse in this process: its writeHead does not return `this`.)
      res.writeHead(receiver.failStatus ?? 500, { 'Content-Type': 'application/json', ...(receiver.failStatus === 429 ? { 'Retry-After': '0' } : {}) });
      res.end('{"error":{"code":"ServiceError","message":"channel down"}}');
      return;
    }
    const received = JSON.parse(body) as Activity;
    activities.push(received);
    paths.push(req.url);
    for (const w of waiters.filter((x) => activities.length >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.ok();
    }
    // 'hang' holds messages (typing indicators pass) until releaseHeld().
    if (receiver.mode === 'hang' && received.type === 'message') held.push(answer);
    else answer();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
