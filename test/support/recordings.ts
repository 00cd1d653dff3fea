/** Fixtures of the recordings tests: a three-phase recording's metadata, its samples and a dip. */
import type { PhaseEventWire, RecordingMeta } from "../../lib/timeseries/recordings.ts";

export const PHASES = ["L1", "L2", "L3"];

/** 1 kHz, segments of 1 s (L = 1000) with 20 samples of overlap, 2,500 samples: segments 0, 1 and a short 2. */
export function threePhaseMeta(overrides: Partial<RecordingMeta> = {}): RecordingMeta {
  return {
    source: "feeder.cfg",
    format: "comtrade",
    channels: PHASES.map((name) => ({ name, phase: name.slice(1), units: "V", quantity: "voltage" })),
    sampling_rate: 1000,
    start_time: "2026-01-05T10:00:00.000000",
    nominal_voltage: 230,
    frequency: 50,
    segment_seconds: 1,
    overlap_samples: 20,
    total_samples: 2500,
    segment_count: 3,
    complete: true,
    warnings: ["line 3: trailing comma tolerated"],
    ...overrides,
  };
}

/** Samples [start, start + count) of every channel: a value that names its channel and absolute index. */
export function samplesAt(start: number, count: number, channels = PHASES.length): Float32Array[] {
  return Array.from({ length: channels }, (_, c) =>
    Float32Array.from({ length: count }, (_, i) => 325 * Math.sin((start + i) / 3 + c) + c / 8),
  );
}

export function dip(overrides: Partial<PhaseEventWire> = {}): PhaseEventWire {
  return {
    kind: "dip",
    start_s: 0.1,
    end_s: 0.25,
    duration_s: 0.15,
    residual_v: 120.5,
    residual_pct: 52.4,
    cut: false,
    phases: ["L1", "L3"],
    ...overrides,
  };
}

/** An envelope of `buckets` buckets of `bucketSamples` from `start`, each channel's values distinct. */
export function envelopeOf(start: number, buckets: number, bucketSamples = 100) {
  const row = (c: number, offset: number) =>
    Array.from({ length: buckets }, (_, b) => 200 + c + b / 10 + offset);
  return {
    bucket_samples: bucketSamples,
    start,
    min: PHASES.map((_, c) => row(c, 0)),
    max: PHASES.map((_, c) => row(c, 30)),
  };
}
