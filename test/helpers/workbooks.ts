import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

/** Writes small delay-log files in each schema the City has used, messy values included. */

const made: string[] = [];
// Each test file runs in a process of its own: what it made goes when it ends, failed or not.
process.once('exit', () => {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // A folder something still holds stays behind; it must not fail a test file that passed.
    }
  }
});

/** A fresh folder under the system's temp folder, removed when the test process exits. */
export function tempDir(prefix = 'sdb-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const excelSerial = (y: number, m: number, d: number): number => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
const dayFraction = (h: number, min: number): number => (h * 60 + min) / 1440;

/** 2014–2019 schema: Report Date (serial), Route, Time (day fraction), …, Min Delay, Min Gap, Direction. */
export async function writeOldSchemaWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const jan = wb.addWorksheet('Jan 2014');
  jan.addRow(['Report Date', 'Route', 'Time', 'Day', 'Location', 'Incident', 'Min Delay', 'Min Gap', 'Direction', 'Vehicle']);
  jan.addRow([excelSerial(2014, 1, 2), 504, dayFraction(8, 15), 'Thursday', 'King and Shaw', 'Mechanical', 10, 20, 'E/B', 4001]);
  jan.addRow([excelSerial(2014, 1, 2), '501', dayFraction(17, 5), 'Thursday', 'Queen', 'Held By', 5, 10, 'wb', 4002]);
  jan.addRow([excelSerial(2014, 1, 3), 510, dayFraction(9, 0), 'Friday', 'Spadina', 'Investigation', 7, 9, 'B/W', 4003]);
  jan.addRow([excelSerial(2014, 1, 3), 705, dayFraction(9, 0), 'Friday', 'bus', 'Mechanical', 7, 9, 'E/B', 4004]); // bus route
  jan.addRow([excelSerial(2014, 1, 3), 'RAD', dayFraction(9, 0), 'Friday', 'x', 'Mechanical', 7, 9, 'E/B', 4005]); // words
  jan.addRow([excelSerial(2014, 1, 4), 506, dayFraction(10, 0), 'Saturday', 'College', 'Mechanical', 3, 6, '', 4006]); // no direction
  jan.addRow([excelSerial(2014, 1, 4), 506, dayFraction(10, 0), 'Saturday', 'College', 'Mechanical', 3, 6, '8', 4007]); // junk direction
  jan.addRow([excelSerial(2014, 1, 4), 512, dayFraction(11, 0), 'Saturday', 'St Clair', 'Mechanical', null, 6, 'W', 4008]); // no minutes
  jan.addRow([]); // empty trailing rows
  jan.addRow([null, null, null]);
  await wb.xlsx.writeFile(path);
}

/** 2019–2020 variant: Delay and Gap, an Incident ID column, Date cells and Date times. */
export async function writeMiddleSchemaWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const apr = wb.addWorksheet('Apr 2019');
  apr.addRow(['Report Date', 'Route', 'Time', 'Day', 'Location', 'Incident ID', 'Incident', 'Delay', 'Gap', 'Direction', 'Vehicle']);
  apr.addRow([new Date(Date.UTC(2019, 3, 1)), 512, new Date(Date.UTC(1899, 11, 30, 4, 26)), 'Monday', 'Yard', 1, 'Mechanical', 10, 20, 'EB', 4460]);
  apr.addRow([new Date(Date.UTC(2019, 3, 1)), '504A', new Date(Date.UTC(1899, 11, 30, 23, 59)), 'Monday', 'King', 2, 'Diversion', 0, 0, 'East', 4461]);
  await wb.xlsx.writeFile(path);
}

/** 2021–2024 schema: Date, Line ("504 KING"), Time as "HH:MM" text, Bound. */
export async function writeNewSchemaWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('2022');
  sheet.addRow(['Date', 'Line', 'Time', 'Day', 'Location', 'Incident', 'Min Delay', 'Min Gap', 'Bound', 'Vehicle']);
  sheet.addRow([new Date(Date.UTC(2022, 5, 15)), '504 KING', '08:30', 'Wednesday', 'King and Bay', 'Security', 12, 24, 'W', 4400]);
  sheet.addRow([new Date(Date.UTC(2022, 5, 15)), '301 QUEEN', '03:10', 'Wednesday', 'Queen', 'Security', 12, 24, 'BW', 4401]);
  sheet.addRow([new Date(Date.UTC(2022, 5, 15)), '510', '25:10', 'Wednesday', 'Spadina', 'Security', 12, 24, 'N', 4402]); // bad time
  await wb.xlsx.writeFile(path);
}

/** The 2025+ CSV: _id, Date, Line, Time, Day, Station, Code, Min Delay, Min Gap, Bound, Vehicle. */
export function writeCsvSchema(path: string): void {
  writeFileSync(
    path,
    [
      '_id,Date,Line,Time,Day,Station,Code,Min Delay,Min Gap,Bound,Vehicle',
      '1,2025-01-06,504 KING,07:45,Monday,KING AND SPADINA,MUPAA,9,18,E,4500',
      '2,2025-01-06,511 BATHURST,16:20,Monday,BATHURST STATION,ETCA,0,0,S,4501',
      '3,2025-01-07,996,16:20,Tuesday,BUS,ETCA,4,8,S,4502',
      '4,2025-02-30,505,16:20,Tuesday,DUNDAS,ETCA,4,8,W,4503',
      '',
    ].join('\n'),
  );
}
