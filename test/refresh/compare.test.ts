// The refresh's comparison on its own: both answer paths are scored, the recent one with the log's
// incidents before each slot's clock hour only, and "worse" on either path keeps the shipped model.
// test/refresh/refresh.test.ts runs the same comparison end to end with trained models.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Metrics } from '../../src/model/metrics';
import type { DelayPredictor } from '../../src/model/types';
import { dayNumber, dayNumberOf, isoDateOf } from '../../src/pipeline/calendar';
import type { DelayEvent } from '../../src/pipeline/clean';
import type { RecentIncidents } from '../../src/pipeline/recent';
import { torontoParts } from '../../src/pipeline/toronto-time';
import type { Prediction, Trip } from '../../src/pipeline/types';
import { RANK_TOLERANCE, scoreOnWindow, worseOn, type PathMetrics } from '../../src/refresh/compare';

/** 504 eastbound: a delay at 08:10 and at 09:20 every day of March and April 2026. */
function events(): DelayEvent[] {
  const out: DelayEvent[] = [];
  for (let day = dayNumber('2026-03-01'); day <= dayNumber('2026-04-30'); day++) {
    const date = isoDateOf(day);
    out.push({ route: 504, direction: 'e', date, hour: 8, minute: 10, minDelay: 6, incident: 'test' });
    out.push({ route: 504, direction: 'e', date, hour: 9, minute: 20, minDelay: 6, incident: 'test' });
  }
  return out;
}

/**
 * A predictor that says "likely" after an incident in the last hour (when it reads recent
 * incidents) and records what each trip was given, so the test can see the windows.
 */
function recordingPredictor(readsRecent: boolean, seen: { trip: Trip; recent?: RecentIncidents }[]): DelayPredictor {
  const answer = (trip: Trip, recent?: RecentIncidents): Prediction => {
    seen.push({ trip, recent });
    const hot = readsRecent && (recent?.lastHour?.same ?? 0) > 0;
    return { route: trip.route, routeName: 'King', direction: trip.direction, time: trip.time.toISOString(), probability: hot ? 0.6 : 0.05, delayed: hot, usualProbability: 0.05 };
  };
  return {
    info: { version: 'test', pipelineVersion: 'test', backend: 'cpu', threshold: 0.1, trainedFrom: '2025-01-01', trainedTo: '2026-02-28', recentIncidents: readsRecent },
    predict: answer,
    predictBatch: (trips, recent) => trips.map((trip, i) => answer(trip, readsRecent ? recent?.[i] : undefined)),
    hourlyRisk: () => [],
  };
}

const metrics = (over: Partial<Metrics> = {}): Metrics => ({ rocAuc: 0.7, averagePrecision: 0.08, brier: 0.04, logLoss: 0.15, slots: 100, positiveRate: 0.05, meanPrediction: 0.05, ...over });

describe('refresh comparison', () => {
  it('scores each model calendar only, with the log’s incidents from before each slot’s clock hour, and with the last three hours of them only', () => {
    const seen: { trip: Trip; recent?: RecentIncidents }[] = [];
    const scores = scoreOnWindow(events(), { from: '2026-03-01', to: '2026-04-30' }, [recordingPredictor(false, []), recordingPredictor(true, seen)]);
    assert.deepEqual(scores.window, { from: '2026-03-01', to: '2026-04-30' });
    // Both ways of the 504 (the slots hold a route's every direction), every hour of 61 days but
    // 2:00 on 8 March, which the clocks skip.
    assert.equal(scores.slots, 2 * (61 * 24 - 1));
    assert.equal(scores.positives, 61 * 2);
    const [calendarModel, recentModel] = scores.metrics;
    assert.deepEqual(calendarModel.recent, calendarModel.calendar, 'a model without recent inputs answers every path alike');
    assert.deepEqual(calendarModel.lastHours, calendarModel.calendar);
    assert.ok(recentModel.recent.rocAuc > recentModel.calendar.rocAuc + 0.1, `the 09:00 slot follows the 08:10 delay: ${recentModel.recent.rocAuc} vs ${recentModel.calendar.rocAuc}`);
    assert.ok(recentModel.lastHours.rocAuc > recentModel.calendar.rocAuc + 0.1);

    // The recent path always knows "earlier today" (the log covers whole days); the live state never does.
    const key = (t: Trip): string => `${t.direction} ${t.time.toISOString()}`;
    const recentPath = new Map(seen.filter((s) => s.recent?.earlierToday).map((s) => [key(s.trip), s.recent!]));
    const lastHoursPath = seen.filter((s) => s.recent && !s.recent.earlierToday);
    assert.equal(recentPath.size, scores.slots, 'every slot of the recent path got its windows');
    assert.equal(lastHoursPath.length, scores.slots);
    for (const [at, recent] of recentPath) {
      const { year, month, day, hour } = torontoParts(new Date(at.slice(2)));
      const date = isoDateOf(dayNumberOf(year, month, day));
      const side = at.startsWith('e') ? 'same' : 'other';
      // No look-ahead: the 08:10 delay is in the last hour of the 09:00 slot, never of 08:00.
      if (date === '2026-03-01' && hour === 0) assert.equal(recent.lastHour, undefined, 'before the log began: unknown');
      else assert.equal(recent.lastHour![side], hour === 9 || hour === 10 ? 1 : 0, at);
      assert.equal(recent.earlierToday![side], hour <= 8 ? 0 : hour === 9 ? 1 : 2);
      // Windows that reach back before the log's first day are unknown, not "none happened".
      assert.equal(recent.dayBefore?.[side], date === '2026-03-01' ? undefined : 2, `${at} day before`);
      assert.equal(recent.last7Days?.[side], date < '2026-03-08' ? undefined : 14, `${at} last seven days`);
    }
    for (const { trip, recent } of lastHoursPath) {
      assert.deepEqual(Object.keys(recent!).filter((k) => k !== 'lastHour' && k !== 'last3Hours'), [], 'only the last hours known');
      assert.deepEqual(recent!.lastHour, recentPath.get(key(trip))!.lastHour);
      assert.deepEqual(recent!.last3Hours, recentPath.get(key(trip))!.last3Hours);
    }
  });

  it('calls the candidate worse when it is worse on either path, within the ranking tolerance not', () => {
    const shipped: PathMetrics = { calendar: metrics(), recent: metrics({ rocAuc: 0.75 }), lastHours: metrics({ rocAuc: 0.72 }) };
    const level = { calendar: metrics(), recent: metrics({ rocAuc: 0.75 }), lastHours: metrics({ rocAuc: 0.72 }) };
    assert.deepEqual(worseOn(level, shipped), []);
    assert.deepEqual(worseOn({ ...level, recent: metrics({ rocAuc: 0.75 - RANK_TOLERANCE / 2 }) }, shipped), []);
    assert.deepEqual(worseOn({ ...level, recent: metrics({ rocAuc: 0.75, brier: 0.0401 }) }, shipped), ['Brier (with recent incidents)']);
    assert.deepEqual(worseOn({ ...level, lastHours: metrics({ rocAuc: 0.72, logLoss: 0.151 }) }, shipped), ['log loss (last three hours only)']);
    assert.deepEqual(worseOn({ ...level, calendar: metrics({ logLoss: 0.16, averagePrecision: 0.07 }), recent: metrics({ rocAuc: 0.74 }) }, shipped), [
      'log loss (calendar only)',
      'average precision (calendar only)',
      'ROC AUC (with recent incidents)',
    ]);
  });
});
