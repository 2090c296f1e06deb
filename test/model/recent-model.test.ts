import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitModel } from '../../src/model/fit';
import { loadPredictor } from '../../src/model/load-predictor';
import { thresholdFor } from '../../src/model/types';
import { dayNumber, isoDateOf, weekdayOf } from '../../src/pipeline/calendar';
import type { DelayEvent } from '../../src/pipeline/clean';
import { IncidentLog, incidentsFromEvents, type RecentIncidents } from '../../src/pipeline/recent';
import { buildSlots } from '../../src/pipeline/slots';
import { fromTorontoWallClock } from '../../src/pipeline/toronto-time';
import type { Trip } from '../../src/pipeline/types';
import { saveFitted } from '../helpers/tiny-model';
import { tempDir } from '../helpers/workbooks';

/**
 * Made-up days where recent incidents are the whole story: on every third day the 504 eastbound
 * is delayed from 07:00 to 10:59, on the others never. By the calendar alone 09:00 is a one-in-
 * three hour; knowing about 08:00 makes it certain either way.
 */
async function trainRecentModel(): Promise<{ modelDir: string; pipelineDir: string; log: IncidentLog }> {
  const events: DelayEvent[] = [];
  const start = dayNumber('2024-01-01');
  for (let d = 0; d < 150; d++) {
    const date = isoDateOf(start + d);
    if (d % 3 === 0) for (const hour of [7, 8, 9, 10]) events.push({ route: 504, direction: 'e', date, hour, minute: 15, minDelay: 6, incident: 'test' });
    if (d % 11 === 0) events.push({ route: 504, direction: 'w', date, hour: 15, minute: 0, minDelay: 5, incident: 'test' });
  }
  const slots = buildSlots(events, [{ route: 504, direction: 'e' }, { route: 504, direction: 'w' }]);
  const since = fromTorontoWallClock(2024, 1, 1);
  assert.ok(since.ok);
  const log = new IncidentLog(incidentsFromEvents(events), { since: since.instant });
  const fitted = await fitModel(
    slots,
    {
      groups: ['bias', 'routeDirection', 'hour', 'routeDirectionByRecentKnown', 'hourByRecentKnown', 'recentLastHourSame', 'recentPrev2HoursSame', 'recentEarlierTodaySame', 'recentDayBeforeSame'],
      halfLifeDays: 365, l2: 1e-5, epochs: 200, learningRate: 0.1, unknownWeight: 0.5,
    },
    { fromDay: slots.firstDay, toDay: slots.firstDay + slots.days - 1 },
    { log },
  );
  const { modelDir, pipelineDir } = await saveFitted(fitted, tempDir('recent-model-'), { trainedFrom: '2024-01-01', trainedTo: '2024-05-29', threshold: 0.5 }, 'v2');
  return { modelDir, pipelineDir, log };
}

const toronto = (y: number, m: number, d: number, h: number, min = 0): Date => {
  const t = fromTorontoWallClock(y, m, d, h, min);
  if (!t.ok) throw new Error(t.problem);
  return t.instant;
};

test('recent incidents move the prediction; without them it is the calendar-only one, unchanged in shape', async () => {
  const { log, ...paths } = await trainRecentModel();
  const predictor = await loadPredictor(paths); // also checks the recent path against model.predict
  assert.equal(predictor.info.recentIncidents, true);
  assert.equal(predictor.info.hourProfile, 'network');
  // 2024-06-04 (a day the data never saw) at 09:30.
  const trip: Trip = { route: 504, direction: 'e', time: toronto(2024, 6, 4, 9, 30) };
  const bad: RecentIncidents = { lastHour: { same: 1, other: 0 }, last3Hours: { same: 2, other: 0 }, earlierToday: { same: 2, other: 0 }, dayBefore: { same: 0, other: 0 } };
  const quiet: RecentIncidents = { lastHour: { same: 0, other: 0 }, last3Hours: { same: 0, other: 0 }, earlierToday: { same: 0, other: 0 }, dayBefore: { same: 4, other: 0 } };
  const calendar = predictor.predict(trip);
  const afterBad = predictor.predict(trip, bad);
  const afterQuiet = predictor.predict(trip, quiet);
  assert.ok(afterBad.probability > 0.8, `after a delayed 08:00: ${afterBad.probability}`);
  assert.ok(afterQuiet.probability < 0.1, `after a quiet morning: ${afterQuiet.probability}`);
  assert.ok(calendar.probability > 0.15 && calendar.probability < 0.5, `calendar only: ${calendar.probability}`);
  assert.deepEqual(Object.keys(calendar).sort(), ['delayed', 'direction', 'probability', 'route', 'routeName', 'time', 'usualProbability']);
  assert.deepEqual(afterBad.recentIncidents, bad);
  assert.equal(afterBad.usualProbability, calendar.usualProbability);
  // Batch: one entry per trip, undefined = calendar-only.
  const other: Trip = { route: 504, direction: 'w', time: toronto(2024, 6, 4, 15, 10) };
  assert.deepEqual(predictor.predictBatch([trip, other, trip], [bad, undefined]), [afterBad, predictor.predict(other), calendar]);
  assert.deepEqual(predictor.predictBatch([trip, other]), [calendar, predictor.predict(other)]);
  // Counted from the log the model was trained on: a bad day and a quiet day at 09:00.
  const onBadDay = predictor.predict({ route: 504, direction: 'e', time: toronto(2024, 1, 4, 9, 5) }, log.recentFor({ route: 504, direction: 'e', time: toronto(2024, 1, 4, 9, 5) }));
  const onQuietDay = predictor.predict({ route: 504, direction: 'e', time: toronto(2024, 1, 5, 9, 5) }, log.recentFor({ route: 504, direction: 'e', time: toronto(2024, 1, 5, 9, 5) }));
  assert.ok(onBadDay.probability > 0.8 && onQuietDay.probability < 0.1, `${onBadDay.probability} ${onQuietDay.probability}`);
  assert.equal(weekdayOf(dayNumber('2024-06-04')), 1);
});

test('the shipped v2 model reads recent incidents; v1 still loads and ignores them', async () => {
  const trip: Trip = { route: 504, direction: 'e', time: new Date('2026-11-25T13:00:00Z') };
  const recent: RecentIncidents = { lastHour: { same: 2, other: 1 }, last3Hours: { same: 3, other: 1 }, earlierToday: { same: 5, other: 3 }, dayBefore: { same: 6, other: 6 }, last7Days: { same: 30, other: 25 } };
  const v2 = await loadPredictor({ modelDir: 'models/v2', pipelineDir: 'pipelines/v2' });
  assert.equal(v2.info.recentIncidents, true);
  assert.equal(v2.info.hourProfile, 'route');
  const p = v2.predict(trip);
  const busy = v2.predict(trip, recent);
  assert.equal(p.time, '2026-11-25T08:00:00-05:00');
  assert.ok(p.probability > 0.005 && p.probability < 0.5);
  assert.ok(busy.probability > p.probability, `a busy morning should raise the risk: ${busy.probability} vs ${p.probability}`);
  // Two paths, two cuts (models/v2/metadata.json): each prediction is judged by its own path's.
  const { threshold, recentThreshold } = v2.info;
  assert.ok(recentThreshold !== undefined && recentThreshold > 0 && recentThreshold < 1);
  assert.equal(p.delayed, p.probability >= threshold);
  assert.equal(busy.delayed, busy.probability >= recentThreshold);
  assert.equal(thresholdFor(v2.info, p), threshold);
  assert.equal(thresholdFor(v2.info, busy), recentThreshold);
  // The config's number overrides both.
  const fixed = await loadPredictor({ modelDir: 'models/v2', pipelineDir: 'pipelines/v2' }, { threshold: 0.3 });
  assert.deepEqual([fixed.info.threshold, fixed.info.recentThreshold], [0.3, 0.3]);
  assert.equal(v2.hourlyRisk(504, 'e', new Date('2026-11-25T17:00:00Z'))[8].probability, p.probability);
  // Route-specific hour profiles: two day routes' charts differ in shape, not only in level.
  const shape = (route: number): number[] => {
    const h = v2.hourlyRisk(route, 'e', new Date('2026-11-25T17:00:00Z')).map((x) => Math.log(x.probability / (1 - x.probability)));
    return h.map((z) => z - h[12]);
  };
  const a = shape(504);
  const b = shape(501);
  assert.ok(a.some((z, i) => Math.abs(z - b[i]) > 0.05));

  const v1 = await loadPredictor({ modelDir: 'models/v1', pipelineDir: 'pipelines/v1' });
  assert.equal(v1.info.recentIncidents, false);
  assert.equal(v1.info.hourProfile, 'network');
  assert.deepEqual(v1.predict(trip, recent), v1.predict(trip));
  assert.equal(v1.info.recentThreshold, undefined, 'v1 has one threshold for everything');
});
