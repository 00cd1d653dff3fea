/**
 * Views computed from what a recording stores (pure): samples around an event, read out of the segments that
 * own them, and the U_rms envelope merged into a picture's columns.
 */
import type { RecordingRecord, StoredSegment, StoredSegmentResult } from "../db/recording-storage.ts";
import type { MergedEnvelope, Samples } from "../lib/timeseries/recordings.ts";
import {
  decodeSegment,
  encodeSegment,
  FLOAT32_PACKING,
  type SegmentPacking,
} from "../lib/timeseries/segment-bytes.ts";
import { StoreHttpError } from "./errors.ts";

/** The segments `readSamples` needs for [start, start + count): first and last owning segment. */
export function owningSegments(record: RecordingRecord, start: number, count: number): [number, number] {
  const L = record.segmentSamples;
  return [Math.floor(start / L), Math.floor((start + count - 1) / L)];
}

/** Samples [start, start + count) per channel, each taken from the segment that owns it. */
export function readSamples(
  record: RecordingRecord,
  segments: readonly StoredSegment[],
  start: number,
  count: number,
): Samples {
  const L = record.segmentSamples;
  const channels = record.channels.length;
  const out = Array.from({ length: channels }, () => new Float32Array(count));
  const byIndex = new Map(segments.map((segment) => [segment.segment, segment]));
  const [first, last] = owningSegments(record, start, count);
  for (let n = first; n <= last; n++) {
    const from = Math.max(start, n * L);
    const to = Math.min(start + count, (n + 1) * L);
    const segment = byIndex.get(n);
    if (!segment || segment.start > from || segment.start + segment.sampleCount < to) {
      throw new StoreHttpError(
        404,
        `Samples ${from}-${to - 1} of recording '${record.id}' are not stored (segment ${n} ${segment ? "is shorter" : "is missing"}).`,
      );
    }
    const values = decodeSegment(segment.bytes, channels, false, segment.packing);
    for (let c = 0; c < channels; c++) {
      out[c]!.set(values[c]!.subarray(from - segment.start, to - segment.start), from - start);
    }
  }
  return {
    start,
    sampling_rate: record.samplingRate,
    channels: record.channels.map((channel) => channel.name),
    // JSON has no NaN: a missing sample (COMTRADE's missing marker) is null.
    values: out.map((values) => Array.from(values, (v) => (Number.isNaN(v) ? null : v))),
  };
}

/** A segment GET's body: the stored bytes, or with "float32" an int16 segment's values as float32. */
export function segmentAnswer(
  segment: StoredSegment,
  encoding: "float32" | "stored",
): { bytes: Uint8Array; packing: SegmentPacking } {
  if (encoding === "stored" || segment.packing.encoding === "float32")
    return { bytes: segment.bytes, packing: segment.packing };
  const values = decodeSegment(segment.bytes, segment.channelCount, true, segment.packing);
  return { bytes: encodeSegment(values), packing: FLOAT32_PACKING };
}

/**
 * Each column's lowest and highest U_rms(1/2) over the buckets that overlap it; the span is total_samples, or
 * up to the last stored bucket while that is unknown. A column no bucket reaches is null.
 */
export function mergeEnvelope(
  record: RecordingRecord,
  results: readonly StoredSegmentResult[],
  columns: number,
): MergedEnvelope {
  const channels = record.channels.length;
  let span = record.totalSamples ?? 0;
  if (record.totalSamples === null) {
    for (const { envelope } of results) {
      if (envelope) span = Math.max(span, envelope.start + envelope.min[0]!.length * envelope.bucketSamples);
    }
  }
  const perColumn = span / columns;
  const low = Array.from({ length: channels }, () =>
    new Float64Array(columns).fill(Number.POSITIVE_INFINITY),
  );
  const high = Array.from({ length: channels }, () =>
    new Float64Array(columns).fill(Number.NEGATIVE_INFINITY),
  );
  if (span > 0) {
    for (const { envelope } of results) {
      if (!envelope) continue;
      const buckets = envelope.min[0]!.length;
      for (let b = 0; b < buckets; b++) {
        const from = envelope.start + b * envelope.bucketSamples;
        const first = Math.floor(from / perColumn);
        const last = Math.min(columns - 1, Math.floor((from + envelope.bucketSamples - 1) / perColumn));
        for (let c = 0; c < channels; c++) {
          const [lo, hi] = [envelope.min[c]![b]!, envelope.max[c]![b]!];
          for (let column = first; column <= last; column++) {
            if (lo < low[c]![column]!) low[c]![column] = lo;
            if (hi > high[c]![column]!) high[c]![column] = hi;
          }
        }
      }
    }
  }
  const present = (values: Float64Array) => Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  return {
    columns,
    samples_per_column: perColumn,
    channels: record.channels.map((channel) => channel.name),
    min: low.map(present),
    max: high.map(present),
  };
}
