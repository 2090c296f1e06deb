import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestFolder } from '../../src/pipeline/ingest';
import { ROUTES } from '../../src/pipeline/routes';

const DATA = resolve(__dirname, '../../../shared/data/ttc-streetcar-delay');
const present = existsSync(DATA);

// CI always has ../shared; a developer without it skips this one test, CI never does.
test('the real 2014–2024 logs: row counts and the cleaning report', { skip: !present && process.env.CI !== 'true' ? 'no ../shared data here' : false }, async () => {
  const { events, report } = await ingestFolder(DATA);
  const r = report.toJSON();
  assert.equal(r.files.length, 11);
  assert.equal(r.totals.read, 147_225); // the data README's cross-check
  assert.equal(r.totals.kept, events.length);
  assert.equal(r.totals.kept, 134_728);
  assert.deepEqual(r.totals.dropped, {
    'delay minutes missing': 72,
    'direction missing': 10_382,
    'direction unreadable': 110,
    'route missing': 528,
    'route not a streetcar route': 1_405,
  });
  assert.equal(r.years['2024'].read, 14_206);
  // Both-ways rows: the README counts about 5,400.
  const both = events.filter((e) => e.direction === 'b').length;
  assert.ok(both > 5_000 && both < 6_000, `both-ways rows: ${both}`);
  assert.ok(events.every((e) => e.hour >= 0 && e.hour < 24 && /^20(1[4-9]|2[0-4])-\d\d-\d\d$/.test(e.date)));

  // The route table was written by hand; the data must agree: on every route with enough events,
  // the two directions the table gives are the two the log names most often.
  for (const info of ROUTES) {
    const counts = new Map<string, number>();
    for (const e of events) if (e.route === info.route && e.direction !== 'b') counts.set(e.direction, (counts.get(e.direction) ?? 0) + 1);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total < 50) continue;
    const top2 = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([d]) => d).sort();
    assert.deepEqual(top2, [...info.directions].sort(), `route ${info.route}: ${JSON.stringify(Object.fromEntries(counts))}`);
  }
});
