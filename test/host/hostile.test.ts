// What a hostile client tried against a running server (issue 10), each answered without a 5xx,
// without internals in the body, and without harm to the next rider: deep nesting, invented
// activity types, look-alike content types, HEAD requests, restify's own 404 and 405 answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { realPredictor } from '../bot/helpers';
import { activity, isAnswer, messages, post, startApp, startReceiver, type InProcessApp, type Receiver } from '../ops/helpers';

let app: InProcessApp;
let receiver: Receiver;

before(async () => {
  receiver = await startReceiver();
  app = await startApp(await realPredictor());
});
after(async () => {
  await app.close();
  await receiver.close();
});

/** `{"a":{"a":…}}` nested `depth` levels, built as text so building it cannot overflow. */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('deeply nested JSON', () => {
  it('is refused with a 400 that names the problem, and the conversation goes on', async () => {
    const base = JSON.stringify(activity(receiver.url, 'deep', { text: 'hello' }));
    const body = `${base.slice(0, -1)},"channelData":${nested(5000)}}`;
    const res = await post(app.url, body);
    const text = await res.text();
    assert.equal(res.status, 400, text);
    assert.match(text, /nested more than \d+ levels/);
    assert.doesNotMatch(text, /RangeError|stack/i);
    const next = await post(app.url, activity(receiver.url, 'deep', { text: '504 east at 5 pm' }));
    assert.equal(next.status, 200);
    assert.ok(messages(receiver.activities, 'deep').some(isAnswer));
  });
});

describe('the turn metrics', () => {
  it('label only known activity types: 300 invented types add one series, not 300', async () => {
    for (let i = 0; i < 300; i++) {
      const res = await post(app.url, activity(receiver.url, `types-${i}`, { type: `madeUp${i}` }));
      assert.ok(res.status < 500, `no 5xx for an invented type: ${res.status}`);
    }
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const series = metrics.split('\n').filter((l) => l.startsWith('bot_turns_total{'));
    assert.ok(!series.some((l) => /madeUp/.test(l)), 'no series named after a client-made type');
    assert.ok(series.some((l) => /type="other"/.test(l)), `counted as other: ${series.join(' | ')}`);
    assert.ok(series.length <= 10, `a handful of series: ${series.length}`);
  });
});

describe('content types', () => {
  for (const type of ['application/jsonfoo', 'application/json-patch+json', 'text/json', 'application/x-www-form-urlencoded']) {
    it(`${type} is refused with 415`, async () => {
      const res = await post(app.url, activity(receiver.url, 'ct', { text: 'hi' }), { 'Content-Type': type });
      assert.equal(res.status, 415);
    });
  }
  it('application/json with a charset is taken', async () => {
    const res = await post(app.url, activity(receiver.url, 'ct-ok', { text: '504 east at 5 pm' }), { 'Content-Type': 'application/json; charset=utf-8' });
    assert.equal(res.status, 200);
  });
});

describe('HEAD and restify’s own answers', () => {
  for (const path of ['/healthz', '/readyz', '/', '/show-prediction?route=504&direction=e&time=2031-01-07T08:00', '/api/routes']) {
    it(`HEAD ${path} answers as GET does, without a body`, async () => {
      const get = await fetch(`${app.url}${path}`);
      const head = await fetch(`${app.url}${path}`, { method: 'HEAD' });
      assert.equal(head.status, get.status);
      assert.equal(head.headers.get('content-type'), get.headers.get('content-type'));
      assert.equal(await head.text(), '');
    });
  }

  it('a 404 and a 405 carry the security headers; a browser gets an HTML 404 page', async () => {
    const missing = await fetch(`${app.url}/no-such-page`, { headers: { accept: 'text/html' } });
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(missing.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(missing.headers.get('content-security-policy'));
    assert.match(await missing.text(), /<h1>.*not found/i);

    const api = await fetch(`${app.url}/api/nothing`);
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /json/);
    assert.equal(api.headers.get('x-content-type-options'), 'nosniff');

    const wrong = await fetch(`${app.url}/api/messages`, { method: 'GET' });
    assert.equal(wrong.status, 405);
    assert.match(wrong.headers.get('allow') ?? '', /POST/);
    assert.equal(wrong.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(wrong.headers.get('content-security-policy'));
  });
});
