/**
 * The feed client and poller: fetches the TTC's GTFS-realtime alerts feed in the background
 * every `pollSeconds`, with a timeout and a size limit, and keeps the last good copy. Answers
 * read that copy synchronously (alertsFor): a rider's turn never waits for the TTC.
 *
 * Failing soft: a feed that is down, slow, answering 500 or garbage leaves the last good copy in
 * place (and after STALE_AFTER, no alerts at all: the calendar answer as before). The log gets
 * one line when the state changes (first read, cannot read, answering again, copy too old), not
 * one per poll; every poll is counted by outcome (onFetch → live_alerts_fetch_total).
 * Timers are unref'd, so the poller never holds the process open; stop() ends it and aborts a
 * fetch under way.
 */
import { networkProblem } from '../ops/network-problem';
import type { PredictionAlert } from '../pipeline/types';
import { selectAlerts, type LiveAlert } from './alerts';
import { FeedFormatError, parseAlertFeed, type AlertFeedCopy } from './gtfs-rt';
import { alertsToIncidents, LIVE_MEMORY_HOURS, liveRecentIncidents, type LiveIncident } from './incidents';
import type { RecentIncidents } from '../pipeline/recent';
import type { Trip } from '../pipeline/types';

/** How one poll ended. `stopped` (stop() during a fetch) is neither counted nor logged. */
export type FetchOutcome = 'ok' | 'timeout' | 'http_error' | 'network_error' | 'bad_feed' | 'too_large';
export const FETCH_OUTCOMES: readonly FetchOutcome[] = ['ok', 'timeout', 'http_error', 'network_error', 'bad_feed', 'too_large'];

/** The logger calls the feed makes (pino's Logger fits). */
export interface FeedLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface AlertsFeedOptions {
  url: string;
  pollSeconds: number;
  timeoutMs: number;
  logger?: FeedLogger;
  /** "Now": the system clock unless a test sets one. */
  clock?: () => Date;
  /** Called once per finished poll (metrics). */
  onFetch?: (outcome: FetchOutcome) => void;
  /** Largest body read; the TTC's whole-system feed is a few hundred KB. Default 8 MiB. */
  maxBytes?: number;
}

/** A copy older than this is not shown (the feed has been failing that long): max(30 min, 3 polls). */
export function staleAfterMs(pollSeconds: number): number {
  return Math.max(30 * 60_000, 3 * pollSeconds * 1000);
}
/** How long an alert that left the feed is remembered, for incidents in the hours before a trip. */
export const REMEMBER_GONE_MS = LIVE_MEMORY_HOURS * 3_600_000;
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/** The feed's address as logs show it: no query (it may hold a key), no credentials. */
export function feedForLog(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

class TooLarge extends Error {}

/** The body, refusing one over `max` bytes without reading it all. */
async function readLimited(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(`over ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

type State = 'new' | 'ok' | 'failing' | 'stale';

export class AlertsFeed {
  private copy?: AlertFeedCopy;
  /** Alerts that left the feed in the last REMEMBER_GONE_MS, by id. */
  private readonly gone = new Map<string, LiveAlert>();
  private state: State = 'new';
  private failingSince?: number;
  private running = false;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<FetchOutcome | 'stopped'>;
  private controller?: AbortController;
  private readonly clock: () => Date;
  private readonly maxBytes: number;

  constructor(private readonly options: AlertsFeedOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Polls now and every pollSeconds after each poll ends (polls never overlap). Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and aborts a fetch under way; the last good copy stays readable. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort(new Error('stopped'));
    await this.inFlight;
  }

  get polling(): boolean {
    return this.running;
  }

  /** One poll now (a poll under way is joined, not doubled). */
  refresh(): Promise<FetchOutcome | 'stopped'> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The alerts an answer about `route` at `at` shows, from the last good copy; [] when there is none or it is too old. */
  alertsFor(route: number, at: Date): PredictionAlert[] {
    const alerts = this.current();
    return alerts.length === 0 ? [] : selectAlerts(alerts, route, at, this.clock());
  }

  /**
   * Incidents for trips in the next `hoursAhead` hours (src/live/incidents.ts): the alerts in
   * the last good copy and those that left it in the last `hoursBack` hours, active at some
   * moment from now − hoursBack to now + hoursAhead. With `clip`, a start before now − hoursBack
   * is moved up to it.
   */
  incidents(options: { hoursAhead?: number; hoursBack?: number; clip?: boolean } = {}): LiveIncident[] {
    const now = this.clock().getTime();
    const from = new Date(now - (options.hoursBack ?? 3) * 3_600_000);
    const to = new Date(now + (options.hoursAhead ?? 3) * 3_600_000);
    return alertsToIncidents([...this.current(), ...this.goneSince(from.getTime())], { from, to, ...(options.clip ? { notBefore: from } : {}) });
  }

  /**
   * The model's recent-incident input for a trip from the alerts in memory (incidents.ts,
   * liveRecentIncidents): undefined — the calendar-only answer — for a past trip, one more than
   * a few hours ahead, a route without alerts, and whenever there is no good copy recent enough
   * to show (feed down, never read). Synchronous: no network.
   */
  recentFor(trip: Trip): RecentIncidents | undefined {
    // A copy too old to show says nothing about now: neither its alerts nor the ones that left it.
    if (!this.fresh()) return undefined;
    const now = this.clock();
    return liveRecentIncidents([...this.current(), ...this.goneSince(now.getTime() - REMEMBER_GONE_MS)], trip, now);
  }

  /** Seconds since the last good copy was received; undefined before the first. */
  ageSeconds(): number | undefined {
    return this.copy ? Math.max(0, (this.clock().getTime() - this.copy.receivedAt.getTime()) / 1000) : undefined;
  }

  /** Alerts in the last good copy. */
  alertCount(): number {
    return this.copy?.alerts.length ?? 0;
  }

  /** Whether there is a good copy recent enough to show. */
  private fresh(): boolean {
    const age = this.ageSeconds();
    return age !== undefined && age * 1000 <= staleAfterMs(this.options.pollSeconds);
  }

  /** The last good copy's alerts, unless it is too old to show. */
  private current(): LiveAlert[] {
    return this.fresh() ? this.copy!.alerts : [];
  }

  /** Alerts that left the feed at or after `ms`. */
  private goneSince(ms: number): LiveAlert[] {
    return [...this.gone.values()].filter((a) => (a.gone ?? 0) >= ms);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh()
        .catch(() => undefined) // a poll never rejects; should a logger throw, polling still goes on
        .then(() => this.schedule(this.options.pollSeconds * 1000));
    }, ms);
    this.timer.unref();
  }

  private async poll(): Promise<FetchOutcome | 'stopped'> {
    const { url, timeoutMs } = this.options;
    const controller = new AbortController();
    this.controller = controller;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    let outcome: FetchOutcome;
    let problem = '';
    let received = false; // past this, a failure is the body's, not the network's
    try {
      const res = await fetch(url, {
        signal: controller.signal,
        headers: { accept: 'application/x-protobuf, application/octet-stream;q=0.9, */*;q=0.1', 'user-agent': 'streetcar-delay-bot' },
      });
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw Object.assign(new Error(`HTTP ${res.status}`), { outcome: 'http_error' as const });
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > this.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw new TooLarge(`${declared} bytes, over ${this.maxBytes}`);
      }
      const bytes = await readLimited(res.body, this.maxBytes);
      received = true;
      this.accept(parseAlertFeed(bytes, this.clock()));
      outcome = 'ok';
    } catch (err) {
      if (controller.signal.aborted && !timedOut) return 'stopped';
      problem = timedOut ? `no answer within ${timeoutMs} ms` : (err as Error).message;
      outcome = timedOut
        ? 'timeout'
        : err instanceof FeedFormatError || received
          ? 'bad_feed'
          : err instanceof TooLarge
            ? 'too_large'
            : ((err as { outcome?: FetchOutcome }).outcome ?? 'network_error');
      if (outcome === 'network_error') problem = networkProblem(err);
    } finally {
      clearTimeout(timer);
      if (this.controller === controller) this.controller = undefined;
    }
    this.options.onFetch?.(outcome);
    this.note(outcome, problem);
    return outcome;
  }

  /** A new good copy: alerts keep the earliest first-seen time; those that left are remembered a while. */
  private accept(next: AlertFeedCopy): void {
    const at = (next.feedTime ?? next.receivedAt).getTime();
    const before = new Map((this.copy?.alerts ?? []).map((a) => [a.id, a]));
    for (const alert of next.alerts) {
      const earlier = before.get(alert.id) ?? this.gone.get(alert.id);
      if (earlier) alert.firstSeen = Math.min(alert.firstSeen, earlier.firstSeen);
      before.delete(alert.id);
      this.gone.delete(alert.id);
    }
    for (const left of before.values()) this.gone.set(left.id, { ...left, gone: at });
    const now = this.clock().getTime();
    for (const [id, alert] of this.gone) if ((alert.gone ?? 0) < now - REMEMBER_GONE_MS) this.gone.delete(id);
    this.copy = next;
  }

  /** One log line per change of state; the rest at debug. */
  private note(outcome: FetchOutcome, problem: string): void {
    const { logger, url } = this.options;
    const feed = feedForLog(url);
    const now = this.clock().getTime();
    if (outcome === 'ok') {
      const alerts = this.alertCount();
      if (this.state === 'new') logger?.info({ feed, alerts }, 'live alerts: feed read');
      else if (this.state !== 'ok') {
        logger?.info({ feed, alerts, downSeconds: Math.round((now - (this.failingSince ?? now)) / 1000) }, 'live alerts: the feed answers again');
      } else logger?.debug({ feed, alerts }, 'live alerts: feed read');
      this.state = 'ok';
      this.failingSince = undefined;
      return;
    }
    const age = this.ageSeconds();
    if (this.state === 'new' || this.state === 'ok') {
      this.failingSince = now;
      logger?.warn(
        { feed, outcome, problem, ...(age !== undefined ? { lastGoodSeconds: Math.round(age) } : {}) },
        age !== undefined
          ? 'live alerts: cannot read the feed; answers keep the last good copy (logged again when it answers)'
          : 'live alerts: cannot read the feed; answers go on without alerts (logged again when it answers)',
      );
      this.state = 'failing';
    } else if (this.state === 'failing' && age !== undefined && age * 1000 > staleAfterMs(this.options.pollSeconds)) {
      logger?.warn({ feed, outcome, lastGoodSeconds: Math.round(age) }, 'live alerts: the last good copy is too old; answers show no alerts until the feed answers');
      this.state = 'stale';
    } else {
      logger?.debug({ feed, outcome, problem }, 'live alerts: cannot read the feed');
    }
  }
}
