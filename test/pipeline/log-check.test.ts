import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDate } from '../../src/pipeline/clean';
import { ingestFolder } from '../../src/pipeline/ingest';
import { checkDelayCsv, LogCheckError } from '../../src/pipeline/log-check';
import { logRows, rushHourPattern, since2025Csv, writeSince2025Csv } from '../helpers/delay-logs';
import { tempDir } from '../helpers/workbooks';

const rows = logRows('2025-11-01', '2026-02-28', rushHourPattern());

test('dates as YYYY-MM-DD, YYYYMMDD (the portal from 2026) and with a time after them all read', () => {
  assert.deepEqual(parseDate('2026-01-15'), { y: 2026, m: 1, d: 15 });
  assert.deepEqual(parseDate('2025-01-15T00:00:00'), { y: 2025, m: 1, d: 15 });
  assert.deepEqual(parseDate('20260115'), { y: 2026, m: 1, d: 15 });
  assert.deepEqual(parseDate(' 20261231 '), { y: 2026, m: 12, d: 31 });
  assert.equal(parseDate('20260230'), null, 'February 30 is no date in either style');
  assert.equal(parseDate('2026011'), null);
  assert.equal(parseDate('202601150'), null);
});

test('the portal CSV in either date style, or both in one file, passes the check and ingests to the same events', async () => {
  const results = [];
  for (const style of ['iso', 'compact', 'portal'] as const) {
    const dir = tempDir('log-check-');
    const file = join(dir, 'ttc-streetcar-delay-data-since-2025.csv');
    writeSince2025Csv(file, rows, style);
    const check = await checkDelayCsv(file);
    assert.equal(check.rows, rows.length, style);
    assert.equal(check.kept, rows.length, style);
    assert.equal(check.firstDate, '2025-11-01');
    assert.equal(check.lastDate, '2026-02-28');
    const in2025 = rows.filter((r) => r.date < '2026-01-01').length;
    const expected = { iso: [rows.length, 0], compact: [0, rows.length], portal: [in2025, rows.length - in2025] }[style];
    assert.deepEqual([check.dateStyles['YYYY-MM-DD'], check.dateStyles.YYYYMMDD], expected, style);
    assert.equal(check.dateStyles.other, 0);
    const { events } = await ingestFolder(dir);
    results.push(events);
  }
  assert.deepEqual(results[1], results[0], 'YYYYMMDD reads as the same events');
  assert.deepEqual(results[2], results[0], 'a file with both styles too');
});

async function refused(content: string, message: RegExp): Promise<void> {
  const file = join(tempDir('log-check-'), 'log.csv');
  writeFileSync(file, content);
  await assert.rejects(checkDelayCsv(file, { name: 'ttc-streetcar-delay-data-since-2025.csv' }), (err: unknown) => {
    assert.ok(err instanceof LogCheckError, String(err));
    assert.match(err.message, message);
    assert.match(err.message, /^ttc-streetcar-delay-data-since-2025\.csv /, 'names the file');
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return true;
  });
}

test('a file cut short, a missing column, an unknown date style, HTML or nothing is refused with the reason', async () => {
  const whole = since2025Csv(rows);
  // Cut in the middle of the last row, as a broken download would leave it.
  await refused(whole.slice(0, whole.lastIndexOf(',', whole.length - 30)), /ends with a row of \d+ of 11 columns .*cut short/);
  await refused(whole.replace('Min Delay,', 'Minutes,'), /has no Min Delay column \(its columns: _id, Date, Line, Time, Day, Station, Code, Minutes/);
  await refused(whole.replace(',Bound,', ',Heading,').replace('_id,Date', '_id,When'), /has no Date, no Bound \(or Direction\) column/);
  // The portal moving Date to a style the pipeline does not read (DD/MM/YYYY).
  const european = whole.replace(/,(\d{4})-(\d{2})-(\d{2}),/g, (_m, y, mo, d) => `,${d}.${mo}.${y},`);
  await refused(european, /rows with a date or time the pipeline cannot read \(such as Date "01\.11\.2025"\).*YYYY-MM-DD or YYYYMMDD/);
  await refused('<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n', /is a web page, not a CSV file/);
  await refused('', /is empty/);
  await refused('_id,Date,Line,Time,Day,Station,Code,Min Delay,Min Gap,Bound,Vehicle\n', /has a header but no rows/);
  await refused('_id,Date,Line,Time,Day,Station,Code,Min Delay,Min Gap,Bound,Vehicle\n1,2026-01-05,996 BUS,08:00,Monday,X,Y,5,10,E,1\n', /has no row the model can use/);
  await refused('_id,Date,Line,Time,Day,Station,Code,Min Delay,Min Gap,Bound,Vehicle\n1,2026-01-05,"504 KING,08:00\n', /is not a CSV file the pipeline can read/);
});

test('a few odd rows (a bus route, a missing bound) are counted, not refused', async () => {
  const file = join(tempDir('log-check-'), 'ttc-streetcar-delay-data-since-2025.csv');
  const csv = since2025Csv(rows);
  const extra = ['9001,2026-02-27,996 BUS,08:00,Friday,X,Y,5,10,E,1', '9002,2026-02-27,504 KING,09:00,Friday,X,Y,5,10,,1'];
  writeFileSync(file, `${csv}${extra.join('\n')}\n`);
  const check = await checkDelayCsv(file);
  assert.equal(check.rows, rows.length + 2);
  assert.equal(check.kept, rows.length);
  assert.deepEqual(check.dropped, { 'route not a streetcar route': 1, 'direction missing': 1 });
  assert.equal(readFileSync(file, 'utf8').length > 0, true);
});
