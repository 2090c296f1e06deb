// The portal client against a local CKAN stand-in: the resource found by name, downloaded whole
// with progress, and every way it can go wrong refused with one line, nothing replaced.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { checkDelayCsv } from '../../src/pipeline/log-check';
import { download, findResource, RefreshError, type DownloadOptions } from '../../src/refresh/portal';
import { startCkan, since2025Resource, type CkanStandIn } from '../helpers/ckan';
import { logRows, rushHourPattern, since2025Csv } from '../helpers/delay-logs';
import { tempDir } from '../helpers/workbooks';

let ckan: CkanStandIn;
before(async () => {
  ckan = await startCkan();
});
after(() => ckan.close());

const csv = since2025Csv(logRows('2025-01-01', '2026-03-31', rushHourPattern()), 'portal');
const portal = () => ({ portalUrl: ckan.url, packageId: 'ttc-streetcar-delay-data', resourceName: 'TTC Streetcar Delay Data since 2025', timeoutMs: 2000 });
const limits = (extra: Partial<DownloadOptions> = {}): DownloadOptions => ({ maxBytes: 5_000_000, timeoutMs: 1000, totalTimeoutMs: 10_000, ...extra });

function oneLine(err: unknown, pattern: RegExp): true {
  assert.ok(err instanceof RefreshError, `a RefreshError, got ${String(err)}`);
  assert.match(err.message, pattern);
  assert.doesNotMatch(err.message, /\n|at .*\.ts:\d+/, 'one line, no stack');
  return true;
}

/** A folder with last month's copy in it, to check a failed download leaves it alone. */
function previousCopy(): { dir: string; file: string } {
  const dir = tempDir('refresh-dl-');
  const file = join(dir, 'ttc-streetcar-delay-data-since-2025.csv');
  writeFileSync(file, 'last month\n');
  return { dir, file };
}

function untouched(copy: { dir: string; file: string }): void {
  assert.equal(readFileSync(copy.file, 'utf8'), 'last month\n', 'the previous copy is as it was');
  assert.deepEqual(readdirSync(copy.dir), ['ttc-streetcar-delay-data-since-2025.csv'], 'no temp file left behind');
}

test('package_show finds the CSV resource by name; a DataStore resource comes from /datastore/dump/<id>, another from its url', async () => {
  ckan.resources = [
    since2025Resource({ format: 'XML', id: 'xml-copy' }),
    since2025Resource(),
    { ...since2025Resource({ name: 'ttc-streetcar-delay-data-2024', id: 'y2024', datastore_active: false }), format: 'XLSX' },
  ];
  const found = await findResource(portal());
  assert.equal(found.resource.id, since2025Resource().id);
  assert.equal(found.resource.format, 'CSV');
  assert.equal(found.resource.last_modified, '2026-11-03T14:05:12.345678');
  assert.equal(found.downloadUrl, `${ckan.url}/datastore/dump/${since2025Resource().id}`);
  ckan.resources = [since2025Resource({ datastore_active: false, name: '  ttc streetcar delay data SINCE 2025 ' })];
  const plain = await findResource(portal());
  assert.equal(plain.downloadUrl, `${ckan.url}${since2025Resource().url}`);
});

test('a whole download lands under its name with progress by bytes, once the check has passed', async () => {
  const copy = previousCopy();
  for (const contentLength of [true, false]) {
    ckan.files.set('/ok.csv', { kind: 'ok', body: csv, contentLength });
    const progress: [number, number | undefined][] = [];
    let checked = '';
    const got = await download(`${ckan.url}/ok.csv`, copy.file, limits({
      onProgress: (bytes, total) => progress.push([bytes, total]),
      accept: async (temp) => {
        checked = (await checkDelayCsv(temp, { name: 'ttc-streetcar-delay-data-since-2025.csv' })).lastDate;
      },
    }));
    assert.equal(readFileSync(copy.file, 'utf8'), csv);
    assert.equal(got.bytes, Buffer.byteLength(csv));
    assert.equal(got.sha256, createHash('sha256').update(csv).digest('hex'));
    assert.equal(checked, '2026-03-31');
    assert.equal(progress.at(-1)?.[0], Buffer.byteLength(csv));
    assert.equal(progress.at(-1)?.[1], contentLength ? Buffer.byteLength(csv) : undefined, 'the total when the server says it');
    assert.deepEqual(readdirSync(copy.dir), ['ttc-streetcar-delay-data-since-2025.csv']);
    writeFileSync(copy.file, 'last month\n');
  }
});

test('a truncated download (Content-Length not reached, or the connection reset) replaces nothing', async () => {
  const copy = previousCopy();
  ckan.files.set('/cut.csv', { kind: 'truncated', body: csv, sendBytes: 4000 });
  await assert.rejects(download(`${ckan.url}/cut.csv`, copy.file, limits()), (err) => oneLine(err, /broke off before the end|ended after 4000 of \d+ bytes/));
  untouched(copy);
  ckan.files.set('/reset.csv', { kind: 'aborted', body: csv, sendBytes: 4000 });
  await assert.rejects(download(`${ckan.url}/reset.csv`, copy.file, limits()), (err) => oneLine(err, /broke off before the end .*incomplete/));
  untouched(copy);
});

test('a file that fails the check, is too large, stalls or takes too long replaces nothing', async () => {
  const copy = previousCopy();
  const whole = Buffer.from(csv);
  // Whole over HTTP, but cut inside the last row: the check refuses it before the rename.
  ckan.files.set('/short.csv', { kind: 'ok', body: whole.subarray(0, whole.length - 25) });
  await assert.rejects(
    download(`${ckan.url}/short.csv`, copy.file, limits({ accept: async (temp) => void (await checkDelayCsv(temp, { name: 'x-2025.csv' })) })),
    /ends with a row of \d+ of 11 columns .*cut short/,
  );
  untouched(copy);
  ckan.files.set('/big.csv', { kind: 'ok', body: csv });
  await assert.rejects(download(`${ckan.url}/big.csv`, copy.file, limits({ maxBytes: 10_000 })), (err) => oneLine(err, /is \d+ kB, more than the 10 kB allowed \(refresh\.maxMegabytes\)/));
  ckan.files.set('/big-chunked.csv', { kind: 'ok', body: csv, contentLength: false });
  await assert.rejects(download(`${ckan.url}/big-chunked.csv`, copy.file, limits({ maxBytes: 10_000 })), (err) => oneLine(err, /larger than the 10 kB allowed/));
  untouched(copy);
  ckan.files.set('/stall.csv', { kind: 'stall', body: csv, sendBytes: 2000 });
  await assert.rejects(download(`${ckan.url}/stall.csv`, copy.file, limits({ timeoutMs: 300 })), (err) => oneLine(err, /stopped: nothing arrived for 300 ms/));
  await assert.rejects(download(`${ckan.url}/stall.csv`, copy.file, limits({ timeoutMs: 5000, totalTimeoutMs: 300 })), (err) => oneLine(err, /took longer than 300 ms/));
  untouched(copy);
});

test('a resource that has vanished: gone from package_show, its file 404, or the package itself gone', async () => {
  ckan.resources = [{ ...since2025Resource({ name: 'TTC Streetcar Delay Data 2024', id: 'y2024' }), format: 'XLSX' }];
  await assert.rejects(findResource(portal()), (err) =>
    oneLine(err, /the package "ttc-streetcar-delay-data" on the open-data portal at http:\/\/127\.0\.0\.1:\d+ has no CSV resource named "TTC Streetcar Delay Data since 2025" any more \(it lists "TTC Streetcar Delay Data 2024" XLSX\)/),
  );
  ckan.resources = [];
  await assert.rejects(findResource(portal()), (err) => oneLine(err, /any more \(it lists no resources\)/));
  const copy = previousCopy();
  await assert.rejects(download(`${ckan.url}/datastore/dump/gone`, copy.file, limits()), (err) => oneLine(err, /the log's file has gone from the portal \(HTTP 404 at http:\/\/127\.0\.0\.1:\d+\/datastore\/dump\/gone\)/));
  ckan.files.set('/busy.csv', { kind: 'status', status: 503 });
  await assert.rejects(download(`${ckan.url}/busy.csv`, copy.file, limits()), (err) => oneLine(err, /answered HTTP 503/));
  untouched(copy);
  await assert.rejects(findResource({ ...portal(), packageId: 'ttc-subway-delay-data-typo' }), (err) =>
    oneLine(err, /has no package "ttc-subway-delay-data-typo" \(Not found\)/),
  );
});

test('a portal that is down, answers garbage or is silent fails soft with one line', async () => {
  ckan.packageShow = { status: 502, body: '<html>Bad gateway</html>' };
  await assert.rejects(findResource(portal()), (err) => oneLine(err, /did not answer package_show with CKAN's JSON \(HTTP 502\)/));
  ckan.packageShow = { status: 200, body: '[1, 2, 3]' };
  await assert.rejects(findResource(portal()), (err) => oneLine(err, /has no package "ttc-streetcar-delay-data" \(HTTP 200\)/));
  ckan.packageShow = undefined;
  // Nothing listening: connection refused.
  const closed = createServer();
  await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', () => ok()));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((ok) => closed.close(() => ok()));
  await assert.rejects(findResource({ ...portal(), portalUrl: `http://127.0.0.1:${port}` }), (err) => oneLine(err, /^cannot reach the open-data portal at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/));
  // Accepts the connection and never answers.
  const held = new Set<import('node:net').Socket>();
  const silent = createServer((socket) => void held.add(socket));
  await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', () => ok()));
  try {
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    await assert.rejects(findResource({ ...portal(), portalUrl: url, timeoutMs: 300 }), (err) => oneLine(err, /did not answer within 300 ms/));
  } finally {
    for (const socket of held) socket.destroy();
    await new Promise<void>((ok) => silent.close(() => ok()));
  }
});
