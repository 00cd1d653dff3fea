/**
 * Progress output: on a terminal, one live line with a bar and counters redrawn in place; otherwise (CI,
 * pipes) plain lines, with counters printed only when they move by a tenth of the total or at the end.
 */
import type { ProcessCounts } from "../lib/process-counts.ts";

export interface ProgressCounts extends ProcessCounts {
  total: number;
  submitted: number;
}

export interface Progress {
  /** A phase starts ("Generating the dataset"); ends any live line first. */
  step(text: string): void;
  /** Counters while samples are submitted and processed. */
  counts(counts: ProgressCounts): void;
  /** Ends the live line (if any). */
  done(): void;
}

interface Output {
  write(text: string): void;
}

const BAR_WIDTH = 20;

function counterText(c: ProgressCounts): string {
  return (
    `submitted ${c.submitted}/${c.total} · waiting ${c.waiting} · running ${c.running} · ` +
    `successful ${c.successful} · failed ${c.failed}`
  );
}

export class TerminalProgress implements Progress {
  private live = false;
  constructor(
    private readonly out: Output = process.stdout,
    private readonly columns = () => process.stdout.columns ?? 100,
  ) {}

  step(text: string): void {
    this.done();
    this.out.write(`• ${text}\n`);
  }

  counts(c: ProgressCounts): void {
    const finished = c.successful + c.failed;
    const share = c.total === 0 ? 1 : Math.min(1, finished / c.total);
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
    const percent = `${Math.floor(share * 100)}`.padStart(3);
    const line =
      `  ${bar} ${percent}%  ${finished}/${c.total} done · sent ${c.submitted} · waiting ${c.waiting} · ` +
      `running ${c.running} · failed ${c.failed}`;
    // One terminal row, so the next redraw (\r + clear line) replaces all of it.
    this.out.write(`\r\x1b[2K${line.slice(0, Math.max(20, this.columns() - 1))}`);
    this.live = true;
  }

  done(): void {
    if (this.live) this.out.write("\n");
    this.live = false;
  }
}

export class PlainProgress implements Progress {
  private lastBucket = -1;
  private lastSubmittedBucket = -1;
  constructor(private readonly out: Output = process.stdout) {}

  step(text: string): void {
    this.out.write(`-> ${text}\n`);
  }

  counts(c: ProgressCounts): void {
    const finished = c.successful + c.failed;
    const bucket = c.total === 0 ? 10 : Math.floor((finished / c.total) * 10);
    const submittedBucket = c.total === 0 ? 10 : Math.floor((c.submitted / c.total) * 10);
    if (bucket === this.lastBucket && submittedBucket === this.lastSubmittedBucket) return;
    this.lastBucket = bucket;
    this.lastSubmittedBucket = submittedBucket;
    this.out.write(`   ${counterText(c)}\n`);
  }

  done(): void {}
}

export function createProgress(isTerminal = Boolean(process.stdout.isTTY) && !process.env.CI): Progress {
  return isTerminal ? new TerminalProgress() : new PlainProgress();
}
