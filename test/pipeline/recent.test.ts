import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncidentLog, incidentsFromEvents, recentIncidents, wallHourOf, type Incident, type RecentIncidents } from '../../src/pipeline/recent';
import { fitEncoder, SlotEncoder, DEFAULT_RECENT_EDGES } from '../../src/pipeline/features';
import { dayNumberOf } from '../../src/pipeline/calendar';
import { fromTorontoWallClock, torontoParts } from '../../src/pipeline/toronto-time';
import type { Direction, Trip } from '../../src/pipeline/types';

/** A Toronto wall-clock instant. */
function at(y: number, m: number, d: number, h: number, min = 0): Date {
  const t = fromTorontoWallClock(y, m, d, h, min);
  if (!t.ok) throw new Error(t.problem);
  return t.instant;
}
const since = at(2024, 1, 1, 0);
const trip = (h: number, min = 0, direction: Direction = 'e', d = 10): Trip => ({ route: 504, direction, time: at(2024, 3, d, h, min) });

test('no look-ahead: an incident at 08:10 never informs the 08:00–08:59 hour, and counts for 09:00', () => {
  const incidents: Incident[] = [{ route: 504, direction: 'e', time: at(2024, 3, 10, 8, 10) }];
  for (const min of [0, 5, 10, 11, 30, 59]) {
    const r = recentIncidents(incidents, trip(8, min), { since });
    assert.deepEqual(r.lastHour, { same: 0, other: 0 }, `08:${min}`);
    assert.deepEqual(r.earlierToday, { same: 0, other: 0 }, `08:${min}`);
  }
  const nine = recentIncidents(incidents, trip(9, 0), { since });
  assert.deepEqual(nine.lastHour, { same: 1, other: 0 });
  assert.deepEqual(nine.last3Hours, { same: 1, other: 0 });
  assert.deepEqual(nine.earlierToday, { same: 1, other: 0 });
  assert.deepEqual(nine.dayBefore, { same: 0, other: 0 });
  // Three hours on it has left the last hour and the last three hours, not "earlier today".
  const eleven = recentIncidents(incidents, trip(11, 30), { since });
  assert.deepEqual(eleven.lastHour, { same: 0, other: 0 });
  assert.deepEqual(eleven.last3Hours, { same: 1, other: 0 });
  const twelve = recentIncidents(incidents, trip(12), { since });
  assert.deepEqual(twelve.last3Hours, { same: 0, other: 0 });
  assert.deepEqual(twelve.earlierToday, { same: 1, other: 0 });
  // The next Toronto date: it is the day before, and no longer earlier today.
  const tomorrow = recentIncidents(incidents, trip(7, 0, 'e', 11), { since });
  assert.deepEqual(tomorrow.earlierToday, { same: 0, other: 0 });
  assert.deepEqual(tomorrow.dayBefore, { same: 1, other: 0 });
  assert.deepEqual(tomorrow.last7Days, { same: 1, other: 0 });
  assert.deepEqual(recentIncidents(incidents, trip(7, 0, 'e', 12), { since }).dayBefore, { same: 0, other: 0 });
});

test('"earlier today" is the Toronto date before the hour; "the day before" is the previous Toronto date, whatever the server zone', () => {
  const incidents: Incident[] = [
    { route: 504, direction: 'e', time: at(2024, 3, 9, 23, 59) }, // the day before
    { route: 504, direction: 'e', time: at(2024, 3, 10, 0, 1) }, // today, first minute
    { route: 504, direction: 'w', time: at(2024, 3, 10, 0, 30) },
  ];
  const r = recentIncidents(incidents, trip(6), { since });
  assert.deepEqual(r.earlierToday, { same: 1, other: 1 });
  assert.deepEqual(r.dayBefore, { same: 1, other: 0 });
  // At 00:xx the last hour is yesterday's 23:00 hour, and nothing of today is known yet.
  const midnight = recentIncidents(incidents, trip(0, 45), { since });
  assert.deepEqual(midnight.lastHour, { same: 1, other: 0 });
  assert.deepEqual(midnight.earlierToday, { same: 0, other: 0 });
  // 2024-03-10 is the spring-forward date in Toronto: 03:00 follows 01:59.
  const afterSpring = recentIncidents(incidents, { route: 504, direction: 'e', time: at(2024, 3, 10, 3, 15) }, { since });
  assert.deepEqual(afterSpring.earlierToday, { same: 1, other: 1 });
  assert.deepEqual(afterSpring.dayBefore, { same: 1, other: 0 });
});

test('directions: this way, other ways, and both ways in both; other routes never count', () => {
  const t = at(2024, 3, 10, 7, 20);
  const incidents: Incident[] = [
    { route: 504, direction: 'e', time: t },
    { route: 504, direction: 'w', time: t },
    { route: 504, direction: 'n', time: t },
    { route: 504, direction: 'b', time: t },
    { route: 501, direction: 'e', time: t },
  ];
  assert.deepEqual(recentIncidents(incidents, trip(8, 0, 'e'), { since }).lastHour, { same: 2, other: 3 });
  assert.deepEqual(recentIncidents(incidents, trip(8, 0, 'w'), { since }).lastHour, { same: 2, other: 3 });
  assert.deepEqual(recentIncidents(incidents, { route: 510, direction: 'n', time: at(2024, 3, 10, 8) }, { since }).lastHour, { same: 0, other: 0 });
});

test('unknown is not "none happened": windows before the source starts are undefined', () => {
  // A live list with no incidents knows nothing unless it says since when it has been watching.
  assert.deepEqual(recentIncidents([], trip(9)), {});
  const watching = recentIncidents([], trip(9), { since: at(2024, 3, 10, 6) });
  assert.deepEqual(watching.lastHour, { same: 0, other: 0 });
  assert.deepEqual(watching.last3Hours, { same: 0, other: 0 });
  assert.equal(watching.earlierToday, undefined); // midnight is before 06:00
  assert.equal(watching.dayBefore, undefined);
  // A log defaults to the start of its first day.
  const log = new IncidentLog([{ route: 504, direction: 'e', time: at(2024, 3, 10, 5, 30) }]);
  const r = log.recentFor(trip(9));
  assert.deepEqual(r.earlierToday, { same: 1, other: 0 });
  assert.equal(r.dayBefore, undefined);
  assert.equal(log.recentFor(trip(9, 0, 'e', 11)).dayBefore?.same, 1);
  assert.equal(log.recentFor(trip(9, 0, 'e', 11)).last7Days, undefined);
});

/** The windows counted the slow, obvious way from the list. */
function naive(incidents: readonly Incident[], t: Trip): RecentIncidents {
  const p = torontoParts(t.time);
  const hour = dayNumberOf(p.year, p.month, p.day) * 24 + p.hour;
  const midnight = hour - p.hour;
  const count = (from: number, to: number) => {
    const inWindow = incidents.filter((i) => i.route === t.route && wallHourOf(i.time) >= from && wallHourOf(i.time) < to);
    return {
      same: inWindow.filter((i) => i.direction === t.direction || i.direction === 'b').length,
      other: inWindow.filter((i) => i.direction !== t.direction).length,
    };
  };
  return {
    lastHour: count(hour - 1, hour),
    last3Hours: count(hour - 3, hour),
    earlierToday: count(midnight, hour),
    dayBefore: count(midnight - 24, midnight),
    last7Days: count(midnight - 168, midnight),
  };
}

test('IncidentLog agrees with a naive count, and cutting the list at the trip hour changes nothing', () => {
  let s = 7;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const dirs = ['e', 'w', 'n', 's', 'b'] as const;
  const base = at(2024, 2, 20, 0).getTime();
  const incidents: Incident[] = Array.from({ length: 400 }, () => ({
    route: rnd() < 0.8 ? 504 : 501,
    direction: dirs[Math.floor(rnd() * 5)],
    time: new Date(base + Math.floor(rnd() * 30 * 24 * 60) * 60_000),
  }));
  const log = new IncidentLog(incidents, { since: at(2024, 2, 1, 0) });
  for (let k = 0; k < 150; k++) {
    const t: Trip = { route: 504, direction: rnd() < 0.5 ? 'e' : 'w', time: new Date(base + Math.floor(rnd() * 30 * 24 * 60) * 60_000) };
    const fast = log.recentFor(t);
    assert.deepEqual(fast, naive(incidents, t));
    const p = torontoParts(t.time);
    const hourStart = fromTorontoWallClock(p.year, p.month, p.day, p.hour);
    const cutAt = hourStart.ok ? hourStart.instant.getTime() : t.time.getTime();
    const cut = incidents.filter((i) => i.time.getTime() < cutAt);
    assert.deepEqual(recentIncidents(cut, t, { since: at(2024, 2, 1, 0) }), fast);
  }
});

test('log rows become incidents: only Min Delay > 0, at the Toronto wall clock of the log', () => {
  const incidents = incidentsFromEvents([
    { route: 504, direction: 'e', date: '2024-07-01', hour: 8, minute: 10, minDelay: 5, incident: '' },
    { route: 504, direction: 'w', date: '2024-07-01', hour: 9, minute: 0, minDelay: 0, incident: '' },
    { route: 504, direction: 'b', date: '2024-03-10', hour: 2, minute: 30, minDelay: 3, incident: '' }, // skipped hour
  ]);
  assert.equal(incidents.length, 2);
  assert.equal(incidents[0].time.toISOString(), '2024-07-01T12:10:00.000Z');
  const p = torontoParts(incidents[1].time);
  assert.deepEqual([p.day, p.hour], [10, 3]);
});

test('recent groups: unknown buckets without recent incidents, disjoint windows, edges from the encoder', () => {
  const names = ['bias', 'routeDirection', 'hour', 'routeDirectionByRecentKnown', 'recentLastHourSame', 'recentPrev2HoursSame', 'recentEarlierTodaySame', 'recentDayBeforeOther', 'recentLast7DaysSame'] as const;
  const encoder = fitEncoder([{ route: 504, direction: 'e' }], names, 1);
  const enc = new SlotEncoder(JSON.parse(JSON.stringify(encoder)));
  assert.equal(enc.usesRecent, true);
  const row = new Int32Array(enc.width);
  const local = (i: number): number => row[i] - encoder.groups[i].offset;
  enc.encodeSlot(504, 'e', { hour: 8, weekday: 0, month: 1 }, row);
  assert.equal(local(3), 1 * 3 + 0); // route-direction 1, recent unknown (states: unknown, recent inputs, last three hours only)
  for (let i = 4; i < names.length; i++) assert.equal(local(i), encoder.groups[i].size - 1, names[i]);
  enc.encodeSlot(504, 'e', {
    hour: 8, weekday: 0, month: 1,
    recent: { lastHour: { same: 1, other: 0 }, last3Hours: { same: 3, other: 0 }, earlierToday: { same: 7, other: 1 }, dayBefore: { same: 0, other: 9 }, last7Days: { same: 40, other: 2 } },
  }, row);
  assert.equal(local(3), 1 * 3 + 1);
  assert.equal(local(4), 1); // 1 in the last hour
  assert.equal(local(5), 2); // 3 − 1 = 2 in the two hours before
  assert.equal(local(6), 3); // 7 − 3 = 4 → bucket [3, 5), the fourth
  assert.equal(local(7), 5); // 9 ≥ 8
  assert.equal(local(8), DEFAULT_RECENT_EDGES.recentLast7DaysSame.length); // beyond the last edge
  // Before 03:00 the last three hours hold all of today: nothing earlier today outside them.
  enc.encodeSlot(504, 'e', { hour: 1, weekday: 0, month: 1, recent: { lastHour: { same: 0, other: 0 }, last3Hours: { same: 4, other: 0 }, earlierToday: { same: 1, other: 0 } } }, row);
  assert.equal(local(6), 0);
  assert.equal(local(7), encoder.groups[7].size - 1); // day before not given: unknown
  assert.equal(local(3), 1 * 3 + 1, 'earlier today known: the recent-inputs state');
  enc.encodeSlot(504, 'e', { hour: 16, weekday: 1, month: 11, recent: { lastHour: { same: 1, other: 0 }, last3Hours: { same: 1, other: 0 } } }, row);
  assert.equal(local(3), 1 * 3 + 2, 'only the last hours known: their own state');
  // A v1 encoder reads no recent inputs.
  assert.equal(new SlotEncoder(fitEncoder([{ route: 504, direction: 'e' }], ['bias', 'hour'], 1)).usesRecent, false);
});

test('readRecentLog reads a yearly workbook: kept rows with minutes, known from 1 January of its year', async () => {
  const { join } = await import('node:path');
  const { readRecentLog } = await import('../../src/pipeline/recent-log');
  const { tempDir, writeOldSchemaWorkbook } = await import('../helpers/workbooks');
  const file = join(tempDir('recent-log-'), 'ttc-streetcar-delay-data-2014.xlsx');
  await writeOldSchemaWorkbook(file);
  const { log, rows, incidents, since } = await readRecentLog(file);
  assert.equal(since, '2014-01-01');
  assert.ok(rows >= 8 && incidents === 3, `${rows} rows, ${incidents} incidents`); // 504 E/B, 501 wb, 510 B/W on 2 and 3 January
  const r = log.recentFor({ route: 504, direction: 'e', time: at(2014, 1, 2, 9) });
  assert.deepEqual(r.lastHour, { same: 1, other: 0 });
  assert.deepEqual(r.dayBefore, { same: 0, other: 0 });
  assert.equal(log.recentFor({ route: 510, direction: 's', time: at(2014, 1, 4, 9) }).dayBefore?.same, 1);
});
