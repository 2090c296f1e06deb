// The answer to a complete trip: text line, Adaptive Card and the `value` JSON, from the real model
// (shape and facts) and from fixed predictors (the words for a given chance, whatever the model).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { betterDeparture, buildAnswer } from '../../src/bot/replies/answer';
import { chartSetting } from '../../src/bot/replies/chart-image';
import { chanceInWords, comparedWithUsual, hourSpan, percent, riderClock, timeInWords } from '../../src/bot/replies/words';
import type { DelayPredictor } from '../../src/model/types';
import { fixedPredictor } from '../web/predictors';
import { assertNotWordedLikely, LIKELY_DELAY } from '../web/wording';
import { realPredictor } from './helpers';

let predictor: DelayPredictor;
before(async () => {
  predictor = await realPredictor();
});

const REF = new Date('2026-11-24T16:20:00-05:00');
const TRIP = { route: 504, direction: 'e' as const, time: new Date('2026-11-25T08:00:00-05:00') };
/** Issue 11's example: the 501 east at 5 pm, which the old words called "a delay is likely" at 13%. */
const QUEEN_5PM = { route: 501, direction: 'e' as const, time: new Date('2026-11-24T17:00:00-05:00') };

interface CardElement {
  type: string;
  text?: string;
  url?: string;
  altText?: string;
  facts?: { title: string; value: string }[];
  columns?: { items: CardElement[] }[];
}

function texts(elements: CardElement[]): string[] {
  return elements.flatMap((e) => [
    e.text ?? '',
    e.altText ?? '',
    ...(e.facts ?? []).map((f) => `${f.title}: ${f.value}`),
    ...(e.columns ?? []).flatMap((c) => texts(c.items)),
  ]);
}

function cardOf(reply: ReturnType<typeof buildAnswer>): { version: string; body: CardElement[] } {
  return reply.attachments?.[0]?.content as { version: string; body: CardElement[] };
}

/** Everything a rider can read in a reply: the text line, the card's words and the chart's alt text. */
function everything(reply: ReturnType<typeof buildAnswer>): string {
  return [reply.text ?? '', ...texts(cardOf(reply).body)].join('\n');
}

describe('answer', () => {
  it('carries exactly route, direction, time, probability, delayed in value', () => {
    const reply = buildAnswer(predictor, TRIP, { ref: REF, chart: { kind: 'off' } });
    const p = predictor.predict(TRIP);
    assert.deepEqual(reply.value, { route: 504, direction: 'e', time: '2026-11-25T08:00:00-05:00', probability: p.probability, delayed: p.delayed });
    assert.equal(p.delayed, p.probability >= predictor.info.threshold);
  });

  it('says route, direction, time in words, the chance plainly and the usual rate in one line', () => {
    const reply = buildAnswer(predictor, TRIP, { ref: REF, chart: { kind: 'off' } });
    const p = predictor.predict(TRIP);
    assert.equal(
      reply.text,
      `504 King eastbound, tomorrow (Wed, Nov 25) at 8:00 am: ${percent(p.probability)} chance of a reported delay (${chanceInWords(p.probability)}), ${comparedWithUsual(p.probability, p.usualProbability)}. Probably on time.`,
    );
  });

  it('words issue 11\'s 501 east at 5 pm as a chance, not a likely delay (real model)', () => {
    const reply = buildAnswer(predictor, QUEEN_5PM, { ref: REF, chart: { kind: 'inline' } });
    const p = predictor.predict(QUEEN_5PM);
    assert.ok(p.probability < 0.3 && p.delayed, 'the case the issue is about: flagged delayed, well under 30%');
    assertNotWordedLikely(everything(reply), '501 east at 5 pm');
    assert.match(reply.text ?? '', /about 1 in \d+/);
  });

  it('never words a chance under 30% as a likely delay, in the text, the card or the chart alt text', () => {
    for (const probability of [0.004, 0.02, 0.08, 0.102, 0.136, 0.2, 0.25, 0.299]) {
      const fixed = fixedPredictor({ probability, usual: 0.1 });
      const reply = buildAnswer(fixed, TRIP, { ref: REF, chart: { kind: 'inline' } });
      assertNotWordedLikely(everything(reply), `p = ${probability}`);
    }
  });

  it('says a delay is likely only from 50%, and that one is quite possible from 30%', () => {
    const at = (probability: number): string => buildAnswer(fixedPredictor({ probability, usual: 0.1 }), TRIP, { ref: REF, chart: { kind: 'off' } }).text ?? '';
    assert.match(at(0.35), /A delay is quite possible\.$/);
    assert.doesNotMatch(at(0.49), LIKELY_DELAY);
    assert.match(at(0.55), /A delay is likely\.$/);
    assert.match(at(0.9), /A delay is very likely\.$/);
  });

  it('says the chance plainly and compares it with the usual rate', () => {
    const reply = buildAnswer(fixedPredictor({ probability: 0.14, usual: 0.1 }), TRIP, { ref: REF, chart: { kind: 'off' } });
    assert.equal(reply.text, '504 King eastbound, tomorrow (Wed, Nov 25) at 8:00 am: 14% chance of a reported delay (about 1 in 7), 1.4× the usual 10%. Probably on time.');
  });

  it('rounds small numbers consistently and draws no ratio on a tiny base', () => {
    const small = buildAnswer(fixedPredictor({ probability: 0.016, usual: 0.01 }), TRIP, { ref: REF, chart: { kind: 'inline' } });
    assert.doesNotMatch(everything(small), /×/, 'no ratio of 2% to 1%');
    assert.match(small.text ?? '', /: 2% chance of a reported delay \(about 1 in 65\), higher than the usual 1%\./);
    const tiny = buildAnswer(fixedPredictor({ probability: 0.004, usual: 0.003 }), TRIP, { ref: REF, chart: { kind: 'inline' } });
    assert.match(tiny.text ?? '', /: under 1% chance of a reported delay \(less than 1 in 100\), about the usual \(under 1%\)\./);
    assert.doesNotMatch(everything(tiny), /\b0%|\(1%\)/, 'never a flat 0% or a rounded-up 1% for a chance under 1%');
    const a = everything(buildAnswer(fixedPredictor({ probability: 0.05, usual: 0.012, hour: (h) => (h === 8 ? 0.05 : 0.012 + h / 10_000) }), TRIP, { ref: REF, chart: { kind: 'inline' } }));
    assert.doesNotMatch(a, /4\.2×/, 'a base of 1% is too small for a ratio');
  });

  it('states what `delayed` means, and its threshold, in the card footer', () => {
    const reply = buildAnswer(fixedPredictor({ probability: 0.136, usual: 0.1, threshold: 0.102 }), TRIP, { ref: REF, chart: { kind: 'off' } });
    const body = cardOf(reply).body;
    const footer = body[body.length - 1];
    assert.equal(footer.type, 'TextBlock');
    assert.match(footer.text ?? '', /“delayed”/);
    assert.match(footer.text ?? '', /10% or more/);
    assert.match(footer.text ?? '', /most .*no reported delay/i);
    assertNotWordedLikely(footer.text ?? '', 'footer');
  });

  it('states the threshold the prediction was judged by: the recent-incident path has its own', () => {
    const footerOf = (readsRecent: boolean): string => {
      const p = fixedPredictor({ probability: 0.08, usual: 0.06, threshold: 0.0883, recentThreshold: 0.0735, readsRecent });
      const body = cardOf(buildAnswer(p, TRIP, { ref: REF, chart: { kind: 'off' } })).body;
      assert.equal((buildAnswer(p, TRIP, { ref: REF, chart: { kind: 'off' } }).value as { delayed: boolean }).delayed, readsRecent, '8% is over 7.35% and under 8.83%');
      return body[body.length - 1].text ?? '';
    };
    assert.match(footerOf(false), /true at 9% or more/);
    assert.match(footerOf(true), /true at 7% or more/);
  });

  it('builds an Adaptive Card with the facts, advice and the hourly chart as a PNG', () => {
    const reply = buildAnswer(predictor, TRIP, { ref: REF, chart: { kind: 'inline' } });
    const card = reply.attachments?.[0];
    assert.equal(card?.contentType, 'application/vnd.microsoft.card.adaptive');
    const content = cardOf(reply);
    assert.equal(content.version, '1.4');
    const all = texts(content.body).join('\n');
    assert.match(all, /504 King · eastbound/);
    assert.match(all, /Tomorrow \(Wed, Nov 25\) at 8:00 am/);
    assert.match(all, /chance of a reported delay, 8–9 am/);
    assert.match(all, /About 1 in \d+/);
    assert.match(all, /Usual: \d+%|Usual: under 1%/);
    assert.match(all, /Leaving around|No need to change plans|No hour in the next couple/);
    const image = content.body.find((e) => e.type === 'Image');
    assert.match(image?.url ?? '', /^data:image\/png;base64,/);
    assert.ok((image?.altText ?? '').length > 10);
    assert.ok(JSON.stringify(reply).length < 28_000, `fits in a Teams message (${JSON.stringify(reply).length} bytes)`);
  });

  it('says under the chart that the hourly shape is network-wide when every route shares it', () => {
    // One hour profile for every route, as model v1 had (the shipped v2 has route profiles). A day
    // no other test charts: the answer caches a day's hours by model version, and every fixed
    // predictor is version 'fixed'.
    const sharedShape = fixedPredictor({ probability: 0.1, usual: 0.1, hour: (h) => 0.05 + (h % 7) / 100 });
    const sharedTrip = { ...TRIP, time: new Date('2026-12-09T13:00:00Z') };
    const shared = cardOf(buildAnswer(sharedShape, sharedTrip, { ref: REF, chart: { kind: 'inline' } })).body;
    const image = shared.find((e) => e.type === 'Image');
    assert.match(image?.altText ?? '', /same shape on every day route/);
    assert.match(texts(shared).join('\n'), /same shape on every day route/);
    // A model whose routes each have their own hours says nothing of the kind: the shipped one
    // (info.hourProfile 'route') and a made-up one.
    const own = fixedPredictor({ probability: 0.1, usual: 0.1, hour: (h, route) => 0.05 + ((h * route) % 7) / 100 });
    for (const p of [predictor, own]) {
      const body = cardOf(buildAnswer(p, TRIP, { ref: REF, chart: { kind: 'inline' } })).body;
      assert.doesNotMatch(texts(body).join('\n'), /every day route|network/);
    }
  });

  it('links the chart on this server when a public URL is set and /chat is off (small cards)', () => {
    const setting = chartSetting({ bot: { chart: 'auto', publicUrl: 'https://bot.example.com/' }, secrets: { MicrosoftAppId: 'x' } as never, chatEnabled: false }, 3978);
    const reply = buildAnswer(predictor, TRIP, { ref: REF, chart: setting });
    const image = cardOf(reply).body.find((e) => e.type === 'Image');
    assert.equal(image?.url, 'https://bot.example.com/chart/risk.png?route=504&direction=e&time=2026-11-25T08%3A00%3A00-05%3A00&layout=narrow');
    assert.ok(JSON.stringify(reply).length < 6_000);
  });

  it('chooses the chart setting from the settings, never a host name the page may not be opened under', () => {
    const local = { MicrosoftAppId: '' } as never;
    const cloud = { MicrosoftAppId: 'x' } as never;
    // npm start: no app id, /chat on, no public URL. The card is read in /chat under whatever host
    // name the browser used (localhost, 127.0.0.1, a LAN name): a data: URI works under all.
    assert.deepEqual(chartSetting({ bot: { chart: 'auto' }, secrets: local, chatEnabled: true }, 3978), { kind: 'inline' });
    assert.deepEqual(chartSetting({ bot: { chart: 'auto' }, secrets: local }, 3978), { kind: 'inline' });
    assert.deepEqual(chartSetting({ bot: { chart: 'auto' }, secrets: cloud, chatEnabled: false }, 3978), { kind: 'inline' });
    // A public URL links, unless the local /chat (whose CSP allows only its own host) shows the card.
    assert.deepEqual(chartSetting({ bot: { chart: 'auto', publicUrl: 'https://bot.example.com' }, secrets: cloud, chatEnabled: false }, 3978), { kind: 'link', baseUrl: 'https://bot.example.com' });
    assert.deepEqual(chartSetting({ bot: { chart: 'auto', publicUrl: 'https://bot.example.com' }, secrets: local, chatEnabled: true }, 3978), { kind: 'inline' });
    assert.deepEqual(chartSetting({ bot: { chart: 'off' }, secrets: local }, 3978), { kind: 'off' });
    assert.throws(() => chartSetting({ bot: { chart: 'link' }, secrets: cloud }, 3978), /publicUrl/);
    assert.throws(() => chartSetting({ bot: { chart: 'link' }, secrets: local, chatEnabled: true }, 3978), /publicUrl/);
  });

  it('suggests a later departure only when it is clearly less risky', () => {
    for (const hour of [6, 7, 8, 15, 16, 17, 22]) {
      const trip = { ...TRIP, time: new Date(`2026-11-25T${String(hour).padStart(2, '0')}:00:00-05:00`) };
      const p = predictor.predict(trip).probability;
      const better = betterDeparture(predictor, trip, p);
      if (better) {
        assert.ok(better.probability < p - 0.02, `hour ${hour}`);
        assert.ok(better.time > trip.time && better.time.getTime() - trip.time.getTime() <= 2 * 3_600_000);
      }
    }
  });

  it('adds the rider\'s own clock only when their zone differs from Toronto', () => {
    assert.equal(riderClock(TRIP.time, 'America/Toronto'), undefined);
    assert.equal(riderClock(TRIP.time, 'America/Vancouver'), '5:00 am your time');
    assert.equal(riderClock(TRIP.time, 'Pacific/Auckland'), '2:00 am Thu your time');
    assert.equal(riderClock(TRIP.time, 'Not/AZone'), undefined);
  });

  it('phrases times for people', () => {
    assert.equal(timeInWords(REF, REF), 'now (4:20 pm)');
    assert.equal(timeInWords(new Date('2026-11-24T23:00:00-05:00'), REF), 'today at 11:00 pm');
    assert.equal(timeInWords(new Date('2026-11-25T08:00:00-05:00'), REF), 'tomorrow (Wed, Nov 25) at 8:00 am');
    assert.equal(timeInWords(new Date('2026-11-27T12:00:00-05:00'), REF), 'Friday, Nov 27 at 12:00 pm');
    assert.equal(timeInWords(new Date('2027-01-05T12:00:00-05:00'), REF), 'Tuesday, Jan 5, 2027 at 12:00 pm');
    assert.equal(hourSpan(new Date('2026-11-24T23:30:00-05:00')), '11 pm–12 am');
    assert.equal(hourSpan(new Date('2026-11-24T08:30:00-05:00')), '8–9 am');
  });

  it('phrases chances for people: whole percents, "under 1%", odds in plain words', () => {
    assert.equal(percent(0.083), '8%');
    assert.equal(percent(0.136), '14%');
    assert.equal(percent(0.0096), 'under 1%');
    assert.equal(percent(0.001), 'under 1%');
    assert.equal(percent(0.0104), '1%');
    assert.equal(percent(0.9991), 'over 99%');
    assert.equal(chanceInWords(0.136), 'about 1 in 7');
    assert.equal(chanceInWords(0.0904), 'about 1 in 11');
    assert.equal(chanceInWords(0.028), 'about 1 in 35');
    assert.equal(chanceInWords(0.004), 'less than 1 in 100');
    assert.equal(chanceInWords(0.35), 'about 4 in 10');
    assert.equal(chanceInWords(0.5), 'about 1 in 2');
    assert.equal(chanceInWords(0.97), 'more than 9 in 10');
  });

  it('compares with the usual rate only as far as the numbers bear it', () => {
    assert.equal(comparedWithUsual(0.2, 0.1), '2.0× the usual 10%');
    assert.equal(comparedWithUsual(0.1364, 0.1008), '1.4× the usual 10%');
    assert.equal(comparedWithUsual(0.12, 0.1), 'a bit higher than the usual 10%', 'under 1.25×: no ratio');
    assert.equal(comparedWithUsual(0.112, 0.1), 'a bit higher than the usual 10%');
    assert.equal(comparedWithUsual(0.1, 0.1), 'about the usual 10%');
    assert.equal(comparedWithUsual(0.07, 0.1), 'a bit lower than the usual 10%');
    assert.equal(comparedWithUsual(0.03, 0.1), 'well below the usual 10%');
    // Tiny bases: no ratios.
    assert.equal(comparedWithUsual(0.016, 0.01), 'higher than the usual 1%');
    assert.equal(comparedWithUsual(0.012, 0.0095), 'about the usual (under 1%)');
    assert.equal(comparedWithUsual(0.04, 0.03), 'a bit higher than the usual 3%');
    assert.equal(comparedWithUsual(0.1, 0), 'no usual rate to compare with');
  });
});
