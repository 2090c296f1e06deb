import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { scoreCsvFile } from '../../src/model/batch-score';
import { loadPredictor } from '../../src/model/load-predictor';
import { tempDir } from '../helpers/workbooks';

test('the scorer scores good rows, explains bad ones, and keeps every row in order', async () => {
  const predictor = await loadPredictor({ modelDir: 'models/v1', pipelineDir: 'pipelines/v1' });
  const dir = tempDir('score-');
  const input = join(dir, 'trips.csv');
  const output = join(dir, 'scored.csv');
  writeFileSync(
    input,
    [
      'trip_id,route,direction,time',
      'a,504,e,2026-11-25T08:00',
      'b,510,e,2026-11-25T08:00',
      'c,999,e,2026-11-25T08:00',
      'd,504,w,2026-02-30T08:00',
      'e,504,x,2026-11-25T08:00',
      'f,,,',
      'g,510,n,2026-11-25T08:00:00-05:00',
      'h,514,e,2026-11-25T08:00',
    ].join('\n'),
  );
  const summary = await scoreCsvFile(input, output, predictor);
  assert.deepEqual({ rows: summary.rows, scored: summary.scored, failed: summary.failed }, { rows: 8, scored: 2, failed: 6 });
  const rows = parse(readFileSync(output), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => r.trip_id), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  const expected = predictor.predict({ route: 504, direction: 'e', time: new Date('2026-11-25T13:00:00Z') });
  assert.equal(Number(rows[0].probability), Number(expected.probability.toFixed(6)));
  assert.equal(rows[0].delayed, String(expected.delayed));
  assert.equal(rows[0].error, '');
  assert.match(rows[1].error, /direction: the 510 Spadina runs northbound and southbound, not eastbound/);
  assert.match(rows[2].error, /route: 999 is not a Toronto streetcar route/);
  assert.match(rows[3].error, /^time: /);
  assert.match(rows[4].error, /direction must be one of e, w, n, s/);
  assert.match(rows[5].error, /^time: /);
  assert.equal(rows[6].error, '');
  assert.match(rows[7].error, /514 Cherry no longer runs/);
  assert.equal(rows[2].probability, '');
});

test('an input without the required columns is refused with the columns it has', async () => {
  const predictor = await loadPredictor({ modelDir: 'models/v1', pipelineDir: 'pipelines/v1' });
  const dir = tempDir('score-');
  writeFileSync(join(dir, 'in.csv'), 'line,bound\n504,e\n');
  await assert.rejects(scoreCsvFile(join(dir, 'in.csv'), join(dir, 'out.csv'), predictor), /no "route" column \(columns: line, bound\)/);
});
