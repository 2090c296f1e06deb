/**
 * Predictions through the web, from the real model committed in models/ and pipelines/: the
 * page, the JSON API (one trip and 1,000), the chart, and the bot's card through the local
 * Direct Line all say what the predictor says.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { DelayPredictor } from '../../src/model/types';
import { parseTripTime } from '../../src/pipeline/toronto-time';
import type { Prediction } from '../../src/pipeline/types';
import { futureDay } from '../helpers/future-day';
import { startTestServer, type TestServer } from './harness';
import { fixedPredictor, realPredictor } from './predictors';
import { assertNotWordedLikely } from './wording';
import { ensureWebChatBundle } from '../../src/web/webchat-bundle';

function at(time: string): Date {
  const r = parseTripTime(time);
  if (!r.ok) throw new Error(r.problem);
  return r.instant;
}

const PREDICTION_KEYS = ['delayed', 'direction', 'probability', 'route', 'routeName', 'time', 'usualProbability'];

describe('web predictions (real model)', () => {
  let s: TestServer;
  let predictor: DelayPredictor;
  before(async () => {
    predictor = await realPredictor();
    await ensureWebChatBundle(); // the Direct Line test takes its token from /chat, which needs the bundle
    s = await startTestServer({ predictor });
  });
  after(async () => {
    await s.close();
  });

  it('GET /api/predict gives the predictor\'s prediction, usual rate included', async () => {
    const res = await fetch(`${s.url}/api/predict?route=504&direction=e&time=2026-11-25T08:00`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Prediction;
    assert.deepEqual(Object.keys(body).sort(), PREDICTION_KEYS);
    assert.deepEqual(body, predictor.predict({ route: 504, direction: 'e', time: at('2026-11-25T08:00') }));
    assert.equal(body.time, '2026-11-25T08:00:00-05:00');
    assert.equal(body.routeName, 'King');
    assert.ok(body.probability > 0 && body.probability < 1);
    assert.ok(body.usualProbability > 0 && body.usualProbability < 1);
    assert.equal(body.delayed, body.probability >= predictor.info.threshold);
  });

  it('a time with an offset is that instant; without, Toronto wall-clock time (the server is in Auckland)', async () => {
    const local = (await (await fetch(`${s.url}/api/predict?route=510&direction=s&time=2026-07-01T17:30`)).json()) as Prediction;
    const offset = (await (await fetch(`${s.url}/api/predict?route=510&direction=s&time=${encodeURIComponent('2026-07-01T21:30:00Z')}`)).json()) as Prediction;
    assert.equal(local.time, '2026-07-01T17:30:00-04:00');
    assert.deepEqual(offset, local);
  });

  it('POST /api/predict with one trip answers like GET', async () => {
    const res = await fetch(`${s.url}/api/predict`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: '504', direction: 'E', time: '2026-11-25T08:00' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), predictor.predict({ route: 504, direction: 'e', time: at('2026-11-25T08:00') }));
  });

  it('POST /api/predict with 1,000 trips answers each, in order', async () => {
    const routes: [number, 'e' | 'w' | 'n' | 's'][] = [[501, 'e'], [504, 'w'], [510, 'n'], [511, 's'], [506, 'e']];
    const trips = Array.from({ length: 1000 }, (_, i) => {
      const [route, direction] = routes[i % routes.length];
      const day = 1 + (i % 28);
      return { route, direction, time: `2026-02-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15` };
    });
    const res = await fetch(`${s.url}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trips }) });
    assert.equal(res.status, 200);
    const { predictions } = (await res.json()) as { predictions: Prediction[] };
    assert.equal(predictions.length, 1000);
    for (const i of [0, 1, 499, 998, 999]) {
      const t = trips[i];
      assert.deepEqual(predictions[i], predictor.predict({ route: t.route, direction: t.direction, time: at(t.time) }));
    }
    // A bare array works the same.
    const bare = await fetch(`${s.url}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(trips.slice(0, 3)) });
    assert.deepEqual(((await bare.json()) as { predictions: Prediction[] }).predictions, predictions.slice(0, 3));
  });

  it('GET /show-prediction says it in words, draws the day, and links back with the same trip', async () => {
    const res = await fetch(`${s.url}/show-prediction?route=504&direction=e&time=2026-11-25T08:00`);
    assert.equal(res.status, 200);
    const html = await res.text();
    const p = predictor.predict({ route: 504, direction: 'e', time: at('2026-11-25T08:00') });
    assert.match(html, new RegExp(`<strong>${Math.round(p.probability * 100)}%</strong> chance \\(about 1 in \\d+\\) of at least one reported delay between 8:00 a\\.m\\. and 9:00 a\\.m\\. on the 504 King eastbound`));
    assert.match(html, /<h1 class="verdict">Probably on time<\/h1>/);
    assertNotWordedLikely(html, 'the 504 at 8 a.m.');
    assert.match(html, new RegExp(`usual ${Math.round(p.usualProbability * 100)}%`));
    assert.match(html, /Wednesday, November 25, 2026 · 8:00 a\.m\./);
    // The chart, wide and narrow: 24 bars each, the trip's hour highlighted with the model's own number for it.
    const bars = [...html.matchAll(/<rect [^>]*><title>(\d\d):00: (\d+)%( \(your trip\))?<\/title><\/rect>/g)];
    assert.equal(bars.length, 48);
    const day = predictor.hourlyRisk(504, 'e', at('2026-11-25T08:00'));
    for (const bar of bars) assert.equal(Number(bar[2]), Math.round(day[Number(bar[1])].probability * 100));
    assert.deepEqual(bars.filter((b) => b[3]).map((b) => b[1]), ['08', '08']);
    // The caption calls the shape network-wide exactly when the model's hour effects are shared
    // (v1); the shipped v2 has route-specific hours (info.hourProfile 'route').
    if (predictor.info.hourProfile === 'route') assert.doesNotMatch(html, /same shape on every day route|network-wide/);
    else assert.match(html, /<figcaption>[^<]*same shape on every day route/);
    assert.match(html, /<a class="button" href="\/\?route=504&amp;direction=e&amp;time=2026-11-25T08%3A00" id="another">Get another prediction<\/a>/);
    // Following it fills the form with the same trip.
    const back = await (await fetch(`${s.url}/?route=504&direction=e&time=2026-11-25T08%3A00`)).text();
    assert.match(back, /<option value="504" selected>/);
    assert.match(back, /<option value="e" selected>eastbound/);
    assert.match(back, /value="2026-11-25T08:00"/);
  });

  it('GET /show-prediction for issue 11\'s 501 east at 5 pm: no "a delay is likely" at 13%', async () => {
    const p = predictor.predict({ route: 501, direction: 'e', time: at('2026-11-24T17:00') });
    assert.ok(p.delayed && p.probability < 0.3);
    const html = await (await fetch(`${s.url}/show-prediction?route=501&direction=e&time=2026-11-24T17:00`)).text();
    assertNotWordedLikely(html, '501 east at 5 pm');
    assert.match(html, /<h1 class="verdict">Probably on time<\/h1>/);
    assert.match(html, /higher than usual|× the usual/);
  });

  it('GET /chart/risk.svg and .png draw the trip day', async () => {
    const svg = await fetch(`${s.url}/chart/risk.svg?route=505&direction=w&time=2026-11-25T17:10`);
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type') ?? '', /image\/svg\+xml/);
    assert.match(await svg.text(), /17:00: \d+% \(your trip\)/);
    const png = await fetch(`${s.url}/chart/risk.png?route=505&direction=w&time=2026-11-25T17:10`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.equal(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString(), 'PNG');
  });

  it('the bot answers through the local Direct Line with a card whose value is the prediction', async () => {
    const trip = futureDay(); // the bot refuses trips in the past
    const page = await (await fetch(`${s.url}/chat`)).text();
    const token = /data-token="([^"]+)"/.exec(page)?.[1] ?? '';
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const { conversationId } = (await (await fetch(`${s.url}/v3/directline/conversations`, { method: 'POST', headers })).json()) as { conversationId: string };
    const base = `${s.url}/v3/directline/conversations/${conversationId}/activities`;
    await fetch(base, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: `Will the 504 eastbound be late on ${trip.words} at 8 am?` }) });
    type A = { type: string; from: { role?: string }; attachments?: { contentType: string; content: unknown }[]; value?: unknown; text?: string };
    let card: A | undefined;
    let seen: A[] = [];
    for (let i = 0; i < 100 && !card; i++) {
      seen = ((await (await fetch(`${base}?watermark=0`, { headers })).json()) as { activities: A[] }).activities;
      card = seen.find((a) => a.attachments?.some((x) => x.contentType === 'application/vnd.microsoft.card.adaptive'));
      if (!card) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(card, `an Adaptive Card; saw ${JSON.stringify(seen.map((a) => a.text))}`);
    const expected = predictor.predict({ route: 504, direction: 'e', time: at(`${trip.iso}T08:00`) });
    const value = card.value as Prediction | undefined;
    assert.ok(value, 'the reply carries the prediction as its value');
    assert.deepEqual({ route: value.route, direction: value.direction, time: value.time, probability: value.probability }, {
      route: 504, direction: 'e', time: expected.time, probability: expected.probability,
    });
    assert.match(JSON.stringify(card.attachments?.[0].content), new RegExp(`${Math.round(expected.probability * 100)}%`));
  });
});

describe('web predictions in words (fixed predictors)', () => {
  const page = async (probability: number, usual: number, shape?: (hour: number, route: number) => number): Promise<string> => {
    const s = await startTestServer({ predictor: fixedPredictor({ probability, usual, hour: shape }) });
    try {
      return await (await fetch(`${s.url}/show-prediction?route=504&direction=e&time=2026-11-25T08:00`)).text();
    } finally {
      await s.close();
    }
  };

  it('never heads or words a chance under 30% as a likely delay, and states what `delayed` means', async () => {
    for (const probability of [0.004, 0.05, 0.102, 0.14, 0.29]) {
      const html = await page(probability, 0.1);
      assertNotWordedLikely(html, `p = ${probability}`);
      assert.match(html, /<p class="threshold">[^<]*<code>delayed<\/code>[^<]*10% or more/, 'the threshold and what it means');
      assert.match(html, /<p class="threshold">[\s\S]*?most[^<]*no reported delay/i);
    }
    assert.match(await page(0.14, 0.1), /<h1 class="verdict">Probably on time<\/h1>/);
    assert.match(await page(0.14, 0.1), /<strong>14%<\/strong> chance \(about 1 in 7\)/);
    assert.match(await page(0.14, 0.1), /1\.4× the usual 10%/);
    assert.match(await page(0.35, 0.1), /<h1 class="verdict">A delay is quite possible<\/h1>/);
    assert.match(await page(0.6, 0.1), /<h1 class="verdict">A delay is likely<\/h1>/);
  });

  it('states the threshold the prediction was judged by; /api states both when the model has two', async () => {
    const serve = async (readsRecent: boolean): Promise<{ page: string; api: string }> => {
      const s = await startTestServer({ predictor: fixedPredictor({ probability: 0.08, usual: 0.06, threshold: 0.0883, recentThreshold: 0.0735, readsRecent }) });
      try {
        const page = await (await fetch(`${s.url}/show-prediction?route=504&direction=e&time=2026-11-25T08:00`)).text();
        const api = await (await fetch(`${s.url}/api`)).text();
        return { page, api };
      } finally {
        await s.close();
      }
    };
    const calendar = await serve(false);
    const recent = await serve(true);
    assert.match(calendar.page, /<p class="threshold">[^<]*<code>delayed<\/code>[^<]*9% or more/);
    assert.match(recent.page, /<p class="threshold">[^<]*<code>delayed<\/code>[^<]*7% or more/);
    assert.match(calendar.page, /data-delayed="false"/);
    assert.match(recent.page, /data-delayed="true"/);
    assert.match(calendar.api, /<p id="delayed">[\s\S]*?now 9%, or 7% for a prediction that read recent incidents/);
    // One threshold (v1, or the config's number): one figure.
    const single = await startTestServer({ predictor: fixedPredictor({ probability: 0.08, usual: 0.06, threshold: 0.102 }) });
    try {
      assert.match(await (await fetch(`${single.url}/api`)).text(), /<p id="delayed">[^<]*<code>delayed<\/code>[^<]*<code>probability<\/code>[^<]*threshold, now 10%:/);
    } finally {
      await single.close();
    }
  });

  it('does not draw a ratio on a tiny base, and says "under 1%" rather than 0% or 1%', async () => {
    const small = await page(0.016, 0.01);
    assert.doesNotMatch(small, /×|times the usual/);
    assert.match(small, /higher than the usual 1%/);
    const tiny = await page(0.004, 0.003);
    assert.match(tiny, /<strong>under 1%<\/strong>/);
    assert.match(tiny, /about the usual \(under 1%\)/);
  });

  it('says the hourly shape is network-wide only when the routes share it', async () => {
    assert.match(await page(0.1, 0.1), /same shape on every day route/);
    const own = await page(0.1, 0.1, (h, route) => 0.05 + ((h * route) % 7) / 100);
    assert.doesNotMatch(own, /every day route|network-wide/);
  });
});
