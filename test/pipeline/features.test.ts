import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitEncoder, SlotEncoder, type FeatureEncoder } from '../../src/pipeline/features';
import { lastHoursOnly, type RecentIncidents } from '../../src/pipeline/recent';
import { buildSlots, OUT_OF_SPAN } from '../../src/pipeline/slots';

const routeDirections = [
  { route: 504, direction: 'e' as const },
  { route: 504, direction: 'w' as const },
  { route: 510, direction: 'n' as const },
];

test('an encoder saved as JSON and read back encodes every slot the same way', () => {
  const encoder = fitEncoder(routeDirections, ['bias', 'routeDirection', 'hour', 'weekday', 'month', 'routeDirectionHour'], 1);
  const reread = JSON.parse(JSON.stringify(encoder)) as FeatureEncoder;
  const a = new SlotEncoder(encoder);
  const b = new SlotEncoder(reread);
  const rowA = new Int32Array(a.width);
  const rowB = new Int32Array(b.width);
  for (const rd of routeDirections) {
    for (let hour = 0; hour < 24; hour += 5) {
      a.encodeSlot(rd.route, rd.direction, { hour, weekday: hour % 7, month: 1 + (hour % 12) }, rowA);
      b.encodeSlot(rd.route, rd.direction, { hour, weekday: hour % 7, month: 1 + (hour % 12) }, rowB);
      assert.deepEqual([...rowA], [...rowB]);
      assert.ok([...rowA].every((i) => i >= 0 && i < encoder.vocabularySize));
    }
  }
  // Each group's index stays inside its own block of the vocabulary.
  a.encodeSlot(510, 'n', { hour: 23, weekday: 6, month: 12 }, rowA);
  encoder.groups.forEach((g, i) => assert.ok(rowA[i] >= g.offset && rowA[i] < g.offset + g.size, g.name));
});

test('values never seen in training have a defined encoding: route-direction index 0', () => {
  const encoder = new SlotEncoder(fitEncoder(routeDirections, ['bias', 'routeDirection', 'hour'], 1));
  assert.equal(encoder.routeDirectionIndex(504, 'e'), 1);
  assert.equal(encoder.routeDirectionIndex(512, 'e'), 0); // a route added after training
  assert.equal(encoder.routeDirectionIndex(504, 'n'), 0);
  const row = new Int32Array(encoder.width);
  encoder.encodeSlot(512, 'e', { hour: 8, weekday: 0, month: 1 }, row);
  assert.equal(row[1], encoder.encoder.groups[1].offset);
});

test('night routes get their own hour values: the same clock hour means something else at night', () => {
  const enc = new SlotEncoder(fitEncoder([{ route: 501, direction: 'e' }, { route: 301, direction: 'e' }], ['hour'], 1));
  const day = new Int32Array(1);
  const night = new Int32Array(1);
  enc.encodeSlot(501, 'e', { hour: 3, weekday: 0, month: 1 }, day);
  enc.encodeSlot(301, 'e', { hour: 3, weekday: 0, month: 1 }, night);
  assert.notEqual(day[0], night[0]);
});

test('slots: a delay that goes both ways marks both directions; zero-minute events do not count', () => {
  const slots = buildSlots(
    [
      { route: 504, direction: 'b', date: '2024-01-02', hour: 8, minute: 0, minDelay: 5, incident: '' },
      { route: 510, direction: 'n', date: '2024-01-02', hour: 9, minute: 0, minDelay: 0, incident: '' },
      { route: 510, direction: 'n', date: '2024-01-01', hour: 1, minute: 0, minDelay: 3, incident: '' },
    ],
    routeDirections,
  );
  const label = (rd: number, day: number, hour: number): number => slots.labels[(rd * slots.days + day) * 24 + hour];
  assert.equal(slots.days, 2);
  assert.equal(label(0, 1, 8), 1);
  assert.equal(label(1, 1, 8), 1);
  assert.equal(label(2, 1, 9), 0);
  assert.equal(label(2, 0, 1), 1);
  // 504 has no event before 2024-01-02: its first day is outside its service span.
  assert.equal(label(0, 0, 8), OUT_OF_SPAN);
});

test('three known states, each with its own route and hour levels: unknown, recent inputs, the last three hours only', () => {
  const fitted = fitEncoder(routeDirections, ['routeDirectionByRecentKnown', 'hourByRecentKnown', 'recentLastHourSame', 'recentDayBeforeSame'], 1);
  const enc = new SlotEncoder(fitted);
  const one = { same: 1, other: 0 };
  const row = (recent?: RecentIncidents): number[] => {
    const out = new Int32Array(enc.width);
    enc.encodeSlot(504, 'w', { hour: 16, weekday: 1, month: 11, recent }, out);
    return [...out];
  };
  const calendar = row();
  const full = row({ lastHour: one, last3Hours: one, earlierToday: one, dayBefore: one, last7Days: one });
  const lastHours = row(lastHoursOnly({ lastHour: one, last3Hours: one, earlierToday: one, dayBefore: one, last7Days: one }));
  // The route and hour levels differ by state; the last hour reads the same count either way.
  assert.equal(new Set([calendar[0], full[0], lastHours[0]]).size, 3);
  assert.equal(new Set([calendar[1], full[1], lastHours[1]]).size, 3);
  assert.equal(full[2], lastHours[2]);
  assert.notEqual(full[3], lastHours[3], 'the day before is unknown in the last-hours state');
  assert.equal(lastHours[3], calendar[3]);
  // An encoder written with two states (before the third) reads the last-hours state as "recent inputs".
  const twoStates: FeatureEncoder = JSON.parse(JSON.stringify(fitted));
  const shrink = (name: string, by: number): void => {
    const g = twoStates.groups.find((x) => x.name === name)!;
    const cut = (g.size / 3) * by;
    g.size -= cut;
    for (const later of twoStates.groups) if (later.offset > g.offset) later.offset -= cut;
    twoStates.vocabularySize -= cut;
  };
  shrink('routeDirectionByRecentKnown', 1);
  shrink('hourByRecentKnown', 1);
  const old = new SlotEncoder(twoStates);
  const a = new Int32Array(old.width);
  const b = new Int32Array(old.width);
  old.encodeSlot(504, 'w', { hour: 16, weekday: 1, month: 11, recent: { lastHour: one, last3Hours: one } }, a);
  old.encodeSlot(504, 'w', { hour: 16, weekday: 1, month: 11, recent: { lastHour: one, last3Hours: one, earlierToday: one } }, b);
  assert.deepEqual([a[0], a[1]], [b[0], b[1]]);
  assert.ok([...a].every((i) => i < twoStates.vocabularySize));
});
