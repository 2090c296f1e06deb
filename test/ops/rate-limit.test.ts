// The rate limit's client is the address the trusted proxies saw, not what the client wrote in
// X-Forwarded-For: a client can put anything at the front of that header, but App Service's front
// end appends the address it saw, so the trusted entries are the last ones.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import type { Storage } from 'botbuilder';
import pino from 'pino';
import { createServer, type Request, type Response, type Next, type Server } from 'restify';
import { HttpOps } from '../../src/ops/http';
import { Metrics } from '../../src/ops/metrics';
import { clientAddress } from '../../src/ops/rate-limit';

describe('clientAddress', () => {
  it('behind one trusted proxy takes the last X-Forwarded-For entry, whatever the client wrote before it', () => {
    assert.equal(clientAddress('10.0.0.1', '203.0.113.9', 1), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.1', '198.51.100.7, 203.0.113.9', 1), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.1', 'anything-at-all, 1.2.3.4:80, 203.0.113.9:51234', 1), '203.0.113.9');
  });

  it('drops App Service\'s port and IPv6 brackets', () => {
    assert.equal(clientAddress('10.0.0.1', 'spoof, 203.0.113.9:51234', 1), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.1', 'spoof, [2001:db8::1]:443', 1), '2001:db8::1');
    assert.equal(clientAddress('10.0.0.1', 'spoof, [2001:db8::1]', 1), '2001:db8::1');
    assert.equal(clientAddress('10.0.0.1', 'spoof,2001:db8::1', 1), '2001:db8::1');
  });

  it('behind N trusted proxies takes the Nth entry from the right', () => {
    assert.equal(clientAddress('10.0.0.1', 'spoof, 203.0.113.9:51234, 10.1.2.3', 2), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.1', 'a, b, 203.0.113.9, 10.1.2.3, 10.4.5.6', 3), '203.0.113.9');
  });

  it('with fewer entries than trusted hops takes the leftmost, which a trusted proxy still wrote', () => {
    assert.equal(clientAddress('10.0.0.1', '203.0.113.9, 10.1.2.3', 3), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.1', '203.0.113.9', 2), '203.0.113.9');
  });

  it('ignores empty entries, and with no entry at all uses the socket address', () => {
    assert.equal(clientAddress('10.0.0.1', 'spoof, , 203.0.113.9, ', 1), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.1', undefined, 1), '10.0.0.1');
    assert.equal(clientAddress('10.0.0.1', '', 1), '10.0.0.1');
    assert.equal(clientAddress('10.0.0.1', ' , ,', 1), '10.0.0.1');
    assert.equal(clientAddress(undefined, undefined, 1), 'unknown');
  });

  it('trusting no proxy (0 hops) uses the socket address and ignores the header', () => {
    assert.equal(clientAddress('10.0.0.1', '203.0.113.9', 0), '10.0.0.1');
    assert.equal(clientAddress(undefined, '203.0.113.9', 0), 'unknown');
  });
});

// ── Over HTTP: HttpOps on a restify server, with a stopped clock so refills never happen ──

const servers: Server[] = [];
after(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
});

const storage: Storage = { read: async () => ({}), write: async () => {}, delete: async () => {} };

/** A server whose GET /api/ping is rate limited by HttpOps with these settings; its URL. */
async function limitedServer(rateLimit: { perSecond: number; burst: number; trustProxy: boolean; proxyHops?: number }): Promise<string> {
  const server = createServer({ handleUncaughtExceptions: false });
  const ops = new HttpOps({ logger: pino({ level: 'silent' }), metrics: new Metrics(), storage, rateLimit, now: () => 0 });
  ops.install(server);
  server.get('/api/ping', (_req: Request, res: Response, next: Next) => {
    res.send(200, { ok: true });
    next();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function randomAddress(): string {
  return Array.from({ length: 4 }, () => Math.floor(Math.random() * 256)).join('.');
}

/** GET /api/ping with these X-Forwarded-For values, 20 at a time; the statuses in order. */
async function statuses(url: string, forwardedFor: string[]): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < forwardedFor.length; i += 20) {
    const batch = forwardedFor.slice(i, i + 20).map(async (xff) => {
      const res = await fetch(`${url}/api/ping`, { headers: { 'X-Forwarded-For': xff } });
      await res.arrayBuffer();
      return res.status;
    });
    result.push(...(await Promise.all(batch)));
  }
  return result;
}

const count = (list: number[], status: number) => list.filter((s) => s === status).length;

describe('the rate limit over HTTP behind a trusted proxy', () => {
  it('keys on the entry the proxy appended: random first entries do not get past the limit', async () => {
    const url = await limitedServer({ perSecond: 1, burst: 10, trustProxy: true });
    const got = await statuses(url, Array.from({ length: 200 }, () => `${randomAddress()}, 203.0.113.9:${1024 + Math.floor(Math.random() * 60000)}`));
    assert.equal(count(got, 200), 10, `only the burst is served: ${count(got, 200)} × 200`);
    assert.equal(count(got, 429), 190);
  });

  it('limits different last entries separately', async () => {
    const url = await limitedServer({ perSecond: 1, burst: 3, trustProxy: true });
    const clients = Array.from({ length: 20 }, (_, i) => `198.51.100.${i + 1}`);
    // Three requests each (the burst), every one with a different spoofed first entry: all served.
    const first = await statuses(url, clients.flatMap((c) => [1, 2, 3].map(() => `${randomAddress()}, ${c}`)));
    assert.deepEqual(new Set(first), new Set([200]));
    // The fourth from each is over its own limit; a client not seen yet still gets through.
    const second = await statuses(url, [...clients.map((c) => `${randomAddress()}, ${c}`), `${randomAddress()}, 198.51.100.200`]);
    assert.deepEqual(second, [...clients.map(() => 429), 200]);
  });

  it('behind two trusted hops keys on the second entry from the right', async () => {
    const url = await limitedServer({ perSecond: 1, burst: 5, trustProxy: true, proxyHops: 2 });
    const got = await statuses(url, Array.from({ length: 50 }, () => `${randomAddress()}, 203.0.113.9, 10.0.0.${1 + Math.floor(Math.random() * 250)}`));
    assert.equal(count(got, 200), 5);
  });

  it('without trustProxy the header is ignored: one socket, one client', async () => {
    const url = await limitedServer({ perSecond: 1, burst: 5, trustProxy: false });
    const got = await statuses(url, Array.from({ length: 30 }, () => randomAddress()));
    assert.equal(count(got, 200), 5);
  });
});
