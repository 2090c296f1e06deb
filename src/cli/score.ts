/** npm run score -- --input trips.csv --output scored.csv [--recent-log LOG]   (npm run score -- --help) */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkScoreFiles, ScoreFileError, scoreCsvFile, type ScoreSummary } from '../model/batch-score';

/**
 * The command's options, one line each: the parser, --help and the error messages are all made
 * from this table. `value` names the argument of a string option in the help.
 */
interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  value?: string;
  required?: boolean;
  help: string;
}

const OPTIONS = {
  input: { type: 'string', value: 'FILE', required: true, help: 'the trips: a CSV with columns route, direction, time (other columns are copied)' },
  output: { type: 'string', value: 'FILE', required: true, help: 'the scored CSV to write (not the input; replaced only when the run succeeds)' },
  'recent-log': { type: 'string', value: 'LOG', help: 'a delay log (yearly .xlsx, the 2025+ .csv, or a folder): each trip also reads the incidents on its route before its clock hour' },
  help: { type: 'boolean', short: 'h', help: 'show this help and exit' },
} satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;
type Values = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

const optionList = (Object.entries(OPTIONS) as [OptionName, OptionSpec][]).map(([name, o]) => `${o.short ? `-${o.short}/` : ''}--${name}${o.value ? ` ${o.value}` : ''}`);

function usage(): string {
  const entries = Object.entries(OPTIONS) as [OptionName, OptionSpec][];
  const required = entries.filter(([, o]) => o.required).map(([name, o]) => `--${name} ${o.value}`);
  const rows = entries.map(([name, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`, o.help]);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: npm run score -- ${required.join(' ')}`,
    '',
    'Scores each trip in a CSV file: the chance of at least one reported delay on that route, in that',
    'direction, in that clock hour (Toronto). Input columns (any order, any case):',
    '  route      a streetcar route number, e.g. 504',
    '  direction  e, w, n or s',
    '  time       ISO 8601, e.g. 2026-11-25T08:00 (no offset = Toronto time) or 2026-11-25T08:00-05:00',
    'The output is the input, row for row, plus probability, delayed and error; a row that cannot be',
    'scored keeps its place with the error column saying why; one row per line. Copied cells a',
    "spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading ' (plain negative",
    'numbers such as -79.38 are left alone). The rules: docs/MODEL.md, "The batch scorer".',
    '',
    'Options:',
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`),
    '',
    'Progress and the summary go to stderr; stdout stays empty. Exit status: 0 done (bad rows have',
    'their error column filled), 1 scoring failed (nothing written), 2 usage or file error.',
  ].join('\n');
}

class UsageError extends Error {}

/** Reads the command line against OPTIONS; throws UsageError with one line for a person. */
function readArgs(args: string[]): Values {
  const parseOptions = Object.fromEntries(
    (Object.entries(OPTIONS) as [OptionName, OptionSpec][]).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]),
  );
  // Not strict: the tokens let each mistake get its own message instead of parseArgs's.
  const { tokens } = parseArgs({ args, options: parseOptions, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`unexpected argument ${JSON.stringify(token.value)}`);
    if (token.kind !== 'option') continue;
    const spec = (OPTIONS as Record<string, OptionSpec>)[token.name];
    if (!spec) throw new UsageError(`unknown option ${token.rawName}`);
    if (spec.type === 'string') {
      const value = token.value;
      // `--output --input x`: parseArgs would take "--input" as the file name.
      if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-') && value !== '-')) {
        throw new UsageError(`${token.rawName} needs a value: --${token.name} ${spec.value}`);
      }
      values[token.name] = value;
    } else {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[token.name] = true;
    }
  }
  for (const [name, spec] of Object.entries(OPTIONS) as [OptionName, OptionSpec][]) {
    if (spec.required && values[name] === undefined) throw new UsageError(`--${name} ${spec.value} is required`);
  }
  return values as Values;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-CA')} ${word}${n === 1 ? '' : 's'}`;

/** Progress on stderr: redrawn in place on a terminal, a line per tenth of the input otherwise (logs). */
function progress(out: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastTenth = 0;
  let drawn = false;
  return {
    update(rows: number, share: number): void {
      const text = `  scored ${plural(rows, 'row')}, ${Math.floor(share * 100)}% of the input, ${((Date.now() - started) / 1000).toFixed(1)} s`;
      if (out.isTTY) {
        out.write(`\r${text}\x1b[K`);
        drawn = true;
      } else if (share < 1 && Math.floor(share * 10) > lastTenth) {
        lastTenth = Math.floor(share * 10);
        out.write(`${text}\n`);
      }
    },
    end(): void {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}

function summaryLine(summary: ScoreSummary, output: string): string {
  const rate = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : summary.rows;
  return `Read ${plural(summary.rows, 'row')}: ${summary.scored.toLocaleString('en-CA')} scored, ${summary.failed.toLocaleString('en-CA')} with errors (see the error column) in ${summary.seconds.toFixed(2)} s (${rate.toLocaleString('en-CA')} rows/s) → ${output}`;
}

async function main(argv: string[]): Promise<number> {
  let values: Values;
  try {
    values = readArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    // --help wins over mistakes elsewhere on the line.
    if (!argv.includes('--help') && !argv.includes('-h')) {
      console.error(`score: ${err.message} (options: ${optionList.join(', ')}; see --help)`);
      return 2;
    }
    values = { help: true };
  }
  if (values.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const input = values.input as string;
  const output = values.output as string;
  // Arguments and files first: a mistake costs a second, not a model load, and touches nothing.
  try {
    checkScoreFiles(input, output);
  } catch (err) {
    if (!(err instanceof ScoreFileError)) throw err;
    console.error(`score: ${err.message}`);
    return 2;
  }
  if (values['recent-log'] && !existsSync(values['recent-log'])) {
    console.error(`score: --recent-log ${values['recent-log']}: no such file or folder`);
    return 2;
  }

  // Loaded only now: TensorFlow.js alone takes a while to import.
  const { loadConfig, predictionThreshold } = await import('../config');
  const { loadPredictor } = await import('../model/load-predictor');
  const config = loadConfig();
  const predictor = await loadPredictor(config.paths, { threshold: predictionThreshold(config), log: (m) => console.error(m) });
  const { threshold, recentThreshold } = predictor.info;
  const cuts = recentThreshold === undefined || recentThreshold === threshold ? `threshold ${threshold}` : `threshold ${threshold} calendar-only, ${recentThreshold} with recent incidents`;
  console.error(`Model ${predictor.info.version} (trained ${predictor.info.trainedFrom} to ${predictor.info.trainedTo}), ${cuts}`);
  // --recent-log: each trip sees only the log's incidents before its clock hour (docs/MODEL.md).
  const recent = values['recent-log'] ? await (await import('../pipeline/recent-log')).readRecentLog(values['recent-log']) : undefined;
  if (recent) console.error(`Recent incidents: ${recent.incidents} from ${values['recent-log']} (known from ${recent.since})`);

  // Ctrl-C (or SIGTERM) stops the run cleanly: the temp file goes, the output is left as it was.
  const stop = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    stoppedBy = signal;
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = progress();
  try {
    const summary = await scoreCsvFile(input, output, predictor, { signal: stop.signal, onProgress: (rows, share) => bar.update(rows, share), recent: recent && ((trip) => recent.log.recentFor(trip)) });
    bar.end();
    console.error(summaryLine(summary, output));
    return 0;
  } catch (err) {
    bar.end();
    if (stoppedBy) {
      console.error(`Stopped by ${stoppedBy}; nothing was written`);
      return stoppedBy === 'SIGINT' ? 130 : 143;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

// Errors end as one line, never a stack trace. Handled here before they can become uncaught:
// the wasm backend (Emscripten) installs process handlers that rethrow any uncaught exception
// or unhandled rejection, and Node then prints the throwing line (its whole 39 KB minified
// source) and exits 7. Ours are first in line and exit before theirs run.
function fail(err: unknown): never {
  // The message only: ours are written for people (a settings error may list several lines).
  const text = err instanceof Error ? err.message : String(err);
  console.error(`Scoring failed: ${text}${text.includes('\n') ? '\nNothing was written.' : '; nothing was written'}`);
  process.exit(1);
}
process.prependListener('uncaughtException', fail);
process.prependListener('unhandledRejection', fail);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  fail,
);
