// The live alerts as the model's recent-incident input (src/live/incidents.ts liveRecentIncidents,
// AlertsFeed.recentFor, withAlerts): a local GTFS-realtime server serves FeedMessages the test
// builds; the real model from models/ answers. An alert for the 504 active now changes the 504's
// prediction for a trip in the next hour; an alert for the 505 does not change the 504's; with no
// alert for the route, the feed down, stale or off, or a trip in the past or too far ahead, the
// answer is the model's calendar-only one ("unknown", never "none happened"). The clock is fixed
// (2026-11-24 16:20 Toronto), so nothing depends on the day the test runs.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MemoryStorage } from 'botbuilder';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { buildAnswer } from '../../src/bot/replies/answer';
import { createLiveAlerts, withAlerts } from '../../src/live';
import { COUNTED_NOTE } from '../../src/live/render';
import { AlertsFeed } from '../../src/live/feed';
import { parseAlertFeed } from '../../src/live/gtfs-rt';
import { LIVE_HOURS_AHEAD, liveRecentIncidents } from '../../src/live/incidents';
import type { DelayPredictor } from '../../src/model/types';
import type { Prediction, Trip } from '../../src/pipeline/types';
import { realPredictor } from '../web/predictors';
import { Effect, HOUR, T, at, buildFeed, route, startFeedServer, type AlertFixture, type FeedServer } from './fixtures';

/** The 504 detoured from an hour ago to two hours on; the 505 with reduced service since an hour ago. */
const DETOUR_504: AlertFixture = { id: 'd504', informed: [route('504', { agencyId: 'TTC', routeType: 0 })], header: [{ text: '504 King: detour via Dufferin St.' }], effect: Effect.DETOUR, periods: [{ start: -1, end: 2 }] };
const REDUCED_505: AlertFixture = { id: 'r505', informed: [route('505')], header: [{ text: '505 Dundas: reduced service' }], effect: Effect.REDUCED_SERVICE, periods: [{ start: -1 }] };

const trip = (route: number, direction: Trip['direction'], hoursFromNow: number): Trip => ({ route, direction, time: at(hoursFromNow) });

let server: FeedServer;
let model: DelayPredictor;
before(async () => {
  server = await startFeedServer(buildFeed([]));
  model = await realPredictor();
});
after(() => server.close());

/** An AlertsFeed that has read `alerts` from the local server (or failed to, in `mode`), its clock at `now()`. */
async function feedOf(alerts: AlertFixture[] | 'error', now: () => Date = () => T): Promise<AlertsFeed> {
  server.mode = alerts === 'error' ? 'error' : 'feed';
  server.body = buildFeed(alerts === 'error' ? [] : alerts);
  const feed = new AlertsFeed({ url: server.url, pollSeconds: 30, timeoutMs: 2000, clock: now });
  assert.equal(await feed.refresh(), alerts === 'error' ? 'http_error' : 'ok');
  return feed;
}

describe('live alerts in the model\'s recent-incident input', () => {
  it('a 504 alert active now changes the 504\'s prediction for a trip in the next hour', async () => {
    const with504 = withAlerts(model, await feedOf([DETOUR_504]));
    const without = withAlerts(model, await feedOf([]));
    for (const hours of [0, 0.5, 1]) {
      const t = trip(504, 'e', hours); // 16:20, 16:50 and 17:20 Toronto
      const calendar = model.predict(t);
      const quiet = without.predict(t);
      const alerted = with504.predict(t);
      assert.deepEqual(quiet, calendar, `no alert: the calendar-only answer (+${hours} h)`);
      assert.equal('recentIncidents' in quiet, false);
      assert.notEqual(alerted.probability, calendar.probability, `the alert moves the 504 at +${hours} h`);
      assert.ok(alerted.probability > calendar.probability, `an incident on the line raises the chance (+${hours} h): ${alerted.probability} vs ${calendar.probability}`);
      assert.ok(alerted.recentIncidents, 'the prediction says it read recent incidents');
      assert.equal(alerted.delayed, alerted.probability >= (model.info.recentThreshold ?? model.info.threshold));
    }
    // The detour began at 15:20: for a 16:xx trip it is in the last hour, for 17:xx two hours back (both ways: no direction).
    assert.deepEqual(with504.predict(trip(504, 'w', 0.5)).recentIncidents, { lastHour: { same: 1, other: 1 }, last3Hours: { same: 1, other: 1 } });
    assert.deepEqual(with504.predict(trip(504, 'e', 1)).recentIncidents, { lastHour: { same: 0, other: 0 }, last3Hours: { same: 1, other: 1 } });
  });

  it('a 505 alert does not change the 504\'s prediction (and does change the 505\'s)', async () => {
    const with505 = withAlerts(model, await feedOf([REDUCED_505]));
    const without = withAlerts(model, await feedOf([]));
    for (const hours of [0, 1]) {
      assert.deepEqual(with505.predict(trip(504, 'e', hours)), without.predict(trip(504, 'e', hours)));
      assert.deepEqual(with505.predict(trip(504, 'e', hours)), model.predict(trip(504, 'e', hours)));
    }
    assert.ok(with505.predict(trip(505, 'w', 0.5)).probability > model.predict(trip(505, 'w', 0.5)).probability);
    // A batch reads each trip's own route.
    const [p504, p505] = with505.predictBatch([trip(504, 'e', 0.5), trip(505, 'e', 0.5)]);
    assert.deepEqual(p504, model.predict(trip(504, 'e', 0.5)));
    assert.deepEqual(p505, { ...with505.predict(trip(505, 'e', 0.5)) });
  });

  it('past trips and trips more than a few hours ahead stay calendar-only', async () => {
    const with504 = withAlerts(model, await feedOf([DETOUR_504]));
    for (const hours of [-1, -3, LIVE_HOURS_AHEAD + 0.5, 24]) {
      const t = trip(504, 'e', hours);
      const p = with504.predict(t);
      assert.equal(p.probability, model.predict(t).probability, `+${hours} h`);
      assert.equal('recentIncidents' in p, false, `+${hours} h`);
    }
  });

  it('the feed down, its copy too old, or live alerts off: recent is unknown, the calendar-only answer', async () => {
    const t = trip(504, 'e', 0.5);
    const calendar = model.predict(t);
    // Down from the start: no copy at all.
    assert.deepEqual(withAlerts(model, await feedOf('error')).predict(t), calendar);
    // A copy with the alert, then the clock runs on past the point where copies are shown.
    let now = T;
    const stale = await feedOf([DETOUR_504], () => now);
    assert.notEqual(withAlerts(model, stale).predict(t).probability, calendar.probability);
    now = at(0.6); // 16:56, still the trip's hour: 36 minutes without a new copy (shown for 30)
    assert.equal(stale.recentFor(t), undefined);
    assert.equal(withAlerts(model, stale).predict(t).probability, calendar.probability);
    // Off: no poller, nothing read.
    const off = createLiveAlerts({ enabled: false, alertsUrl: server.url, pollSeconds: 60, timeoutMs: 5000 });
    assert.equal(off.recentFor(t), undefined);
  });

  it('the bot\'s card says the chance counts the alert and states the recent cut; without an alert, neither', async () => {
    const with504 = withAlerts(model, await feedOf([DETOUR_504]));
    const texts = (p: DelayPredictor): string[] => {
      const reply = buildAnswer(p, trip(504, 'e', 0.5), { ref: T, chart: { kind: 'off' } });
      return (reply.attachments?.[0]?.content as { body: { text?: string }[] }).body.map((b) => b.text ?? '');
    };
    const alerted = texts(with504);
    assert.ok(alerted.includes(COUNTED_NOTE));
    assert.match(alerted[alerted.length - 1], new RegExp(`true at ${Math.round((model.info.recentThreshold ?? model.info.threshold) * 100)}% or more`));
    const calendar = texts(withAlerts(model, await feedOf([REDUCED_505])));
    assert.ok(!calendar.includes(COUNTED_NOTE));
    assert.match(calendar[calendar.length - 1], new RegExp(`true at ${Math.round(model.info.threshold * 100)}% or more`));
  });

  it('a caller\'s own recent incidents (the scorer\'s log) win over the live ones', async () => {
    const with504 = withAlerts(model, await feedOf([DETOUR_504]));
    const t = trip(504, 'e', 0.5);
    const quiet = { lastHour: { same: 0, other: 0 }, last3Hours: { same: 0, other: 0 }, earlierToday: { same: 0, other: 0 }, dayBefore: { same: 0, other: 0 }, last7Days: { same: 0, other: 0 } };
    const given = with504.predict(t, quiet);
    assert.equal(given.probability, model.predict(t, quiet).probability);
    assert.deepEqual(given.recentIncidents, model.predict(t, quiet).recentIncidents);
    assert.equal(given.alerts?.[0]?.id, 'd504', 'the alert is still shown');
  });

  it('reads memory only: predictions make no request to the feed', async () => {
    const feed = await feedOf([DETOUR_504]);
    const requests = server.requests;
    const p = withAlerts(model, feed);
    for (let i = 0; i < 50; i++) p.predict(trip(504, i % 2 ? 'e' : 'w', (i % 6) / 2));
    p.predictBatch(Array.from({ length: 100 }, (_, i) => trip(i % 2 ? 504 : 505, 'e', (i % 8) / 2)));
    assert.equal(server.requests, requests);
  });
});

describe('liveRecentIncidents: the mapping', () => {
  const copy = (alerts: AlertFixture[]) => parseAlertFeed(buildFeed(alerts), T).alerts;

  it('counts an alert only before the trip\'s clock hour, as the log\'s incidents are counted', () => {
    // Began at 16:05, after the start of the 16:xx hour: not for a 16:50 trip, in the last hour for 17:20.
    const justNow = copy([{ ...DETOUR_504, periods: [{ start: -0.25, end: 2 }] }]);
    assert.equal(liveRecentIncidents(justNow, trip(504, 'e', 0.5), T), undefined);
    assert.deepEqual(liveRecentIncidents(justNow, trip(504, 'e', 1), T), { lastHour: { same: 1, other: 1 }, last3Hours: { same: 1, other: 1 } });
  });

  it('a planned alert starting within the next hours counts for trips after its start', () => {
    const planned = copy([{ ...DETOUR_504, periods: [{ start: 1, end: 5 }] }]); // 17:20 to 21:20
    assert.equal(liveRecentIncidents(planned, trip(504, 'e', 0.5), T), undefined);
    assert.deepEqual(liveRecentIncidents(planned, trip(504, 'e', 2), T)?.lastHour, { same: 1, other: 1 });
  });

  it('an alert long under way (started before what the feed remembers) counts nowhere: calendar-only', () => {
    const weeks = copy([{ ...DETOUR_504, periods: [{ start: -500, end: 500 }] }]);
    assert.equal(liveRecentIncidents(weeks, trip(504, 'e', 0.5), T), undefined);
  });

  it('only the last hour and the last three hours: every window further back is unknown, not zero', () => {
    const r = liveRecentIncidents(copy([DETOUR_504]), trip(504, 'e', 0.5), T);
    assert.ok(r);
    assert.deepEqual(Object.keys(r).sort(), ['last3Hours', 'lastHour'], 'earlier today, the day before and the last seven days are unknown');
    // Just after midnight too, though all of "earlier today" would be within the feed's memory.
    const night = new Date('2026-11-25T00:40:00-05:00');
    const late = parseAlertFeed(buildFeed([{ ...DETOUR_504, periods: [{ start: 7, end: 10 }] }]), night).alerts; // 23:20 to 02:20
    const atNight = liveRecentIncidents(late, { route: 504, direction: 'e', time: new Date(night.getTime() + 0.5 * HOUR) }, night);
    // 01:10: 23:20 is within the last three hours, not the last one.
    assert.deepEqual(atNight, { lastHour: { same: 0, other: 0 }, last3Hours: { same: 1, other: 1 } });
  });
});

describe('live alerts in the model through the server', () => {
  let app: App;
  let url: string;
  before(async () => {
    server.mode = 'feed';
    server.body = buildFeed([DETOUR_504, REDUCED_505]);
    const env = { LIVE_ENABLED: 'true', LIVE_ALERTS_URL: server.url };
    app = createApp({ config: loadConfig(env), predictor: model, logger: pino({ level: 'silent' }), storage: new MemoryStorage(), port: 0, env, clock: () => T, chart: { kind: 'off' } });
    await new Promise<void>((ok) => app.server.listen(0, '127.0.0.1', () => ok()));
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    assert.equal(await app.live.refresh(), 'ok');
  });
  after(
    () =>
      new Promise<void>((ok) => {
        app.server.server.closeAllConnections();
        app.server.close(() => ok());
      }),
  );

  it('GET /api/predict: the 504 in the next hour reads its alert; the 501 (no alert) is the calendar answer', async () => {
    const get = async (q: string): Promise<Prediction> => (await (await fetch(`${url}/api/predict?${q}`)).json()) as Prediction;
    const p504 = await get('route=504&direction=e&time=2026-11-24T17:00');
    const calendar504 = model.predict({ route: 504, direction: 'e', time: new Date('2026-11-24T17:00:00-05:00') });
    assert.ok(p504.probability > calendar504.probability);
    assert.deepEqual(p504.recentIncidents, { lastHour: { same: 0, other: 0 }, last3Hours: { same: 1, other: 1 } });
    assert.equal(p504.alerts?.[0]?.id, 'd504');
    const p501 = await get('route=501&direction=e&time=2026-11-24T17:00');
    assert.deepEqual(p501, model.predict({ route: 501, direction: 'e', time: new Date('2026-11-24T17:00:00-05:00') }));
  });

  it('the page says the chance counts the alert, draws the trip\'s hour with the answer\'s own number, and states the recent cut', async () => {
    const page = await (await fetch(`${url}/show-prediction?route=504&direction=e&time=2026-11-24T17:00`)).text();
    const p = (await (await fetch(`${url}/api/predict?route=504&direction=e&time=2026-11-24T17:00`)).json()) as Prediction;
    const pct = Math.round(p.probability * 100);
    assert.match(page, new RegExp(`<strong>${pct}%</strong> chance`));
    assert.match(page, new RegExp(`<rect [^>]*><title>17:00: ${pct}% \\(your trip\\)</title>`), 'the chart\'s bar for the trip is the headline');
    assert.match(page, /<p class="live-note">This chance counts the TTC&#39;s alerts for this route from the last few hours as incidents on the line\.<\/p>/);
    assert.match(page, new RegExp(`<p class="threshold">[\\s\\S]*?true at ${Math.round((model.info.recentThreshold ?? model.info.threshold) * 100)}% or more`));
    const quiet = await (await fetch(`${url}/show-prediction?route=501&direction=e&time=2026-11-24T17:00`)).text();
    assert.doesNotMatch(quiet, /live-note/);
    assert.match(quiet, new RegExp(`<p class="threshold">[\\s\\S]*?true at ${Math.round(model.info.threshold * 100)}% or more`));
  });
});
