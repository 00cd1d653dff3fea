/**
 * The storage contract of recordings (issue 15): a recording's metadata, its segments (channel-major
 * little-endian float32 or int16 bytes, kept as sent with their packing), each segment's result (events + U_rms envelope) and the stitched
 * events. Both drivers implement `RecordingStorage`; it is reached as `storage.recordings` of the one storage
 * db/open-storage.ts opens, on the same database as the series. Rules that need the stored metadata (segment
 * ranges, channel names) are checked inside each write's transaction by db/recording-rules.ts, so both drivers
 * refuse the same writes with the same messages.
 */
import type { ChannelWire, PhaseEventWire } from "../lib/timeseries/recordings.ts";
import type { StoreRuleId } from "../lib/timeseries/rules.ts";
import type { SegmentPacking } from "../lib/timeseries/segment-bytes.ts";

export interface RecordingMetaInput {
  source: string;
  format: "comtrade" | "csv";
  channels: ChannelWire[];
  samplingRate: number;
  startTime: string | null;
  nominalVoltage: number;
  frequency: number;
  segmentSeconds: number;
  overlapSamples: number;
  totalSamples: number | null;
  segmentCount: number | null;
  complete: boolean;
  warnings: string[];
}

export interface RecordingRecord extends RecordingMetaInput {
  id: string;
  /** L = segmentSeconds × samplingRate: segment n owns samples [n·L, (n+1)·L). */
  segmentSamples: number;
  segmentsStored: number;
  segmentsDone: number;
  /** Stitched events stored; null until they are. */
  eventCount: number | null;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
}

export interface RecordingDetail extends RecordingRecord {
  events: PhaseEventWire[] | null;
  eventsProcessId: string | null;
}

export interface RecordingPatchInput {
  totalSamples?: number | null;
  segmentCount?: number | null;
  complete?: boolean;
}

export interface RecordingListPage {
  items: RecordingRecord[];
  /** `after` of the next page; null on the last. */
  next: number | null;
}

export interface PutSegmentInput {
  segment: number;
  /** Absolute index of the first sample in `bytes`; default n·L, the first sample the segment owns. */
  start?: number;
  /** Channel-major little-endian samples, channels × samples, packed as `packing` says. */
  bytes: Uint8Array;
  /** Default float32. */
  packing?: SegmentPacking;
}

export interface StoredSegment {
  segment: number;
  start: number;
  sampleCount: number;
  channelCount: number;
  bytes: Uint8Array;
  packing: SegmentPacking;
}

export interface EnvelopeInput {
  bucketSamples: number;
  /** Absolute index of the first bucket's first sample. */
  start: number;
  /** Per channel, one value per bucket. */
  min: Float64Array[];
  max: Float64Array[];
}

export interface SegmentResultInput {
  segment: number;
  processId: string;
  events: PhaseEventWire[];
  envelope: EnvelopeInput;
}

export interface StoredSegmentResult {
  segment: number;
  processId: string;
  events: PhaseEventWire[];
  /** Only when asked for (`segmentResults(id, { envelope: true })`). */
  envelope?: EnvelopeInput;
}

export interface RecordingEventsInput {
  processId: string;
  events: PhaseEventWire[];
}

export type RecordingRefusal = "unknown-recording" | "unknown-segment" | "invalid";

/** A write refused for what is stored (or not stored): the routes answer 404 or 422 with the message. */
export class RecordingStorageError extends Error {
  override name = "RecordingStorageError";
  constructor(
    readonly reason: RecordingRefusal,
    message: string,
    /** The contract rule an "invalid" refusal enforces (lib/timeseries/rules.ts). */
    readonly rule?: StoreRuleId,
  ) {
    super(message);
  }
}

export interface RecordingStorage {
  /** Creates the recording, or replaces it: its old segments, results and events go in the same transaction. */
  put(id: string, meta: RecordingMetaInput): Promise<{ created: boolean; recording: RecordingRecord }>;
  /** Follow mode finishing: sets what is given; null when the id is unknown. */
  patch(id: string, change: RecordingPatchInput): Promise<RecordingRecord | null>;
  get(id: string): Promise<RecordingDetail | null>;
  /** A page in creation order; `next` is the `after` of the following page. */
  list(options: { limit: number; after?: number }): Promise<RecordingListPage>;
  /** Deletes the recording with everything stored for it; false when the id is unknown. */
  remove(id: string): Promise<boolean>;
  /** Stores (or replaces, dropping that segment's result) one segment; created is false on a replace. */
  putSegment(id: string, segment: PutSegmentInput): Promise<{ created: boolean }>;
  /** null when the recording or the segment is not stored. */
  getSegment(id: string, segment: number): Promise<StoredSegment | null>;
  /** The stored segments numbered first..last (inclusive), in order; missing ones are left out. */
  segmentsBetween(id: string, first: number, last: number): Promise<StoredSegment[]>;
  /** Stores (or replaces) a stored segment's result. */
  putSegmentResult(id: string, result: SegmentResultInput): Promise<{ created: boolean }>;
  /** Every stored result in segment order; null when the id is unknown. */
  segmentResults(id: string, options: { envelope: boolean }): Promise<StoredSegmentResult[] | null>;
  /** Stores (replaces) the stitched events; null when the id is unknown. */
  putEvents(id: string, input: RecordingEventsInput): Promise<RecordingRecord | null>;
}
