// The feed client and poller against a local GTFS-realtime server: a good feed, garbage, a 500,
// a hang and a body that never ends; the last good copy kept; one log line per state change;
// timers that never hold the process open; stop().
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AlertsFeed, type FetchOutcome } from '../../src/live/feed';
import { Metrics } from '../../src/ops/metrics';
import { FETCH_OUTCOMES } from '../../src/live';
import { STANDARD_ALERTS, T, at, buildFeed, recordingLogger, route, startFeedServer, type FeedServer } from './fixtures';

let server: FeedServer;
before(async () => {
  server = await startFeedServer();
});
after(() => server.close());
beforeEach(() => {
  server.mode = 'feed';
  server.body = buildFeed(STANDARD_ALERTS);
});

function feed(options: { now?: () => Date; timeoutMs?: number; url?: string } = {}) {
  const logger = recordingLogger();
  const outcomes: FetchOutcome[] = [];
  let now = T;
  const f = new AlertsFeed({
    url: options.url ?? server.url,
    pollSeconds: 30,
    timeoutMs: options.timeoutMs ?? 1000,
    logger,
    clock: options.now ?? (() => now),
    onFetch: (o) => outcomes.push(o),
  });
  return { f, logger, outcomes, setNow: (d: Date) => (now = d) };
}

const headers = (alerts: { header: string }[]) => alerts.map((a) => a.header);

describe('AlertsFeed against a local GTFS-realtime server', () => {
  it('reads a FeedMessage and answers for the trip: the 504 detour now, never the 505, expired and future periods by time', async () => {
    const { f, outcomes } = feed();
    assert.equal(await f.refresh(), 'ok');
    assert.deepEqual(outcomes, ['ok']);
    assert.equal(f.alertCount(), 4);
    const now = f.alertsFor(504, T);
    assert.deepEqual(now, [{ id: 'ttc-504-detour', header: '504 King: detour via Dufferin St. due to a collision', effect: 'Detour', until: '2026-11-24T18:20:00-05:00' }]);
    // The 505's alert is for the 505 only.
    assert.deepEqual(headers(f.alertsFor(505, T)), ['505 Dundas: reduced service, longer waits']);
    assert.ok(!f.alertsFor(504, T).some((a) => a.header.startsWith('505')));
    assert.deepEqual(f.alertsFor(501, T), []);
    // The expired period covered 11:20–13:20; the future one starts in four days.
    assert.deepEqual(headers(f.alertsFor(504, at(-4))), ['504 King: earlier delay at Spadina, now cleared']);
    assert.deepEqual(headers(f.alertsFor(504, at(100))), ['504 King: weekend diversion for track work']);
    assert.deepEqual(f.alertsFor(504, at(3)), []);
  });

  it('garbage bytes, an HTML page, an empty 200 and a 500 keep the last good copy; each poll is counted by outcome', async () => {
    const { f, outcomes } = feed();
    assert.equal(await f.refresh(), 'ok');
    for (const mode of ['garbage', 'html', 'empty'] as const) {
      server.mode = mode;
      assert.equal(await f.refresh(), 'bad_feed', mode);
    }
    server.mode = 'error';
    assert.equal(await f.refresh(), 'http_error');
    assert.deepEqual(outcomes, ['ok', 'bad_feed', 'bad_feed', 'bad_feed', 'http_error']);
    assert.equal(f.alertsFor(504, T)[0]?.effect, 'Detour', 'the last good copy is still answered');
  });

  it('a server that never answers, or never finishes its body, is given up on at the timeout', async () => {
    const { f, outcomes } = feed({ timeoutMs: 300 });
    for (const mode of ['hang', 'drip'] as const) {
      server.mode = mode;
      const t0 = Date.now();
      assert.equal(await f.refresh(), 'timeout', mode);
      const took = Date.now() - t0;
      assert.ok(took >= 250 && took < 3000, `${mode}: gave up after ${took} ms`);
    }
    assert.deepEqual(outcomes, ['timeout', 'timeout']);
    assert.deepEqual(f.alertsFor(504, T), [], 'no copy yet: no alerts, nothing else');
  });

  it('a refused connection is a network error', async () => {
    const closed = await startFeedServer();
    const url = closed.url;
    await closed.close();
    const { f } = feed({ url });
    assert.equal(await f.refresh(), 'network_error');
  });

  it('logs once per state change, not once per poll', async () => {
    const { f, logger, setNow } = feed();
    server.mode = 'error';
    for (let i = 0; i < 4; i++) await f.refresh();
    server.mode = 'feed';
    await f.refresh();
    await f.refresh();
    server.mode = 'garbage';
    await f.refresh();
    await f.refresh();
    const loud = logger.lines.filter((l) => l.level !== 'debug');
    assert.deepEqual(
      loud.map((l) => [l.level, l.msg]),
      [
        ['warn', 'live alerts: cannot read the feed; answers go on without alerts (logged again when it answers)'],
        ['info', 'live alerts: the feed answers again'],
        ['warn', 'live alerts: cannot read the feed; answers keep the last good copy (logged again when it answers)'],
      ],
    );
    assert.equal(loud[0].obj.outcome, 'http_error');
    assert.equal(loud[0].obj.feed, server.url, 'the address, no query');
    // Thirty minutes of failures later the copy is too old to show: one more line, then quiet.
    setNow(at(0.6));
    await f.refresh();
    await f.refresh();
    const after = logger.lines.filter((l) => l.level !== 'debug').slice(3);
    assert.deepEqual(after.map((l) => l.msg), ['live alerts: the last good copy is too old; answers show no alerts until the feed answers']);
    assert.deepEqual(f.alertsFor(504, T), []);
  });

  it('the first good read after a start says so once', async () => {
    const { f, logger } = feed();
    await f.refresh();
    await f.refresh();
    assert.deepEqual(logger.lines.filter((l) => l.level === 'info').map((l) => l.msg), ['live alerts: feed read']);
  });

  it('polls in the background on unref\'d timers, never overlapping, until stopped', async () => {
    const { f, outcomes } = feed();
    f.start();
    f.start(); // idempotent
    await waitFor(() => outcomes.length >= 1);
    assert.equal(f.polling, true);
    const timer = (f as unknown as { timer?: NodeJS.Timeout }).timer;
    assert.ok(timer, 'the next poll is scheduled');
    assert.equal(timer.hasRef(), false, 'the poll timer never holds the process open');
    await f.stop();
    assert.equal(f.polling, false);
    assert.equal((f as unknown as { timer?: NodeJS.Timeout }).timer, undefined);
    assert.equal(f.alertsFor(504, T).length, 1, 'the copy stays readable after stop');
  });

  it('stop() aborts a fetch under way at once, uncounted', async () => {
    server.mode = 'hang';
    const { f, outcomes, logger } = feed({ timeoutMs: 10_000 });
    const poll = f.refresh();
    await waitFor(() => server.requests > 0);
    const t0 = Date.now();
    await f.stop();
    assert.equal(await poll, 'stopped');
    assert.ok(Date.now() - t0 < 1000);
    assert.deepEqual(outcomes, []);
    assert.deepEqual(logger.lines.filter((l) => l.level !== 'debug'), []);
  });

  it('keeps when an alert was first seen across copies, and remembers an alert that left for the incidents', async () => {
    const { f, setNow } = feed();
    server.body = buildFeed(STANDARD_ALERTS, at(-0.5));
    await f.refresh();
    setNow(at(0.5));
    server.body = buildFeed(STANDARD_ALERTS, at(0.5));
    await f.refresh();
    const detour = (f as unknown as { copy: { alerts: { id: string; firstSeen: number }[] } }).copy.alerts.find((a) => a.id === 'ttc-505-reduced');
    assert.equal(detour?.firstSeen, at(-0.5).getTime(), 'first seen in the first copy');
    // The 505's alert leaves the feed at T+1h: it is still an incident for the hours before a trip.
    setNow(at(1));
    server.body = buildFeed(STANDARD_ALERTS.filter((a) => a.id !== 'ttc-505-reduced'), at(1));
    await f.refresh();
    assert.deepEqual(f.alertsFor(505, at(1)), [], 'no longer shown');
    const incidents = f.incidents({ hoursBack: 3, hoursAhead: 3 });
    assert.deepEqual(
      incidents.map((i) => [i.route, i.direction, i.time.toISOString()]),
      [
        [504, 'b', at(-1).toISOString()], // the detour: its active period's start
        [505, 'b', at(-0.5).toISOString()], // no period: when it was first published
      ],
    );
    // Nine hours on, the gone alert is forgotten for incidents and the detour has ended.
    setNow(at(9));
    server.body = buildFeed([], at(9));
    await f.refresh();
    assert.deepEqual(f.incidents(), []);
  });

  it('an alert for another mode (route_type 3) with the same number never shows', async () => {
    server.body = buildFeed([{ id: 'bus-504', informed: [route('504', { routeType: 3 })], header: [{ text: '504 bus shuttle' }], effect: 4 }]);
    const { f } = feed();
    await f.refresh();
    assert.deepEqual(f.alertsFor(504, T), []);
  });

  it('counts into live_alerts_fetch_total and reports the age of the last good copy', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    let now = T;
    const f = new AlertsFeed({ url: server.url, pollSeconds: 30, timeoutMs: 1000, clock: () => now, onFetch: (o) => metrics.countLiveAlertsFetch(o) });
    metrics.watchLiveAlerts(f, FETCH_OUTCOMES);
    let text = (await metrics.render()).body;
    assert.match(text, /^live_alerts_age_seconds \+Inf$/m, 'no copy yet');
    assert.match(text, /^live_alerts_fetch_total\{outcome="timeout"\} 0$/m);
    await f.refresh();
    server.mode = 'error';
    await f.refresh();
    now = new Date(T.getTime() + 90_000);
    text = (await metrics.render()).body;
    assert.match(text, /^live_alerts_fetch_total\{outcome="ok"\} 1$/m);
    assert.match(text, /^live_alerts_fetch_total\{outcome="http_error"\} 1$/m);
    assert.match(text, /^live_alerts_age_seconds 90$/m);
    assert.match(text, /^live_alerts 4$/m);
  });
});

async function waitFor(test: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((ok) => setTimeout(ok, 10));
  }
}
