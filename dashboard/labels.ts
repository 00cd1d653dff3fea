/**
 * Injected-anomaly labels recorded by a submitter (the demo writes them), so the detail view can shade where
 * the drops really are. File format: `{ "<ts_id>": [[start, end], ...] }` with half-open point index ranges.
 */
import type { IndexRange } from "./wire.ts";

export type LabelFile = Record<string, IndexRange[]>;

/** Runs of 1 in a 0/1 label array, as half-open ranges. */
export function labelRanges(labels: ArrayLike<number>): IndexRange[] {
  const ranges: IndexRange[] = [];
  let start = -1;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] && start < 0) start = i;
    if (!labels[i] && start >= 0) {
      ranges.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) ranges.push([start, labels.length]);
  return ranges;
}

/** Reads the label file again only when it changed on disk; a missing or unreadable file means no labels. */
export class LabelReader {
  private cached: { mtimeMs: number; labels: LabelFile } | null = null;

  constructor(private readonly path: string | undefined) {}

  async rangesFor(tsId: string): Promise<IndexRange[] | null> {
    if (!this.path) return null;
    const file = Bun.file(this.path);
    let mtimeMs: number;
    try {
      mtimeMs = (await file.stat()).mtimeMs;
    } catch {
      return null;
    }
    if (this.cached?.mtimeMs !== mtimeMs) {
      try {
        this.cached = { mtimeMs, labels: (await file.json()) as LabelFile };
      } catch {
        // Being rewritten right now: use what we had.
        if (!this.cached) return null;
      }
    }
    const ranges = this.cached?.labels[tsId];
    return Array.isArray(ranges) ? ranges : null;
  }
}
