/**
 * The recordings storage, written once for both drivers: each method is a sequence of SQL steps (a generator
 * that yields a query and gets its rows back), and each driver supplies only how a sequence runs: bun:sqlite
 * runs it synchronously inside one transaction, PostgreSQL awaits each step inside `BEGIN ... COMMIT`. The SQL
 * is the subset both dialects share (`$name` parameters, `ON CONFLICT`, `RETURNING`); a step that reads the
 * row its writes depend on asks for a row lock, which only PostgreSQL needs (SQLite writers are serial).
 */
import type { PhaseEventWire } from "../lib/timeseries/recordings.ts";
import { FLOAT32_PACKING, type SegmentPacking, sampleBytes } from "../lib/timeseries/segment-bytes.ts";
import { decodeValues, encodeValues } from "./point-codec.ts";
import { checkEnvelope, checkExtent, checkMeta, checkPhases, checkSegment } from "./recording-rules.ts";
import {
  type EnvelopeInput,
  type PutSegmentInput,
  type RecordingDetail,
  type RecordingEventsInput,
  type RecordingListPage,
  type RecordingMetaInput,
  type RecordingPatchInput,
  type RecordingRecord,
  type RecordingStorage,
  RecordingStorageError,
  type SegmentResultInput,
  type StoredSegment,
  type StoredSegmentResult,
} from "./recording-storage.ts";

export type Bindable = string | number | boolean | null | Uint8Array;

export interface Query {
  /** SQL with `$name` parameters. */
  sql: string;
  params: Record<string, Bindable>;
  /** PostgreSQL: `FOR SHARE` / `FOR UPDATE` on the rows read (the transaction's later writes rely on them). */
  lock?: "share" | "update";
}

export type Row = Record<string, unknown>;
export type Steps<T> = Generator<Query, T, Row[]>;

/** How a driver runs a sequence of steps: `transaction` makes the whole sequence one transaction. */
export interface StepRunner {
  run<T>(steps: Steps<T>, options: { transaction: boolean }): Promise<T>;
}

const q = (sql: string, params: Record<string, Bindable> = {}, lock?: Query["lock"]): Query => ({
  sql,
  params,
  lock,
});

const RECORD = `r.seq, r.id, r.source, r.format, r.channels, r.sampling_rate, r.start_time, r.nominal_voltage,
  r.frequency, r.segment_seconds, r.segment_samples, r.overlap_samples, r.total_samples, r.segment_count,
  r.complete, r.warnings, r.event_count, r.created_at, r.updated_at,
  (SELECT count(*) FROM recording_segments s WHERE s.recording_seq = r.seq) AS segments_stored,
  (SELECT count(*) FROM segment_results x WHERE x.recording_seq = r.seq) AS segments_done`;

const META_COLUMNS = `source, format, channels, sampling_rate, start_time, nominal_voltage, frequency,
  segment_seconds, segment_samples, overlap_samples, total_samples, segment_count, complete, warnings`;
const META_VALUES = `$source, $format, $channels, $samplingRate, $startTime, $nominalVoltage, $frequency,
  $segmentSeconds, $segmentSamples, $overlapSamples, $totalSamples, $segmentCount, $complete, $warnings`;

/** What a write checks its input against: the recording's row, read (and locked) in the same transaction. */
const LOOKUP = `SELECT seq, channels, segment_samples, overlap_samples, total_samples, segment_count
  FROM recordings WHERE id = $id`;

// PostgreSQL hands int8 and count(*) back as strings; SQLite booleans are 0/1.
const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null => (value === null ? null : Number(value));

function toRecord(row: Row): RecordingRecord {
  return {
    id: row.id as string,
    source: row.source as string,
    format: row.format as RecordingRecord["format"],
    channels: JSON.parse(row.channels as string),
    samplingRate: num(row.sampling_rate),
    startTime: row.start_time as string | null,
    nominalVoltage: num(row.nominal_voltage),
    frequency: num(row.frequency),
    segmentSeconds: num(row.segment_seconds),
    segmentSamples: num(row.segment_samples),
    overlapSamples: num(row.overlap_samples),
    totalSamples: numOrNull(row.total_samples),
    segmentCount: numOrNull(row.segment_count),
    complete: Boolean(row.complete),
    warnings: JSON.parse(row.warnings as string),
    segmentsStored: num(row.segments_stored),
    segmentsDone: num(row.segments_done),
    eventCount: numOrNull(row.event_count),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function metaParams(meta: RecordingMetaInput, segmentSamples: number): Record<string, Bindable> {
  return {
    source: meta.source,
    format: meta.format,
    channels: JSON.stringify(meta.channels),
    samplingRate: meta.samplingRate,
    startTime: meta.startTime,
    nominalVoltage: meta.nominalVoltage,
    frequency: meta.frequency,
    segmentSeconds: meta.segmentSeconds,
    segmentSamples,
    overlapSamples: meta.overlapSamples,
    totalSamples: meta.totalSamples,
    segmentCount: meta.segmentCount,
    complete: meta.complete,
    warnings: JSON.stringify(meta.warnings),
  };
}

function unknownRecording(id: string): RecordingStorageError {
  return new RecordingStorageError("unknown-recording", `Recording '${id}' not found.`);
}

interface Lookup {
  seq: number;
  channelCount: number;
  channels: RecordingMetaInput["channels"];
  segmentSamples: number;
  overlapSamples: number;
  totalSamples: number | null;
  segmentCount: number | null;
}

function* lookup(id: string, lock: Query["lock"]): Steps<Lookup> {
  const [row] = yield q(LOOKUP, { id }, lock);
  if (!row) throw unknownRecording(id);
  const channels = JSON.parse(row.channels as string) as RecordingMetaInput["channels"];
  return {
    seq: num(row.seq),
    channels,
    channelCount: channels.length,
    segmentSamples: num(row.segment_samples),
    overlapSamples: num(row.overlap_samples),
    totalSamples: numOrNull(row.total_samples),
    segmentCount: numOrNull(row.segment_count),
  };
}

function* recordBySeq(seq: number): Steps<RecordingRecord> {
  const [row] = yield q(`SELECT ${RECORD} FROM recordings r WHERE r.seq = $seq`, { seq });
  return toRecord(row!);
}

function* putRecording(
  id: string,
  meta: RecordingMetaInput,
  now: number,
): Steps<{ created: boolean; recording: RecordingRecord }> {
  const segmentSamples = checkMeta(meta);
  const params = { ...metaParams(meta, segmentSamples), id, now };
  let [existing] = yield q("SELECT seq FROM recordings WHERE id = $id", { id }, "update");
  if (!existing) {
    const [inserted] = yield q(
      `INSERT INTO recordings (id, ${META_COLUMNS}, created_at, updated_at) VALUES ($id, ${META_VALUES}, $now, $now)
       ON CONFLICT (id) DO NOTHING RETURNING seq`,
      params,
    );
    if (inserted) return { created: true, recording: yield* recordBySeq(num(inserted.seq)) };
    // Another instance created it between our read and our insert: replace theirs.
    [existing] = yield q("SELECT seq FROM recordings WHERE id = $id", { id }, "update");
  }
  const seq = num(existing!.seq);
  yield q(
    `UPDATE recordings SET (${META_COLUMNS}, events, events_process_id, event_count, updated_at) =
       (${META_VALUES}, NULL, NULL, NULL, $now) WHERE seq = $seq`,
    { ...metaParams(meta, segmentSamples), now, seq },
  );
  // Results go with their segments (foreign key, on delete cascade).
  yield q("DELETE FROM recording_segments WHERE recording_seq = $seq", { seq });
  return { created: false, recording: yield* recordBySeq(seq) };
}

function* patchRecording(
  id: string,
  change: RecordingPatchInput,
  now: number,
): Steps<RecordingRecord | null> {
  const [row] = yield q(`SELECT ${RECORD} FROM recordings r WHERE r.id = $id`, { id }, "update");
  if (!row) return null;
  const current = toRecord(row);
  const next: RecordingMetaInput = {
    ...current,
    ...(change.totalSamples !== undefined && { totalSamples: change.totalSamples }),
    ...(change.segmentCount !== undefined && { segmentCount: change.segmentCount }),
    ...(change.complete !== undefined && { complete: change.complete }),
  };
  checkMeta(next);
  const seq = num(row.seq);
  const [extent] = yield q(
    `SELECT max(segment) AS last_segment, max(start_sample + sample_count) AS last_end
     FROM recording_segments WHERE recording_seq = $seq`,
    { seq },
  );
  checkExtent(next, {
    lastSegment: numOrNull(extent?.last_segment ?? null),
    lastSampleEnd: numOrNull(extent?.last_end ?? null),
  });
  yield q(
    `UPDATE recordings SET total_samples = $totalSamples, segment_count = $segmentCount, complete = $complete,
       updated_at = $now WHERE seq = $seq`,
    { totalSamples: next.totalSamples, segmentCount: next.segmentCount, complete: next.complete, now, seq },
  );
  return yield* recordBySeq(seq);
}

function* getRecording(id: string): Steps<RecordingDetail | null> {
  const [row] = yield q(
    `SELECT ${RECORD}, r.events, r.events_process_id FROM recordings r WHERE r.id = $id`,
    {
      id,
    },
  );
  if (!row) return null;
  return {
    ...toRecord(row),
    events: row.events === null ? null : (JSON.parse(row.events as string) as PhaseEventWire[]),
    eventsProcessId: row.events_process_id as string | null,
  };
}

function* listRecordings(limit: number, after: number): Steps<RecordingListPage> {
  const rows = yield q(
    `SELECT ${RECORD} FROM recordings r WHERE r.seq > $after ORDER BY r.seq LIMIT $limit`,
    {
      after,
      limit: limit + 1,
    },
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(toRecord), next: more ? num(page[page.length - 1]!.seq) : null };
}

function* removeRecording(id: string): Steps<boolean> {
  const rows = yield q("DELETE FROM recordings WHERE id = $id RETURNING seq", { id });
  return rows.length > 0;
}

function* putSegment(id: string, input: PutSegmentInput): Steps<{ created: boolean }> {
  const recording = yield* lookup(id, "share");
  const { start, samples: sampleCount } = checkSegment(id, recording, input);
  const key = { seq: recording.seq, segment: input.segment };
  const [existing] = yield q(
    "SELECT 1 AS stored FROM recording_segments WHERE recording_seq = $seq AND segment = $segment",
    key,
  );
  // The old samples' result no longer describes the new ones.
  if (existing) yield q("DELETE FROM segment_results WHERE recording_seq = $seq AND segment = $segment", key);
  yield q(
    `INSERT INTO recording_segments (recording_seq, segment, start_sample, sample_count, samples, encoding, scale)
     VALUES ($seq, $segment, $start, $sampleCount, $samples, $encoding, $scale)
     ON CONFLICT (recording_seq, segment) DO UPDATE SET start_sample = excluded.start_sample,
       sample_count = excluded.sample_count, samples = excluded.samples, encoding = excluded.encoding,
       scale = excluded.scale`,
    { ...key, start, sampleCount, samples: input.bytes, ...packingColumns(input.packing ?? FLOAT32_PACKING) },
  );
  return { created: !existing };
}

/** An int16 segment's scale is kept as JSON `[gain, offset, ...]` (numbers round-trip exactly). */
function packingColumns(packing: SegmentPacking): { encoding: string; scale: string | null } {
  if (packing.encoding === "float32") return { encoding: "float32", scale: null };
  return { encoding: "int16", scale: JSON.stringify(packing.scale.flatMap((s) => [s.gain, s.offset])) };
}

function packingOf(row: Row): SegmentPacking {
  if (row.encoding !== "int16") return FLOAT32_PACKING;
  const numbers = JSON.parse(String(row.scale)) as number[];
  const scale = Array.from({ length: numbers.length / 2 }, (_, c) => ({
    gain: numbers[2 * c] as number,
    offset: numbers[2 * c + 1] as number,
  }));
  return { encoding: "int16", scale };
}

const SEGMENT = `SELECT s.segment, s.start_sample, s.sample_count, s.samples, s.encoding, s.scale
  FROM recording_segments s JOIN recordings r ON r.seq = s.recording_seq WHERE r.id = $id`;

function toSegment(row: Row): StoredSegment {
  const bytes = row.samples as Uint8Array;
  const sampleCount = num(row.sample_count);
  const packing = packingOf(row);
  return {
    segment: num(row.segment),
    start: num(row.start_sample),
    sampleCount,
    channelCount: bytes.byteLength / sampleBytes(packing.encoding) / sampleCount,
    bytes,
    packing,
  };
}

function* getSegment(id: string, segment: number): Steps<StoredSegment | null> {
  const [row] = yield q(`${SEGMENT} AND s.segment = $segment`, { id, segment });
  return row ? toSegment(row) : null;
}

function* segmentsBetween(id: string, first: number, last: number): Steps<StoredSegment[]> {
  const rows = yield q(`${SEGMENT} AND s.segment >= $first AND s.segment <= $last ORDER BY s.segment`, {
    id,
    first,
    last,
  });
  return rows.map(toSegment);
}

/** Channel-major Float64 bytes of an envelope side. */
function encodeRows(rows: readonly Float64Array[], buckets: number): Uint8Array {
  const all = new Float64Array(rows.length * buckets);
  for (const [c, row] of rows.entries()) all.set(row, c * buckets);
  return encodeValues(all);
}

function decodeRows(blob: Uint8Array, channels: number, buckets: number): Float64Array[] {
  const all = decodeValues(blob);
  return Array.from({ length: channels }, (_, c) => all.subarray(c * buckets, (c + 1) * buckets));
}

function* putSegmentResult(id: string, result: SegmentResultInput): Steps<{ created: boolean }> {
  const recording = yield* lookup(id, "share");
  const key = { seq: recording.seq, segment: result.segment };
  const [segment] = yield q(
    "SELECT 1 AS stored FROM recording_segments WHERE recording_seq = $seq AND segment = $segment",
    key,
    "share",
  );
  if (!segment) {
    throw new RecordingStorageError(
      "unknown-segment",
      `Segment ${result.segment} of recording '${id}' is not stored; PUT the segment before its result.`,
    );
  }
  checkPhases(recording.channels, result.events);
  const buckets = checkEnvelope(recording.channelCount, result.envelope);
  const [existing] = yield q(
    "SELECT 1 AS stored FROM segment_results WHERE recording_seq = $seq AND segment = $segment",
    key,
  );
  yield q(
    `INSERT INTO segment_results (recording_seq, segment, process_id, events, bucket_samples, envelope_start,
       bucket_count, envelope_min, envelope_max)
     VALUES ($seq, $segment, $processId, $events, $bucketSamples, $envelopeStart, $bucketCount, $min, $max)
     ON CONFLICT (recording_seq, segment) DO UPDATE SET process_id = excluded.process_id,
       events = excluded.events, bucket_samples = excluded.bucket_samples,
       envelope_start = excluded.envelope_start, bucket_count = excluded.bucket_count,
       envelope_min = excluded.envelope_min, envelope_max = excluded.envelope_max`,
    {
      ...key,
      processId: result.processId,
      events: JSON.stringify(result.events),
      bucketSamples: result.envelope.bucketSamples,
      envelopeStart: result.envelope.start,
      bucketCount: buckets,
      min: encodeRows(result.envelope.min, buckets),
      max: encodeRows(result.envelope.max, buckets),
    },
  );
  return { created: !existing };
}

function* segmentResults(id: string, withEnvelope: boolean): Steps<StoredSegmentResult[] | null> {
  const [row] = yield q(LOOKUP, { id });
  if (!row) return null;
  const channelCount = (JSON.parse(row.channels as string) as unknown[]).length;
  const envelopeColumns = withEnvelope
    ? ", bucket_samples, envelope_start, bucket_count, envelope_min, envelope_max"
    : "";
  const rows = yield q(
    `SELECT segment, process_id, events${envelopeColumns} FROM segment_results
     WHERE recording_seq = $seq ORDER BY segment`,
    { seq: num(row.seq) },
  );
  return rows.map((result) => {
    const stored: StoredSegmentResult = {
      segment: num(result.segment),
      processId: result.process_id as string,
      events: JSON.parse(result.events as string) as PhaseEventWire[],
    };
    if (withEnvelope) {
      const buckets = num(result.bucket_count);
      const envelope: EnvelopeInput = {
        bucketSamples: num(result.bucket_samples),
        start: num(result.envelope_start),
        min: decodeRows(result.envelope_min as Uint8Array, channelCount, buckets),
        max: decodeRows(result.envelope_max as Uint8Array, channelCount, buckets),
      };
      stored.envelope = envelope;
    }
    return stored;
  });
}

function* putEvents(id: string, input: RecordingEventsInput, now: number): Steps<RecordingRecord | null> {
  const [row] = yield q(LOOKUP, { id }, "update");
  if (!row) return null;
  checkPhases(JSON.parse(row.channels as string), input.events);
  const seq = num(row.seq);
  yield q(
    `UPDATE recordings SET events = $events, events_process_id = $processId, event_count = $eventCount,
       updated_at = $now WHERE seq = $seq`,
    {
      events: JSON.stringify(input.events),
      processId: input.processId,
      eventCount: input.events.length,
      now,
      seq,
    },
  );
  return yield* recordBySeq(seq);
}

/** The RecordingStorage of a driver, given how that driver runs a sequence of steps. */
export class SqlRecordingStorage implements RecordingStorage {
  readonly #runner: StepRunner;

  constructor(runner: StepRunner) {
    this.#runner = runner;
  }

  put(id: string, meta: RecordingMetaInput) {
    return this.#runner.run(putRecording(id, meta, Date.now()), { transaction: true });
  }
  patch(id: string, change: RecordingPatchInput) {
    return this.#runner.run(patchRecording(id, change, Date.now()), { transaction: true });
  }
  get(id: string) {
    return this.#runner.run(getRecording(id), { transaction: false });
  }
  list({ limit, after = 0 }: { limit: number; after?: number }) {
    return this.#runner.run(listRecordings(limit, after), { transaction: false });
  }
  remove(id: string) {
    return this.#runner.run(removeRecording(id), { transaction: true });
  }
  putSegment(id: string, segment: PutSegmentInput) {
    return this.#runner.run(putSegment(id, segment), { transaction: true });
  }
  getSegment(id: string, segment: number) {
    return this.#runner.run(getSegment(id, segment), { transaction: false });
  }
  segmentsBetween(id: string, first: number, last: number) {
    return this.#runner.run(segmentsBetween(id, first, last), { transaction: false });
  }
  putSegmentResult(id: string, result: SegmentResultInput) {
    return this.#runner.run(putSegmentResult(id, result), { transaction: true });
  }
  segmentResults(id: string, options: { envelope: boolean }) {
    return this.#runner.run(segmentResults(id, options.envelope), { transaction: true });
  }
  putEvents(id: string, input: RecordingEventsInput) {
    return this.#runner.run(putEvents(id, input, Date.now()), { transaction: true });
  }
}
