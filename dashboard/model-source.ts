/** The calibrated model for the detail view (threshold, window), re-read when model.json changes on disk. */
import { defaultModelPath, type LoadedModel, loadModel } from "../lib/model-file.ts";
import { chunkStarts } from "../lib/signal/index.ts";
import type { IndexRange } from "./wire.ts";

export class ModelSource {
  private cached: { mtimeMs: number; loaded: LoadedModel } | null = null;
  private lastError: string | null = null;

  constructor(readonly path: string = defaultModelPath()) {}

  /** The model in force: model.json, else the tutorial default (as the executor does); null when malformed. */
  async current(): Promise<LoadedModel | null> {
    let mtimeMs = -1;
    try {
      mtimeMs = (await Bun.file(this.path).stat()).mtimeMs;
    } catch {
      // absent: loadModel falls back to the tutorial default
    }
    if (this.cached?.mtimeMs === mtimeMs) return this.cached.loaded;
    try {
      this.cached = { mtimeMs, loaded: await loadModel(this.path) };
      this.lastError = null;
      return this.cached.loaded;
    } catch (error) {
      this.lastError = (error as Error).message;
      return null;
    }
  }

  describe(loaded: LoadedModel | null): string {
    if (!loaded) return `unusable model: ${this.lastError ?? "unknown error"}`;
    return loaded.fromFile ? `${this.path} (${loaded.model.rule})` : "tutorial default threshold";
  }
}

/** Windows of the calibration size whose KL divergence is over the threshold (the whole wave if shorter). */
export function detectedRanges(loaded: LoadedModel, values: Float64Array): IndexRange[] {
  if (values.length === 0) return [];
  const { window } = loaded.model;
  const starts = values.length < window ? [0] : chunkStarts(values.length, window);
  const ranges: IndexRange[] = [];
  for (const start of starts) {
    const end = Math.min(values.length, start + window);
    if (!loaded.detector.detect(values.subarray(start, end)).anomaly) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === start) last[1] = end;
    else ranges.push([start, end]);
  }
  return ranges;
}
