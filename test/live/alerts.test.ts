// The alert model, the selection for a trip, the alert → incident mapping and the rendering of
// the alerts block, on feeds these tests build (no network, no system clock).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concernsRoute, coveringPeriod, effectWords, routeNumber, selectAlerts, type LiveAlert } from '../../src/live/alerts';
import { FeedFormatError, cleanText, parseAlertFeed } from '../../src/live/gtfs-rt';
import { alertsToIncidents } from '../../src/live/incidents';
import { withAlerts } from '../../src/live/predictor';
import { alertsCardElements, alertsSection, alertsText, untilWords } from '../../src/live/render';
import type { DelayPredictor } from '../../src/model/types';
import type { Prediction, Trip } from '../../src/pipeline/types';
import { Effect, HOUR, STANDARD_ALERTS, T, at, buildFeed, route, type AlertFixture } from './fixtures';

const parse = (alerts: AlertFixture[], feedTime = T): LiveAlert[] => parseAlertFeed(buildFeed(alerts, feedTime), T).alerts;
const one = (a: Partial<AlertFixture>): AlertFixture => ({ id: 'x', informed: [route('504')], header: [{ text: 'An alert' }], ...a });

describe('parsing GTFS-realtime alerts', () => {
  it('takes the English header, else the one without a language, else the first', () => {
    const [en, plain, first] = parse([
      one({ id: 'a', header: [{ text: 'Détour', language: 'fr' }, { text: 'Detour', language: 'EN-ca' }] }),
      one({ id: 'b', header: [{ text: 'Détour', language: 'fr' }, { text: 'Default language' }] }),
      one({ id: 'c', header: [{ text: 'Détour', language: 'fr' }, { text: 'Umleitung', language: 'de' }] }),
    ]);
    assert.deepEqual([en.header, plain.header, first.header], ['Detour', 'Default language', 'Détour']);
  });

  it('falls back to the description, and leaves out an alert with no text at all', () => {
    const alerts = parse([one({ id: 'd', header: undefined, description: 'Only a description' }), one({ id: 'e', header: undefined })]);
    assert.deepEqual(alerts.map((a) => [a.id, a.header]), [['d', 'Only a description']]);
  });

  it('cleans feed text to one line and cuts a runaway one', () => {
    assert.equal(cleanText('  504 King:\n\tdetour \u0007 via  Dufferin  '), '504 King: detour via Dufferin');
    const long = cleanText('x'.repeat(1000));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith('…'));
  });

  it('reads periods as epoch ms with open bounds, and drops an alert whose period is not a time range', () => {
    const alerts = parse([one({ id: 'open', periods: [{ start: -1 }, { end: 5 }] }), one({ id: 'backwards', periods: [{ start: 2, end: 1 }] })]);
    assert.deepEqual(alerts.map((a) => a.id), ['open']);
    assert.deepEqual(alerts[0].periods, [{ start: at(-1).getTime() }, { end: at(5).getTime() }]);
  });

  it('refuses what is not a feed', () => {
    for (const bytes of [new Uint8Array(0), Buffer.from('<!doctype html><p>Sorry</p>'), Buffer.from('{"entity":[]}'), Buffer.from([0xff, 0xfe, 0xfd])]) {
      assert.throws(() => parseAlertFeed(bytes, T), FeedFormatError);
    }
  });
});

describe('which alerts concern a trip', () => {
  const alert = (informed: AlertFixture['informed']) => parse([one({ informed })])[0];

  it('the route by route_id, with or without agency, with no route_type or route_type 0', () => {
    assert.equal(concernsRoute(alert([route('504')]), 504), true);
    assert.equal(concernsRoute(alert([route('504', { agencyId: 'TTC' })]), 504), true);
    assert.equal(concernsRoute(alert([route('504', { routeType: 0 })]), 504), true);
    assert.equal(concernsRoute(alert([route('504', { stopId: '1234' })]), 504), true, 'a stop of the route');
    assert.equal(concernsRoute(alert([{ trip: { routeId: '504', tripId: 't1' } }]), 504), true, 'a trip of the route');
    assert.equal(concernsRoute(alert([{ routeType: 0 }]), 504), true, 'every streetcar');
  });

  it('never another route, another mode, a stop or the agency alone', () => {
    assert.equal(concernsRoute(alert([route('505')]), 504), false);
    assert.equal(concernsRoute(alert([route('5040')]), 504), false);
    assert.equal(concernsRoute(alert([route('504', { routeType: 3 })]), 504), false, 'a bus numbered 504');
    assert.equal(concernsRoute(alert([{ routeType: 3 }]), 504), false, 'every bus');
    assert.equal(concernsRoute(alert([{ stopId: '1234' }]), 504), false);
    assert.equal(concernsRoute(alert([{ agencyId: 'TTC' }]), 504), false);
    assert.equal(concernsRoute(alert([{ routeType: 0, stopId: '1234' }]), 504), false, 'one stop, no route');
  });

  it('route numbers are whole numbers only', () => {
    assert.deepEqual(['504', ' 0504 ', '504A', 'King', '', undefined].map(routeNumber), [504, 504, undefined, undefined, undefined, undefined]);
  });

  it('active periods: none = always, open ends, expired and future; no end given shows only for trips within 12 hours', () => {
    const [always, openEnd, sinceEver, expired] = parse([
      one({ id: 'always' }),
      one({ id: 'open', periods: [{ start: -2 }] }),
      one({ id: 'ever', periods: [{ end: 1 }] }),
      one({ id: 'expired', periods: [{ start: -5, end: -3 }] }),
    ]);
    const covers = (a: LiveAlert, hours: number) => coveringPeriod(a, at(hours).getTime(), T.getTime()) !== undefined;
    assert.deepEqual([covers(always, 0), covers(always, 11), covers(always, 13), covers(always, -500)], [true, true, false, true]);
    assert.deepEqual([covers(openEnd, -3), covers(openEnd, 0), covers(openEnd, 11), covers(openEnd, 13)], [false, true, true, false]);
    assert.deepEqual([covers(sinceEver, -100), covers(sinceEver, 1), covers(sinceEver, 1.1)], [true, true, false]);
    assert.deepEqual([covers(expired, -4), covers(expired, 0)], [true, false]);
  });

  it('shows until the end of the period covering the trip (the longest of overlapping ones)', () => {
    const alerts = parse([one({ periods: [{ start: -1, end: 1 }, { start: 0, end: 3 }, { start: 5, end: 6 }] })]);
    assert.equal(selectAlerts(alerts, 504, at(0.5), T)[0].until, '2026-11-24T19:20:00-05:00');
    assert.equal(selectAlerts(alerts, 504, at(5.5), T)[0].until, '2026-11-24T22:20:00-05:00');
    assert.deepEqual(selectAlerts(alerts, 504, at(4), T), []);
  });

  it('the most serious first, one per header and effect, at most five', () => {
    const alerts = parse([
      one({ id: 'n', header: [{ text: 'Notice' }], effect: Effect.NO_EFFECT }),
      one({ id: 'd', header: [{ text: 'Detour' }], effect: Effect.DETOUR }),
      one({ id: 'd2', header: [{ text: 'detour' }], effect: Effect.DETOUR }),
      one({ id: 's', header: [{ text: 'Suspended' }], effect: Effect.NO_SERVICE }),
      one({ id: 'u', header: [{ text: 'Unknown' }] }),
      one({ id: 'r', header: [{ text: 'Reduced' }], effect: Effect.REDUCED_SERVICE }),
      one({ id: 'a', header: [{ text: 'Elevator' }], effect: Effect.ACCESSIBILITY_ISSUE }),
      one({ id: 'z', header: [{ text: 'Newer proto' }], effect: 99 }),
    ]);
    assert.deepEqual(selectAlerts(alerts, 504, T, T).map((a) => a.id), ['s', 'd', 'r', 'a', 'u']);
  });

  it('says the GTFS-realtime effects in plain words', () => {
    assert.deepEqual(
      [Effect.NO_SERVICE, Effect.REDUCED_SERVICE, Effect.SIGNIFICANT_DELAYS, Effect.DETOUR, Effect.STOP_MOVED, Effect.UNKNOWN_EFFECT, undefined, 99].map(effectWords),
      ['No service', 'Reduced service', 'Significant delays', 'Detour', 'Stop moved', 'Service alert', 'Service alert', 'Service alert'],
    );
  });
});

describe('alerts as incidents for the model', () => {
  const alerts = parse(
    [
      ...STANDARD_ALERTS,
      one({ id: 'two-routes', informed: [route('501'), route('301'), { trip: { routeId: '501' } }], periods: [{ start: 1, end: 2 }] }),
      one({ id: 'all-streetcars', informed: [{ routeType: 0 }] }),
      one({ id: 'bus', informed: [route('29', { routeType: 3 })] }),
    ],
    at(-0.25),
  );

  it('one incident per alert and route it names, direction b, at its period start or when it was published', () => {
    const incidents = alertsToIncidents(alerts, { from: T, to: at(3) });
    assert.deepEqual(
      incidents.map((i) => [i.route, i.direction, i.time.toISOString()]),
      [
        [504, 'b', at(-1).toISOString()], // the detour, active now: its period's start
        [505, 'b', at(-0.25).toISOString()], // no period: the feed time it was first seen in
        [301, 'b', at(1).toISOString()], // starts within the next hours
        [501, 'b', at(1).toISOString()],
      ],
    );
  });

  it('leaves out what is not active in the window, every-streetcar alerts and other modes', () => {
    const ids = alertsToIncidents(alerts, { from: at(6), to: at(8) }).map((i) => i.route);
    assert.deepEqual(ids, [505], 'only the always-active one');
    const withPast = alertsToIncidents(alerts, { from: at(-4), to: at(3) }).map((i) => `${i.route}@${(i.time.getTime() - T.getTime()) / HOUR}`);
    assert.ok(withPast.includes('504@-5'), 'the expired 504 alert counts for the hours before');
  });

  it('notBefore moves an old start up: an alert still on is trouble now', () => {
    const long = parse([one({ id: 'weeks', periods: [{ start: -500, end: 500 }] })]);
    assert.equal(alertsToIncidents(long, { from: at(-3), to: at(3) })[0].time.getTime(), at(-500).getTime());
    assert.equal(alertsToIncidents(long, { from: at(-3), to: at(3), notBefore: at(-3) })[0].time.getTime(), at(-3).getTime());
  });
});

describe('the answers with alerts', () => {
  const shown = selectAlerts(parse(STANDARD_ALERTS), 504, T, T);

  it('says until when in Toronto time, with the day when it is not the trip\'s', () => {
    assert.equal(untilWords('2026-11-24T18:20:00-05:00', T), 'until 6:20 pm');
    assert.equal(untilWords('2026-11-24T18:20:00-05:00', T, 'web'), 'until 6:20 p.m.');
    assert.equal(untilWords('2026-11-28T09:05:00-05:00', T), 'until Sat, Nov 28, 9:05 am');
    assert.equal(untilWords('2027-01-04T09:05:00-05:00', T), 'until Mon, Jan 4, 2027, 9:05 am');
    assert.equal(untilWords(undefined, T), '');
  });

  it('the bot text gets one sentence; the card one warning section of text runs; nothing when there are no alerts', () => {
    assert.equal(alertsText(shown, T), ' TTC alert: Detour: 504 King: detour via Dufferin St. due to a collision (until 6:20 pm).');
    assert.equal(alertsText([], T), '');
    assert.equal(alertsText(undefined, T), '');
    assert.equal(alertsText([{ id: 'm', header: 'See [here](https://evil.example)', effect: 'Notice' }], T), ' TTC alert: Notice: See [here] (https://evil.example).');
    const [section] = alertsCardElements(shown, T) as [{ type: string; style: string; items: { type: string; inlines?: { text: string }[] }[] }];
    assert.equal(section.type, 'Container');
    assert.equal(section.style, 'warning');
    assert.deepEqual(section.items[1].inlines?.map((r) => r.text), ['Detour', ' · 504 King: detour via Dufferin St. due to a collision', ' · until 6:20 pm']);
    assert.deepEqual(alertsCardElements(undefined, T), []);
  });

  it('the web section escapes whatever the feed says', () => {
    const page = alertsSection([{ id: '"x"', header: '<script>alert(1)</script>', effect: 'Detour', until: '2026-11-24T18:20:00-05:00' }], T).value;
    assert.ok(!page.includes('<script>'));
    assert.match(page, /&lt;script&gt;/);
    assert.match(page, /until 6:20 p\.m\./);
    assert.equal(alertsSection([], T).value, '');
  });

  it('withAlerts adds `alerts` to the predictions of the trip\'s route only, and passes everything else through', () => {
    const base: Prediction = { route: 0, routeName: '', direction: 'e', time: '', probability: 0.3, delayed: false, usualProbability: 0.2 };
    const model: DelayPredictor = {
      info: { version: 'v', pipelineVersion: 'p', backend: 'cpu', threshold: 0.5, trainedFrom: '', trainedTo: '' },
      predict: (trip: Trip) => ({ ...base, route: trip.route }),
      predictBatch: (trips: readonly Trip[]) => trips.map((t) => ({ ...base, route: t.route })),
      hourlyRisk: () => [],
    };
    const source = { alertsFor: (r: number, when: Date) => (r === 504 && when.getTime() === T.getTime() ? shown : []) };
    const p = withAlerts(model, source);
    assert.deepEqual(p.predict({ route: 504, direction: 'e', time: T }).alerts, shown);
    assert.equal('alerts' in p.predict({ route: 505, direction: 'e', time: T }), false, 'no alerts: the prediction as before');
    assert.deepEqual(p.predictBatch([{ route: 505, direction: 'e', time: T }, { route: 504, direction: 'w', time: T }]).map((x) => x.alerts?.length ?? 0), [0, 1]);
    assert.equal(p.info.version, 'v');
  });
});
