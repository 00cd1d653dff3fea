/**
 * The two recording jobs an executor runs, against the store: detect one segment (read its samples, store its
 * events and envelope) and stitch a recording (read every segment's events, store the recording's).
 */
import {
  type Recording,
  type RecordingsClient,
  type SegmentSamples,
  TimeSeriesApiError,
} from "../timeseries/index.ts";
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
  const [recording, samples] = await Promise.all([store.get(id), storedSegment(store, id, segment)]);
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

/** How long a detection waits for its segment (ingest submits the workflow while it still uploads). */
export const SEGMENT_WAIT_MS = 30_000;

async function storedSegment(store: RecordingsClient, id: string, segment: number): Promise<SegmentSamples> {
  const deadline = Date.now() + SEGMENT_WAIT_MS;
  for (let delay = 20; ; delay = Math.min(1000, delay * 2)) {
    try {
      return await store.getSegment(id, segment);
    } catch (error) {
      const notYet = error instanceof TimeSeriesApiError && error.status === 404;
      if (!notYet || Date.now() + delay > deadline) throw error;
      await Bun.sleep(delay);
    }
  }
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
