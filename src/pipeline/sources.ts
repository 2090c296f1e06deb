import { createReadStream, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';

/**
 * Reading the official files. Each schema the City has used is mapped onto one set of field
 * names here, so cleaning never needs to know which year a row came from.
 */

export type Field = 'date' | 'route' | 'time' | 'day' | 'location' | 'incident' | 'minDelay' | 'minGap' | 'direction' | 'vehicle';
export type CellValue = string | number | Date | null;

/** One data row as the file holds it, under canonical field names. */
export interface RawRow {
  file: string;
  sheet: string;
  /** The year the file is about (from its name), used for the cleaning report. */
  fileYear: number;
  values: Partial<Record<Field, CellValue>>;
}

/** Header spellings seen in 2014–2024 workbooks and the 2025+ CSV. */
const HEADER_ALIASES: Record<string, Field> = {
  'report date': 'date',
  date: 'date',
  route: 'route',
  line: 'route',
  time: 'time',
  day: 'day',
  location: 'location',
  station: 'location',
  incident: 'incident',
  code: 'incident',
  'min delay': 'minDelay',
  delay: 'minDelay',
  'min gap': 'minGap',
  gap: 'minGap',
  direction: 'direction',
  bound: 'direction',
  vehicle: 'vehicle',
};

export function canonicalField(header: unknown): Field | undefined {
  if (typeof header !== 'string') return undefined;
  return HEADER_ALIASES[header.trim().toLowerCase().replace(/\s+/g, ' ')];
}

/** The official files in a folder, oldest first: *.xlsx workbooks and *.csv exports. */
export function listSourceFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => /\.(xlsx|csv)$/i.test(name) && !name.startsWith('~$'))
    .sort()
    .map((name) => join(folder, name));
}

export function yearOfFile(path: string): number {
  const m = /(20\d\d)/.exec(basename(path));
  return m ? Number(m[1]) : 0;
}

type RichText = { richText: { text: string }[] };
type Formula = { result?: unknown };

/** exceljs hands back rich text, formulas and hyperlinks as objects: reduce them to plain values. */
function plainCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return (value as RichText).richText.map((t) => t.text).join('');
    if ('result' in value) return plainCell((value as Formula).result);
    if ('text' in value) return plainCell((value as { text: unknown }).text);
  }
  return null;
}

function isBlank(values: Partial<Record<Field, CellValue>>): boolean {
  return Object.values(values).every((v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === ''));
}

async function* readWorkbook(path: string): AsyncGenerator<RawRow> {
  const file = basename(path);
  const fileYear = yearOfFile(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    const sheetName = (sheet as unknown as { name?: string }).name ?? '';
    let columns: (Field | undefined)[] | null = null;
    for await (const row of sheet) {
      const cells = row.values as unknown[];
      if (!columns) {
        // The header row is the first with at least three known column names.
        const mapped = cells.map(canonicalField);
        if (mapped.filter(Boolean).length >= 3) columns = mapped;
        continue;
      }
      const values: Partial<Record<Field, CellValue>> = {};
      columns.forEach((field, i) => {
        if (field && values[field] === undefined) values[field] = plainCell(cells[i]);
      });
      if (!isBlank(values)) yield { file, sheet: sheetName, fileYear, values };
    }
  }
}

async function* readCsv(path: string): AsyncGenerator<RawRow> {
  const file = basename(path);
  const fileYear = yearOfFile(path);
  const parser = createReadStream(path).pipe(
    parse({ columns: (header: string[]) => header.map((h) => canonicalField(h.replace(/^\uFEFF/, '')) ?? `_${h}`), bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
  );
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const values: Partial<Record<Field, CellValue>> = {};
    for (const [key, value] of Object.entries(record)) {
      if (!key.startsWith('_')) values[key as Field] = value === '' ? null : value;
    }
    if (!isBlank(values)) yield { file, sheet: '', fileYear, values };
  }
}

/** Every data row of one official file, whatever its schema. */
export function readSourceFile(path: string): AsyncGenerator<RawRow> {
  return /\.csv$/i.test(path) ? readCsv(path) : readWorkbook(path);
}
