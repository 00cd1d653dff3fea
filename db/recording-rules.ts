/**
 * What a recording's stored metadata allows, checked by both drivers inside each write's transaction (pure
 * functions; they throw RecordingStorageError "invalid" with a message naming the field as sent on the wire).
 */
import type { ChannelWire, PhaseEventWire } from "../lib/timeseries/recordings.ts";
import type { StoreRuleId } from "../lib/timeseries/rules.ts";
import { FLOAT32_PACKING, type Int16Scale, sampleBytes } from "../lib/timeseries/segment-bytes.ts";
import {
  type EnvelopeInput,
  type PutSegmentInput,
  type RecordingMetaInput,
  RecordingStorageError,
} from "./recording-storage.ts";

/** segment_seconds × sampling_rate may be off a whole number by this much (decimal rates and seconds). */
const WHOLE_SAMPLES_TOLERANCE = 1e-6;

function invalid(rule: StoreRuleId, message: string): RecordingStorageError {
  return new RecordingStorageError("invalid", `Invalid request: ${message}`, rule);
}

/** L, the samples each segment owns; the metadata's own consistency checked on the way. */
export function checkMeta(meta: RecordingMetaInput): number {
  const names = new Set<string>();
  for (const [i, channel] of meta.channels.entries()) {
    if (names.has(channel.name)) {
      throw invalid(
        "channel-names-differ",
        `channels[${i}].name: ${JSON.stringify(channel.name)} names an earlier channel too; names must differ`,
      );
    }
    names.add(channel.name);
  }
  const exact = meta.segmentSeconds * meta.samplingRate;
  const segmentSamples = Math.round(exact);
  if (segmentSamples < 1 || Math.abs(exact - segmentSamples) > WHOLE_SAMPLES_TOLERANCE) {
    throw invalid(
      "whole-segment-samples",
      `segment_seconds: ${meta.segmentSeconds} s at ${meta.samplingRate} samples/s is ${exact} samples; ` +
        "choose segment_seconds so a segment is a whole number (at least 1) of samples",
    );
  }
  checkCounts(meta, segmentSamples);
  return segmentSamples;
}

function checkCounts(meta: RecordingMetaInput, segmentSamples: number): void {
  const { totalSamples, segmentCount } = meta;
  if (totalSamples !== null && segmentCount !== null) {
    const expected = Math.ceil(totalSamples / segmentSamples);
    if (segmentCount !== expected) {
      throw invalid(
        "segment-count",
        `segment_count: ${totalSamples} samples in segments of ${segmentSamples} make ${expected} segments, got ${segmentCount}`,
      );
    }
  }
  if (meta.complete && (totalSamples === null || segmentCount === null)) {
    throw invalid(
      "complete-needs-counts",
      "complete: a complete recording needs total_samples and segment_count",
    );
  }
}

/** What the stored segments already occupy (a PATCH may not cut them off). */
export interface StoredExtent {
  lastSegment: number | null;
  lastSampleEnd: number | null;
}

export function checkExtent(meta: RecordingMetaInput, extent: StoredExtent): void {
  if (meta.segmentCount !== null && extent.lastSegment !== null && extent.lastSegment >= meta.segmentCount) {
    throw invalid(
      "stored-extent",
      `segment_count: segment ${extent.lastSegment} is stored, so segment_count must be at least ${extent.lastSegment + 1}, got ${meta.segmentCount}`,
    );
  }
  if (
    meta.totalSamples !== null &&
    extent.lastSampleEnd !== null &&
    extent.lastSampleEnd > meta.totalSamples
  ) {
    throw invalid(
      "stored-extent",
      `total_samples: stored segments reach sample ${extent.lastSampleEnd}, so total_samples must be at least that, got ${meta.totalSamples}`,
    );
  }
}

/** The stored facts a segment is checked against. */
export interface SegmentBounds {
  channelCount: number;
  segmentSamples: number;
  overlapSamples: number;
  totalSamples: number | null;
  segmentCount: number | null;
}

/**
 * A segment's body covers the samples it owns, [n·L, (n+1)·L) (cut at total_samples), and may reach
 * overlap_samples past them on either side; returns its samples per channel.
 */
export function checkSegment(
  id: string,
  bounds: SegmentBounds,
  input: PutSegmentInput,
): { start: number; samples: number } {
  const { channelCount, segmentSamples: L, overlapSamples, totalSamples, segmentCount } = bounds;
  const n = input.segment;
  if (segmentCount !== null && n >= segmentCount) {
    throw invalid(
      "segment-in-range",
      `path.n: segment ${n} is out of range: recording '${id}' has ${segmentCount} segments`,
    );
  }
  const packing = input.packing ?? FLOAT32_PACKING;
  if (packing.encoding === "int16") checkScale(packing.scale, channelCount);
  const frame = sampleBytes(packing.encoding) * channelCount;
  if (input.bytes.byteLength === 0 || input.bytes.byteLength % frame !== 0) {
    throw invalid(
      "segment-whole-samples",
      `body: ${input.bytes.byteLength} bytes is not a whole number of samples of ${channelCount} ${packing.encoding} ` +
        `channels (a multiple of ${frame} bytes, at least one sample)`,
    );
  }
  const samples = input.bytes.byteLength / frame;
  const owned = n * L;
  const ownedEnd = totalSamples === null ? owned + L : Math.min(owned + L, totalSamples);
  if (totalSamples !== null && owned >= totalSamples) {
    throw invalid(
      "segment-in-range",
      `path.n: segment ${n} is out of range: recording '${id}' has ${totalSamples} samples, segment ${n} would start at ${owned}`,
    );
  }
  const start = input.start ?? owned;
  if (start > owned || start < owned - overlapSamples) {
    throw invalid(
      "segment-start",
      `query.start: segment ${n} owns samples from ${owned}, so start must be from ${Math.max(0, owned - overlapSamples)} to ${owned}, got ${start}`,
    );
  }
  const end = start + samples;
  const latest = Math.min(owned + L + overlapSamples, totalSamples ?? Number.POSITIVE_INFINITY);
  if (end > latest) {
    throw invalid(
      "segment-covers",
      `body: ${samples} samples from ${start} end at ${end}, past ${latest} (segment ${n} owns up to ${ownedEnd}, plus overlap_samples ${overlapSamples}${totalSamples === null ? "" : `, within total_samples ${totalSamples}`})`,
    );
  }
  // With total_samples unknown (follow mode) the last segment may be short.
  if (totalSamples !== null && end < ownedEnd) {
    throw invalid(
      "segment-covers",
      `body: ${samples} samples from ${start} end at ${end}, short of ${ownedEnd}: segment ${n} must hold every sample it owns`,
    );
  }
  return { start, samples };
}

/** An int16 segment's scale: a finite gain and offset for each channel. */
function checkScale(scale: readonly Int16Scale[], channelCount: number): void {
  if (scale.length !== channelCount)
    throw invalid(
      "segment-scale",
      `query.scale: ${scale.length} gain,offset pairs for the recording's ${channelCount} channels`,
    );
  const bad = scale.findIndex(({ gain, offset }) => !Number.isFinite(gain) || !Number.isFinite(offset));
  if (bad >= 0) throw invalid("segment-scale", `query.scale: channel ${bad}'s gain or offset is not finite`);
}

/** Each event's phases are distinct names of the recording's channels. */
export function checkPhases(channels: readonly ChannelWire[], events: readonly PhaseEventWire[]): void {
  const names = new Set(channels.map((channel) => channel.name));
  for (const [i, event] of events.entries()) {
    const seen = new Set<string>();
    for (const [j, phase] of event.phases.entries()) {
      if (!names.has(phase)) {
        throw invalid(
          "phases-are-channels",
          `body.events[${i}].phases[${j}]: ${JSON.stringify(phase)} is not a channel of this recording (${[...names].join(", ")})`,
        );
      }
      if (seen.has(phase))
        throw invalid(
          "phases-are-channels",
          `body.events[${i}].phases[${j}]: ${JSON.stringify(phase)} is listed twice`,
        );
      seen.add(phase);
    }
  }
}

/** One min and one max row per channel, all with the same number of finite buckets, min <= max. */
export function checkEnvelope(channelCount: number, envelope: EnvelopeInput): number {
  for (const side of ["min", "max"] as const) {
    if (envelope[side].length !== channelCount) {
      throw invalid(
        "envelope-shape",
        `body.envelope.${side}: expected one row per channel (${channelCount}), got ${envelope[side].length}`,
      );
    }
  }
  const buckets = envelope.min[0]!.length;
  for (let c = 0; c < channelCount; c++) {
    const [low, high] = [envelope.min[c]!, envelope.max[c]!];
    if (low.length !== buckets || high.length !== buckets) {
      throw invalid(
        "envelope-shape",
        `body.envelope: channel ${c} has ${low.length} min and ${high.length} max buckets; every row needs ${buckets}`,
      );
    }
    for (let b = 0; b < buckets; b++) {
      if (!Number.isFinite(low[b]!) || !Number.isFinite(high[b]!) || low[b]! > high[b]!) {
        throw invalid(
          "envelope-shape",
          `body.envelope: channel ${c} bucket ${b}: expected finite min <= max, got ${low[b]} and ${high[b]}`,
        );
      }
    }
  }
  return buckets;
}
