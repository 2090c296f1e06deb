import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { fromTorontoWallClock, parseTripTime, torontoParts, torontoZone, toTorontoIso } from '../../src/pipeline/toronto-time';

test('Toronto offsets on both sides of the 2026 daylight-saving changes, whatever the server zone', () => {
  assert.equal(toTorontoIso(new Date('2026-03-08T06:59:00Z')), '2026-03-08T01:59:00-05:00');
  assert.equal(toTorontoIso(new Date('2026-03-08T07:00:00Z')), '2026-03-08T03:00:00-04:00');
  assert.equal(toTorontoIso(new Date('2026-11-01T05:30:00Z')), '2026-11-01T01:30:00-04:00');
  assert.equal(toTorontoIso(new Date('2026-11-01T06:30:00Z')), '2026-11-01T01:30:00-05:00');
  const p = torontoParts(new Date('2026-11-25T04:30:00Z'));
  assert.deepEqual(p, { year: 2026, month: 11, day: 24, hour: 23, minute: 30, weekday: 1 });
});

test('wall-clock times that do not exist are refused, not bent', () => {
  assert.equal(fromTorontoWallClock(2026, 2, 30, 8).ok, false);
  assert.equal(fromTorontoWallClock(2026, 3, 8, 2, 30).ok, false); // skipped hour
  const repeated = fromTorontoWallClock(2026, 11, 1, 1, 30);
  assert.ok(repeated.ok && toTorontoIso(repeated.instant) === '2026-11-01T01:30:00-04:00');
});

test('trip times: Toronto local without an offset, the instant with one, errors with reasons', () => {
  const local = parseTripTime('2026-11-25T08:00');
  assert.ok(local.ok && local.instant.toISOString() === '2026-11-25T13:00:00.000Z');
  const summer = parseTripTime('2026-07-01 08:00:00');
  assert.ok(summer.ok && summer.instant.toISOString() === '2026-07-01T12:00:00.000Z');
  const offset = parseTripTime('2026-11-25T08:00:00+00:00');
  assert.ok(offset.ok && offset.instant.toISOString() === '2026-11-25T08:00:00.000Z');
  for (const bad of ['2026-02-30T08:00', '2026-11-25T25:00', 'tomorrow', '', '2026-02-30T08:00:00-05:00']) {
    const r = parseTripTime(bad);
    assert.equal(r.ok, false, bad);
  }
});

test('the fast Toronto split agrees with luxon hour by hour over 2024–2030, DST changes included', () => {
  for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2031, 0, 1); ms += 3_599_937) {
    const d = DateTime.fromMillis(ms, { zone: 'America/Toronto' });
    const p = torontoParts(ms);
    assert.deepEqual([p.year, p.month, p.day, p.hour, p.minute, p.weekday], [d.year, d.month, d.day, d.hour, d.minute, d.weekday - 1]);
    assert.equal(toTorontoIso(ms), d.set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }));
  }
});

test('luxon with the cached Toronto zone says and computes what luxon with the IANA zone does', () => {
  const formats = ['yyyy-MM-dd HH:mm ZZ', 'cccc, LLLL d h:mm a', 'ccc, LLL d', 'h a ZZZZ'];
  // Every 97 minutes for two years: both DST changes of each year fall between samples.
  for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 97 * 60_000) {
    const iana = DateTime.fromMillis(ms, { zone: 'America/Toronto' });
    const cached = DateTime.fromMillis(ms, { zone: torontoZone });
    for (const f of formats) assert.equal(cached.toFormat(f), iana.toFormat(f), `${f} at ${iana.toISO()}`);
    assert.equal(cached.toISO(), iana.toISO());
    assert.equal(cached.startOf('day').toISO(), iana.startOf('day').toISO());
    assert.equal(cached.plus({ days: 1 }).toISO(), iana.plus({ days: 1 }).toISO());
    const wall = { year: iana.year, month: iana.month, day: iana.day, hour: iana.hour, minute: iana.minute };
    assert.equal(DateTime.fromObject(wall, { zone: torontoZone }).toISO(), DateTime.fromObject(wall, { zone: 'America/Toronto' }).toISO());
  }
  assert.ok(torontoZone.equals(DateTime.now().setZone('America/Toronto').zone));
});
