/**
 * npm run refresh: the newest published log in, a new model version out when it is not worse.
 *
 *   1. the shipped model: the newest valid version in model.dir (the folder of versions);
 *   2. ask the portal (CKAN package_show) for the "since 2025" CSV resource, download it with
 *      progress, check it against the schemas the pipeline reads (log-check.ts), and only then
 *      put it in place of the previous download (refresh.folder);
 *   3. the candidate: `npm run train` itself (src/cli/train.ts, in a child process, so this is
 *      whatever recipe the project ships) on data.folder's workbooks plus the download, held out
 *      before the newest two months;
 *   4. both scored on those two months (compare.ts); printed either way;
 *   5. not worse: train again on everything, into the next version number (models/vN+1 and
 *      pipelines/vN+1, staged beside them and renamed into place, pipeline first, once they load);
 *      worse: nothing is written.
 * A running server loads the new version on SIGHUP (src/model/reloadable.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Config } from '../config';
import { METADATA_FILE } from '../model/artifacts';
import { loadModelVersion, loadNewestVersion } from '../model/load-predictor';
import type { ModelMetadata, RefreshRecord } from '../model/metadata';
import { isVersionsFolder, nextVersion, type ModelVersion } from '../model/versions';
import { ingestFiles } from '../pipeline/ingest';
import { checkDelayCsv, type LogCheck } from '../pipeline/log-check';
import { listSourceFiles } from '../pipeline/sources';
import { ANSWER_PATHS, PATH_HEADINGS, comparisonTable, dayBefore, newestTwoMonths, NOT_WORSE_RULE, scoreOnWindow, worseOn, type PathMetrics, type WindowScores } from './compare';
import { download, findResource, RefreshError, shownUrl, type Download, type FoundResource } from './portal';

export { RefreshError } from './portal';

export interface RefreshOptions {
  config: Config;
  /** Training epochs instead of the recipe's (tests, quick trials). */
  epochs?: number;
  /** A line of progress or of the summary (stdout by default). */
  print?: (line: string) => void;
  /** Download progress: bytes so far and the total when known. */
  onDownload?: (bytes: number, total: number | undefined) => void;
}

export type RefreshOutcome = 'written' | 'kept' | 'unchanged';

export interface RefreshResult {
  outcome: RefreshOutcome;
  /** The version answering before, and (written) the one written. */
  shipped: string;
  written?: string;
  resource: FoundResource;
  download: Download;
  check: LogCheck;
  comparison?: { scores: WindowScores; shipped: PathMetrics; candidate: PathMetrics; worseOn: string[]; candidateTrainedTo: string };
  seconds: number;
}

/** The download's file name: the resource's name as a file ("ttc-streetcar-delay-data-since-2025.csv"). */
function downloadFileName(resourceName: string): string {
  const slug = resourceName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'delay-log'}.csv`;
}

const count = (n: number): string => n.toLocaleString('en-CA');

/** The train CLI, as source (tsx: tests, `npm run`) or compiled (dist/, the image). */
function trainCommand(): string[] {
  if (__filename.endsWith('.ts')) return ['--import', 'tsx', join(__dirname, '..', 'cli', 'train.ts')];
  return [join(__dirname, '..', 'cli', 'train.js')];
}

/** The smallest settings file train reads: the data folder and where to write, nothing else. */
function trainSettings(file: string, dataFolder: string, version: ModelVersion): void {
  writeFileSync(
    file,
    stringify({ timeZone: 'America/Toronto', data: { folder: dataFolder }, model: { dir: version.modelDir }, pipeline: { dir: version.pipelineDir }, prediction: { threshold: 'auto' } }),
  );
}

/** Runs `npm run train` (the child) with a settings file; its lines are printed indented. */
function runTrain(settings: string, args: string[], print: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...trainCommand(), '--no-docs', ...args], {
      env: { ...process.env, CONFIG_FILE: settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let failure = '';
    const relay = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split(/\r?\n|\r/);
        rest = lines.pop() ?? '';
        for (const line of lines) {
          if (line.startsWith('Training failed: ')) failure = line.slice('Training failed: '.length);
          else if (line.trim() !== '') print(`    ${line}`);
        }
      });
    };
    relay(child.stdout!);
    relay(child.stderr!);
    child.once('error', () => reject(new RefreshError('training could not be started')));
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new RefreshError(`training failed: ${failure || `it exited with status ${code}`}`));
    });
  });
}

/** One refresh at a time per models folder: a lock file holding the pid. */
function takeLock(modelRoot: string): () => void {
  const lock = join(modelRoot, '.refresh.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      let alive = false;
      try {
        alive = Number.isInteger(pid) && pid > 0 && (process.kill(pid, 0), true);
      } catch {
        alive = false;
      }
      if (alive) throw new RefreshError(`another refresh is running (pid ${pid}, ${lock})`);
      rmSync(lock, { force: true }); // left by a refresh that died
    }
  }
  throw new RefreshError(`cannot take the refresh lock ${lock}`);
}

export async function runRefresh(options: RefreshOptions): Promise<RefreshResult> {
  const started = Date.now();
  const { config } = options;
  const print = options.print ?? ((line: string) => console.log(line));
  const r = config.refresh;
  const paths = config.paths;
  if (!isVersionsFolder(paths)) {
    throw new RefreshError(
      `model.dir is one version's folder (${paths.modelDir}), so a new version would never be loaded: set model.dir to the folder of versions (models) and pipeline.dir to pipelines`,
    );
  }

  // 1. The shipped model: what a server started now would answer with.
  const shipped = await loadNewestVersion(paths, { warn: (m) => print(`  ${m}`) }).catch((err: unknown) => {
    throw new RefreshError(`no shipped model to compare with (${err instanceof Error ? err.message : String(err)}); run npm run train first`);
  });
  const shippedMetadata = JSON.parse(readFileSync(join(shipped.version.modelDir, METADATA_FILE), 'utf8')) as ModelMetadata;
  print(`Shipped model: ${shipped.version.name} (trained ${shipped.predictor.info.trainedFrom} to ${shipped.predictor.info.trainedTo})`);
  // The recipe validates on the last two years and fits the years before: the download (2025 on)
  // alone cannot train it, so refresh runs where the yearly workbooks are.
  const official = existsSync(paths.dataFolder) ? listSourceFiles(paths.dataFolder) : [];
  const workbooks = official.filter((file) => !/\.csv$/i.test(file));
  if (workbooks.length === 0) {
    throw new RefreshError(`data.folder (${paths.dataFolder}) holds no yearly .xlsx workbooks: the model is trained on them and the download together`);
  }

  mkdirSync(paths.modelDir, { recursive: true });
  const unlock = takeLock(paths.modelDir);
  const scratch = mkdtempSync(join(tmpdir(), 'refresh-'));
  const next = nextVersion(paths);
  const stageModel = join(paths.modelDir, `.refresh-${process.pid}`);
  const stagePipeline = join(paths.pipelineDir, `.refresh-${process.pid}`);
  try {
    // 2. The newest log from the portal, checked before it replaces the previous download.
    print(`Asking ${shownUrl(r.portalUrl)} for "${r.resource}" (package ${r.package})`);
    const resource = await findResource({ portalUrl: r.portalUrl, packageId: r.package, resourceName: r.resource, timeoutMs: r.timeoutMs });
    print(`  found: ${resource.resource.name} (${resource.resource.format}${resource.resource.last_modified ? `, last modified ${resource.resource.last_modified}` : ''}) at ${shownUrl(resource.downloadUrl)}`);
    mkdirSync(paths.refreshFolder, { recursive: true });
    const fileName = downloadFileName(resource.resource.name);
    const destination = join(paths.refreshFolder, fileName);
    let check: LogCheck | undefined;
    const got = await download(resource.downloadUrl, destination, {
      maxBytes: r.maxMegabytes * 1_000_000,
      timeoutMs: r.timeoutMs,
      totalTimeoutMs: r.downloadTimeoutMs,
      onProgress: options.onDownload,
      accept: async (temp) => {
        check = await checkDelayCsv(temp, { name: fileName });
      },
    });
    const log = check!;
    print(`  downloaded ${count(got.bytes)} bytes in ${got.seconds.toFixed(1)} s → ${got.path}`);
    const styles = Object.entries(log.dateStyles).filter(([, n]) => n > 0).map(([style, n]) => `${count(n)} ${style}`).join(', ');
    print(`  ${count(log.rows)} rows (dates: ${styles}), ${count(log.kept)} streetcar delays from ${log.firstDate} to ${log.lastDate}`);
    writeFileSync(
      join(paths.refreshFolder, `${fileName}.json`),
      JSON.stringify({ downloadedAt: new Date().toISOString(), resource: resource.resource, url: resource.downloadUrl, bytes: got.bytes, sha256: got.sha256, check: log }, null, 2) + '\n',
    );
    const base = { shipped: shipped.version.name, resource, download: got, check: log };
    // Steps 3 to 5, once the log is downloaded and checked.
    const decide = async (): Promise<RefreshResult> => {
      if (shippedMetadata.refresh?.source.sha256 === got.sha256) {
        print(`\nThe log is the one ${shipped.version.name} was trained on (sha256 ${got.sha256.slice(0, 12)}…): nothing to do.`);
        return { outcome: 'unchanged', ...base, seconds: (Date.now() - started) / 1000 };
      }

      // The training data: data.folder's workbooks and the download, which supersedes any CSV there.
      const dataFolder = join(scratch, 'data');
      mkdirSync(dataFolder);
      for (const file of official) {
        if (/\.csv$/i.test(file)) print(`  leaving out ${basename(file)} from ${paths.dataFolder}: the download is the newer copy of that log`);
        else symlinkSync(file, join(dataFolder, basename(file)));
      }
      symlinkSync(got.path, join(dataFolder, fileName));
      const epochs = options.epochs === undefined ? [] : ['--epochs', String(options.epochs)];

      // 3. The candidate, fitted before the newest two months.
      const window = newestTwoMonths(log.lastDate, log.firstDate);
      const until = dayBefore(window.from);
      const holdout: ModelVersion = { ...next, modelDir: join(scratch, 'models', next.name), pipelineDir: join(scratch, 'pipelines', next.name) };
      trainSettings(join(scratch, 'holdout.yaml'), dataFolder, holdout);
      print(`\nCandidate: npm run train on ${workbooks.length} workbooks + the download, up to ${until}`);
      await runTrain(join(scratch, 'holdout.yaml'), ['--until', until, ...epochs], print);
      const candidate = await loadModelVersion(holdout);

      // 4. Both on the newest two months.
      const { events } = await ingestFiles([got.path]);
      const scores = scoreOnWindow(events, window, [shipped.predictor, candidate]);
      const [shippedMetrics, candidateMetrics] = scores.metrics;
      const worse = worseOn(candidateMetrics, shippedMetrics);
      const shippedName = `shipped ${shipped.version.name} (trained to ${shipped.predictor.info.trainedTo})`;
      print(`\nBoth models on ${scores.window.from} to ${scores.window.to}: ${count(scores.slots)} slots, ${count(scores.positives)} with a delay`);
      for (const path of ANSWER_PATHS) {
        print(PATH_HEADINGS[path]);
        print(comparisonTable([
          { name: shippedName, metrics: shippedMetrics[path] },
          { name: `candidate (same recipe, trained to ${until})`, metrics: candidateMetrics[path] },
        ]));
      }
      if (!shipped.predictor.info.recentIncidents) print(`  (${shipped.version.name} reads no recent incidents: it answers every path the same)`);
      if (shipped.predictor.info.trainedTo >= scores.window.from) {
        print(`  (${shipped.version.name} was trained on these months too: it is scored on slots it was fitted on)`);
      }
      print(`  rule: ${NOT_WORSE_RULE}`);
      const comparison = { scores, shipped: shippedMetrics, candidate: candidateMetrics, worseOn: worse, candidateTrainedTo: until };
      if (worse.length > 0) {
        print(`\nThe candidate is worse on ${worse.join(', ')}: ${shipped.version.name} stays, nothing was written.`);
        return { outcome: 'kept', ...base, comparison, seconds: (Date.now() - started) / 1000 };
      }

      // 5. Not worse: the recipe on everything, into the next version.
      const staged: ModelVersion = { ...next, modelDir: join(stageModel, next.name), pipelineDir: join(stagePipeline, next.name) };
      trainSettings(join(scratch, 'final.yaml'), dataFolder, staged);
      print(`\nNot worse: npm run train on everything, for ${next.name}`);
      await runTrain(join(scratch, 'final.yaml'), epochs, print);
      const metadataFile = join(staged.modelDir, METADATA_FILE);
      const metadata = JSON.parse(readFileSync(metadataFile, 'utf8')) as ModelMetadata;
      const record: RefreshRecord = {
        refreshedAt: new Date().toISOString(),
        source: {
          portal: shownUrl(r.portalUrl),
          package: r.package,
          resource: resource.resource.name,
          url: shownUrl(resource.downloadUrl),
          lastModified: resource.resource.last_modified,
          sha256: got.sha256,
          bytes: got.bytes,
          rows: log.rows,
          firstDate: log.firstDate,
          lastDate: log.lastDate,
        },
        comparison: {
          from: scores.window.from,
          to: scores.window.to,
          slots: scores.slots,
          positives: scores.positives,
          rule: NOT_WORSE_RULE,
          shipped: { version: shipped.version.name, trainedTo: shipped.predictor.info.trainedTo, metrics: shippedMetrics },
          candidate: { trainedTo: until, metrics: candidateMetrics },
        },
      };
      writeFileSync(metadataFile, JSON.stringify({ ...metadata, refresh: record }, null, 2) + '\n');
      await loadModelVersion(staged); // whole and valid before anything moves
      if (existsSync(next.modelDir) || existsSync(next.pipelineDir)) throw new RefreshError(`${next.name} appeared while refreshing; nothing was written`);
      mkdirSync(dirname(next.pipelineDir), { recursive: true });
      // Pipeline first: a server scans models/ for versions, so the model folder appears last, whole.
      renameSync(staged.pipelineDir, next.pipelineDir);
      renameSync(staged.modelDir, next.modelDir);
      print(`\nWrote ${next.modelDir} and ${next.pipelineDir}. Send SIGHUP to a running server to load it.`);
      return { outcome: 'written', ...base, written: next.name, comparison, seconds: (Date.now() - started) / 1000 };
    };
    return await decide().catch((err: unknown) => {
      // The download is in place by now (a whole, checked log): say so, whatever failed after it.
      const failure = err instanceof RefreshError ? err : new RefreshError(err instanceof Error ? err.message : String(err));
      failure.afterDownload = true;
      throw failure;
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(stageModel, { recursive: true, force: true });
    rmSync(stagePipeline, { recursive: true, force: true });
    unlock();
  }
}
