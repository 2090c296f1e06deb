// Operations over HTTP, in this process with src/index.ts's wiring: the per-turn log line, the
// metrics, /readyz, body and content-type guards, and the rate limit on the web pages and API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { realPredictor } from '../bot/helpers';
import { activity, isAnswer, messages, post, settingsFile, startApp, startReceiver, type InProcessApp, type Receiver } from './helpers';
import { RateLimiter } from '../../src/ops/rate-limit';

let app: InProcessApp;
let receiver: Receiver;

/** The default settings with a small rate limit, so the test reaches it quickly. */
function tightConfig(): string {
  return settingsFile((yaml) => yaml.replace(/perSecond: \d+/, 'perSecond: 1').replace(/burst: \d+/, 'burst: 5'));
}

before(async () => {
  receiver = await startReceiver();
  app = await startApp(await realPredictor(), {}, tightConfig());
});
after(async () => {
  await app.close();
  await receiver.close();
});

describe('a prediction turn', () => {
  it('is answered, logged with its conversation id and latency, and counted in /metrics', async () => {
    const res = await post(app.url, activity(receiver.url, 'metrics-1', { text: '504 east at 5 pm' }));
    assert.equal(res.status, 200);
    assert.ok(messages(receiver.activities, 'metrics-1').some(isAnswer), 'the answer card arrived');

    const line = app.logs.find((l) => l.msg === 'turn' && l.conversationId === 'metrics-1');
    assert.ok(line, 'one log line for the turn');
    assert.equal(line.type, 'message');
    assert.equal(line.outcome, 'ok');
    assert.equal(typeof line.latencyMs, 'number');
    assert.ok((line.replies as number) >= 1);

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.match(metrics, /^bot_turns_total\{type="message",outcome="ok"\} [1-9]/m);
    assert.match(metrics, /^bot_turn_duration_seconds_bucket\{le="0.1",type="message"\} \d+/m);
    assert.match(metrics, /^bot_turn_duration_seconds_count\{type="message"\} [1-9]/m);
    assert.match(metrics, /^predictions_total [1-9]/m);
    assert.match(metrics, /^errors_total\{kind="turn"\} 0/m);
    assert.match(metrics, /^process_resident_memory_bytes \d+/m);
  });
});

describe('probes', () => {
  it('GET /readyz is 200 when the storage answers, /healthz stays as it was', async () => {
    const ready = await fetch(`${app.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });
});

describe('guards on POST /api/messages', () => {
  it('refuses a wrong content type with 415, bad JSON with 400, a huge body with 413; the bot never runs', async () => {
    const before = receiver.activities.length;
    const text = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    assert.equal(text.status, 415);
    const none = await fetch(`${app.url}/api/messages`, { method: 'POST', body: 'hello' });
    assert.equal(none.status, 415);
    const bad = await post(app.url, '{"type": "message", ');
    assert.equal(bad.status, 400);
    const huge = await post(app.url, activity(receiver.url, 'huge', { text: 'x'.repeat(2 * 1024 * 1024) }));
    assert.equal(huge.status, 413);
    const empty = await post(app.url, '');
    assert.ok(empty.status >= 400 && empty.status < 500, `empty body: ${empty.status}`);
    for (const res of [text, none, bad, huge, empty]) {
      const body = await res.text();
      assert.doesNotMatch(body, /at .*\.(ts|js):\d+/, 'no stack trace in the answer');
    }
    assert.equal(receiver.activities.length, before);
  });

  it('is not rate limited (channels are authenticated callers)', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(app.url, activity(receiver.url, `burst-${i}`, { text: 'hi' })).then((r) => r.status)),
    );
    assert.deepEqual(new Set(results), new Set([200]));
  });
});

describe('rate limit on the web pages and JSON API', () => {
  it('answers 429 with Retry-After past the burst, per client, JSON on /api', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${app.url}/api/routes`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
    assert.ok(limited, `a request was limited: ${statuses.join(',')}`);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.deepEqual(await limited.json(), { field: 'rate', problem: `too many requests; try again in ${limited.headers.get('retry-after')} s` });
    const page = await fetch(`${app.url}/`);
    assert.equal(page.status, 429);
    assert.match(await page.text(), /Too many requests/);
    // The probes are never limited.
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${app.url}/readyz`)).status, 200);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.match(metrics, /^http_rate_limited_total [1-9]/m);
  });

  it('refills at the configured rate and forgets idle clients', () => {
    let t = 0;
    const limiter = new RateLimiter(2, 3, () => t);
    assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a')], [0, 0, 0]);
    assert.equal(limiter.take('a'), 1);
    assert.equal(limiter.take('b'), 0, 'another client has its own bucket');
    t += 500;
    assert.equal(limiter.take('a'), 0, 'one token back after half a second at 2/s');
    t += 60_000;
    limiter.take('c');
    assert.equal(limiter.size, 1, 'full buckets are dropped');
  });

  // Which address a client is (X-Forwarded-For behind trusted proxies): test/ops/rate-limit.test.ts.
});
