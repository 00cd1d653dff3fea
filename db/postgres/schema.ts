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
  index,
  integer,
  pgTable,
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
