// The refresh's comparison on its own: both answer paths are scored, the recent one with the log's
// incidents before each slot's clock hour only, and "worse" on either path keeps the shipped model.
// test/refresh/refresh.test.ts runs the same comparison end to end with trained models.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Metrics } from '../../src/model/metrics';
import type { DelayPredictor } from '../../src/model/types';
import { dayNumber, isoDateOf } from '../../src/pipeline/calendar';
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
  it('scores each model calendar only and with the log’s incidents from before each slot’s clock hour', () => {
    const seen: { trip: Trip; recent?: RecentIncidents }[] = [];
    const scores = scoreOnWindow(events(), { from: '2026-04-01', to: '2026-04-30' }, [recordingPredictor(false, []), recordingPredictor(true, seen)]);
    assert.equal(scores.window.from, '2026-04-01');
    // Both ways of the 504 (the slots hold a route's every direction), every hour of April.
    assert.equal(scores.slots, 2 * 30 * 24);
    assert.equal(scores.positives, 30 * 2);
    const [calendarModel, recentModel] = scores.metrics;
    assert.deepEqual(calendarModel.recent, calendarModel.calendar, 'a model without recent inputs answers both paths alike');
    assert.ok(recentModel.recent.rocAuc > recentModel.calendar.rocAuc + 0.1, `the 09:00 slot follows the 08:10 delay: ${recentModel.recent.rocAuc} vs ${recentModel.calendar.rocAuc}`);

    const withRecent = seen.filter((s) => s.recent);
    assert.equal(withRecent.length, scores.slots, 'every slot of the recent path got its windows');
    for (const { trip, recent } of withRecent) {
      const hour = torontoParts(trip.time).hour;
      const side = trip.direction === 'e' ? 'same' : 'other';
      // No look-ahead: the 08:10 delay is in the last hour of the 09:00 slot, never of 08:00.
      assert.equal(recent!.lastHour![side], hour === 9 || hour === 10 ? 1 : 0, `${trip.direction} ${trip.time.toISOString()}`);
      assert.equal(recent!.earlierToday![side], hour <= 8 ? 0 : hour === 9 ? 1 : 2);
      assert.equal(recent!.dayBefore![side], 2);
    }
  });

  it('calls the candidate worse when it is worse on either path, within the ranking tolerance not', () => {
    const shipped: PathMetrics = { calendar: metrics(), recent: metrics({ rocAuc: 0.75 }) };
    assert.deepEqual(worseOn({ calendar: metrics(), recent: metrics({ rocAuc: 0.75 - RANK_TOLERANCE / 2 }) }, shipped), []);
    assert.deepEqual(worseOn({ calendar: metrics(), recent: metrics({ rocAuc: 0.75, brier: 0.0401 }) }, shipped), ['Brier (with recent incidents)']);
    assert.deepEqual(worseOn({ calendar: metrics({ logLoss: 0.16, averagePrecision: 0.07 }), recent: metrics({ rocAuc: 0.74 }) }, shipped), [
      'log loss (calendar only)',
      'average precision (calendar only)',
      'ROC AUC (with recent incidents)',
    ]);
  });
});
