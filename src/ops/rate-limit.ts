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
 * The client's address. Behind a reverse proxy (App Service's front ends) every request comes from
 * the proxy, so with `trustProxy` the first X-Forwarded-For entry is used (App Service writes
 * "ip:port"; the port is dropped).
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | undefined, trustProxy: boolean): string {
  if (trustProxy && forwardedFor) {
    const first = forwardedFor.split(',')[0].trim();
    const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(first);
    if (v4WithPort) return v4WithPort[1];
    const v6WithPort = /^\[([^\]]+)\](?::\d+)?$/.exec(first);
    if (v6WithPort) return v6WithPort[1];
    if (first) return first;
  }
  return remoteAddress ?? 'unknown';
}
