import type { Socket } from 'node:net';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import type { HttpOps } from './http';

/** Bot turns under way: the shutdown waits for them, since each ends by saving its state. */
export interface TurnsInFlight {
  readonly turnsInFlight: number;
  idle(): Promise<void>;
}

export interface ShutdownOptions {
  server: Server;
  http: HttpOps;
  turns: TurnsInFlight;
  logger: Logger;
  graceMs: number;
  /** For tests; process.exit by default. */
  exit?: (code: number) => void;
}

/**
 * Graceful shutdown on SIGTERM (what App Service and Kubernetes send) and SIGINT:
 * 1. drain: /readyz turns 503 and every new request is answered 503 with `Connection: close`,
 *    so each kept-alive connection ends after its next answer, by the server's choice, never in
 *    the middle of a request the client is sending;
 * 2. finish the turns in flight: each ends by saving its conversation and user state
 *    (StreetcarBot.run → saveChanges), so waiting for them is what flushes the state;
 * 3. wait for the open connections to end (idle ones close at Node's keep-alive timeout, which
 *    the client was told in its Keep-Alive header), stop listening, flush the log and exit 0 —
 *    or 1 when turns were still running after `graceMs`.
 * Closing idle connections at once (what `server.close()` does) would reset a client that was
 * just sending its next request on one.
 */
export class GracefulShutdown {
  private started = false;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: ShutdownOptions) {
    const http = options.server.server;
    http.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens for SIGTERM and SIGINT. */
  install(): void {
    process.once('SIGTERM', () => void this.begin('SIGTERM'));
    process.once('SIGINT', () => void this.begin('SIGINT'));
  }

  /** Connections open now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  async begin(signal: string): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { server, http, turns, logger, graceMs } = this.options;
    const exit = this.options.exit ?? ((code: number) => process.exit(code));
    const deadline = Date.now() + graceMs;
    logger.info({ signal, requestsInFlight: http.requestsInFlight, turnsInFlight: turns.turnsInFlight }, 'shutting down: no new requests, finishing turns in flight');
    http.startDraining();
    const finished = await within(Promise.all([http.idle(), turns.idle()]), deadline - Date.now());
    // Idle keep-alive connections end at the keep-alive timeout at the latest; busy ones after their 503.
    const lingerMs = Math.min(server.server.keepAliveTimeout + 1000, Math.max(0, deadline - Date.now()));
    await within(this.connectionsClosed(), lingerMs);
    const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
    server.server.closeAllConnections();
    await within(closed, 1000);
    if (finished) {
      logger.info({ signal }, 'shut down cleanly: every turn finished and its state saved');
    } else {
      logger.error({ signal, requestsInFlight: http.requestsInFlight, turnsInFlight: turns.turnsInFlight, graceMs }, 'shut down with turns still running after the grace period');
    }
    logger.flush();
    exit(finished ? 0 : 1);
  }

  private async connectionsClosed(): Promise<void> {
    while (this.sockets.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when `promise` settles within `ms`, false when the time ran out first. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
