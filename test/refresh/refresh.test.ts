// npm run refresh end to end against a local CKAN stand-in, with small made-up logs and few
// training epochs: a better candidate is written as the next version, a worse one is not, the same
// log twice is nothing to do, and a portal that fails leaves everything as it was.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { fitModel } from '../../src/model/fit';
import { HYPERPARAMETERS } from '../../src/model/hyperparameters';
import { loadNewestVersion } from '../../src/model/load-predictor';
import type { ModelMetadata } from '../../src/model/metadata';
import type { DelayEvent } from '../../src/pipeline/clean';
import { isoDateOf } from '../../src/pipeline/calendar';
import { IncidentLog, incidentsFromEvents } from '../../src/pipeline/recent';
import { buildSlots } from '../../src/pipeline/slots';
import { RefreshError, runRefresh } from '../../src/refresh';
import { startCkan, since2025Resource, type CkanStandIn } from '../helpers/ckan';
import { logRows, rushHourPattern, since2025Csv, writeYearWorkbook, type DateStyle, type LogRow, type Pattern } from '../helpers/delay-logs';
import { saveFitted } from '../helpers/tiny-model';
import { tempDir } from '../helpers/workbooks';

const PROJECT = resolve(__dirname, '../..');
const EPOCHS = 150;

let ckan: CkanStandIn;
before(async () => {
  ckan = await startCkan();
});
after(() => ckan.close());

function eventsOf(rows: readonly LogRow[]): DelayEvent[] {
  return rows.map((r) => ({ route: r.route, direction: r.bound === 'B' ? 'b' : (r.bound.toLowerCase() as DelayEvent['direction']), date: r.date, hour: r.hour, minute: r.minute, minDelay: r.minDelay, incident: 'test' }));
}

/** The shipped model, models/v1 + pipelines/v1, trained here on `rows` with the recipe's features. */
async function shipModel(root: string, rows: readonly LogRow[]): Promise<void> {
  const events = eventsOf(rows);
  const slots = buildSlots(events);
  const all = { fromDay: slots.firstDay, toDay: slots.firstDay + slots.days - 1 };
  // The recipe reads recent incidents, so its fit takes the log they come from, as train.ts does.
  const fitted = await fitModel(slots, { ...HYPERPARAMETERS, epochs: 300 }, all, { log: new IncidentLog(incidentsFromEvents(events)) });
  await saveFitted(fitted, root, { trainedFrom: isoDateOf(all.fromDay), trainedTo: isoDateOf(all.toDay), threshold: 0.1 });
}

interface Setup {
  root: string;
  config: Config;
  configFile: string;
  csv: string;
}

/**
 * A deployment in a temp folder: data.folder with the 2023 and 2024 workbooks, the shipped model,
 * and the stand-in serving `since2025` (2025-01-01 to 2026-04-30) as the portal's CSV resource.
 */
async function setup(options: { workbooks: Pattern; since2025: Pattern; style: DateStyle; shipped: LogRow[] }): Promise<Setup> {
  const root = tempDir('refresh-');
  mkdirSync(join(root, 'data'));
  await writeYearWorkbook(join(root, 'data', 'ttc-streetcar-delay-data-2023.xlsx'), logRows('2023-01-01', '2023-12-31', options.workbooks));
  await writeYearWorkbook(join(root, 'data', 'ttc-streetcar-delay-data-2024.xlsx'), logRows('2024-01-01', '2024-12-31', options.workbooks));
  await shipModel(root, options.shipped);
  const csv = since2025Csv(logRows('2025-01-01', '2026-04-30', options.since2025), options.style);
  ckan.resources = [since2025Resource()];
  ckan.files.set(`/datastore/dump/${since2025Resource().id}`, { kind: 'ok', body: csv });
  const configFile = join(root, 'settings.yaml');
  writeFileSync(
    configFile,
    [
      'timeZone: America/Toronto',
      `data: { folder: ${join(root, 'data')} }`,
      `model: { dir: ${join(root, 'models')} }`,
      `pipeline: { dir: ${join(root, 'pipelines')} }`,
      'prediction: { threshold: auto }',
      `refresh: { portalUrl: "${ckan.url}", folder: ${join(root, 'downloads')}, timeoutMs: 5000 }`,
      '',
    ].join('\n'),
  );
  return { root, config: loadConfig({}, configFile), configFile, csv };
}

const DOWNLOAD = 'ttc-streetcar-delay-data-since-2025.csv';

/** Nothing half-done left: no staging folders, no lock, only whole versions. */
function tidy(root: string, versions: string[]): void {
  assert.deepEqual(readdirSync(join(root, 'models')).sort(), versions);
  assert.deepEqual(readdirSync(join(root, 'pipelines')).sort(), versions);
  assert.deepEqual(readdirSync(join(root, 'downloads')).sort(), [DOWNLOAD, `${DOWNLOAD}.json`]);
}

describe('npm run refresh', () => {
  it('writes the next version when the candidate is not worse (the log in both date styles); the same log again is nothing to do; a vanished or cut resource changes nothing', async () => {
    // The shipped model learnt the morning delays at the wrong hour (3 a.m.): the refreshed one should beat it.
    const s = await setup({ workbooks: rushHourPattern(), since2025: rushHourPattern(), style: 'portal', shipped: logRows('2023-01-01', '2024-12-31', rushHourPattern(3)) });
    const lines: string[] = [];
    let lastBytes = 0;
    const result = await runRefresh({ config: s.config, epochs: EPOCHS, print: (l) => lines.push(l), onDownload: (bytes) => (lastBytes = bytes) });
    const out = lines.join('\n');
    assert.equal(result.outcome, 'written', out);
    assert.equal(result.shipped, 'v1');
    assert.equal(result.written, 'v2');
    assert.equal(lastBytes, Buffer.byteLength(s.csv), 'progress by bytes to the end');
    assert.equal(result.check.firstDate, '2025-01-01');
    assert.equal(result.check.lastDate, '2026-04-30');
    assert.ok(result.check.dateStyles['YYYY-MM-DD'] > 0 && result.check.dateStyles.YYYYMMDD > 0, 'both date styles in the file');
    assert.deepEqual(result.comparison?.scores.window, { from: '2026-03-01', to: '2026-04-30' });
    assert.equal(result.comparison?.candidateTrainedTo, '2026-02-28');
    assert.deepEqual(result.comparison?.worseOn, []);
    // Scored on every path, and the recent one reads the download's incidents: its figures differ.
    const c = result.comparison!;
    assert.ok(c.candidate.calendar.logLoss < c.shipped.calendar.logLoss);
    assert.ok(c.candidate.recent.logLoss < c.shipped.recent.logLoss);
    assert.notEqual(c.candidate.recent.logLoss, c.candidate.calendar.logLoss);
    assert.notEqual(c.shipped.recent.logLoss, c.shipped.calendar.logLoss);
    assert.match(out, /Both models on 2026-03-01 to 2026-04-30: [\d,]+ slots, [\d,]+ with a delay/);
    assert.match(out, /Calendar only \(no live source\):\n.*\n\s+shipped v1 \(trained to 2024-12-31\)\s+0\.\d{4}.*\n\s+candidate \(same recipe, trained to 2026-02-28\)\s+0\.\d{4}/);
    assert.match(out, /With recent incidents \(the download's own, before each slot's clock hour\):\n.*\n\s+shipped v1 \(trained to 2024-12-31\)\s+0\.\d{4}.*\n\s+candidate \(same recipe, trained to 2026-02-28\)\s+0\.\d{4}/);
    assert.match(out, /With the last three hours only \(the state the live alerts give\):\n.*\n\s+shipped v1 \(trained to 2024-12-31\)\s+0\.\d{4}.*\n\s+candidate \(same recipe, trained to 2026-02-28\)\s+0\.\d{4}/);
    assert.ok(c.candidate.lastHours.logLoss < c.shipped.lastHours.logLoss);
    assert.match(out, /Events up to 2026-02-28 only/, "train's own output, indented");

    // The new version: whole, the newest, trained on everything, saying where it came from.
    assert.equal(readFileSync(join(s.root, 'downloads', DOWNLOAD), 'utf8'), s.csv);
    const newest = await loadNewestVersion(s.config.paths);
    assert.equal(newest.version.name, 'v2');
    assert.equal(newest.predictor.info.trainedTo, '2026-04-30');
    const metadata = JSON.parse(readFileSync(join(s.root, 'models/v2/metadata.json'), 'utf8')) as ModelMetadata;
    assert.equal(metadata.modelVersion, 'v2');
    assert.equal(metadata.hyperparameters.epochs, EPOCHS);
    assert.equal(metadata.refresh?.source.sha256, createHash('sha256').update(s.csv).digest('hex'));
    assert.equal(metadata.refresh?.source.resource, 'TTC Streetcar Delay Data since 2025');
    assert.equal(metadata.refresh?.source.lastModified, '2026-11-03T14:05:12.345678');
    assert.equal(metadata.refresh?.comparison.shipped.version, 'v1');
    assert.equal(metadata.refresh?.comparison.candidate.trainedTo, '2026-02-28');
    assert.deepEqual(metadata.refresh?.comparison.candidate.metrics, c.candidate);
    assert.deepEqual(metadata.refresh?.comparison.shipped.metrics, c.shipped);
    tidy(s.root, ['v1', 'v2']);

    // The same log again: v2 was trained on it.
    const again = await runRefresh({ config: s.config, epochs: EPOCHS, print: () => undefined });
    assert.equal(again.outcome, 'unchanged');
    assert.equal(again.shipped, 'v2');
    tidy(s.root, ['v1', 'v2']);

    // The resource gone from the package, its file gone, or the file cut short: a RefreshError, nothing changed.
    const failures: [string, () => void, RegExp][] = [
      ['vanished', () => (ckan.resources = [{ ...since2025Resource({ name: 'TTC Streetcar Delay Data 2024', id: 'y2024' }), format: 'XLSX' }]), /has no CSV resource named "TTC Streetcar Delay Data since 2025" any more/],
      ['404', () => ((ckan.resources = [since2025Resource()]), ckan.files.delete(`/datastore/dump/${since2025Resource().id}`)), /the log's file has gone from the portal \(HTTP 404/],
      ['truncated', () => ckan.files.set(`/datastore/dump/${since2025Resource().id}`, { kind: 'truncated', body: `${s.csv}999,20260501,504 KING,08:00,Friday,X,Y,5,10,E,1\n`, sendBytes: 3000 }), /broke off before the end|ended after 3000 of/],
    ];
    for (const [name, arrange, message] of failures) {
      arrange();
      await assert.rejects(runRefresh({ config: s.config, epochs: EPOCHS, print: () => undefined }), (err: unknown) => {
        assert.ok(err instanceof RefreshError, `${name}: ${String(err)}`);
        assert.match(err.message, message, name);
        return true;
      });
      assert.equal(readFileSync(join(s.root, 'downloads', DOWNLOAD), 'utf8'), s.csv, `${name}: the previous download is as it was`);
      tidy(s.root, ['v1', 'v2']);
    }
  });

  it('keeps the shipped model, writing nothing, when the candidate is worse on the newest two months', async () => {
    // In March the morning delays moved to 5 p.m.; the shipped model knows it, the candidate
    // (trained up to February) cannot. Dates as YYYYMMDD throughout.
    const flipped: Pattern = (date, weekday, i) => (date >= '2026-03-01' ? rushHourPattern(17) : rushHourPattern(8))(date, weekday, i);
    const s = await setup({ workbooks: rushHourPattern(), since2025: flipped, style: 'compact', shipped: logRows('2023-01-01', '2026-04-30', rushHourPattern(17)) });
    const lines: string[] = [];
    const result = await runRefresh({ config: s.config, epochs: EPOCHS, print: (l) => lines.push(l) });
    const out = lines.join('\n');
    assert.equal(result.outcome, 'kept', out);
    assert.equal(result.written, undefined);
    assert.equal(result.check.dateStyles.YYYYMMDD, result.check.rows);
    assert.ok(result.comparison!.worseOn.includes('log loss (calendar only)'), out);
    assert.ok(result.comparison!.worseOn.includes('log loss (with recent incidents)'), out);
    assert.match(out, /\(v1 was trained on these months too: it is scored on slots it was fitted on\)/);
    assert.match(out, /The candidate is worse on .*log loss.*: v1 stays, nothing was written\./);
    assert.equal((await loadNewestVersion(s.config.paths)).version.name, 'v1');
    tidy(s.root, ['v1']);
  });

  it('the command: one line and exit 1 when the portal cannot be reached, 2 for a bad option, a pinned model.dir refused', async () => {
    const s = await setup({ workbooks: rushHourPattern(), since2025: rushHourPattern(), style: 'iso', shipped: logRows('2024-01-01', '2024-12-31', rushHourPattern()) });
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', () => ok()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((ok) => closed.close(() => ok()));
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT, 'src/cli/refresh.ts'), ...args], {
        cwd: PROJECT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, CONFIG_FILE: s.configFile, ...env },
        timeout: 120_000,
      });
    const down = run([], { REFRESH_PORTAL_URL: `http://127.0.0.1:${port}` });
    assert.equal(down.status, 1, down.stderr);
    assert.match(down.stderr, /^Refresh failed: cannot reach the open-data portal at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); nothing was changed\n$/);
    assert.match(down.stdout, /^Shipped model: v1 \(trained 2024-01-01 to 2024-12-31\)\nAsking http:\/\/127\.0\.0\.1:\d+ for "TTC Streetcar Delay Data since 2025" \(package ttc-streetcar-delay-data\)\n$/);
    assert.equal(existsSync(join(s.root, 'downloads', DOWNLOAD)), false);

    const usage = run(['--epochs', 'many']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^refresh: --epochs must be a whole number from 1 to 100000; got "many" \(options: --epochs N, --help\)\n$/);
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: npm run refresh/);

    const pinned = join(s.root, 'pinned.yaml');
    writeFileSync(pinned, readFileSync(s.configFile, 'utf8').replace(/dir: (\S+)models \}/, 'dir: $1models/v1 }').replace(/dir: (\S+)pipelines \}/, 'dir: $1pipelines/v1 }'));
    const refused = run([], { CONFIG_FILE: pinned });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^Refresh failed: model\.dir is one version's folder \(.*models\/v1\), so a new version would never be loaded: set model\.dir to the folder of versions \(models\) and pipeline\.dir to pipelines; nothing was changed\n$/);
    // Training failing after a whole download: the new log stays, no version is written, and it says so.
    await assert.rejects(runRefresh({ config: s.config, epochs: 0, print: () => undefined }), (err: unknown) => {
      assert.ok(err instanceof RefreshError);
      assert.match(err.message, /^training failed: --epochs must be a whole number from 1 to 100000; got "0"$/);
      assert.equal(err.afterDownload, true);
      return true;
    });
    assert.equal(readFileSync(join(s.root, 'downloads', DOWNLOAD), 'utf8'), s.csv);
    tidy(s.root, ['v1']);
    // No yearly workbooks to train with: refused before anything is asked of the portal.
    const asked = ckan.requests.length;
    await assert.rejects(runRefresh({ config: { ...s.config, paths: { ...s.config.paths, dataFolder: tempDir('empty-') } }, print: () => undefined }), /data\.folder \(.*\) holds no yearly \.xlsx workbooks: the model is trained on them and the download together/);
    assert.equal(ckan.requests.length, asked);
    // The portal's real address is the default.
    assert.equal(loadConfig({}, join(PROJECT, 'config/default.yaml')).refresh.portalUrl, 'https://ckan0.cf.opendata.inter.prod-toronto.ca');
  });
});
