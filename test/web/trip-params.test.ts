import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { parseTripTime } from '../../src/pipeline/toronto-time';
import { parseTripParams } from '../../src/web/trip-params';

/** A fixed "now": Wednesday, May 7, 2031, 4:20 p.m. in Toronto. */
const NOW = new Date('2031-05-07T16:20:00-04:00');

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

describe('trip parameters', () => {
  it('trip times agree with luxon on every quarter hour of 2026–2027 and every minute around clock changes', () => {
    const texts: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 15 * 60_000) {
      const d = new Date(t);
      texts.push(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`);
    }
    for (const day of ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07', '2035-03-11']) {
      for (let m = 0; m < 6 * 60; m++) texts.push(`${day}T${pad(Math.floor(m / 60))}:${pad(m % 60)}`);
    }
    texts.push('2026-02-29T08:00', '2028-02-29T08:00', '2026-04-31T08:00', '2026-13-01T08:00', '2026-11-25T24:00', '2026-11-25T08:60', '2026-11-25T08:00Z');
    let checked = 0;
    for (const text of texts) {
      const ours = parseTripTime(text);
      const theirs = DateTime.fromISO(text, { zone: 'America/Toronto', setZone: text.endsWith('Z') });
      // luxon shifts the skipped spring hour forward instead of refusing it; ours refuses.
      const skipped = theirs.isValid && theirs.toFormat("yyyy-MM-dd'T'HH:mm") !== text.slice(0, 16);
      assert.equal(ours.ok, theirs.isValid && !skipped, text);
      // In the repeated autumn hour luxon takes the second pass; ours the first, an hour earlier.
      if (ours.ok && theirs.isValid) assert.ok([0, 3_600_000].includes(theirs.toMillis() - ours.instant.getTime()), text);
      checked++;
    }
    assert.ok(checked > 70_000);
  });

  it('takes the first pass of the repeated autumn hour and refuses the skipped spring hour', () => {
    const autumn = parseTripTime('2026-11-01T01:30');
    assert.ok(autumn.ok);
    assert.equal(autumn.instant.toISOString(), '2026-11-01T05:30:00.000Z');
    const spring = parseTripTime('2026-03-08T02:30');
    assert.ok(!spring.ok);
    assert.match(spring.problem, /does not exist in Toronto/);
  });

  it('reports every wrong field, in form order', () => {
    const r = parseTripParams('510', 'e', 'soon');
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.errors.map((e) => e.field), ['direction', 'time']);
    const missing = parseTripParams(undefined, undefined, undefined);
    assert.deepEqual(!missing.ok && missing.errors.map((e) => e.field), ['route', 'direction', 'time']);
    const noRoute = parseTripParams('', 'x', '2026-11-25T08:00');
    assert.deepEqual(!noRoute.ok && noRoute.errors.map((e) => e.field), ['route', 'direction']);
  });

  it('names every wrong part of a time, not only the first', () => {
    const r = parseTripParams('504', 'e', '2026-25-01T99:00', NOW);
    assert.ok(!r.ok);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].field, 'time');
    assert.match(r.errors[0].problem, /month 25/);
    assert.match(r.errors[0].problem, /hour 99/);
    const r2 = parseTripParams('504', 'e', '2027-02-30T08:61', NOW);
    assert.ok(!r2.ok);
    assert.match(r2.errors[0].problem, /February 2027 has 28 days/);
    assert.match(r2.errors[0].problem, /minute 61/);
  });

  it('gives examples relative to now, never a fixed date that has passed', () => {
    for (const time of [undefined, '', 'tomorrow', '2026-25-01T99:00', 42]) {
      const r = parseTripParams('504', 'e', time, NOW);
      assert.ok(!r.ok);
      assert.match(r.errors[0].problem, /2031-05-08T08:00/, String(time));
      assert.doesNotMatch(r.errors[0].problem, /2026-11-25/, String(time));
    }
  });

  it('accepts a route number as text or number and a direction in either case', () => {
    const r = parseTripParams(' 504 ', 'E', '2026-11-25T08:00');
    assert.ok(r.ok);
    assert.deepEqual({ route: r.trip.route, direction: r.trip.direction, time: r.trip.time.toISOString() }, { route: 504, direction: 'e', time: '2026-11-25T13:00:00.000Z' });
  });
});
