/**
 * One segment's share of the work (pure): its events, in seconds from the recording's first sample, and the
 * envelope of U_rms(1/2) per channel over the samples it owns, for the report's picture.
 */
import { type PhaseEvent, PolyphaseRmsDetector, RMS_DEFAULTS, type RmsSettings } from "../signal/index.ts";
import type { EnvelopeWire, PhaseEventWire } from "../timeseries/recordings.ts";
import { ownedRange, type SegmentLayout } from "./layout.ts";

/** Envelope buckets: 100 ms, so a day at any rate has at most 864,000 of them. */
export const BUCKET_SECONDS = 0.1;

export interface RecordingElectrical {
  samplingRate: number;
  frequency: number;
  nominalVoltage: number;
}

export function recordingRmsSettings(r: RecordingElectrical): RmsSettings {
  return {
    samplingRate: r.samplingRate,
    frequency: r.frequency,
    referenceVoltage: r.nominalVoltage,
    ...RMS_DEFAULTS,
  };
}

export function bucketSamples(samplingRate: number): number {
  return Math.max(1, Math.round(samplingRate * BUCKET_SECONDS));
}

export interface SegmentDetection {
  events: PhaseEventWire[];
  envelope: EnvelopeWire;
}

export function detectSegment(
  channels: readonly Float32Array[],
  start: number,
  index: number,
  layout: SegmentLayout,
  settings: RmsSettings,
  channelNames: string[],
): SegmentDetection {
  const owned = ownedRange(layout, index);
  const bucket = bucketSamples(layout.samplingRate);
  const buckets = Math.max(0, Math.ceil((owned.end - owned.start) / bucket));
  const min = channelNames.map(() => new Array<number>(buckets).fill(Number.POSITIVE_INFINITY));
  const max = channelNames.map(() => new Array<number>(buckets).fill(Number.NEGATIVE_INFINITY));
  const detector = new PolyphaseRmsDetector(settings, channelNames, {
    onRms(channel, sampleIndex, rmsV) {
      const at = start + sampleIndex;
      if (at < owned.start || at >= owned.end) return;
      const b = Math.floor((at - owned.start) / bucket);
      const low = min[channel] as number[];
      const high = max[channel] as number[];
      if (rmsV < (low[b] as number)) low[b] = rmsV;
      if (rmsV > (high[b] as number)) high[b] = rmsV;
    },
  });
  const events = detector.push(channels);
  events.push(...detector.finish());
  const offset = start / layout.samplingRate;
  return {
    events: events.map((event) => shifted(event, offset)),
    envelope: { bucket_samples: bucket, start: owned.start, min: fillGaps(min), max: fillGaps(max) },
  };
}

function shifted(event: PhaseEvent, offset: number): PhaseEventWire {
  const start_s = event.start_s + offset;
  const end_s = event.end_s + offset;
  return {
    ...event,
    kind: event.kind as PhaseEventWire["kind"],
    start_s,
    end_s,
    duration_s: end_s - start_s,
  };
}

/** A bucket no refresh fell in (shorter than half a cycle at the end) takes its neighbour's values. */
function fillGaps(rows: number[][]): number[][] {
  return rows.map((row) => {
    const out = [...row];
    for (let i = 0; i < out.length; i++) {
      if (Number.isFinite(out[i])) continue;
      const near = out[i - 1] ?? row.find((v) => Number.isFinite(v));
      out[i] = Number.isFinite(near) ? (near as number) : 0;
    }
    return out;
  });
}
