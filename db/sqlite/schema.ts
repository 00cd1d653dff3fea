/**
 * SQLite schema of the storage. Metadata and points live in separate tables so listing 10,000 series scans only the small
 * metadata rows; the points of one series are one row (times as JSON text, values as a Float64 blob).
 */
import {
  blob,
  foreignKey,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
} from "drizzle-orm/sqlite-core";

export const series = sqliteTable(
  "series",
  {
    /** Insertion order (rowid alias, never reused): list order and pagination cursor. */
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    tsId: text("ts_id").notNull().unique(),
    processId: text("process_id").notNull(),
    anomaly: integer("anomaly", { mode: "boolean" }).notNull(),
    klDivergence: real("kl_divergence"),
    /** JSON array of the last verdict's events as sent (null: that verdict reported no event list). */
    events: text("events"),
    /** JSON array of those events' kinds, one per event: the list's filter and counts read only this. */
    eventKinds: text("event_kinds"),
    pointCount: integer("point_count").notNull(),
    /** Epoch milliseconds. */
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [index("series_anomaly_seq").on(table.anomaly, table.seq)],
);

export const seriesPoints = sqliteTable("series_points", {
  seq: integer("seq")
    .primaryKey()
    .references(() => series.seq, { onDelete: "cascade" }),
  /** JSON array of the caller's time strings, kept exactly as sent. */
  times: text("times").notNull(),
  /** The values as IEEE-754 doubles in little-endian byte order, 8 bytes per point. */
  values: blob("values", { mode: "buffer" }).notNull(),
});

/**
 * Recordings (issue 15): the metadata row; segments and their results live in their own tables so listing
 * recordings or counting segments reads no samples.
 */
export const recordings = sqliteTable("recordings", {
  /** Creation order (never reused): list order and pagination cursor; the child tables key on it. */
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  id: text("id").notNull().unique(),
  source: text("source").notNull(),
  format: text("format").notNull(),
  /** JSON array of the channels, in the order of a segment's bytes. */
  channels: text("channels").notNull(),
  samplingRate: real("sampling_rate").notNull(),
  startTime: text("start_time"),
  nominalVoltage: real("nominal_voltage").notNull(),
  frequency: real("frequency").notNull(),
  segmentSeconds: real("segment_seconds").notNull(),
  segmentSamples: integer("segment_samples").notNull(),
  overlapSamples: integer("overlap_samples").notNull(),
  totalSamples: integer("total_samples"),
  segmentCount: integer("segment_count"),
  complete: integer("complete", { mode: "boolean" }).notNull(),
  /** JSON array of strings. */
  warnings: text("warnings").notNull(),
  /** JSON array of the stitched events as stored (null: not stitched yet). */
  events: text("events"),
  eventsProcessId: text("events_process_id"),
  eventCount: integer("event_count"),
  /** Epoch milliseconds. */
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const recordingSegments = sqliteTable(
  "recording_segments",
  {
    recordingSeq: integer("recording_seq")
      .notNull()
      .references(() => recordings.seq, { onDelete: "cascade" }),
    segment: integer("segment").notNull(),
    startSample: integer("start_sample").notNull(),
    sampleCount: integer("sample_count").notNull(),
    /** Channel-major little-endian bytes, exactly as sent, packed as `encoding` says. */
    samples: blob("samples", { mode: "buffer" }).notNull(),
    /** "float32", or "int16" with `scale`. */
    encoding: text("encoding").notNull().default("float32"),
    /** int16 only: JSON [gain, offset, ...], one pair per channel (value = gain·raw + offset). */
    scale: text("scale"),
  },
  (table) => [primaryKey({ columns: [table.recordingSeq, table.segment] })],
);

export const segmentResults = sqliteTable(
  "segment_results",
  {
    recordingSeq: integer("recording_seq").notNull(),
    segment: integer("segment").notNull(),
    processId: text("process_id").notNull(),
    /** JSON array of the segment's events (seconds from the recording's first sample). */
    events: text("events").notNull(),
    bucketSamples: integer("bucket_samples").notNull(),
    envelopeStart: integer("envelope_start").notNull(),
    bucketCount: integer("bucket_count").notNull(),
    /** Channel-major little-endian Float64 (db/point-codec.ts), channels × buckets. */
    envelopeMin: blob("envelope_min", { mode: "buffer" }).notNull(),
    envelopeMax: blob("envelope_max", { mode: "buffer" }).notNull(),
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
