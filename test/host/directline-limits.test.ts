/**
 * The local Direct Line against hostile clients: what it keeps in memory, how much one poll
 * answers, and who can push whose conversation out. The bridge runs alone on a bare restify
 * server with a stand-in bot (one short reply per message), so thousands of requests stay fast;
 * test/host/directline.test.ts drives the real bot.
 */
import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as restify from 'restify';
import { depthOver } from '../../src/host/botbuilder/activity-guard';
import { DirectLineBridge, type BridgeActivity, type DeliverToBot } from '../../src/host/botbuilder/directline';

/** Replies as the real bot would, but instantly: a greeting, and one line per message. */
const standInBot: DeliverToBot = async (activity) => {
  JSON.stringify(activity); // what the real delivery does before posting to /api/messages
  if (activity.type === 'conversationUpdate') return [{ type: 'message', text: 'Hello! Ask me about a streetcar trip.' }];
  if (activity.type === 'message') return [{ type: 'message', text: `You said: ${String(activity.text ?? '').slice(0, 40)}` }];
  return [];
};

interface Page {
  activities: BridgeActivity[];
  watermark: string;
}

describe('local Direct Line limits', () => {
  let server: restify.Server;
  let bridge: DirectLineBridge;
  let url: string;
  before(async () => {
    server = restify.createServer({ handleUncaughtExceptions: false });
    bridge = new DirectLineBridge({ deliver: standInBot, serviceUrl: () => url });
    bridge.register(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function client(token: string) {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    return {
      start: async (): Promise<string> => ((await (await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers })).json()) as { conversationId: string }).conversationId,
      post: (id: string, activity: object) => fetch(`${url}/v3/directline/conversations/${id}/activities`, { method: 'POST', headers, body: JSON.stringify(activity) }),
      poll: (id: string, watermark = '0') => fetch(`${url}/v3/directline/conversations/${id}/activities?watermark=${watermark}`, { headers }),
    };
  }

  /** A conversation opened as the /chat page opens it, for `who`, with the greeting already stored. */
  async function open(who: string) {
    const { token } = bridge.issueToken({ open: true, client: who });
    const c = client(token);
    const id = await c.start();
    return { token, id, ...c };
  }

  /** Reads everything from `watermark` on, page by page; the total bytes of the answers too. */
  async function readAll(c: ReturnType<typeof client>, id: string, watermark = '0'): Promise<{ pages: Page[]; bytes: number; watermark: string }> {
    const pages: Page[] = [];
    let bytes = 0;
    for (;;) {
      const res = await c.poll(id, watermark);
      assert.equal(res.status, 200);
      const text = await res.text();
      bytes += Buffer.byteLength(text);
      const page = JSON.parse(text) as Page;
      pages.push(page);
      if (page.activities.length === 0 || page.watermark === watermark) return { pages, bytes, watermark };
      watermark = page.watermark;
    }
  }

  const settle = () => new Promise((r) => setTimeout(r, 50));

  /** Retries `read` until `done` holds for what it returns (the stand-in bot answers on a later tick). */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; ; i++) {
      const value = await read();
      if (done(value) || i === 40) return value;
      await settle();
    }
  }

  it('keeps nothing of typing activities: 100 with 63 KB of channelData leave the conversation small', async () => {
    const c = await open('typist');
    for (let i = 0; i < 100; i++) {
      const res = await c.post(c.id, { type: 'typing', channelData: { pad: 'x'.repeat(63 * 1024) } });
      assert.ok(res.status === 200 || res.status === 400, `typing answered ${res.status}`);
    }
    await settle();
    const { bytes, pages } = await readAll(c, c.id);
    assert.ok(bytes < 16 * 1024, `polling the conversation from the start read ${bytes} bytes`);
    assert.equal(pages.flatMap((p) => p.activities).filter((a) => a.type === 'typing').length, 0, 'user typing is not echoed');
  });

  it('refuses channelData over 4 KB with 400 BadArgument, and takes what Web Chat sends', async () => {
    const c = await open('big-channel-data');
    const big = await c.post(c.id, { type: 'message', text: 'hi', channelData: { pad: 'x'.repeat(5 * 1024) } });
    assert.equal(big.status, 400);
    assert.equal(((await big.json()) as { error: { code: string } }).error.code, 'BadArgument');
    const normal = await c.post(c.id, { type: 'message', text: 'hi', channelData: { clientActivityID: '1700000000000abcdef', clientTimestamp: new Date().toISOString() } });
    assert.equal(normal.status, 200);
  });

  it('a client that keeps reading never fills its conversation: delivered activities over 256 KB are dropped', async () => {
    const c = await open('reader');
    let watermark = '0';
    for (let i = 0; i < 120; i++) {
      const res = await c.post(c.id, { type: 'message', text: `message ${i}`, channelData: { pad: 'x'.repeat(3900) } });
      assert.equal(res.status, 200, `post ${i}`);
      await settle();
      watermark = (await readAll(c, c.id, watermark)).watermark;
    }
    const last = await eventually(() => readAll(c, c.id, watermark), (r) => Number(r.watermark) === 1 + 120 * 2);
    assert.equal(Number(last.watermark), 1 + 120 * 2, 'the watermark counts every activity ever stored');
    const { bytes } = await readAll(c, c.id);
    assert.ok(bytes <= 256 * 1024 + 4096, `the conversation still held ${bytes} bytes after 120 posts of 4 KB`);
  });

  it('a client that never reads is refused with 403 ConversationSizeTooBig once 256 KB is waiting', async () => {
    const c = await open('writer');
    let refused: Response | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const res = await c.post(c.id, { type: 'message', text: `message ${i}`, channelData: { pad: 'x'.repeat(3900) } });
      if (res.status !== 200) refused = res;
    }
    assert.ok(refused, '100 posts of 4 KB were all kept');
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'ConversationSizeTooBig');
  });

  it('answers a poll with at most 50 activities; the watermarks page through all of them in order', async () => {
    const c = await open('pager');
    for (let i = 0; i < 40; i++) assert.equal((await c.post(c.id, { type: 'message', text: `m${i}` })).status, 200);
    const { pages } = await eventually(() => readAll(c, c.id), (r) => r.pages.flatMap((p) => p.activities).length === 1 + 40 * 2);
    assert.ok(pages.length > 1 && pages.every((p) => p.activities.length <= 50), `pages of ${pages.map((p) => p.activities.length).join(', ')}`);
    const texts = pages.flatMap((p) => p.activities).map((a) => a.text);
    assert.equal(texts.length, 1 + 40 * 2);
    assert.deepEqual(texts.filter((t) => /^m\d+$/.test(t ?? '')), Array.from({ length: 40 }, (_, i) => `m${i}`));
  });

  it('one client opening 1,100 conversations pushes out only its own, never another client\'s', async () => {
    const a = await open('198.51.100.1');
    assert.equal((await a.poll(a.id)).status, 200);
    const first = bridge.issueToken({ open: true, client: '203.0.113.7' });
    for (let i = 0; i < 1100; i++) bridge.issueToken({ open: true, client: '203.0.113.7' });
    // Page loads before the Web Chat bundle is there issue tokens without opening a conversation.
    for (let i = 0; i < 5000; i++) bridge.issueToken({ client: '203.0.113.7' });
    const again = await a.poll(a.id);
    assert.equal(again.status, 200, 'the other client\'s conversation survived');
    assert.equal((await a.post(a.id, { type: 'message', text: 'still here' })).status, 200);
    const startedAgain = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${first.token}` } });
    assert.equal(startedAgain.status, 403, 'the flooding client\'s own oldest token was dropped');
    assert.ok(bridge.conversationCount <= 40, `${bridge.conversationCount} conversations kept`);
  });
});

describe('depthOver', () => {
  it('counts levels of objects and arrays, without recursion, at any depth', () => {
    assert.equal(depthOver({ a: [{ b: 1 }] }, 3), false);
    assert.equal(depthOver({ a: [{ b: 1 }] }, 2), true);
    assert.equal(depthOver('text', 0), false);
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    assert.equal(depthOver(deep, 32), true);
  });
});
