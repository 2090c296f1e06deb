/** npm run refresh: the newest published log from the open-data portal, and a new model version if it is not worse. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import type { Metrics } from '../model/metrics';
import type { RefreshResult } from '../refresh';
import { ANSWER_PATHS, PATH_NAMES } from '../refresh/compare';
import { parseEpochs } from './epochs';
import { ByteProgress } from './progress';

const USAGE = `Usage: npm run refresh [-- --epochs N]

Asks the open-data portal (refresh.portalUrl, or REFRESH_PORTAL_URL) for the newest delay log
("TTC Streetcar Delay Data since 2025", CSV), downloads it to refresh.folder once it is whole and
in a schema the pipeline reads, trains the shipped recipe on data.folder's workbooks and that log,
compares it with the shipped model on the newest two months (calendar only, and with the log's
own recent incidents), and writes the next version (models/vN+1, pipelines/vN+1) only when it is
not worse on either. Send SIGHUP to a running server to load it.

Options:
  --epochs N   train with N epochs instead of the recipe's (quick trials; not for a shipped model)
  -h, --help   show this help

Exit status: 0 done (a version written, or the shipped one kept: the summary says which),
1 the refresh failed (no model version written; the previous download kept unless the new one
was whole and valid), 2 usage or settings error.`;

const count = (n: number): string => n.toLocaleString('en-CA');

function summary(result: RefreshResult): string {
  const { download, check, resource } = result;
  const lines = [
    '',
    'Summary',
    `  resource        ${resource.resource.name} (${resource.resource.format}${resource.resource.last_modified ? `, last modified ${resource.resource.last_modified}` : ''})`,
    `  downloaded      ${count(download.bytes)} bytes, sha256 ${download.sha256.slice(0, 12)}… → ${download.path}`,
    `  log             ${count(check.rows)} rows, ${count(check.kept)} streetcar delays, ${check.firstDate} to ${check.lastDate}`,
  ];
  const c = result.comparison;
  if (c) {
    lines.push(`  compared on     ${c.scores.window.from} to ${c.scores.window.to} (${count(c.scores.slots)} slots, ${count(c.scores.positives)} with a delay)`);
    const figures = (m: Metrics): string => `ROC AUC ${m.rocAuc.toFixed(4)}, avg precision ${m.averagePrecision.toFixed(4)}, Brier ${m.brier.toFixed(5)}, log loss ${m.logLoss.toFixed(5)}`;
    for (const path of ANSWER_PATHS) {
      lines.push(
        `  ${PATH_NAMES[path]}`,
        `    ${`shipped ${result.shipped}`.padEnd(13)} ${figures(c.shipped[path])}`,
        `    candidate     ${figures(c.candidate[path])} (trained to ${c.candidateTrainedTo})`,
      );
    }
  }
  const decision =
    result.outcome === 'written'
      ? `wrote ${result.written} (was ${result.shipped})`
      : result.outcome === 'kept'
        ? `kept ${result.shipped}: the candidate is worse on ${c?.worseOn.join(', ')}`
        : `nothing to do: ${result.shipped} was trained on this log`;
  lines.push(`  decision        ${decision}`, `  took            ${result.seconds.toFixed(1)} s`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let epochs: number | undefined;
  try {
    const { values } = parseArgs({ args: argv, options: { epochs: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    epochs = parseEpochs(values.epochs);
  } catch (err) {
    console.error(`refresh: ${err instanceof Error ? err.message : String(err)} (options: --epochs N, --help)`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`refresh: ${err.message}`);
    return 2;
  }
  // Loaded only now: TensorFlow.js alone takes seconds to import, and a usage error should not wait for it.
  const { RefreshError, runRefresh } = await import('../refresh');
  const bar = new ByteProgress('  downloading');
  try {
    const result = await runRefresh({ config, epochs, onDownload: (bytes, total) => bar.update(bytes, total) });
    bar.end();
    console.log(summary(result));
    return 0;
  } catch (err) {
    bar.end();
    if (err instanceof RefreshError) {
      // After the download replaced the previous copy, only the model side stayed as it was.
      console.error(`Refresh failed: ${err.message}; ${err.afterDownload ? 'the new log is kept, no model version was written' : 'nothing was changed'}`);
      return 1;
    }
    throw err;
  }
}

// Errors end as one line, never a stack trace (the wasm backend's handlers would print its
// minified source: see src/cli/score.ts). Ours run first.
function fail(err: unknown): never {
  const text = err instanceof Error ? err.message : String(err);
  console.error(`Refresh failed: ${text}; nothing was changed`);
  process.exit(1);
}
process.prependListener('uncaughtException', fail);
process.prependListener('unhandledRejection', fail);

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
