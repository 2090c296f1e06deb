/** A progress bar for long jobs: redraws in place on a terminal, prints every 10% otherwise (CI logs). */
export class ProgressBar {
  private lastTenth = -1;
  private readonly started = Date.now();

  constructor(private readonly label: string, private readonly total: number, private readonly out: NodeJS.WriteStream = process.stderr) {}

  update(done: number, note = ''): void {
    const share = this.total ? Math.min(1, done / this.total) : 1;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${seconds}s ${note}   `);
      if (done >= this.total) this.out.write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.out.write(`${this.label}: ${(share * 100).toFixed(0)}% (${done}/${this.total}) ${seconds}s ${note}\n`);
    }
  }
}

const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** Download progress by bytes: redrawn on a terminal; in a log a line per tenth (or per 5 MB when the size is not known). */
export class ByteProgress {
  private lastStep = -1;
  private drawn = false;
  private readonly started = Date.now();

  constructor(private readonly label: string, private readonly out: NodeJS.WriteStream = process.stderr) {}

  update(bytes: number, total?: number): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const text = total ? `${this.label} ${megabytes(bytes)} of ${megabytes(total)} (${Math.floor((bytes / total) * 100)}%) ${seconds}s` : `${this.label} ${megabytes(bytes)} ${seconds}s`;
    if (this.out.isTTY) {
      this.out.write(`\r${text}\x1b[K`);
      this.drawn = true;
      return;
    }
    const step = total ? Math.floor((bytes / total) * 10) : Math.floor(bytes / 5_000_000);
    if (step > this.lastStep) {
      this.lastStep = step;
      this.out.write(`${text}\n`);
    }
  }

  /** Ends the redrawn line (a terminal). */
  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
