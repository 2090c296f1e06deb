// A proactive message to a Web Chat conversation on /chat: the local Direct Line serves the
// Connector API for its own conversations (the serviceUrl it gives the bot is this server), so
// what the bot writes first reaches the page's next poll. Browser-free: Web Chat's own requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SavedReference } from '../../src/alerts';
import { realPredictor } from '../bot/helpers';
import { startAlertsApp, TestClock, type AlertsApp } from './helpers';

interface DlActivity {
  type: string;
  id: string;
  text?: string;
  serviceUrl?: string;
  from: { id: string; role?: string };
  value?: Record<string, unknown>;
  attachments?: unknown[];
  conversation?: { id: string };
}

let s: AlertsApp;
const clock = new TestClock('2026-11-24T16:20:00-05:00');

before(async () => {
  s = await startAlertsApp({ predictor: await realPredictor(), clock });
});
after(async () => {
  await s.close();
});

/**
 * A conversation as a /chat page opens one: the token /chat would embed (DirectLineBridge.issueToken,
 * the call the page makes), then Web Chat's start. Not read from the page's HTML: the page embeds a
 * token only when the Web Chat bundle is on disk (.cache/webchat, fetched on demand and git-ignored),
 * which has nothing to do with the Direct Line under test; test/host/directline.test.ts and the
 * browser tests cover the page.
 */
async function open(): Promise<{ token: string; userId: string; conversationId: string; headers: Record<string, string> }> {
  const directLine = s.app.host.directLine;
  assert.ok(directLine, 'web.chat is on (auto, no app id)');
  const { token, userId } = directLine.issueToken({ client: '127.0.0.1', open: true });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const started = await fetch(`${s.url}/v3/directline/conversations`, { method: 'POST', headers });
  assert.equal(started.status, 200, 'the conversation the token opened');
  const { conversationId } = (await started.json()) as { conversationId: string };
  return { token, userId, conversationId, headers };
}

async function poll(conversationId: string, headers: Record<string, string>, until: (all: DlActivity[]) => boolean): Promise<DlActivity[]> {
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    const res = await fetch(`${s.url}/v3/directline/conversations/${conversationId}/activities`, { headers });
    assert.equal(res.status, 200, 'a poll with the conversation\'s token');
    const { activities } = (await res.json()) as { activities: DlActivity[] };
    if (until(activities)) return activities;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out polling');
}

describe('the local Direct Line delivers what the bot writes first', () => {
  it('serves the Connector API for its own conversations: the activity is appended, { id } returned', async () => {
    const { conversationId, headers } = await open();
    await fetch(`${s.url}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: 'help' }) });
    const seen = await poll(conversationId, headers, (all) => all.some((a) => a.from.role === 'user'));
    const serviceUrl = seen.find((a) => a.from.role === 'user')?.serviceUrl ?? '';
    assert.match(serviceUrl, /^http:\/\/127\.0\.0\.1:\d+\/directline-connector\/[A-Za-z0-9_-]{24}$/, 'the bot is given this server, with a key for this conversation');

    const post = (url: string, body: unknown, type = 'application/json; charset=utf-8') =>
      fetch(url, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const res = await post(`${serviceUrl}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, { type: 'message', text: 'written first' });
    assert.equal(res.status, 200);
    const { id } = (await res.json()) as { id: string };
    assert.ok(id.startsWith(conversationId));
    const all = await poll(conversationId, headers, (a) => a.some((x) => x.text === 'written first'));
    const written = all.find((x) => x.text === 'written first');
    assert.equal(written?.from.role, 'bot', 'shown as the bot');
    assert.equal(written?.id, id);

    // The SDK replies to the continuation activity's id: that path works too.
    assert.equal((await post(`${serviceUrl}/v3/conversations/${conversationId}/activities/some-activity-id`, { type: 'message', text: 'reply form' })).status, 200);
    // Another conversation, a wrong key, a conversation that is gone: 404, as a channel answers.
    assert.equal((await post(`${serviceUrl}/v3/conversations/no-such-conversation/activities`, { type: 'message', text: 'x' })).status, 404);
    const wrongKey = serviceUrl.replace(/[^/]+$/, 'A'.repeat(24));
    assert.equal((await post(`${wrongKey}/v3/conversations/${conversationId}/activities`, { type: 'message', text: 'x' })).status, 404);
    const other = await open();
    assert.equal((await post(`${serviceUrl}/v3/conversations/${other.conversationId}/activities`, { type: 'message', text: 'x' })).status, 404, 'one conversation\'s key opens no other');
    // Not JSON, not an activity type the bridge keeps, too deep: refused.
    assert.equal((await post(`${serviceUrl}/v3/conversations/${conversationId}/activities`, 'text', 'text/plain')).status, 415);
    assert.equal((await post(`${serviceUrl}/v3/conversations/${conversationId}/activities`, { type: 'invoke' })).status, 400);
    let deep: unknown = {};
    for (let i = 0; i < 40; i++) deep = { deep };
    assert.equal((await post(`${serviceUrl}/v3/conversations/${conversationId}/activities`, { type: 'message', value: deep })).status, 400);
  });

  it('a trip alert reaches the open page: the scheduler sends it through the adapter, the page polls it', async () => {
    const { conversationId, headers, userId } = await open();
    await fetch(`${s.url}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: 'help' }) });
    const seen = await poll(conversationId, headers, (all) => all.some((a) => a.from.role === 'user'));
    const echo = seen.find((a) => a.from.role === 'user')!;
    // The subscription as the alerts dialog would save it from this conversation (the bridge
    // stamps activities with the real time, so the chat itself would tie the test to today).
    const reference: SavedReference = {
      channelId: 'directline', serviceUrl: echo.serviceUrl!, conversation: { id: conversationId }, user: { id: userId }, bot: { id: 'streetcar-delay-bot' }, locale: 'en-CA',
    };
    const added = await s.app.alerts!.store.add({
      rider: `directline:${userId}`, route: 504, direction: 'e', leadMinutes: 15, onlyIfWorse: false, reference,
      schedule: { kind: 'once', day: { year: 2026, month: 11, day: 25 }, clock: { hour: 8, minute: 0 } }, createdAt: clock.now().toISOString(),
    }, 10);
    assert.ok(added.ok);
    clock.set('2026-11-25T07:45:20-05:00');
    const report = await s.app.alerts!.scheduler.tick();
    assert.equal(report.sent, 1);
    const all = await poll(conversationId, headers, (a) => a.some((x) => x.value?.subscriptionId !== undefined));
    const alert = all.filter((x) => x.value?.subscriptionId !== undefined);
    assert.equal(alert.length, 1);
    assert.equal(alert[0].from.role, 'bot');
    assert.equal(alert[0].value?.time, '2026-11-25T08:00:00-05:00');
    assert.equal(alert[0].value?.subscriptionId, added.ok && added.subscription.id);
    assert.equal(alert[0].attachments?.length, 1, 'the answer card');
  });
});
