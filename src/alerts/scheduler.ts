/**
 * The alert scheduler: runs in the server process on the event loop, with no thread of its own —
 * one unref'd timer that ticks every `tickMs` (the next tick is set when a tick ends, so ticks
 * never overlap) and never keeps the process alive. The clock is injected: tests move time and
 * call tick() themselves.
 *
 * Each tick reads the index (one document) and, for each subscription, the occurrences whose send
 * time has come since the last look:
 * - due within the grace window → claim it (eTag, src/alerts/store.ts), build the forecast, mark
 *   the claim `sending` (eTag again: the claim must still be ours), send it to the saved
 *   conversation, record how it went;
 * - left `sending` by an instance that stopped before recording the outcome (lease lapsed) →
 *   failed, reason `interrupted`, logged: the rider may have it, so it is not sent again;
 * - past the grace window and never settled (every instance was down) → skipped, logged;
 * - a trip clock time that does not exist that day (spring forward) → skipped, logged;
 * - before the subscription was made, or paused → nothing.
 * A tick looks back over the whole grace window each time (so a retry or a lapsed claim of another
 * instance is picked up), and, at start, over the last day (so what was missed while every
 * instance was down is logged once).
 *
 * Channel answers: 403/404 (the rider removed the bot, Teams uninstalled it) count as a refusal;
 * `stopAfterRefusals` in a row stop the subscription (logged). 429, 5xx and timeouts are retried
 * with backoff (1, 2, 4 … minutes, or the channel's Retry-After if longer) while the grace window
 * lasts; any instance may make the retry.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { occurrencesBetween, type Occurrence, type ProactiveSend, type SendResult, type Subscription } from './model';
import { buildAlert, type AlertMessageDeps } from './message';
import { INTERRUPTED, type AlertStore, type DeliveryState, type IndexEntry, type StoredSubscription } from './store';

export interface SchedulerOptions {
  store: AlertStore;
  send: ProactiveSend;
  message: AlertMessageDeps;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** "Now"; the system clock unless a test sets one. */
  clock?: () => Date;
  tickMs: number;
  graceMs: number;
  stopAfterRefusals: number;
  /** How long a claim holds before another instance may take it over (a send's deadline and then some). */
  leaseMs?: number;
  /** True while the server drains (SIGTERM): no new sends start. */
  draining?: () => boolean;
  /** Counts outcomes (metrics). */
  onOutcome?: (outcome: AlertOutcome) => void;
  /** This instance's name in claims (default: random). */
  instanceId?: string;
}

export type AlertOutcome = 'sent' | 'not_worse' | 'refused' | 'retry' | 'failed' | 'interrupted' | 'missed' | 'no_such_time' | 'stopped';

/** What one tick did, for tests and logs. */
export interface TickReport {
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
  /** Occurrences another instance had (claim refused or already settled). */
  others: number;
}

/** How far back the first tick of a process looks for alerts missed while it was down. */
const MISSED_LOOKBACK_MS = 24 * 3_600_000;
/** How often every subscription document is read: memory storage drops keys idle for 24 h, and an index entry whose document is gone is dropped. */
const SWEEP_MS = 6 * 3_600_000;
const MAX_BACKOFF_MS = 30 * 60_000;

export class AlertScheduler {
  private readonly clock: () => Date;
  private readonly instanceId: string;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickReport> | undefined;
  private stopped = true;
  private lastTick: number | undefined;
  private lastSweep: number | undefined;
  /** Occurrences known to be settled: not read again. subscription id → occurrence key. */
  private readonly settled = new Map<string, string>();

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.instanceId = options.instanceId ?? randomBytes(6).toString('hex');
    this.leaseMs = options.leaseMs ?? 2 * 60_000;
  }

  get id(): string {
    return this.instanceId;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops ticking; resolves when a tick under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick()
        .catch((err: unknown) => this.options.logger.warn({ err }, 'alerts: a scheduler tick failed; trying again next tick'))
        .finally(() => this.schedule(this.options.tickMs));
    }, ms);
    this.timer.unref();
  }

  /** One look for due alerts. Concurrent calls share the tick under way. */
  tick(): Promise<TickReport> {
    this.running ??= this.runTick().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runTick(): Promise<TickReport> {
    const report: TickReport = { sent: 0, skipped: 0, retried: 0, failed: 0, others: 0 };
    if (this.options.draining?.()) return report;
    const now = this.clock();
    const index = await this.options.store.readIndex();
    const windowStart = now.getTime() - this.options.graceMs;
    const since = Math.min(this.lastTick === undefined ? now.getTime() - MISSED_LOOKBACK_MS : this.lastTick - this.options.graceMs, windowStart);
    for (const entry of Object.values(index)) {
      const occurrences = occurrencesBetween(entry.schedule, entry.leadMinutes, new Date(since - 1), now);
      for (const occurrence of occurrences) {
        if (this.options.draining?.()) return report;
        await this.consider(entry, occurrence, now, report);
      }
    }
    this.lastTick = now.getTime();
    if (this.lastSweep === undefined || now.getTime() - this.lastSweep >= SWEEP_MS) {
      this.lastSweep = now.getTime();
      await this.sweep(index);
    }
    return report;
  }

  private async consider(entry: IndexEntry, occurrence: Occurrence, now: Date, report: TickReport): Promise<void> {
    const sendAt = occurrence.sendAt.getTime();
    if (sendAt < Date.parse(entry.createdAt)) return; // due before the rider asked
    if (entry.pausedUntil && sendAt < Date.parse(entry.pausedUntil)) return;
    if (this.settled.get(entry.id) === occurrence.key) return;
    const { logger } = this.options;
    const fields = { subscriptionId: entry.id, occurrence: occurrence.key, route: entry.route, direction: entry.direction };
    if (occurrence.gap || !occurrence.trip) {
      await this.skip(entry, occurrence, now, report, 'no_such_time', () =>
        logger.info({ ...fields }, 'alerts: the trip time does not exist that day in Toronto (clocks spring forward); no alert that day'),
      );
      return;
    }
    if (now.getTime() - sendAt > this.options.graceMs) {
      await this.skip(entry, occurrence, now, report, 'missed', () =>
        logger.warn({ ...fields, dueAt: occurrence.sendAt.toISOString(), lateMs: now.getTime() - sendAt, graceMs: this.options.graceMs }, 'alerts: missed while no instance could send it, and past the grace window; skipped'),
      );
      return;
    }
    await this.deliver(entry, occurrence as Occurrence & { trip: Date }, now, report);
  }

  /** An occurrence that will not be sent: recorded once across instances, logged and counted by whoever records it. */
  private async skip(entry: IndexEntry, occurrence: Occurrence, now: Date, report: TickReport, reason: 'no_such_time' | 'missed', log: () => void): Promise<void> {
    const recorded = await this.options.store.skip(entry.id, occurrence.key, now, reason);
    if (recorded?.reason === INTERRUPTED) this.interrupted(entry, recorded, report);
    else if (recorded) {
      log();
      this.options.onOutcome?.(reason);
      report.skipped += 1;
    }
    if (recorded) await this.afterFinal(entry);
    this.settled.set(entry.id, occurrence.key);
  }

  private async deliver(entry: IndexEntry, occurrence: Occurrence & { trip: Date }, now: Date, report: TickReport): Promise<void> {
    const { store, logger } = this.options;
    const fields = { subscriptionId: entry.id, occurrence: occurrence.key, route: entry.route, direction: entry.direction };
    // The lease counts from the moment of the claim, not from the start of a long tick.
    const claim = await store.claim(entry.id, occurrence.key, this.instanceId, this.clock(), this.leaseMs);
    if (claim.kind === 'done') {
      this.settled.set(entry.id, occurrence.key);
      if (claim.state.state === 'sent' || claim.state.by !== this.instanceId) report.others += 1;
      return;
    }
    if (claim.kind === 'interrupted') {
      this.interrupted(entry, claim.state, report);
      this.settled.set(entry.id, occurrence.key);
      await this.afterFinal(entry);
      return;
    }
    if (claim.kind === 'busy') {
      report.others += 1;
      logger.debug(fields, 'alerts: another instance holds this alert');
      return;
    }
    if (claim.kind === 'wait') return;
    if (claim.kind === 'gone') {
      this.settled.set(entry.id, occurrence.key);
      return;
    }
    const sub = claim.subscription;
    const built = await buildAlert(this.options.message, sub, occurrence, now);
    if (sub.onlyIfWorse && !built.verdict.worse) {
      await store.finish(sub.id, occurrence.key, claim.claim, 'skipped', this.clock(), { reason: 'not_worse' });
      logger.info({ ...fields, probability: built.verdict.probability, usual: built.verdict.usual }, 'alerts: not worse than usual; nothing sent (only if worse)');
      this.options.onOutcome?.('not_worse');
      report.skipped += 1;
      this.settled.set(entry.id, occurrence.key);
      await this.afterFinal(entry);
      return;
    }
    // The last conditional write before the channel: from here on the alert may reach the rider.
    if (!(await store.beginSend(sub.id, occurrence.key, claim.claim, this.clock(), this.leaseMs))) {
      report.others += 1;
      logger.info(fields, 'alerts: the claim was lost before sending (its lease lapsed and another instance took it, or the subscription ended); not sent from here');
      return;
    }
    const started = this.clock();
    const result = await this.safeSend(sub, built.activity);
    const done = this.clock();
    if (result.ok) {
      await store.finish(sub.id, occurrence.key, claim.claim, 'sent', done, { refusals: 'reset' });
      logger.info({ ...fields, lateMs: started.getTime() - occurrence.sendAt.getTime(), attempt: claim.attempts, probability: built.value.probability, liveAlerts: built.value.liveAlerts?.length ?? 0 }, 'alerts: sent');
      this.options.onOutcome?.('sent');
      report.sent += 1;
      this.settled.set(entry.id, occurrence.key);
      await this.afterFinal(entry);
      return;
    }
    await this.failed(entry, sub, occurrence, claim.claim, claim.attempts, result, done, report);
  }

  /** An occurrence left `sending` by an instance that stopped, settled by this one: logged, counted, not sent again. */
  private interrupted(entry: IndexEntry, state: DeliveryState, report: TickReport): void {
    this.options.logger.warn(
      { subscriptionId: entry.id, occurrence: state.key, route: entry.route, direction: entry.direction, instance: state.by, attempt: state.attempts },
      'alerts: the instance sending this alert stopped before recording whether the channel took it; not sent again, so that it never arrives twice',
    );
    this.options.onOutcome?.('interrupted');
    report.failed += 1;
  }

  /** The send, never throwing: whatever went wrong becomes a SendResult. */
  private async safeSend(sub: Subscription, activity: Record<string, unknown>): Promise<SendResult> {
    try {
      return await this.options.send(sub.reference, activity);
    } catch (error) {
      return { ok: false, error };
    }
  }

  private async failed(entry: IndexEntry, sub: StoredSubscription, occurrence: Occurrence, claim: string, attempts: number, result: Extract<SendResult, { ok: false }>, now: Date, report: TickReport): Promise<void> {
    const { store, logger } = this.options;
    const fields = { subscriptionId: entry.id, occurrence: occurrence.key, channelId: sub.reference.channelId, status: result.status, timedOut: result.timedOut ?? false, attempt: attempts };
    const status = result.status;
    if (status === 403 || status === 404) {
      const written = await store.finish(sub.id, occurrence.key, claim, 'refused', now, { reason: `status_${status}`, refusals: 'add' });
      const refusals = written?.refusals ?? sub.refusals + 1;
      this.options.onOutcome?.('refused');
      report.failed += 1;
      this.settled.set(entry.id, occurrence.key);
      if (refusals >= this.options.stopAfterRefusals || entry.schedule.kind === 'once') {
        await store.remove([entry.id]);
        logger.warn({ ...fields, refusals }, 'alerts: the channel refused this subscription\'s alerts (the rider removed the bot or the app); subscription stopped');
        this.options.onOutcome?.('stopped');
      } else {
        logger.warn({ ...fields, refusals, stopAfter: this.options.stopAfterRefusals }, 'alerts: the channel refused the alert');
      }
      return;
    }
    const retriable = status === undefined || status === 408 || status === 429 || status >= 500;
    const backoff = Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** (attempts - 1));
    const next = new Date(now.getTime() + Math.max(backoff, result.retryAfterMs ?? 0));
    const windowEnd = occurrence.sendAt.getTime() + this.options.graceMs;
    if (retriable && next.getTime() <= windowEnd) {
      await store.finish(sub.id, occurrence.key, claim, 'retry', now, { reason: status ? `status_${status}` : result.timedOut ? 'timeout' : 'network', nextAttemptAt: next });
      logger.warn({ ...fields, err: result.error, nextAttemptAt: next.toISOString() }, 'alerts: the channel did not take the alert; trying again later');
      this.options.onOutcome?.('retry');
      report.retried += 1;
      return;
    }
    await store.finish(sub.id, occurrence.key, claim, 'failed', now, { reason: status ? `status_${status}` : result.timedOut ? 'timeout' : 'network' });
    logger.error({ ...fields, err: result.error }, retriable ? 'alerts: the channel did not take the alert within the grace window; given up for this trip' : 'alerts: the channel refused the alert; given up for this trip');
    this.options.onOutcome?.('failed');
    report.failed += 1;
    this.settled.set(entry.id, occurrence.key);
    await this.afterFinal(entry);
  }

  /** A one-off subscription ends with its one occurrence. */
  private async afterFinal(entry: IndexEntry): Promise<void> {
    if (entry.schedule.kind === 'once') await this.options.store.remove([entry.id]);
  }

  /**
   * Reads every subscription document once in a while: keeps them alive in memory storage (which
   * drops keys nobody read for 24 h) and drops index entries whose document is gone.
   */
  private async sweep(index: Record<string, IndexEntry>): Promise<void> {
    await this.options.store.purgeEnded();
    const ids = Object.keys(index);
    if (ids.length === 0) return;
    const found = await this.options.store.readMany(ids);
    const lost = ids.filter((id) => !found.has(id));
    if (lost.length > 0) {
      await this.options.store.remove(lost);
      this.options.logger.warn({ subscriptionIds: lost }, 'alerts: subscriptions in the index had no document (deleted or dropped from memory storage); removed');
    }
  }
}
