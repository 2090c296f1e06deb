/**
 * In a real browser (Debian's Chromium through playwright-core): Web Chat at /chat shows a trip
 * alert the bot writes first — the scheduler sends it through the adapter to the local Direct
 * Line's Connector API, and the page shows it at its next poll. Skipped without a browser (fails
 * under CI=true, as test/e2e does). Screenshot: test-artifacts/alert-in-webchat.png.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { ensureWebChatBundle } from '../../src/web/webchat-bundle';
import { realPredictor } from '../bot/helpers';
import { artifactPath, browserUnavailable, launchBrowser, type LaunchedBrowser } from '../e2e/browser';
import { startAlertsApp, TestClock, type AlertsApp } from './helpers';

const skip = browserUnavailable();

describe('browser: a trip alert appears in Web Chat', { skip }, () => {
  let s: AlertsApp;
  let b: LaunchedBrowser;
  const clock = new TestClock('2026-11-24T16:20:00-05:00');
  before(async () => {
    await ensureWebChatBundle();
    s = await startAlertsApp({ predictor: await realPredictor(), clock });
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await s?.close();
  });

  it('the open page shows the alert card', async () => {
    const page = await b.browser.newPage({ viewport: { width: 900, height: 1200 } });
    let serviceUrl: string | undefined;
    let conversationId: string | undefined;
    page.on('response', async (r) => {
      if (!/\/v3\/directline\/conversations(?:\/[^/]+\/activities)?(?:\?|$)/.test(r.url()) || r.request().method() === 'OPTIONS') return;
      try {
        const body = (await r.json()) as { conversationId?: string; activities?: { serviceUrl?: string }[] };
        conversationId ??= body.conversationId;
        serviceUrl ??= body.activities?.find((a) => a.serviceUrl)?.serviceUrl;
      } catch {
        // not JSON
      }
    });
    await page.goto(`${s.url}/chat`);
    await page.locator('.webchat__bubble__content').filter({ hasText: /streetcar/i }).first().waitFor({ timeout: 60_000 });
    for (let i = 0; i < 100 && (!serviceUrl || !conversationId); i++) await page.waitForTimeout(100);
    const userId = await page.locator('[data-user-id]').first().getAttribute('data-user-id');
    assert.ok(serviceUrl && conversationId && userId);
    // The subscription as the alerts dialog saves it from this conversation.
    const added = await s.app.alerts!.store.add({
      rider: `directline:${userId}`, route: 504, direction: 'e', leadMinutes: 15, onlyIfWorse: false,
      reference: { channelId: 'directline', serviceUrl, conversation: { id: conversationId }, user: { id: userId }, bot: { id: 'streetcar-delay-bot' }, locale: 'en-CA' },
      schedule: { kind: 'once', day: { year: 2026, month: 11, day: 25 }, clock: { hour: 8, minute: 0 } }, createdAt: clock.now().toISOString(),
    }, 10);
    assert.ok(added.ok);
    clock.set('2026-11-25T07:45:10-05:00');
    assert.equal((await s.app.alerts!.scheduler.tick()).sent, 1);
    await page.locator('.webchat__bubble__content').filter({ hasText: 'Your 8:00 am trip on the 504 King eastbound, as you asked:' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.ac-adaptiveCard').filter({ hasText: 'Stop this alert' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifactPath('alert-in-webchat.png'), fullPage: true });
  });
});
