import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestFolder } from '../../src/pipeline/ingest';
import { parseDirection, parseRoute, parseClock } from '../../src/pipeline/clean';
import { tempDir, writeCsvSchema, writeMiddleSchemaWorkbook, writeNewSchemaWorkbook, writeOldSchemaWorkbook } from '../helpers/workbooks';

test('reads every schema and cleans messy values, with a report of what was dropped and why', async () => {
  const dir = tempDir();
  await writeOldSchemaWorkbook(join(dir, 'ttc-streetcar-delay-data-2014.xlsx'));
  await writeMiddleSchemaWorkbook(join(dir, 'ttc-streetcar-delay-data-2019.xlsx'));
  await writeNewSchemaWorkbook(join(dir, 'ttc-streetcar-delay-data-2022.xlsx'));
  writeCsvSchema(join(dir, 'ttc-streetcar-delay-data-since-2025.csv'));

  const { events, report } = await ingestFolder(dir);
  const summary = events.map((e) => `${e.route}${e.direction} ${e.date} ${String(e.hour).padStart(2, '0')}:${String(e.minute).padStart(2, '0')} ${e.minDelay}`);
  assert.deepEqual(summary, [
    '504e 2014-01-02 08:15 10',
    '501w 2014-01-02 17:05 5',
    '510b 2014-01-03 09:00 7',
    '512e 2019-04-01 04:26 10',
    '504e 2019-04-01 23:59 0',
    '504w 2022-06-15 08:30 12',
    '301b 2022-06-15 03:10 12',
    '504e 2025-01-06 07:45 9',
    '511s 2025-01-06 16:20 0',
  ]);
  const t = report.toJSON();
  assert.equal(t.totals.read, 17);
  assert.equal(t.totals.kept, 9);
  assert.deepEqual(t.years['2014'].dropped, {
    'route not a streetcar route': 1,
    'route missing': 1,
    'direction missing': 1,
    'direction unreadable': 1,
    'delay minutes missing': 1,
  });
  assert.deepEqual(t.years['2022'].dropped, { 'time unreadable': 1 });
  assert.deepEqual(t.years['2025'].dropped, { 'route not a streetcar route': 1, 'date unreadable': 1 });
  assert.match(report.format(), /all\s+17\s+9/);
});

test('an empty folder is a clear error, not an empty model', async () => {
  await assert.rejects(ingestFolder(tempDir()), /No \.xlsx or \.csv delay logs found/);
});

test('route, direction and clock cells in their many spellings', () => {
  assert.equal(parseRoute('504 KING'), 504);
  assert.equal(parseRoute('504A'), 504);
  assert.equal(parseRoute(' 301 '), 301);
  assert.equal(parseRoute('OTC'), null);
  for (const s of ['E/B', 'EB', 'eb', 'E', 'East', 'eastbound']) assert.equal(parseDirection(s), 'e', s);
  for (const s of ['B/W', 'BW', 'B', 'both ways']) assert.equal(parseDirection(s), 'b', s);
  assert.equal(parseDirection(''), null);
  assert.equal(parseDirection(null), null);
  assert.equal(parseDirection('Q'), 'junk');
  assert.deepEqual(parseClock(0.5), { h: 12, min: 0 });
  assert.deepEqual(parseClock('7:05'), { h: 7, min: 5 });
  assert.equal(parseClock('24:00'), null);
});
