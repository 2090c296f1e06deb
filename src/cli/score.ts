/** npm run score -- --input trips.csv --output scored.csv [--recent-log LOG] */
import { parseArgs } from 'node:util';
import { loadConfig, predictionThreshold } from '../config';
import { scoreCsvFile } from '../model/batch-score';
import { loadPredictor } from '../model/load-predictor';
import { readRecentLog } from '../pipeline/recent-log';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { input: { type: 'string' }, output: { type: 'string' }, 'recent-log': { type: 'string' } } });
  if (!values.input || !values.output) {
    console.error('Usage: npm run score -- --input trips.csv --output scored.csv [--recent-log delay-log.xlsx|.csv]\n  input columns: route, direction (e/w/n/s), time (ISO 8601; no offset = Toronto time)');
    process.exit(2);
  }
  const config = loadConfig();
  const predictor = await loadPredictor(config.paths, { threshold: predictionThreshold(config), log: (m) => console.error(m) });
  console.error(`Model ${predictor.info.version} (trained ${predictor.info.trainedFrom} to ${predictor.info.trainedTo}), threshold ${predictor.info.threshold}`);
  // --recent-log: a delay log (xlsx, csv or a folder); each trip sees only incidents before its clock hour.
  const recent = values['recent-log'] ? await readRecentLog(values['recent-log']) : undefined;
  if (recent) console.error(`Recent incidents: ${recent.incidents} from ${values['recent-log']} (known from ${recent.since})`);
  const summary = await scoreCsvFile(values.input, values.output, predictor, {
    recent: recent && ((trip) => recent.log.recentFor(trip)),
    onProgress: (rows) => process.stderr.write(`  scored ${rows} rows\r`),
  });
  const rate = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : summary.rows;
  console.error(`\nSummary: ${summary.rows} rows, ${summary.scored} scored, ${summary.failed} with errors (see the error column), ${summary.seconds.toFixed(2)} s, ${rate} rows/s → ${values.output}`);
}

main().catch((err) => {
  console.error(`Scoring failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
