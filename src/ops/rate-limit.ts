/**
 * A token bucket per client: `burst` requests at once, refilled at `perSecond`. Buckets that are
 * full again are forgotten, so memory stays bounded by the clients active in the last few seconds.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes one token for `client`; returns 0 when allowed, else the seconds until one is free. */
  take(client: string): number {
    const t = this.now();
    this.sweep(t);
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, at: t };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((t - bucket.at) / 1000) * this.perSecond);
    bucket.at = t;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  /** Clients tracked now (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(t: number): void {
    const refill = (this.burst / this.perSecond) * 1000;
    if (t - this.lastSweep < Math.max(1000, refill)) return;
    this.lastSweep = t;
    for (const [client, bucket] of this.buckets) {
      if (t - bucket.at >= refill) this.buckets.delete(client);
    }
  }
}

/**
 * The client's address, as the rate limit sees it. Behind reverse proxies every request comes from
 * the nearest one, and only the right end of X-Forwarded-For can be believed: the client may send
 * the header with anything in it, and each proxy APPENDS the address it saw. So behind
 * `trustedHops` proxies (App Service's front end is one) the client is the entry that many places
 * from the right. With fewer entries than that (a hop that did not append), the leftmost is taken:
 * a trusted proxy still wrote it, so at worst clients share a bucket, they cannot pick one. With no
 * entry, or 0 hops trusted, the socket's address. App Service writes "ip:port"; the port (new on
 * every connection) and IPv6 brackets are dropped.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | undefined, trustedHops: number): string {
  const entries = trustedHops > 0 && forwardedFor ? forwardedFor.split(',').map((e) => e.trim()).filter(Boolean) : [];
  if (entries.length === 0) return remoteAddress ?? 'unknown';
  return withoutPort(entries[Math.max(0, entries.length - trustedHops)]);
}

function withoutPort(entry: string): string {
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  if (v4WithPort) return v4WithPort[1];
  const v6InBrackets = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (v6InBrackets) return v6InBrackets[1];
  return entry;
}
