/**
 * The store's storage contract: one async interface, two drivers (db/sqlite/ over bun:sqlite, db/postgres/
 * over PostgreSQL), picked in db/open-storage.ts from the configuration. The HTTP routes, the dashboard and
 * the tests see only what this module defines. "Storage" is the name of the idea throughout db/ (the "store"
 * is the HTTP service in store/ that sits on top of it).
 */
import type { StoredEventKind, VoltageEventWire } from "../lib/timeseries/types.ts";
import type { RecordingStorage } from "./recording-storage.ts";

export interface SeriesRecord {
  tsId: string;
  processId: string;
  anomaly: boolean;
  klDivergence: number | null;
  /** Kind of each event of the last verdict, in order; null when it reported no event list. */
  eventKinds: StoredEventKind[] | null;
  pointCount: number;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
}

export interface SeriesWithPoints extends SeriesRecord {
  times: string[];
  values: Float64Array;
  events: VoltageEventWire[] | null;
}

export interface PutSeriesInput {
  tsId: string;
  processId: string;
  anomaly: boolean;
  times: readonly string[];
  values: Float64Array;
}

export interface AnomalyChange {
  anomaly: boolean;
  /** Left unchanged when undefined. */
  processId?: string;
  /**
   * The verdict's detail: when either is given both are replaced (the missing one becomes null), so a KL
   * verdict never keeps an older RMS verdict's events or the reverse. Both undefined: both left unchanged.
   */
  klDivergence?: number;
  events?: VoltageEventWire[] | null;
}

export interface ListSeriesOptions {
  /** true: only anomalous, false: only normal, undefined: all. */
  anomaly?: boolean;
  /** Only series whose events include one of this kind. */
  eventKind?: StoredEventKind;
  limit: number;
  /** Return series stored after this position (the `next` of the previous page). */
  after?: number;
}

export interface SeriesListPage {
  items: SeriesRecord[];
  /** Position to pass as `after` for the next page, or null when this is the last page. */
  next: number | null;
}

export type SeriesChange =
  | { type: "created" | "updated"; series: SeriesRecord }
  | { type: "deleted"; tsId: string };

export type SeriesChangeListener = (change: SeriesChange) => void;

export type StorageBackend = "sqlite" | "postgres";

/** A write the storage refuses whatever the backend (both drivers check before writing). */
export class SeriesStorageError extends Error {
  override name = "SeriesStorageError";
}

/** Refuses a series whose times and values differ in length. */
export function checkPointCounts(input: PutSeriesInput): void {
  if (input.times.length !== input.values.length) {
    throw new SeriesStorageError(
      `Series ${input.tsId}: ${input.times.length} times but ${input.values.length} values`,
    );
  }
}

export interface SeriesStorage {
  readonly backend: StorageBackend;
  /** Where the data lives, for log lines: a file path, or a PostgreSQL URL without its password. */
  readonly location: string;
  /** Creates the series or replaces its points, process id and anomaly flag (KL divergence and events reset). */
  put(input: PutSeriesInput): Promise<{ created: boolean; series: SeriesRecord }>;
  get(tsId: string): Promise<SeriesWithPoints | null>;
  /** The values alone, little-endian float64 bytes as stored (no times decoded); null when the id is unknown. */
  getValueBytes(tsId: string): Promise<Uint8Array | null>;
  getRecord(tsId: string): Promise<SeriesRecord | null>;
  /** A page in insertion order; `next` is the `after` of the following page, null on the last. */
  list(options: ListSeriesOptions): Promise<SeriesListPage>;
  /** Sets the anomaly flag (and optionally process id and the verdict's detail); null when the id is unknown. */
  setAnomaly(tsId: string, change: AnomalyChange): Promise<SeriesRecord | null>;
  /** Deletes the series and its points; false when the id is unknown. */
  remove(tsId: string): Promise<boolean>;
  count(): Promise<number>;
  /**
   * Registers a listener for committed changes, returns its unregister function. PostgreSQL also reports
   * changes committed by other store instances on the same database (LISTEN/NOTIFY).
   */
  onChange(listener: SeriesChangeListener): () => void;
  close(): Promise<void>;
}

/**
 * What db/open-storage.ts opens: the series storage, with the recordings (db/recording-storage.ts) on the same
 * database as `recordings`. `close()` closes both.
 */
export interface Storage extends SeriesStorage {
  readonly recordings: RecordingStorage;
}
