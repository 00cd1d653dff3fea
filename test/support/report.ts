/**
 * A recording for the report tests, worked out by hand: three phases at 1 kHz, 2.5 s (segments of 1 s), nominal
 * 230 V, starting 2026-01-05T10:00:00.000000. Its U_rms(1/2) envelope is 230 V everywhere (buckets of 100
 * samples) except a dip on L1 to 172.5 V (75 %) over 0.3-0.45 s and a swell on L2 and L3 to 287.5 V (125 %) over
 * 1.5-1.6 s; its stitched events are those two.
 */

import type {
  EnvelopeWire,
  PhaseEventWire,
  Recording,
  RecordingMeta,
} from "../../lib/timeseries/recordings.ts";
import type { RecordingsClient } from "../../lib/timeseries/recordings-client.ts";
import { PHASES, samplesAt, threePhaseMeta } from "./recordings.ts";

export const REPORT_EVENTS: PhaseEventWire[] = [
  {
    kind: "dip",
    start_s: 0.3,
    end_s: 0.45,
    duration_s: 0.15,
    residual_v: 172.5,
    residual_pct: 75,
    cut: false,
    phases: ["L1"],
  },
  {
    kind: "swell",
    start_s: 1.5,
    end_s: 1.6,
    duration_s: 0.1,
    residual_v: 287.5,
    residual_pct: 125,
    cut: false,
    phases: ["L2", "L3"],
  },
];

const BUCKET = 100;

/** Segment n's envelope: buckets of 100 samples over what it owns (the last segment owns 500 samples). */
export function reportEnvelope(segment: number): EnvelopeWire {
  const start = segment * 1000;
  const buckets = segment === 2 ? 5 : 10;
  const row = (channel: number, high: boolean) =>
    Array.from({ length: buckets }, (_, b) => {
      const first = start + b * BUCKET;
      // The dip covers buckets 300-399 and 400-499 of L1, the swell bucket 1500-1599 of L2 and L3.
      if (channel === 0 && first >= 300 && first < 500) return high ? 229 : 172.5;
      if (channel > 0 && first === 1500) return high ? 287.5 : 231;
      return high ? 231 : 229;
    });
  return {
    bucket_samples: BUCKET,
    start,
    min: PHASES.map((_, c) => row(c, false)),
    max: PHASES.map((_, c) => row(c, true)),
  };
}

/** Stores the recording with its segments, each segment's result and the stitched events. */
export async function storeReportRecording(
  client: RecordingsClient,
  id: string,
  meta: Partial<RecordingMeta> = {},
): Promise<void> {
  await client.put(id, threePhaseMeta(meta));
  const lengths = [1020, 1020, 500];
  for (const [n, length] of lengths.entries()) {
    await client.putSegment(id, n, samplesAt(n * 1000, length));
    const events = REPORT_EVENTS.filter((e) => Math.floor(e.start_s) === n);
    await client.putSegmentResult(id, n, { process_id: `p-${n}`, events, envelope: reportEnvelope(n) });
  }
  await client.putEvents(id, "p-stitch", REPORT_EVENTS);
}

/** GET /recordings/{id} as the store would answer it, without a store. */
export function recordingWire(
  meta: Partial<RecordingMeta> = {},
  events: PhaseEventWire[] | null = REPORT_EVENTS,
): Recording {
  const full = threePhaseMeta(meta);
  return {
    id: "rec",
    ...full,
    segment_samples: 1000,
    segments_stored: 3,
    segments_done: 3,
    event_count: events?.length ?? null,
    created_at: "2026-12-04T01:00:00.000Z",
    updated_at: "2026-12-04T01:00:00.000Z",
    events,
    events_process_id: events === null ? null : "p-stitch",
  };
}
