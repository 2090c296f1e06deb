/**
 * No log line carries a bearer token or a cookie: not through a request object logged whole
 * (restify logs `{ req, err }` when its formatter fails; the request's `rawHeaders` hold every
 * header as sent), not through an error carrying the request, not through the local Direct Line.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/ops/logger';
import { startTestServer, type TestServer } from '../web/harness';
import { refusingPredictor } from '../web/predictors';
import { ensureWebChatBundle } from '../../src/web/webchat-bundle';

/** A logger at debug level whose lines are kept in memory, one parsed object per line. */
function memoryLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, levels: () => lines.map((l) => (JSON.parse(l) as { level: number }).level) };
}

const TOKEN = 'Bearer s3cret-token-XYZ';
const COOKIE = 'session=s3cret-cookie-XYZ';

describe('log redaction', () => {
  it('keeps only method and url of a request, wherever it sits in the line', () => {
    const { logger, lines } = memoryLogger();
    const req = {
      method: 'POST',
      url: '/v3/directline/conversations/c1/activities',
      headers: { authorization: TOKEN, cookie: COOKIE },
      rawHeaders: ['authorization', TOKEN, 'cookie', COOKIE],
    };
    logger.warn({ req, err: new Error('formatter failed') }, 'error in formatter');
    logger.warn({ res: { statusCode: 500, req } }, 'response');
    logger.error({ err: Object.assign(new Error('the request failed'), { req, request: req, response: { req } }) }, 'an SDK error');
    logger.warn({ context: { activity: { text: 'hi' }, req } }, 'a turn context');
    logger.warn({ conversationId: 'c1', value: { rawHeaders: req.rawHeaders, headers: { cookie: COOKIE, 'set-cookie': COOKIE } } }, 'headers, one level down');
    logger.warn({ rawHeaders: req.rawHeaders, headers: { cookie: COOKIE } }, 'headers, top level');
    assert.equal(lines.length, 6);
    for (const line of lines) {
      assert.ok(!line.includes('s3cret'), line);
    }
    const first = JSON.parse(lines[0]) as { req: unknown };
    assert.deepEqual(first.req, { method: 'POST', url: '/v3/directline/conversations/c1/activities' });
  });
});

describe('log redaction, the real server under hostile Direct Line requests', () => {
  let s: TestServer;
  const log = memoryLogger();
  before(async () => {
    await ensureWebChatBundle(); // /chat issues its token only with the bundle on disk
    s = await startTestServer({ predictor: refusingPredictor, logger: log.logger });
  });
  after(async () => {
    await s.close();
  });

  it('never writes the Direct Line token', async () => {
    const html = await (await fetch(`${s.url}/chat`)).text();
    const token = /data-token="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.ok(token.length >= 20, 'the /chat page has a token');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', cookie: `dl=${token}` };
    const started = await fetch(`${s.url}/v3/directline/conversations`, { method: 'POST', headers });
    const { conversationId } = (await started.json()) as { conversationId: string };
    const activities = `${s.url}/v3/directline/conversations/${conversationId}/activities`;
    const post = (body: string, extra: Record<string, string> = {}) => fetch(activities, { method: 'POST', headers: { ...headers, ...extra }, body });
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

    const hostile = [
      post(`{"type":"message","text":"hi","channelData":${deep(5000)}}`),
      post(`{"type":"message","text":"hi","value":${deep(5000)}}`),
      post(`{"type":"event","name":"x","value":${deep(40)}}`),
      post('{not json'),
      post('{"type":"message","text":"hi"}', { 'content-type': 'text/plain' }),
      post(JSON.stringify({ type: 'message', text: 'x'.repeat(100 * 1024) })),
      post('{"type":"message","text":"hi"}', { 'content-encoding': 'gzip' }),
      post(JSON.stringify({ type: 'typing', channelData: { pad: 'x'.repeat(10_000) } })),
      fetch(`${s.url}/v3/directline/conversations/not-a-conversation/activities`, { method: 'POST', headers, body: '{"type":"message","text":"hi"}' }),
      fetch(`${s.url}/v3/directline/conversations/not-a-conversation/activities`, { headers }),
    ];
    for (const res of await Promise.all(hostile)) await res.arrayBuffer();
    // Whatever was accepted reaches the bot; then poll, as Web Chat does, from the start.
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 3; i++) await (await fetch(`${activities}?watermark=0`, { headers })).arrayBuffer();

    assert.ok(log.levels().some((level) => level >= 40), `no warn or error line was written:\n${log.lines.join('')}`);
    for (const line of log.lines) {
      assert.ok(!line.includes(token), `the token is in this log line:\n${line.slice(0, 2000)}`);
    }
  });
});
