/** npm run ingest: read and clean every official file, print the cleaning report and the time taken. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { withTrainTarget } from '../model/versions';
import { ingestFolder } from '../pipeline/ingest';

async function main(): Promise<void> {
  // The cleaning report goes beside the newest pipeline (pipelines/vN), the one npm run train rebuilds.
  const config = withTrainTarget(loadConfig());
  const started = performance.now();
  console.log(`Reading ${config.paths.dataFolder}`);
  const { events, report } = await ingestFolder(config.paths.dataFolder, {
    onFile: (file, i, total, rows) => console.log(`  [${i}/${total}] ${file.split('/').pop()} (${rows} events so far)`),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${report.format()}\n`);
  mkdirSync(config.paths.pipelineDir, { recursive: true });
  const out = join(config.paths.pipelineDir, 'cleaning-report.json');
  writeFileSync(out, JSON.stringify(report.toJSON(), null, 2) + '\n');
  console.log(`Summary: ${report.files.length} files, ${report.totals().read} rows read, ${events.length} kept, ${seconds.toFixed(2)} s; report written to ${out}`);
}

main().catch((err) => {
  console.error(`Ingest failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
