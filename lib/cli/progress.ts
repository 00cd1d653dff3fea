/** A one-line progress bar on stderr, drawn only when stderr is a terminal (never in pipes, CI or tests). */
export class ProgressBar {
  private readonly enabled: boolean;
  private lastDraw = 0;
  private readonly started = performance.now();

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = Boolean(stream.isTTY) && total > 0;
  }

  /** Redraws at most ten times a second. */
  update(done: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const fraction = Math.min(1, done / this.total);
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = ((now - this.started) / 1000).toFixed(1);
    const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
    this.stream.write(`\r${this.label} [${bar}] ${(fraction * 100).toFixed(1).padStart(5)}% ${seconds}s`);
  }

  /** Clears the bar so the next line starts clean. */
  finish(): void {
    if (!this.enabled) return;
    this.stream.write("\r\x1b[2K");
  }
}
