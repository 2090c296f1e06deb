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
 * 1. stop accepting: the listening socket closes, /readyz turns 503, requests on kept-alive
 *    connections get 503 with `Connection: close`;
 * 2. finish the turns in flight: each ends by saving its conversation and user state
 *    (StreetcarBot.run → saveChanges), so waiting for them is what flushes the state;
 * 3. flush the log and exit 0 — or 1 when turns were still running after `graceMs`.
 */
export class GracefulShutdown {
  private started = false;

  constructor(private readonly options: ShutdownOptions) {}

  /** Listens for SIGTERM and SIGINT. */
  install(): void {
    process.once('SIGTERM', () => void this.begin('SIGTERM'));
    process.once('SIGINT', () => void this.begin('SIGINT'));
  }

  async begin(signal: string): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { server, http, turns, logger, graceMs } = this.options;
    const exit = this.options.exit ?? ((code: number) => process.exit(code));
    logger.info({ signal, requestsInFlight: http.requestsInFlight, turnsInFlight: turns.turnsInFlight }, 'shutting down: no new requests, finishing turns in flight');
    http.startDraining();
    const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
    server.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([Promise.all([http.idle(), turns.idle()]).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    server.server.closeAllConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
    if (outcome === 'done') {
      logger.info({ signal }, 'shut down cleanly: every turn finished and its state saved');
    } else {
      logger.error({ signal, requestsInFlight: http.requestsInFlight, turnsInFlight: turns.turnsInFlight, graceMs }, 'shut down with turns still running after the grace period');
    }
    logger.flush();
    exit(outcome === 'done' ? 0 : 1);
  }
}
