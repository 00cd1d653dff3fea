/** The calibrated model for the detail view (threshold, window), re-read when model.json changes on disk. */
import { defaultModelPath, type LoadedModel, loadModel } from "../lib/model-file.ts";
import { chunkStarts, type KlModel } from "../lib/signal/index.ts";
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
    if (!loaded.fromFile) return "tutorial default threshold";
    const { model } = loaded;
    return `${this.path} (${model.detector === "kl" ? model.rule : "rms events"})`;
  }
}

/** A KL model's field, or null when there is no model or it is not a KL model. */
export function klOnly<T>(loaded: LoadedModel | null, pick: (model: KlModel) => T): T | null {
  return loaded?.model.detector === "kl" ? pick(loaded.model) : null;
}

/**
 * kl: windows of the calibration size whose KL divergence is over the threshold (the whole wave if shorter).
 * rms: each event's span in samples.
 */
export function detectedRanges(loaded: LoadedModel, values: Float64Array): IndexRange[] {
  if (values.length === 0) return [];
  const { model } = loaded;
  if (model.detector === "rms") {
    const events = loaded.detector.detect(values).events ?? [];
    const index = (s: number) => Math.min(values.length, Math.max(0, Math.round(s * model.samplingRate)));
    return events.map((e): IndexRange => [index(e.start_s), index(e.end_s)]);
  }
  const { window } = model;
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
