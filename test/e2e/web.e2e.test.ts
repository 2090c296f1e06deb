/**
 * In a real browser (Debian's Chromium through playwright-core), against the real server, bot
 * and model: fill the form and read the prediction page; then open /chat, ask for a trip in
 * words, answer the bot's question and read the prediction card. Screenshots: test-artifacts/.
 * The browser must never leave loopback and the CSP must never have to block anything.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { DelayPredictor } from '../../src/model/types';
import { parseTripTime } from '../../src/pipeline/toronto-time';
import { futureDay } from '../helpers/future-day';
import { ensureWebChatBundle } from '../../src/web/webchat-bundle';
import { startTestServer, type TestServer } from '../web/harness';
import { realPredictor } from '../web/predictors';
import { artifactPath, browserUnavailable, launchBrowser, type LaunchedBrowser } from './browser';

const skip = browserUnavailable();

function at(time: string): Date {
  const r = parseTripTime(time);
  if (!r.ok) throw new Error(r.problem);
  return r.instant;
}

/** Records what a page did that it must not: requests off loopback, CSP blocks, script errors. */
function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['http:', 'data:', 'blob:'].includes(url.protocol) || (url.protocol === 'http:' && url.hostname !== '127.0.0.1')) {
      problems.push(`request off loopback: ${r.url()}`);
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { problems };
}

describe('browser: form and prediction page, then Web Chat', { skip }, () => {
  let s: TestServer;
  let b: LaunchedBrowser;
  let predictor: DelayPredictor;
  before(async () => {
    await ensureWebChatBundle();
    predictor = await realPredictor();
    s = await startTestServer({ predictor });
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await s?.close();
  });

  it('fills the form, gets the prediction page, and goes back with the trip filled in', async () => {
    const page = await b.browser.newPage({ viewport: { width: 1000, height: 1100 } });
    const seen = watch(page);
    await page.goto(`${s.url}/`);
    await page.selectOption('#route', '510');
    // form.js narrows the directions to the route's own.
    assert.deepEqual(await page.locator('#direction option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['n', 's']);
    await page.selectOption('#direction', 's');
    await page.fill('#time', '2026-11-25T17:30');
    await page.screenshot({ path: artifactPath('form-filled.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/show-prediction\?/), page.click('button[type="submit"]')]);
    assert.match(page.url(), /route=510&direction=s&time=2026-11-25T17%3A30/);

    const p = predictor.predict({ route: 510, direction: 's', time: at('2026-11-25T17:30') });
    assert.equal(await page.locator('h1.verdict').innerText(), p.delayed ? 'A delay is likely' : 'Likely on time');
    assert.match(await page.locator('p.probability').innerText(), new RegExp(`^${Math.round(p.probability * 100)}% chance of at least one reported delay between 5:00 p\\.m\\. and 6:00 p\\.m\\. on the 510 Spadina southbound`));
    assert.equal(await page.locator('figure.chart svg rect[data-trip-hour]').count(), 1);
    const box = await page.locator('figure.chart svg').boundingBox();
    assert.ok(box && box.width > 300 && box.height > 100, 'the chart is drawn at a readable size');
    await page.screenshot({ path: artifactPath('prediction-page.png'), fullPage: true });

    await Promise.all([page.waitForURL(/\/\?route=510/), page.click('#another')]);
    assert.equal(await page.inputValue('#route'), '510');
    assert.equal(await page.inputValue('#direction'), 's');
    assert.equal(await page.inputValue('#time'), '2026-11-25T17:30');
    assert.deepEqual(seen.problems, []);
    await page.close();
  });

  it('works without JavaScript, and marks a bad field next to it', async () => {
    const context = await b.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${s.url}/`);
    await page.selectOption('#route', '504');
    await page.selectOption('#direction', 'w');
    await page.fill('#time', '2026-03-08T02:30'); // the hour clocks skip in Toronto
    const [response] = await Promise.all([page.waitForResponse(/\/show-prediction/), page.click('button[type="submit"]')]);
    assert.equal(response.status(), 400);
    assert.match(await page.locator('#time-problem').innerText(), /does not exist in Toronto that day/);
    await page.screenshot({ path: artifactPath('form-problem.png'), fullPage: true });
    await page.fill('#time', '2026-03-08T09:00');
    const [ok] = await Promise.all([page.waitForResponse(/\/show-prediction/), page.click('button[type="submit"]')]);
    assert.equal(ok.status(), 200);
    assert.equal(await page.locator('figure.chart svg rect').count() >= 24, true);
    await context.close();
  });

  it('chats: asks for a trip in words, answers the question, and reads the prediction card', async () => {
    const page = await b.browser.newPage({ viewport: { width: 1000, height: 1300 } });
    const seen = watch(page);
    const started = Date.now();
    await page.goto(`${s.url}/chat`);
    const welcome = page.locator('.webchat__bubble__content').filter({ hasText: /streetcar/i }).first();
    await welcome.waitFor({ timeout: 60_000 }); // generous: a busy CI machine needs seconds to start the 4 MB bundle
    const firstReplyMs = Date.now() - started;

    const input = page.locator('[data-id="webchat-sendbox-input"]');
    const trip = futureDay(); // the bot refuses trips in the past
    await input.fill(`Will the King car be late on ${trip.words} at 8 am?`);
    await input.press('Enter');
    await page.locator('.webchat__bubble__content').filter({ hasText: 'Which way on the 504 King: eastbound or westbound?' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifactPath('chat-question.png'), fullPage: true });

    await input.fill('eastbound');
    await input.press('Enter');
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: '504 King' }).last();
    await card.waitFor({ timeout: 30_000 });
    const p = predictor.predict({ route: 504, direction: 'e', time: at(`${trip.iso}T08:00`) });
    const text = await card.innerText();
    assert.match(text, new RegExp(`${Math.round(p.probability * 100)}%`));
    assert.match(text, /eastbound/i);
    const chart = card.locator('img');
    if (await chart.count()) {
      await chart.first().waitFor();
      assert.ok(await chart.first().evaluate((img) => (img as HTMLImageElement).naturalWidth > 0), 'the chart image loaded');
    }
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('chat-card.png'), fullPage: true });
    assert.deepEqual(seen.problems, []);
    assert.ok(firstReplyMs < 60_000);
    console.log(`# first bot reply ${firstReplyMs} ms after navigation started`);
    await page.close();
  });
});
