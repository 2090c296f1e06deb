import { statSync } from 'node:fs';
import { cleanRow, type DelayEvent } from './clean';
import { IncidentLog, incidentLogOf } from './recent';
import { listSourceFiles, readSourceFile, yearOfFile } from './sources';

/** A delay log read as the source of recent incidents, with what was kept. */
export interface RecentLog {
  log: IncidentLog;
  rows: number;
  incidents: number;
  /** ISO date from which windows are known (the log's first day). */
  since: string;
}

/**
 * Reads a delay log (a yearly .xlsx, the 2025+ .csv, or a folder of them: any schema
 * sources.ts reads) into an IncidentLog for the scorer's --recent-log. Windows are known from the
 * start of the log: 1 January of the year its file name gives when its first event is in that
 * year, else the first event's date. Nothing depends on where the log ends, so a log cut at
 * hour H gives the same counts to every trip before H.
 */
export async function readRecentLog(path: string): Promise<RecentLog> {
  const files = statSync(path).isDirectory() ? listSourceFiles(path) : [path];
  const events: DelayEvent[] = [];
  let rows = 0;
  for (const file of files) {
    for await (const raw of readSourceFile(file)) {
      rows++;
      const r = cleanRow(raw);
      if (r.ok) events.push(r.event);
    }
  }
  let first = '';
  for (const e of events) if (first === '' || e.date < first) first = e.date;
  const fileYears = files.map(yearOfFile).filter((y) => y > 0);
  const firstYear = fileYears.length ? Math.min(...fileYears) : 0;
  const sinceDate = first !== '' && firstYear > 0 && Number(first.slice(0, 4)) === firstYear ? `${firstYear}-01-01` : first;
  // sinceDate is never after the first event, so every event counts.
  const log = sinceDate ? incidentLogOf(events, sinceDate) : new IncidentLog([]);
  return { log, rows, incidents: log.size, since: sinceDate };
}
