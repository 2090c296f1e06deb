import { cleanRow, type DelayEvent } from './clean';
import { CleaningReport } from './cleaning-report';
import { listSourceFiles, readSourceFile } from './sources';

export interface IngestResult {
  events: DelayEvent[];
  report: CleaningReport;
}

export interface IngestOptions {
  /** Called after each file with what has been read so far: for progress output. */
  onFile?: (file: string, index: number, total: number, rowsSoFar: number) => void;
}

/** Reads and cleans every official file in a folder. */
export async function ingestFolder(folder: string, options: IngestOptions = {}): Promise<IngestResult> {
  const files = listSourceFiles(folder);
  if (files.length === 0) throw new Error(`No .xlsx or .csv delay logs found in ${folder}`);
  return ingestFiles(files, options);
}

/** Reads and cleans the given official files (.xlsx or .csv), in that order. */
export async function ingestFiles(files: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  const report = new CleaningReport();
  const events: DelayEvent[] = [];
  // Files are independent: read them concurrently, keep results in file order.
  const perFile = await Promise.all(
    files.map(async (file) => {
      const rows: DelayEvent[] = [];
      const outcomes: ReturnType<typeof cleanRow>[] = [];
      for await (const raw of readSourceFile(file)) {
        const result = cleanRow(raw);
        outcomes.push(result);
        if (result.ok) rows.push(result.event);
      }
      return { file, rows, outcomes };
    }),
  );
  let done = 0;
  for (const { file, rows, outcomes } of perFile) {
    report.files.push(file.split('/').pop()!);
    for (const o of outcomes) {
      if (o.ok) report.kept(Number(o.event.date.slice(0, 4)));
      else report.dropped(o.year, o.reason);
    }
    events.push(...rows);
    done++;
    options.onFile?.(file, done, files.length, events.length);
  }
  return { events, report };
}
