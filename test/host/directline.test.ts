/**
 * The local Direct Line, spoken as Web Chat speaks it (botframework-directlinejs with
 * webSocket: false): start with the page's token, post activities, poll with a watermark.
 * The bot behind it is the real one, through the real server and CloudAdapter; these turns do
 * not reach the model (greeting, a question back), so the refusing predictor stands in for it.
 * The hostile-client tests at the end use the real model: the conversation must still answer a
 * trip after what they post.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../web/harness';
import { realPredictor, refusingPredictor } from '../web/predictors';
import { ensureWebChatBundle } from '../../src/web/webchat-bundle';

interface Activity {
  type: string;
  id: string;
  text?: string;
  from: { id: string; role?: string };
  replyToId?: string;
  suggestedActions?: { actions: { title: string }[] };
}

async function pageToken(url: string): Promise<{ token: string; userId: string }> {
  const html = await (await fetch(`${url}/chat`)).text();
  return { token: /data-token="([^"]+)"/.exec(html)?.[1] ?? '', userId: /data-user-id="([^"]+)"/.exec(html)?.[1] ?? '' };
}

function dl(url: string, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    start: () => fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers }),
    post: (id: string, activity: object) => fetch(`${url}/v3/directline/conversations/${id}/activities`, { method: 'POST', headers, body: JSON.stringify(activity) }),
    poll: (id: string, watermark?: string) =>
      fetch(`${url}/v3/directline/conversations/${id}/activities${watermark === undefined ? '' : `?watermark=${watermark}`}`, { headers }),
  };
}

/** Polls until `until` holds for the activities seen so far (as Web Chat does, every 100 ms here). */
async function pollUntil(client: ReturnType<typeof dl>, id: string, until: (all: Activity[]) => boolean, timeoutMs = 10_000): Promise<Activity[]> {
  const all: Activity[] = [];
  let watermark: string | undefined;
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const res = await client.poll(id, watermark);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { activities: Activity[]; watermark: string };
    all.push(...body.activities);
    watermark = body.watermark;
    if (until(all)) return all;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out; saw ${JSON.stringify(all.map((a) => a.text))}`);
}

describe('local Direct Line', () => {
  let s: TestServer;
  before(async () => {
    await ensureWebChatBundle(); // /chat issues its token only with the bundle on disk (fetched once into .cache/)
    s = await startTestServer({ predictor: refusingPredictor });
  });
  after(async () => {
    await s.close();
  });

  it('refuses to start without a token from the page, or with a made-up one', async () => {
    assert.equal((await fetch(`${s.url}/v3/directline/conversations`, { method: 'POST' })).status, 403);
    assert.equal((await dl(s.url, 'made-up-token').start()).status, 403);
  });

  it('starts a conversation, greets, asks what is missing, and echoes the user with ids and a watermark', async () => {
    const { token, userId } = await pageToken(s.url);
    assert.match(userId, /^web_[0-9a-f]{16}$/);
    const client = dl(s.url, token);
    const started = await client.start();
    assert.equal(started.status, 200, 'the /chat page already opened it, so the bot greets while Web Chat starts');
    const { conversationId, token: same } = (await started.json()) as { conversationId: string; token: string };
    assert.equal(same, token);

    const greeting = await pollUntil(client, conversationId, (all) => all.some((a) => a.type === 'message'));
    assert.equal(greeting[0].from.role, 'bot');
    assert.match(greeting[0].text ?? '', /streetcar/i);

    // The client may claim to be anyone; the bridge uses the token's user.
    const posted = await client.post(conversationId, { type: 'message', text: 'Is the King car late tomorrow at 8 am?', from: { id: 'someone-else' } });
    assert.equal(posted.status, 200);
    const { id } = (await posted.json()) as { id: string };
    assert.match(id, new RegExp(`^${conversationId}\\|\\d+$`));

    const rest = await pollUntil(client, conversationId, (all) => all.some((a) => a.from.role === 'bot' && a.replyToId === id));
    const echo = rest.find((a) => a.id === id);
    assert.equal(echo?.from.id, userId, 'the user activity comes back (Web Chat waits for it) as the token user');
    const question = rest.find((a) => a.replyToId === id);
    assert.match(question?.text ?? '', /Which way on the 504 King: eastbound or westbound\?/);
    assert.deepEqual(question?.suggestedActions?.actions.map((x) => x.title.split(' ')[0]), ['Eastbound', 'Westbound']);

    // Polling again from the last watermark gives nothing new; from 0 gives everything.
    const all = (await (await client.poll(conversationId, '0')).json()) as { activities: Activity[]; watermark: string };
    assert.equal(all.activities.length, Number(all.watermark));
    const none = (await (await client.poll(conversationId, all.watermark)).json()) as { activities: Activity[] };
    assert.equal(none.activities.length, 0);
  });

  it('keeps conversations apart: one token cannot read or write another conversation', async () => {
    const a = await pageToken(s.url);
    const b = await pageToken(s.url);
    const started = (await (await dl(s.url, a.token).start()).json()) as { conversationId: string };
    assert.equal((await dl(s.url, b.token).poll(started.conversationId)).status, 403);
    assert.equal((await dl(s.url, b.token).post(started.conversationId, { type: 'message', text: 'hi' })).status, 403);
    assert.equal((await dl(s.url, a.token).poll('no-such-conversation')).status, 404);
  });

  it('refuses bad activities with 400 and never a 500', async () => {
    const { token } = await pageToken(s.url);
    const client = dl(s.url, token);
    const { conversationId } = (await (await client.start()).json()) as { conversationId: string };
    for (const bad of [{ type: 'invoke' }, { text: 'no type' }, { type: 'message', text: 'x'.repeat(5000) }, { type: 'message', text: 42 }]) {
      assert.equal((await client.post(conversationId, bad)).status, 400, JSON.stringify(bad).slice(0, 60));
    }
    const raw = await fetch(`${s.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{not json',
    });
    assert.equal(raw.status, 400);
  });

  it('starting again with the same token resumes the same conversation; refresh keeps the token', async () => {
    const { token } = await pageToken(s.url);
    const client = dl(s.url, token);
    const first = (await (await client.start()).json()) as { conversationId: string };
    const second = (await (await client.start()).json()) as { conversationId: string };
    assert.equal(second.conversationId, first.conversationId);
    const refreshed = await fetch(`${s.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(refreshed.status, 200);
    assert.equal(((await refreshed.json()) as { token: string }).token, token);
  });
});

/**
 * `{"a":{"a":…}}` nested `depth` deep, as JSON text: a hostile client writes it directly
 * (JSON.stringify of such an object overflows the stack here too).
 */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
}

describe('local Direct Line, hostile clients (real model)', () => {
  let s: TestServer;
  before(async () => {
    await ensureWebChatBundle();
    s = await startTestServer({ predictor: await realPredictor() });
  });
  after(async () => {
    await s.close();
  });

  it('refuses values nested 5,000 deep, and the conversation goes on answering', async () => {
    const { token } = await pageToken(s.url);
    const client = dl(s.url, token);
    const { conversationId } = (await (await client.start()).json()) as { conversationId: string };
    await pollUntil(client, conversationId, (all) => all.some((a) => a.from.role === 'bot'));
    const raw = (body: string) =>
      fetch(`${s.url}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body,
      });
    for (const field of ['channelData', 'value', 'attachments', 'entities']) {
      const deep = field === 'attachments' || field === 'entities' ? `[${nestedJson(5000)}]` : nestedJson(5000);
      const res = await raw(`{"type":"message","text":"hi","${field}":${deep}}`);
      assert.equal(res.status, 400, field);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'BadArgument');
    }
    // Shallow structure is fine (Web Chat's own channelData, a card's submit value).
    assert.equal((await raw(`{"type":"message","text":"hi","value":${nestedJson(10)}}`)).status, 200);

    const posted = await client.post(conversationId, { type: 'message', text: '504 eastbound now' });
    assert.equal(posted.status, 200);
    const { id } = (await posted.json()) as { id: string };
    const all = await pollUntil(client, conversationId, (seen) => seen.some((a) => a.replyToId === id && /504 King eastbound/.test(a.text ?? '')));
    assert.ok(!all.some((a) => /something went wrong/i.test(a.text ?? '')), 'the bot never failed');
  });

  it('answers bodies it cannot take in Direct Line\'s error shape: 400, 413, 415', async () => {
    const { token } = await pageToken(s.url);
    const { conversationId } = (await (await dl(s.url, token).start()).json()) as { conversationId: string };
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${s.url}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body });
    const json = { 'content-type': 'application/json' };
    const cases: [string, Promise<Response>, number][] = [
      ['bad JSON', post('{not json', json), 400],
      ['empty body', post('', json), 400],
      ['a JSON array', post('[]', json), 400],
      ['over 64 KiB', post(JSON.stringify({ type: 'message', text: 'x'.repeat(70 * 1024) }), json), 413],
      ['text/plain', post('{"type":"message","text":"hi"}', { 'content-type': 'text/plain' }), 415],
      ['gzip (could inflate past any limit)', post('{"type":"message","text":"hi"}', { ...json, 'content-encoding': 'gzip' }), 415],
    ];
    for (const [what, response, status] of cases) {
      const res = await response;
      assert.equal(res.status, status, what);
      const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
      assert.equal(typeof body.error?.code, 'string', `${what}: ${JSON.stringify(body)}`);
      assert.equal(typeof body.error?.message, 'string', what);
    }
  });
});
