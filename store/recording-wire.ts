/** Stored recordings as the store's JSON replies (snake_case wire, ISO times). */
import type {
  EnvelopeInput,
  RecordingDetail,
  RecordingRecord,
  StoredSegmentResult,
} from "../db/recording-storage.ts";
import type {
  EnvelopeWire,
  Recording,
  RecordingSummary,
  StoredSegmentResult as StoredSegmentResultWire,
} from "../lib/timeseries/recordings.ts";

export function recordingSummary(record: RecordingRecord): RecordingSummary {
  return {
    id: record.id,
    source: record.source,
    format: record.format,
    channels: record.channels,
    sampling_rate: record.samplingRate,
    start_time: record.startTime,
    nominal_voltage: record.nominalVoltage,
    frequency: record.frequency,
    segment_seconds: record.segmentSeconds,
    overlap_samples: record.overlapSamples,
    total_samples: record.totalSamples,
    segment_count: record.segmentCount,
    complete: record.complete,
    warnings: record.warnings,
    segment_samples: record.segmentSamples,
    segments_stored: record.segmentsStored,
    segments_done: record.segmentsDone,
    event_count: record.eventCount,
    created_at: new Date(record.createdAt).toISOString(),
    updated_at: new Date(record.updatedAt).toISOString(),
  };
}

export function recordingJson(detail: RecordingDetail): Recording {
  return { ...recordingSummary(detail), events: detail.events, events_process_id: detail.eventsProcessId };
}

function envelopeWire(envelope: EnvelopeInput): EnvelopeWire {
  return {
    bucket_samples: envelope.bucketSamples,
    start: envelope.start,
    min: envelope.min.map((row) => Array.from(row)),
    max: envelope.max.map((row) => Array.from(row)),
  };
}

export function segmentResultWire(result: StoredSegmentResult): StoredSegmentResultWire {
  const wire: StoredSegmentResultWire = {
    segment: result.segment,
    process_id: result.processId,
    events: result.events,
  };
  if (result.envelope) wire.envelope = envelopeWire(result.envelope);
  return wire;
}
