/**
 * SQLite schema of the storage. Metadata and points live in separate tables so listing 10,000 series scans only the small
 * metadata rows; the points of one series are one row (times as JSON text, values as a Float64 blob).
 */
import { blob, index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
