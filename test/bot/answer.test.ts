// The answer to a complete trip: text line, Adaptive Card and the `value` JSON, from the real model.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { betterDeparture, buildAnswer } from '../../src/bot/replies/answer';
import { chartSetting } from '../../src/bot/replies/chart-image';
import { comparedWithUsual, hourSpan, percent, riderClock, timeInWords } from '../../src/bot/replies/words';
import type { DelayPredictor } from '../../src/model/types';
import { realPredictor } from './helpers';

let predictor: DelayPredictor;
before(async () => {
  predictor = await realPredictor();
});

const REF = new Date('2026-11-24T16:20:00-05:00');
const TRIP = { route: 504, direction: 'e' as const, time: new Date('2026-11-25T08:00:00-05:00') };

interface CardElement {
  type: string;
  text?: string;
  url?: string;
  altText?: string;
  facts?: { title: string; value: string }[];
  columns?: { items: CardElement[] }[];
}

function texts(elements: CardElement[]): string[] {
  return elements.flatMap((e) => [e.text ?? '', ...(e.facts ?? []).map((f) => `${f.title}: ${f.value}`), ...(e.columns ?? []).flatMap((c) => texts(c.items))]);
}

describe('answer', () => {
  it('carries exactly route, direction, time, probability, delayed in value', () => {
    const reply = buildAnswer(predictor, TRIP, { ref: REF, chart: { kind: 'off' } });
    const p = predictor.predict(TRIP);
    assert.deepEqual(reply.value, { route: 504, direction: 'e', time: '2026-11-25T08:00:00-05:00', probability: p.probability, delayed: p.delayed });
    assert.equal(p.delayed, p.probability >= predictor.info.threshold);
  });

  it('says route, direction, time in words, percentage and the usual rate in one line', () => {
    const reply = buildAnswer(predictor, TRIP, { ref: REF, chart: { kind: 'off' } });
    const p = predictor.predict(TRIP);
    assert.equal(
      reply.text,
      `504 King eastbound, tomorrow (Wed, Nov 25) at 8:00 am: ${percent(p.probability)} chance of a reported delay (${comparedWithUsual(p.probability, p.usualProbability)}), ${p.delayed ? 'a delay is likely' : 'likely on time'}.`,
    );
  });

  it('builds an Adaptive Card with the facts, advice and the hourly chart as a PNG', () => {
    const reply = buildAnswer(predictor, TRIP, { ref: REF, chart: { kind: 'inline' } });
    const card = reply.attachments?.[0];
    assert.equal(card?.contentType, 'application/vnd.microsoft.card.adaptive');
    const content = card?.content as { version: string; body: CardElement[] };
    assert.equal(content.version, '1.4');
    const all = texts(content.body).join('\n');
    assert.match(all, /504 King · eastbound/);
    assert.match(all, /Tomorrow \(Wed, Nov 25\) at 8:00 am/);
    assert.match(all, /chance of a reported delay, 8–9 am/);
    assert.match(all, /Usual: \d+%|Usual: under 1%/);
    assert.match(all, /Leaving around|No need to change plans|No hour in the next couple/);
    const image = content.body.find((e) => e.type === 'Image');
    assert.match(image?.url ?? '', /^data:image\/png;base64,/);
    assert.ok((image?.altText ?? '').length > 10);
    assert.ok(JSON.stringify(reply).length < 28_000, 'fits in a Teams message');
  });

  it('links the chart on this server when a public URL is set (small cards)', () => {
    const reply = buildAnswer(predictor, TRIP, { ref: REF, chart: chartSetting({ bot: { chart: 'auto', publicUrl: 'https://bot.example.com/' }, secrets: { MicrosoftAppId: 'x' } as never }, 3978) });
    const image = (reply.attachments?.[0]?.content as { body: CardElement[] }).body.find((e) => e.type === 'Image');
    assert.equal(image?.url, 'https://bot.example.com/chart/risk.png?route=504&direction=e&time=2026-11-25T08%3A00%3A00-05%3A00');
    assert.ok(JSON.stringify(reply).length < 6_000);
  });

  it('chooses the chart setting from the settings', () => {
    const local = { MicrosoftAppId: '' } as never;
    const cloud = { MicrosoftAppId: 'x' } as never;
    assert.deepEqual(chartSetting({ bot: { chart: 'auto' }, secrets: local }, 3978), { kind: 'link', baseUrl: 'http://localhost:3978' });
    assert.deepEqual(chartSetting({ bot: { chart: 'auto' }, secrets: cloud }, 3978), { kind: 'inline' });
    assert.deepEqual(chartSetting({ bot: { chart: 'off' }, secrets: local }, 3978), { kind: 'off' });
    assert.throws(() => chartSetting({ bot: { chart: 'link' }, secrets: cloud }, 3978), /publicUrl/);
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

  it('phrases times and percentages for people', () => {
    assert.equal(timeInWords(REF, REF), 'now (4:20 pm)');
    assert.equal(timeInWords(new Date('2026-11-24T23:00:00-05:00'), REF), 'today at 11:00 pm');
    assert.equal(timeInWords(new Date('2026-11-27T12:00:00-05:00'), REF), 'Friday, Nov 27 at 12:00 pm');
    assert.equal(hourSpan(new Date('2026-11-24T23:30:00-05:00')), '11 pm–12 am');
    assert.equal(percent(0.083), '8%');
    assert.equal(percent(0.001), 'under 1%');
    assert.equal(comparedWithUsual(0.2, 0.1), '2.0× the usual 10%');
    assert.equal(comparedWithUsual(0.1, 0.1), 'about the usual 10%');
  });
});
