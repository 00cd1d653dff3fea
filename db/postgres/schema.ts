/**
 * PostgreSQL schema of the store: the same two tables as db/sqlite/schema.ts, so both backends answer alike.
 * Metadata and points live apart so listing 10,000 series reads only the small rows; values are the same
 * little-endian Float64 bytes (db/point-codec.ts) in a bytea column.
 */
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

export const series = pgTable(
  "series",
  {
    /** Insertion order (a sequence, never reused): list order and pagination cursor. */
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    tsId: text("ts_id").notNull().unique(),
    processId: text("process_id").notNull(),
    anomaly: boolean("anomaly").notNull(),
    klDivergence: doublePrecision("kl_divergence"),
    /** JSON array of the last verdict's events as sent (text, not jsonb: kept byte for byte, keys in order). */
    events: text("events"),
    /** Those events' kinds, one per event (null: no event list): the list's `event_kind` filter reads this. */
    eventKinds: text("event_kinds").array(),
    pointCount: integer("point_count").notNull(),
    /** Epoch milliseconds. */
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (table) => [index("series_anomaly_seq").on(table.anomaly, table.seq)],
);

export const seriesPoints = pgTable("series_points", {
  seq: bigint("seq", { mode: "number" })
    .primaryKey()
    .references(() => series.seq, { onDelete: "cascade" }),
  /** JSON array of the caller's time strings, kept exactly as sent. */
  times: text("times").notNull(),
  /** The values as IEEE-754 doubles in little-endian byte order, 8 bytes per point. */
  values: bytea("values").notNull(),
});

/** Recordings (issue 15): the same three tables as db/sqlite/schema.ts; JSON as text, samples as bytea. */
export const recordings = pgTable("recordings", {
  /** Creation order (never reused): list order and pagination cursor; the child tables key on it. */
  seq: bigserial("seq", { mode: "number" }).primaryKey(),
  id: text("id").notNull().unique(),
  source: text("source").notNull(),
  format: text("format").notNull(),
  /** JSON array of the channels, in the order of a segment's bytes. */
  channels: text("channels").notNull(),
  samplingRate: doublePrecision("sampling_rate").notNull(),
  startTime: text("start_time"),
  nominalVoltage: doublePrecision("nominal_voltage").notNull(),
  frequency: doublePrecision("frequency").notNull(),
  segmentSeconds: doublePrecision("segment_seconds").notNull(),
  segmentSamples: integer("segment_samples").notNull(),
  overlapSamples: integer("overlap_samples").notNull(),
  totalSamples: bigint("total_samples", { mode: "number" }),
  segmentCount: integer("segment_count"),
  complete: boolean("complete").notNull(),
  /** JSON array of strings. */
  warnings: text("warnings").notNull(),
  /** JSON array of the stitched events as stored (null: not stitched yet). */
  events: text("events"),
  eventsProcessId: text("events_process_id"),
  eventCount: integer("event_count"),
  /** Epoch milliseconds. */
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
  updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
});

export const recordingSegments = pgTable(
  "recording_segments",
  {
    recordingSeq: bigint("recording_seq", { mode: "number" })
      .notNull()
      .references(() => recordings.seq, { onDelete: "cascade" }),
    segment: integer("segment").notNull(),
    startSample: bigint("start_sample", { mode: "number" }).notNull(),
    sampleCount: integer("sample_count").notNull(),
    /** Channel-major little-endian bytes, exactly as sent, packed as `encoding` says. */
    samples: bytea("samples").notNull(),
    /** "float32", or "int16" with `scale`. */
    encoding: text("encoding").notNull().default("float32"),
    /** int16 only: JSON [gain, offset, ...], one pair per channel (value = gain·raw + offset). */
    scale: text("scale"),
  },
  (table) => [primaryKey({ columns: [table.recordingSeq, table.segment] })],
);

export const segmentResults = pgTable(
  "segment_results",
  {
    recordingSeq: bigint("recording_seq", { mode: "number" }).notNull(),
    segment: integer("segment").notNull(),
    processId: text("process_id").notNull(),
    /** JSON array of the segment's events (seconds from the recording's first sample). */
    events: text("events").notNull(),
    bucketSamples: integer("bucket_samples").notNull(),
    envelopeStart: bigint("envelope_start", { mode: "number" }).notNull(),
    bucketCount: integer("bucket_count").notNull(),
    /** Channel-major little-endian Float64 (db/point-codec.ts), channels × buckets. */
    envelopeMin: bytea("envelope_min").notNull(),
    envelopeMax: bytea("envelope_max").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.recordingSeq, table.segment] }),
    // A result goes with its segment (replacing a segment deletes its result explicitly).
    foreignKey({
      columns: [table.recordingSeq, table.segment],
      foreignColumns: [recordingSegments.recordingSeq, recordingSegments.segment],
    }).onDelete("cascade"),
  ],
);
