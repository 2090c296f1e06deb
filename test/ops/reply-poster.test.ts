// The lean reply path (src/ops/reply-poster.ts) against a real HTTP server playing the channel's
// Connector service: what it posts, how it signs, what it retries and when it gives up.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials, TokenCredentials } from 'botframework-connector';
import { ReplyPostError, ReplyPoster } from '../../src/ops/reply-poster';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** What the fake Connector answers next: a status (and headers), or no answer at all. */
type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

let server: http.Server;
let base: string;
const seen: Seen[] = [];
let answers: Answer[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: JSON.parse(text) });
      const answer = answers.shift() ?? { status: 200, body: '{"id":"reply-1"}' };
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

function fresh(answersNext: Answer[] = []): void {
  seen.length = 0;
  answers = answersNext;
}

const activity: Partial<Activity> = {
  type: 'message',
  text: 'Ça va? 504 King eastbound',
  conversation: { id: 'a:b/c d' } as Activity['conversation'],
  timestamp: new Date('2026-11-24T21:00:00Z'),
};

describe('ReplyPoster', () => {
  it('posts replyToActivity and sendToConversation as the Connector REST calls, JSON, unsigned without an app id', async () => {
    fresh();
    const client = new ReplyPoster({ timeoutMs: 5000 }).install(new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: base }), base, {});
    const reply = (await client.conversations.replyToActivity('a:b/c d', 'act 1', activity)) as { id?: string };
    assert.equal(reply.id, 'reply-1');
    await client.conversations.sendToConversation('a:b/c d', activity);
    assert.equal(seen.length, 2);
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].url, '/v3/conversations/a%3Ab%2Fc%20d/activities/act%201');
    assert.equal(seen[0].headers['x-ms-conversation-id'], 'a:b/c d');
    assert.match(String(seen[0].headers['content-type']), /^application\/json/);
    assert.equal(seen[0].headers.authorization, undefined);
    assert.deepEqual(seen[0].body, { ...activity, timestamp: '2026-11-24T21:00:00.000Z' });
    assert.equal(seen[1].url, '/v3/conversations/a%3Ab%2Fc%20d/activities');
  });

  it('signs with the bot’s credentials (a bearer token when there is one)', async () => {
    fresh();
    const client = new ReplyPoster({ timeoutMs: 5000 }).install(new ConnectorClient(new TokenCredentials('secret-token'), { baseUri: base }), base, {});
    await client.conversations.replyToActivity('c1', 'a1', activity);
    assert.equal(seen[0].headers.authorization, 'Bearer secret-token');
  });

  it('retries 503 and 429 (Retry-After) and then succeeds', async () => {
    fresh([{ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }]);
    const poster = new ReplyPoster({ timeoutMs: 5000, retryDelayMs: 10 });
    const result = await poster.post(`${base}v3/conversations/c1/activities`, activity, new MicrosoftAppCredentials('', ''));
    assert.equal(result.id, 'reply-1');
    assert.equal(seen.length, 3);
  });

  it('does not retry what retrying cannot fix (400), and says the status without the request', async () => {
    fresh([{ status: 400, body: '{"error":"bad"}' }]);
    const poster = new ReplyPoster({ timeoutMs: 5000, retryDelayMs: 10 });
    await assert.rejects(poster.post(`${base}v3/conversations/c1/activities`, activity, new TokenCredentials('secret-token')), (err: unknown) => {
      assert.ok(err instanceof ReplyPostError);
      assert.equal(err.statusCode, 400);
      assert.equal(err.message, 'the channel answered 400 to a reply');
      assert.doesNotMatch(JSON.stringify({ ...err, message: err.message, stack: err.stack }), /secret-token/);
      return true;
    });
    assert.equal(seen.length, 1);
  });

  it('gives up at the deadline when the channel does not answer', async () => {
    fresh(['hang', 'hang', 'hang', 'hang']);
    const poster = new ReplyPoster({ timeoutMs: 400, retryDelayMs: 10 });
    const started = Date.now();
    await assert.rejects(poster.post(`${base}v3/conversations/c1/activities`, activity, new MicrosoftAppCredentials('', '')), ReplyPostError);
    const took = Date.now() - started;
    assert.ok(took >= 350 && took < 2000, `gave up after ${took} ms`);
  });

  it('leaves the SDK’s client alone behind an outbound proxy', () => {
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: base });
    const original = client.conversations.replyToActivity;
    new ReplyPoster({ timeoutMs: 5000 }).install(client, base, { HTTPS_PROXY: 'http://proxy.example:3128' });
    assert.equal(client.conversations.replyToActivity, original);
  });
});
