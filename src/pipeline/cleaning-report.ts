import type { DropReason } from './clean';

export interface YearCounts {
  read: number;
  kept: number;
  dropped: Partial<Record<DropReason, number>>;
}

/** Rows read, kept and dropped per year and reason: printed by ingest, saved beside the pipeline. */
export class CleaningReport {
  readonly years = new Map<number, YearCounts>();
  readonly files: string[] = [];

  private counts(year: number): YearCounts {
    let c = this.years.get(year);
    if (!c) {
      c = { read: 0, kept: 0, dropped: {} };
      this.years.set(year, c);
    }
    return c;
  }

  kept(year: number): void {
    const c = this.counts(year);
    c.read++;
    c.kept++;
  }

  dropped(year: number, reason: DropReason): void {
    const c = this.counts(year);
    c.read++;
    c.dropped[reason] = (c.dropped[reason] ?? 0) + 1;
  }

  totals(): YearCounts {
    const t: YearCounts = { read: 0, kept: 0, dropped: {} };
    for (const c of this.years.values()) {
      t.read += c.read;
      t.kept += c.kept;
      for (const [reason, n] of Object.entries(c.dropped) as [DropReason, number][]) {
        t.dropped[reason] = (t.dropped[reason] ?? 0) + n;
      }
    }
    return t;
  }

  toJSON(): { files: string[]; totals: YearCounts; years: Record<string, YearCounts> } {
    const years: Record<string, YearCounts> = {};
    for (const y of [...this.years.keys()].sort()) years[y] = this.years.get(y)!;
    return { files: this.files, totals: this.totals(), years };
  }

  /** A fixed-width table for the terminal. */
  format(): string {
    const reasons = [...new Set([...this.years.values()].flatMap((c) => Object.keys(c.dropped)))].sort() as DropReason[];
    const head = ['year', 'read', 'kept', ...reasons];
    const rows = [...this.years.keys()].sort().map((y) => {
      const c = this.years.get(y)!;
      return [String(y), String(c.read), String(c.kept), ...reasons.map((r) => String(c.dropped[r] ?? 0))];
    });
    const t = this.totals();
    rows.push(['all', String(t.read), String(t.kept), ...reasons.map((r) => String(t.dropped[r] ?? 0))]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
    return [line(head), ...rows.map(line)].join('\n');
  }
}
