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
