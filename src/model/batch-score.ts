import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { parseTripTime } from '../pipeline/toronto-time';
import { validateTrip } from '../pipeline/validate-trip';
import type { Trip } from '../pipeline/types';
import type { DelayPredictor } from './types';

/**
 * The batch scorer: a CSV of trips (route, direction, time) in, the same rows plus probability
 * and delayed out. A bad row keeps its place with an error column saying why; the rest is scored.
 */

export interface ScoreSummary {
  rows: number;
  scored: number;
  failed: number;
  seconds: number;
}

export interface ScoreOptions {
  /** Rows per predictBatch call and per progress report. */
  chunkSize?: number;
  onProgress?: (rows: number) => void;
}

type Row = Record<string, string>;

/** Checks one input row; returns the trip or the reason it cannot be scored. */
export function tripFromRow(row: Row): { trip: Trip } | { error: string } {
  const time = parseTripTime(row.time ?? '');
  if (!time.ok) return { error: `time: ${time.problem}` };
  const check = validateTrip(row.route ?? '', row.direction ?? '', time.instant);
  return check.ok ? { trip: check.trip } : { error: `${check.error.field}: ${check.error.problem}` };
}

export async function scoreCsvFile(inputPath: string, outputPath: string, predictor: DelayPredictor, options: ScoreOptions = {}): Promise<ScoreSummary> {
  const started = Date.now();
  const chunkSize = options.chunkSize ?? 10_000;
  const parser = createReadStream(inputPath).pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }),
  );
  const out = createWriteStream(outputPath);
  let header: string[] | null = null;
  let writer: ReturnType<typeof stringify> | null = null;
  const summary: ScoreSummary = { rows: 0, scored: 0, failed: 0, seconds: 0 };
  let chunk: Row[] = [];

  const flush = async (): Promise<void> => {
    if (!writer || chunk.length === 0) return;
    const checked = chunk.map(tripFromRow);
    const trips = checked.flatMap((c) => ('trip' in c ? [c.trip] : []));
    const predictions = predictor.predictBatch(trips);
    let p = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = checked[i];
      const base = header!.map((h) => chunk[i][h] ?? '');
      if ('trip' in c) {
        const prediction = predictions[p++];
        summary.scored++;
        if (!writer.write([...base, prediction.probability.toFixed(6), String(prediction.delayed), ''])) await once(writer, 'drain');
      } else {
        summary.failed++;
        if (!writer.write([...base, '', '', c.error])) await once(writer, 'drain');
      }
    }
    summary.rows += chunk.length;
    chunk = [];
    options.onProgress?.(summary.rows);
  };

  try {
    for await (const record of parser as AsyncIterable<Row>) {
      if (!header) {
        header = Object.keys(record);
        for (const required of ['route', 'direction', 'time']) {
          if (!header.includes(required)) throw new Error(`input has no "${required}" column (columns: ${header.join(', ')})`);
        }
        writer = stringify({ header: true, columns: [...header, 'probability', 'delayed', 'error'] });
        writer.pipe(out);
      }
      chunk.push(record);
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
  } finally {
    if (!writer) {
      writer = stringify({ header: true, columns: ['route', 'direction', 'time', 'probability', 'delayed', 'error'] });
      writer.pipe(out);
    }
    writer.end();
    await once(out, 'finish');
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
