// When alerts are due: Toronto wall-clock schedules across both DST weekends of 2027 (spring
// forward on March 14, fall back on November 7), leads across midnight, one-off days. Pure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVERY_DAY, WEEKDAYS, nextOccurrence, occurrencesBetween, type Schedule } from '../../src/alerts/model';
import { toTorontoIso } from '../../src/pipeline/toronto-time';

const daily = (hour: number, minute = 0): Schedule => ({ kind: 'weekly', days: [...EVERY_DAY], clock: { hour, minute } });
const iso = (d: Date) => toTorontoIso(d);

describe('alert schedules in Toronto wall-clock time', () => {
  it('"every day at 8:00, 15 minutes before" stays 7:45 on the wall clock across spring forward', () => {
    const o = occurrencesBetween(daily(8), 15, new Date('2027-03-12T12:00:00-05:00'), new Date('2027-03-16T12:00:00-04:00'));
    assert.deepEqual(o.map((x) => iso(x.sendAt)), ['2027-03-13T07:45:00-05:00', '2027-03-14T07:45:00-04:00', '2027-03-15T07:45:00-04:00', '2027-03-16T07:45:00-04:00']);
    assert.deepEqual(o.map((x) => iso(x.trip!)), ['2027-03-13T08:00:00-05:00', '2027-03-14T08:00:00-04:00', '2027-03-15T08:00:00-04:00', '2027-03-16T08:00:00-04:00']);
  });

  it('and across fall back', () => {
    const o = occurrencesBetween(daily(8), 15, new Date('2027-11-06T00:00:00-04:00'), new Date('2027-11-08T23:00:00-05:00'));
    assert.deepEqual(o.map((x) => iso(x.sendAt)), ['2027-11-06T07:45:00-04:00', '2027-11-07T07:45:00-05:00', '2027-11-08T07:45:00-05:00']);
  });

  it('a trip time in the hour skipped in spring does not exist that day: a gap, not a moved alert', () => {
    const o = occurrencesBetween(daily(2, 30), 15, new Date('2027-03-12T12:00:00-05:00'), new Date('2027-03-15T12:00:00-04:00'));
    assert.deepEqual(o.map((x) => [x.key, x.gap ?? false, x.trip ? iso(x.trip) : undefined]), [
      ['2027-03-13', false, '2027-03-13T02:30:00-05:00'],
      ['2027-03-14', true, undefined],
      ['2027-03-15', false, '2027-03-15T02:30:00-04:00'],
    ]);
    const next = nextOccurrence(daily(2, 30), 15, new Date('2027-03-13T12:00:00-05:00'));
    assert.equal(next?.key, '2027-03-15', 'the next alert skips the day without that time');
  });

  it('in the hour repeated in autumn the first pass is taken, once', () => {
    const o = occurrencesBetween(daily(1, 30), 15, new Date('2027-11-06T12:00:00-04:00'), new Date('2027-11-07T12:00:00-05:00'));
    assert.equal(o.length, 1);
    assert.equal(iso(o[0].trip!), '2027-11-07T01:30:00-04:00');
    assert.equal(iso(o[0].sendAt), '2027-11-07T01:15:00-04:00');
  });

  it('the lead is real minutes before the trip, also across a change of offset', () => {
    const o = occurrencesBetween(daily(3, 30), 90, new Date('2027-03-13T12:00:00-05:00'), new Date('2027-03-14T12:00:00-04:00'));
    assert.equal(iso(o[0].trip!), '2027-03-14T03:30:00-04:00');
    assert.equal(iso(o[0].sendAt), '2027-03-14T01:00:00-05:00', '90 minutes before 3:30 EDT is 1:00 EST');
  });

  it('a lead across midnight sends the evening before; weekday trips only', () => {
    const s: Schedule = { kind: 'weekly', days: [...WEEKDAYS], clock: { hour: 6, minute: 0 } };
    const o = occurrencesBetween(s, 390, new Date('2026-11-27T00:00:00-05:00'), new Date('2026-12-01T00:00:00-05:00'));
    // Friday's 6:00 trip would be alerted Thursday 11:30 pm, before the window: not included.
    assert.deepEqual(o.map((x) => [x.key, iso(x.sendAt)]), [
      ['2026-11-30', '2026-11-29T23:30:00-05:00'],
      ['2026-12-01', '2026-11-30T23:30:00-05:00'],
    ]);
  });

  it('a one-off has one occurrence, on its day', () => {
    const s: Schedule = { kind: 'once', day: { year: 2026, month: 11, day: 25 }, clock: { hour: 8, minute: 0 } };
    const o = occurrencesBetween(s, 15, new Date('2026-11-20T00:00:00-05:00'), new Date('2026-12-30T00:00:00-05:00'));
    assert.deepEqual(o.map((x) => iso(x.sendAt)), ['2026-11-25T07:45:00-05:00']);
    assert.equal(nextOccurrence(s, 15, new Date('2026-11-25T07:46:00-05:00')), undefined);
  });
});
