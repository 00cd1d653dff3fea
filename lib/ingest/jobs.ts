/**
 * The two recording jobs an executor runs, against the store: detect one segment (read its samples, store its
 * events and envelope) and stitch a recording (read every segment's events, store the recording's).
 */
import type { Recording, RecordingsClient } from "../timeseries/index.ts";
import { detectSegment, recordingRmsSettings } from "./detect-segment.ts";
import { type SegmentLayout, segmentLayout } from "./layout.ts";
import { stitchEvents } from "./stitch.ts";

export function layoutOf(
  recording: Pick<Recording, "sampling_rate" | "frequency" | "segment_seconds" | "total_samples">,
): SegmentLayout {
  return segmentLayout(
    recording.sampling_rate,
    recording.frequency,
    recording.segment_seconds,
    recording.total_samples,
  );
}

export interface SegmentOutcome {
  recording: string;
  segment: number;
  events: number;
}

export async function runDetectSegment(
  store: RecordingsClient,
  id: string,
  segment: number,
  processId: string,
): Promise<SegmentOutcome> {
  const [recording, samples] = await Promise.all([store.get(id), store.getSegment(id, segment)]);
  const { events, envelope } = detectSegment(
    samples.channels,
    samples.start,
    segment,
    layoutOf(recording),
    recordingRmsSettings({
      samplingRate: recording.sampling_rate,
      frequency: recording.frequency,
      nominalVoltage: recording.nominal_voltage,
    }),
    recording.channels.map((c) => c.name),
  );
  await store.putSegmentResult(id, segment, { process_id: processId, events, envelope });
  return { recording: id, segment, events: events.length };
}

export interface StitchOutcome {
  recording: string;
  segments: number;
  events: number;
}

export async function runStitch(
  store: RecordingsClient,
  id: string,
  processId: string,
): Promise<StitchOutcome> {
  const [recording, results] = await Promise.all([store.get(id), store.results(id)]);
  const events = stitchEvents(results, layoutOf(recording));
  await store.putEvents(id, processId, events);
  return { recording: id, segments: results.length, events: events.length };
}
