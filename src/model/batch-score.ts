import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { parseTripTime } from '../pipeline/toronto-time';
import { validateTrip } from '../pipeline/validate-trip';
import type { RecentIncidents } from '../pipeline/recent';
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
  /** Recent incidents per trip (e.g. `(trip) => log.recentFor(trip)` for --recent-log); absent = calendar-only. */
  recent?: (trip: Trip) => RecentIncidents | undefined;
}

type Row = Record<string, string>;

/** Checks one input row; returns the trip or the reason it cannot be scored. */
export function tripFromRow(row: Row): { trip: Trip } | { error: string } {
  const time = parseTripTime(row.time ?? '');
  if (!time.ok) return { error: `time: ${time.problem}` };
  const check = validateTrip(row.route ?? '', row.direction ?? '', time.instant);
  return check.ok ? { trip: check.trip } : { error: `${check.error.field}: ${check.error.problem}` };
}

/** RFC 4180 quoting for one output field: only when the value needs it. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function scoreCsvFile(inputPath: string, outputPath: string, predictor: DelayPredictor, options: ScoreOptions = {}): Promise<ScoreSummary> {
  const started = Date.now();
  const chunkSize = options.chunkSize ?? 10_000;
  // Array rows (no per-row objects) keep csv-parse on its fast path.
  const parser = createReadStream(inputPath).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true }));
  const out = createWriteStream(outputPath);
  let header: string[] | null = null;
  let columns = { route: -1, direction: -1, time: -1 };
  const summary: ScoreSummary = { rows: 0, scored: 0, failed: 0, seconds: 0 };
  let chunk: string[][] = [];

  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };

  const flush = async (): Promise<void> => {
    if (!header || chunk.length === 0) return;
    const checked = chunk.map((cells) =>
      tripFromRow({ route: (cells[columns.route] ?? '').trim(), direction: (cells[columns.direction] ?? '').trim(), time: (cells[columns.time] ?? '').trim() }),
    );
    const trips = checked.flatMap((c) => ('trip' in c ? [c.trip] : []));
    const predictions = predictor.predictBatch(trips, options.recent && trips.map(options.recent));
    let p = 0;
    const lines: string[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = checked[i];
      const base = header.map((_, j) => csvField(chunk[i][j] ?? '')).join(',');
      if ('trip' in c) {
        const prediction = predictions[p++];
        summary.scored++;
        lines.push(`${base},${prediction.probability.toFixed(6)},${prediction.delayed},`);
      } else {
        summary.failed++;
        lines.push(`${base},,,${csvField(c.error)}`);
      }
    }
    await write(lines.join('\n') + '\n');
    summary.rows += chunk.length;
    chunk = [];
    options.onProgress?.(summary.rows);
  };

  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = cells.map((h) => h.trim());
        const lower = header.map((h) => h.toLowerCase());
        columns = { route: lower.indexOf('route'), direction: lower.indexOf('direction'), time: lower.indexOf('time') };
        for (const [name, index] of Object.entries(columns)) {
          if (index < 0) throw new Error(`input has no "${name}" column (columns: ${header.join(', ')})`);
        }
        await write([...header, 'probability', 'delayed', 'error'].map(csvField).join(',') + '\n');
        continue;
      }
      chunk.push(cells);
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
  } finally {
    out.end();
    await once(out, 'finish');
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
