/**
 * In a real browser (Debian's Chromium through playwright-core), against the real server, bot
 * and model: fill the form and read the prediction page; then open /chat, ask for a trip in
 * words, answer the bot's question and read the prediction card; the card's chart under every
 * host name the page may be opened under; the pages and the chat on a 360 px phone screen.
 * Screenshots: test-artifacts/. The browser must never leave loopback and the CSP must never
 * have to block anything.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
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

const LOOPBACK = ['127.0.0.1', 'localhost'];

/** Records what a page did that it must not: requests off loopback, CSP blocks, script errors. */
function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['http:', 'data:', 'blob:'].includes(url.protocol) || (url.protocol === 'http:' && !LOOPBACK.includes(url.hostname))) {
      problems.push(`request off loopback: ${r.url()}`);
    }
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url().slice(0, 120)} (${r.failure()?.errorText ?? ''})`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { problems };
}

/** Waits for the card's chart image and fails unless the browser loaded and decoded it. */
async function chartLoaded(card: Locator): Promise<void> {
  const img = card.locator('img').first();
  await img.waitFor({ timeout: 30_000 });
  await img.evaluate((el) => (el as HTMLImageElement).decode().catch(() => undefined));
  const { naturalWidth, src } = await img.evaluate((el) => ({ naturalWidth: (el as HTMLImageElement).naturalWidth, src: (el as HTMLImageElement).src }));
  assert.ok(naturalWidth > 0, `the chart image loaded (src ${src.slice(0, 80)}…)`);
}

/** Opens /chat, asks for one whole trip and waits for the prediction card. */
async function askForTrip(page: Page, base: string): Promise<Locator> {
  await page.goto(`${base}/chat`);
  await page.locator('.webchat__bubble__content').filter({ hasText: /streetcar/i }).first().waitFor({ timeout: 60_000 });
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(`504 eastbound on ${futureDay().words} at 8 am`);
  await input.press('Enter');
  const card = page.locator('.ac-adaptiveCard').filter({ hasText: '504 King' }).last();
  await card.waitFor({ timeout: 30_000 });
  return card;
}

/** CSP violations the page reported to itself (they are also console errors, which watch() sees). */
async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
}

async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

describe('browser: form and prediction page, then Web Chat', { skip }, () => {
  let s: TestServer;
  let b: LaunchedBrowser;
  let predictor: DelayPredictor;
  before(async () => {
    await ensureWebChatBundle();
    predictor = await realPredictor();
    // The card's chart as `npm start` shows it (src/app.ts picks it from the settings and the port).
    s = await startTestServer({ predictor, chart: 'from-config' });
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
    assert.ok(p.probability < 0.3);
    assert.equal(await page.locator('h1.verdict').innerText(), 'Probably on time');
    assert.match(await page.locator('p.probability').innerText(), new RegExp(`^${Math.round(p.probability * 100)}% chance \\(about 1 in \\d+\\) of at least one reported delay between 5:00 p\\.m\\. and 6:00 p\\.m\\. on the 510 Spadina southbound`));
    assert.equal(await page.locator('figure.chart svg:visible rect[data-trip-hour]').count(), 1, 'one chart on screen (the wide one)');
    const box = await page.locator('figure.chart svg:visible').boundingBox();
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
    await chartLoaded(card);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('chat-card.png'), fullPage: true });
    assert.deepEqual(seen.problems, []);
    assert.ok(firstReplyMs < 60_000);
    console.log(`# first bot reply ${firstReplyMs} ms after navigation started`);
    await page.close();
  });
});

describe('browser: the card\'s chart under any host name, and a phone screen', { skip }, () => {
  let s: TestServer;
  let b: LaunchedBrowser;
  let port: string;
  before(async () => {
    await ensureWebChatBundle();
    s = await startTestServer({ predictor: await realPredictor(), chart: 'from-config' });
    port = new URL(s.url).port;
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await s?.close();
  });

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`/chat opened at http://${host}:<port> shows the card with its chart, and the CSP blocks nothing`, async () => {
      const page = await b.browser.newPage({ viewport: { width: 1000, height: 1300 } });
      await recordCspViolations(page);
      const seen = watch(page);
      const card = await askForTrip(page, `http://${host}:${port}`);
      await chartLoaded(card);
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath(`chat-card-${host}.png`), fullPage: true });
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(seen.problems, []);
      await page.close();
    });
  }

  it('the prediction page at 360×740: one chart, labels at least 11 px', async () => {
    const context = await b.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const seen = watch(page);
    const trip = futureDay();
    await page.goto(`${s.url}/show-prediction?route=504&direction=e&time=${trip.iso}T17:00`);
    const charts = page.locator('figure.chart svg:visible');
    assert.equal(await charts.count(), 1, 'one chart on screen');
    const sizes = await charts.first().evaluate((svg) => {
      const el = svg as SVGSVGElement;
      const scale = el.getBoundingClientRect().width / el.viewBox.baseVal.width;
      return Array.from(el.querySelectorAll('text')).map((t) => ({ text: t.textContent ?? '', px: parseFloat(getComputedStyle(t).fontSize) * scale }));
    });
    const smallest = sizes.reduce((a, x) => (x.px < a.px ? x : a));
    assert.ok(smallest.px >= 11, `"${smallest.text}" is ${smallest.px.toFixed(1)} px on a 360 px screen`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling (${width} px)`);
    await page.screenshot({ path: artifactPath('prediction-mobile.png'), fullPage: true });
    await page.goto(`${s.url}/api`);
    const apiWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(apiWidth <= 360, `the API page fits too (${apiWidth} px)`);
    await page.screenshot({ path: artifactPath('api-mobile.png'), fullPage: false });
    assert.deepEqual(seen.problems, []);
    // The form with a mistyped time (a 400, which the browser logs as a failed load).
    await page.goto(`${s.url}/show-prediction?route=504&direction=e&time=2026-25-01T99:00`);
    assert.equal(await page.inputValue('#time'), '2026-25-01T99:00', 'what was typed stays in the field');
    const formWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(formWidth <= 360, `the form fits (${formWidth} px)`);
    await page.screenshot({ path: artifactPath('form-problem-mobile.png'), fullPage: true });
    await context.close();
  });

  it('/chat at 360×740: suggested actions are not covered by arrows, and the card\'s chart loads', async () => {
    const context = await b.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await recordCspViolations(page);
    const seen = watch(page);
    const card = await askForTrip(page, s.url);
    await chartLoaded(card);
    const buttons = page.locator('.webchat__suggested-action');
    await buttons.first().waitFor({ timeout: 30_000 });
    // (No named functions inside evaluate: tsx would wrap them in a helper the page does not have.)
    const layout = await page.evaluate(() => {
      const texts = Array.from(document.querySelectorAll('.webchat__suggested-action')).map((b) => ({
        text: b.textContent ?? '',
        r: b.getBoundingClientRect(),
        clipped: (b as HTMLElement).scrollWidth > (b as HTMLElement).clientWidth + 1,
      }));
      const flippers = Array.from(document.querySelectorAll('.react-film__flipper'))
        .map((f) => f.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0);
      const overlaps = texts.filter((t) => flippers.some((f) => f.left < t.r.right && t.r.left < f.right && f.top < t.r.bottom && t.r.top < f.bottom)).map((t) => t.text);
      const offScreen = texts.filter((t) => t.r.left < 0 || t.r.right > window.innerWidth).map((t) => t.text);
      return { count: texts.length, overlaps, offScreen, clipped: texts.filter((t) => t.clipped).map((t) => t.text) };
    });
    assert.equal(layout.count, 4);
    assert.deepEqual(layout.overlaps, [], 'no arrow over a button');
    assert.deepEqual(layout.offScreen, [], 'every button on screen');
    assert.deepEqual(layout.clipped, [], 'no button text cut off');
    await page.screenshot({ path: artifactPath('chat-mobile.png'), fullPage: false });
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('chat-card-mobile.png'), fullPage: false });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(seen.problems, []);
    await context.close();
  });
});
