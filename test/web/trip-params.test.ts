import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { parseTripTime } from '../../src/pipeline/toronto-time';
import { parseTripParams } from '../../src/web/trip-params';

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
    assert.deepEqual(!missing.ok && missing.errors.map((e) => e.field), ['route', 'time']);
  });

  it('accepts a route number as text or number and a direction in either case', () => {
    const r = parseTripParams(' 504 ', 'E', '2026-11-25T08:00');
    assert.ok(r.ok);
    assert.deepEqual({ route: r.trip.route, direction: r.trip.direction, time: r.trip.time.toISOString() }, { route: 504, direction: 'e', time: '2026-11-25T13:00:00.000Z' });
  });
});
