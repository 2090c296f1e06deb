/**
 * Subscriptions in the bot's own Storage (memory locally, Azure Blob in production: the object
 * src/storage builds and the bot's state uses), shaped for Blob, which botbuilder's Storage
 * interface gives no way to list:
 *
 *   alerts/index                one document: every subscription's schedule (no conversation
 *                               reference), read by the scheduler on each tick
 *   alerts/subscription/<id>    one per subscription: the whole of it (the conversation reference
 *                               to write to) and the state of its latest alert (the claim)
 *
 * Every change is read → change → write with the eTag that was read; a conflict (another instance
 * wrote first) reads again and retries. The index is created by an unconditional write (Blob has
 * no create-only write), so after creating it the change is read back and redone if another
 * instance's creation won. A subscription document is written first and entered in the index
 * after, so an index entry always has its document; stopping removes the entry first.
 *
 * Claims (exactly one send across instances): an alert is sent only by the instance that wrote
 * the occurrence's claim into the subscription document with the eTag it had read; the other
 * instance's write is refused by the storage (412 in Blob) and it backs off. A claim has two
 * steps, each a conditional write by the claim's holder:
 *
 *   claimed   the holder is building the alert; nothing has gone to the channel yet. If its lease
 *             lapses (the holder died), another instance may take the occurrence over and send it.
 *   sending   written just before the POST to the channel. From here the alert may have reached
 *             the rider, so a lapsed lease is never taken over: the occurrence is settled as
 *             failed, reason `interrupted`, logged, and not sent again (at most once, never twice).
 *
 * The holder moves from claimed to sending only while its claim (a random token) is still the
 * one in the document, with the eTag read: an instance whose lease lapsed and was taken over, or
 * whose subscription was stopped meanwhile, finds out there and does not send.
 *
 * A subscription that ends (stopped, a one-off done) is not deleted at once but overwritten with
 * a tombstone (`ended`), and listed in the index's `ended`: a conditional write with an eTag read
 * before the end must still fail, and a write to a deleted key would create it again (memory
 * storage does; so did Azurite), letting a late claim send a stopped alert. The scheduler's sweep
 * deletes tombstones an hour after the end.
 */
import { randomBytes } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import type { AddResult, AlertBook, AlertSummary, Schedule, Subscription, SubscriptionSpec } from './model';

export const INDEX_KEY = 'alerts/index';
export const subscriptionKey = (id: string): string => `alerts/subscription/${id}`;

/** What the scheduler needs of a subscription, and what "my alerts" lists: no conversation reference. */
export type IndexEntry = AlertSummary;

interface IndexDoc {
  v: 1;
  subs: Record<string, IndexEntry>;
  /** Ended subscriptions whose tombstone is still stored: id → when it ended (ISO). */
  ended?: Record<string, string>;
}

/** How long a tombstone stays before the sweep deletes it: far longer than any claim takes. */
export const TOMBSTONE_MS = 60 * 60_000;

/** How the latest alert of a subscription went. */
export type DeliveryStateName = 'claimed' | 'sending' | 'retry' | 'sent' | 'skipped' | 'failed' | 'refused';
/** A claim's two steps: its holder is building the alert, or sending it. */
export type HeldStateName = Extract<DeliveryStateName, 'claimed' | 'sending'>;
/** The reason of a `failed` occurrence whose holder stopped while sending: the outcome is unknown, so it is not sent again. */
export const INTERRUPTED = 'interrupted';
/** States after which that occurrence is never looked at again. */
export const FINAL_STATES: ReadonlySet<DeliveryStateName> = new Set(['sent', 'skipped', 'failed', 'refused']);

export interface DeliveryState {
  /** The occurrence (the trip's Toronto date). */
  key: string;
  state: DeliveryStateName;
  /** Send attempts made so far. */
  attempts: number;
  /** The instance holding the claim, and until when (a dead instance's claim lapses). */
  by?: string;
  leaseUntil?: string;
  /** claimed/sending: this claim's random token; only its holder moves the occurrence on. */
  claim?: string;
  /** state retry: not before this instant. */
  nextAttemptAt?: string;
  /** When the state was reached. */
  at: string;
  /** skipped/failed/refused: why, for the log and for tests. */
  reason?: string;
}

export interface StoredSubscription extends Subscription {
  /** Alerts in a row the channel refused (403/404); a sent one resets it. */
  refusals: number;
  occurrence?: DeliveryState;
  /** Set when the subscription ended: a tombstone, read as gone. */
  ended?: string;
}

/** How a claim came out. */
export type Claim =
  /** Ours: `claim` is the token beginSend and finish ask for. */
  | { kind: 'claimed'; subscription: StoredSubscription; attempts: number; claim: string }
  /** Its holder stopped while sending (lease lapsed): this call settled it as failed/interrupted. */
  | { kind: 'interrupted'; state: DeliveryState }
  /** Already sent, skipped or given up, by this instance or another. */
  | { kind: 'done'; state: DeliveryState }
  /** Another instance holds a live claim on it. */
  | { kind: 'busy' }
  /** Waiting for a retry (not yet due). */
  | { kind: 'wait'; until: Date }
  /** The subscription is gone (stopped meanwhile). */
  | { kind: 'gone' };

const NO_CHANGE = Symbol('no change');
type Change<T> = T | typeof NO_CHANGE;

export function isETagConflict(err: unknown): boolean {
  return err instanceof Error && /eTag conflict/i.test(err.message);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function withoutETag<T extends object>(item: T & { eTag?: string }): T {
  const { eTag: _eTag, ...rest } = item;
  return rest as T;
}

function sameSchedule(a: Schedule, b: Schedule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A claim in force: its holder is building or sending the alert, and its lease has not lapsed. */
function held(current: DeliveryState | undefined, now: Date): boolean {
  return (current?.state === 'claimed' || current?.state === 'sending') && current.leaseUntil !== undefined && Date.parse(current.leaseUntil) > now.getTime();
}

/** The state recorded for an occurrence whose holder stopped while sending. */
function interrupted(current: DeliveryState, now: Date): DeliveryState {
  return { key: current.key, state: 'failed', attempts: current.attempts, at: now.toISOString(), reason: INTERRUPTED, ...(current.by ? { by: current.by } : {}) };
}

export class AlertStore implements AlertBook {
  constructor(
    private readonly storage: Storage,
    /** "Now", for tombstones; the system clock unless a test sets one. */
    private readonly clock: () => Date = () => new Date(),
    /** Attempts at a read-change-write before giving up (each conflict costs one). */
    private readonly maxAttempts = 10,
  ) {}

  /**
   * read → change → write with the read eTag, until the write is accepted or `change` says there
   * is nothing to do. A document that did not exist is written unconditionally and then read
   * again, so `change` must be idempotent (return NO_CHANGE once its change is in).
   */
  private async update<T extends object>(key: string, change: (current: T | undefined) => Change<T | undefined>): Promise<T | undefined> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const read = (await this.storage.read([key]))[key] as (T & StoreItem) | undefined;
      const next = change(read ? clone(withoutETag(read)) : undefined);
      if (next === NO_CHANGE) return read ? withoutETag(read) : undefined;
      try {
        if (next === undefined) {
          await this.storage.delete([key]);
          return undefined;
        }
        // A missing document has no eTag: the write creates it, and the loop reads it back.
        await this.storage.write({ [key]: read?.eTag ? { ...next, eTag: read.eTag } : { ...next } });
        if (read) return next;
      } catch (err) {
        if (!isETagConflict(err)) throw err;
        await new Promise((ok) => setTimeout(ok, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
    throw new Error(`${key}: still changed by others after ${this.maxAttempts} attempts`);
  }

  async readIndex(): Promise<Record<string, IndexEntry>> {
    const doc = (await this.storage.read([INDEX_KEY]))[INDEX_KEY] as IndexDoc | undefined;
    return doc?.subs ?? {};
  }

  async read(id: string): Promise<StoredSubscription | undefined> {
    const item = (await this.storage.read([subscriptionKey(id)]))[subscriptionKey(id)] as (StoredSubscription & StoreItem) | undefined;
    return item && !item.ended ? withoutETag(item) : undefined;
  }

  /** Reads many subscription documents (the sweep), in batches. */
  async readMany(ids: readonly string[], batch = 50): Promise<Map<string, StoredSubscription>> {
    const out = new Map<string, StoredSubscription>();
    for (let i = 0; i < ids.length; i += batch) {
      const keys = ids.slice(i, i + batch).map(subscriptionKey);
      const items = await this.storage.read(keys);
      for (const [key, item] of Object.entries(items)) {
        if (item && !(item as StoredSubscription).ended) out.set(key.slice(subscriptionKey('').length), withoutETag(item as StoredSubscription & StoreItem));
      }
    }
    return out;
  }

  async add(spec: SubscriptionSpec, maxPerRider: number): Promise<AddResult> {
    const id = randomBytes(8).toString('hex');
    const subscription: Subscription = { ...spec, id };
    const stored: StoredSubscription = { ...subscription, refusals: 0 };
    await this.storage.write({ [subscriptionKey(id)]: stored });
    let refused: AddResult | undefined;
    const { reference: _reference, riderZone: _zone, ...entry } = subscription;
    await this.update<IndexDoc>(INDEX_KEY, (doc) => {
      const subs = doc?.subs ?? {};
      if (subs[id]) return NO_CHANGE;
      const own = Object.values(subs).filter((s) => s.rider === spec.rider);
      const existing = own.find((s) => s.route === spec.route && s.direction === spec.direction && sameSchedule(s.schedule, spec.schedule));
      if (existing) {
        refused = { ok: false, reason: 'duplicate', existing };
        return NO_CHANGE;
      }
      if (own.length >= maxPerRider) {
        refused = { ok: false, reason: 'limit', max: maxPerRider };
        return NO_CHANGE;
      }
      refused = undefined;
      return { ...doc, v: 1, subs: { ...subs, [id]: entry } };
    });
    if (refused) {
      await this.storage.delete([subscriptionKey(id)]);
      return refused;
    }
    return { ok: true, subscription };
  }

  async list(rider: string): Promise<AlertSummary[]> {
    const subs = await this.readIndex();
    return Object.values(subs)
      .filter((s) => s.rider === rider)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Ends subscriptions: out of the index, their documents made tombstones. Resolves with the entries removed. */
  async remove(ids: readonly string[]): Promise<IndexEntry[]> {
    const removed: IndexEntry[] = [];
    const at = this.clock().toISOString();
    await this.update<IndexDoc>(INDEX_KEY, (doc) => {
      removed.length = 0;
      if (!doc) return NO_CHANGE;
      const subs = { ...doc.subs };
      const ended = { ...(doc.ended ?? {}) };
      for (const id of ids) {
        if (subs[id]) removed.push(subs[id]);
        delete subs[id];
        ended[id] ??= at;
      }
      const same = removed.length === 0 && ids.every((id) => doc.ended?.[id]);
      return same ? NO_CHANGE : { v: 1, subs, ended };
    });
    for (const id of ids) {
      await this.update<StoredSubscription>(subscriptionKey(id), (sub) => (!sub || sub.ended ? NO_CHANGE : { ...sub, ended: at }));
    }
    return removed;
  }

  /** Deletes tombstones older than TOMBSTONE_MS (the sweep). Resolves with how many. */
  async purgeEnded(): Promise<number> {
    const doc = (await this.storage.read([INDEX_KEY]))[INDEX_KEY] as IndexDoc | undefined;
    const cutoff = this.clock().getTime() - TOMBSTONE_MS;
    const old = Object.entries(doc?.ended ?? {}).filter(([, at]) => Date.parse(at) <= cutoff).map(([id]) => id);
    if (old.length === 0) return 0;
    await this.storage.delete(old.map(subscriptionKey));
    await this.update<IndexDoc>(INDEX_KEY, (d) => {
      if (!d?.ended || old.every((id) => !d.ended?.[id])) return NO_CHANGE;
      const ended = { ...d.ended };
      for (const id of old) delete ended[id];
      return { ...d, ended };
    });
    return old.length;
  }

  async stop(rider: string, which: (s: AlertSummary) => boolean): Promise<AlertSummary[]> {
    const ids = (await this.list(rider)).filter(which).map((s) => s.id);
    return ids.length === 0 ? [] : this.remove(ids);
  }

  async pause(rider: string, until: Date | undefined): Promise<AlertSummary[]> {
    const changed: IndexEntry[] = [];
    const value = until?.toISOString();
    await this.update<IndexDoc>(INDEX_KEY, (doc) => {
      changed.length = 0;
      if (!doc) return NO_CHANGE;
      const subs = { ...doc.subs };
      for (const [id, s] of Object.entries(subs)) {
        if (s.rider !== rider) continue;
        const next = { ...s };
        if (value) next.pausedUntil = value;
        else delete next.pausedUntil;
        subs[id] = next;
        changed.push(next);
      }
      const same = changed.every((s) => s.pausedUntil === doc.subs[s.id]?.pausedUntil);
      return same ? NO_CHANGE : { ...doc, v: 1, subs };
    });
    return changed;
  }

  /**
   * Claims occurrence `key` of subscription `id` for instance `me`: written with the eTag read,
   * so of two instances claiming at once exactly one succeeds. A claim whose lease has lapsed
   * before its holder began sending (it died while building the alert) may be taken over; one
   * that lapsed while sending is settled as failed (`interrupted`), never sent again.
   */
  async claim(id: string, key: string, me: string, now: Date, leaseMs: number): Promise<Claim> {
    let outcome: Claim = { kind: 'gone' };
    await this.update<StoredSubscription>(subscriptionKey(id), (sub) => {
      if (!sub || sub.ended) {
        outcome = { kind: 'gone' };
        return NO_CHANGE;
      }
      // Only the latest occurrence is kept: a later one there means this one was settled before it.
      if (sub.occurrence && sub.occurrence.key > key) {
        outcome = { kind: 'done', state: { key, state: 'skipped', attempts: 0, at: sub.occurrence.at, reason: 'superseded' } };
        return NO_CHANGE;
      }
      const current = sub.occurrence?.key === key ? sub.occurrence : undefined;
      if (current && FINAL_STATES.has(current.state)) {
        outcome = { kind: 'done', state: current };
        return NO_CHANGE;
      }
      if (held(current, now)) {
        outcome = { kind: 'busy' };
        return NO_CHANGE;
      }
      if (current?.state === 'sending') {
        // Its holder stopped between "sending" and saying how it went: the rider may have it.
        sub.occurrence = interrupted(current, now);
        outcome = { kind: 'interrupted', state: sub.occurrence };
        return sub;
      }
      if (current?.state === 'retry' && current.nextAttemptAt && Date.parse(current.nextAttemptAt) > now.getTime()) {
        outcome = { kind: 'wait', until: new Date(current.nextAttemptAt) };
        return NO_CHANGE;
      }
      const attempts = (current?.attempts ?? 0) + 1;
      const claim = randomBytes(8).toString('hex');
      sub.occurrence = { key, state: 'claimed', attempts, by: me, claim, leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), at: now.toISOString() };
      outcome = { kind: 'claimed', subscription: sub, attempts, claim };
      return sub;
    }).catch((err: unknown) => {
      // Still contended after every attempt: another instance is busy with it.
      if (err instanceof Error && /still changed by others/.test(err.message)) {
        outcome = { kind: 'busy' };
        return undefined;
      }
      throw err;
    });
    return outcome;
  }

  /**
   * The step just before the POST to the channel: claimed → sending, written with the eTag read
   * and only while `claim` is still the occurrence's claim (not taken over after a lapsed lease,
   * the subscription not stopped meanwhile). The lease is renewed for the send. True when the
   * caller may send; false when it must not.
   */
  async beginSend(id: string, key: string, claim: string, now: Date, leaseMs: number): Promise<boolean> {
    let started = false;
    await this.update<StoredSubscription>(subscriptionKey(id), (sub) => {
      started = false;
      const current = sub?.occurrence;
      if (!sub || sub.ended || current?.key !== key || current.claim !== claim || current.state !== 'claimed') return NO_CHANGE;
      sub.occurrence = { ...current, state: 'sending', leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), at: now.toISOString() };
      started = true;
      return sub;
    }).catch((err: unknown) => {
      // Still contended after every attempt: not safe to send.
      if (err instanceof Error && /still changed by others/.test(err.message)) {
        started = false;
        return undefined;
      }
      throw err;
    });
    return started;
  }

  /**
   * Records how a claimed occurrence went. Only the holder of the claim (its token) writes: a
   * claim taken over, or settled as interrupted after its lease lapsed, is left as it is.
   * Resolves with the document written.
   */
  async finish(
    id: string,
    key: string,
    claim: string,
    state: Exclude<DeliveryStateName, HeldStateName>,
    now: Date,
    extra: { reason?: string; nextAttemptAt?: Date; refusals?: 'reset' | 'add' } = {},
  ): Promise<StoredSubscription | undefined> {
    let written: StoredSubscription | undefined;
    await this.update<StoredSubscription>(subscriptionKey(id), (sub) => {
      written = undefined;
      const current = sub?.occurrence;
      if (!sub || sub.ended || current?.key !== key || current.claim !== claim || (current.state !== 'claimed' && current.state !== 'sending')) return NO_CHANGE;
      sub.occurrence = {
        key,
        state,
        attempts: current.attempts,
        at: now.toISOString(),
        ...(extra.reason ? { reason: extra.reason } : {}),
        ...(extra.nextAttemptAt ? { nextAttemptAt: extra.nextAttemptAt.toISOString() } : {}),
      };
      if (extra.refusals === 'reset') sub.refusals = 0;
      if (extra.refusals === 'add') sub.refusals += 1;
      written = sub;
      return sub;
    });
    return written;
  }

  /**
   * Marks an occurrence nobody holds as skipped (missed past the grace window, the trip time does
   * not exist, paused…), unless someone already settled it; one left `sending` by a holder that
   * stopped is recorded as failed (`interrupted`) instead. Resolves with the state this call
   * recorded, or undefined when it recorded nothing.
   */
  async skip(id: string, key: string, now: Date, reason: string): Promise<DeliveryState | undefined> {
    let recorded: DeliveryState | undefined;
    await this.update<StoredSubscription>(subscriptionKey(id), (sub) => {
      recorded = undefined;
      if (!sub || sub.ended || (sub.occurrence && sub.occurrence.key > key)) return NO_CHANGE; // never over a later occurrence's state
      const current = sub.occurrence?.key === key ? sub.occurrence : undefined;
      if (current && (FINAL_STATES.has(current.state) || held(current, now))) return NO_CHANGE;
      sub.occurrence = current?.state === 'sending'
        ? interrupted(current, now)
        : { key, state: current?.state === 'retry' ? 'failed' : 'skipped', attempts: current?.attempts ?? 0, at: now.toISOString(), reason };
      recorded = sub.occurrence;
      return sub;
    });
    return recorded;
  }
}
