/**
 * Injected-anomaly labels recorded by a submitter (the demo writes them), so the detail view can shade where
 * the drops really are. File format: `{ "<ts_id>": [[start, end], ...] }` with half-open point index ranges.
 */
import type { IndexRange } from "../lib/label-ranges.ts";

export { labelRanges } from "../lib/label-ranges.ts";

export type LabelFile = Record<string, IndexRange[]>;

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
