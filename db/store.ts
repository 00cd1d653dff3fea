/**
 * The store's storage interface: one async API, two implementations (db/sqlite-store.ts over bun:sqlite,
 * db/postgres-store.ts over PostgreSQL), chosen in db/open-storage.ts from the configuration. The HTTP routes,
 * the dashboard and the tests see only this interface.
 */
import type {
  AnomalyChange,
  ListSeriesOptions,
  PutSeriesInput,
  SeriesChangeListener,
  SeriesListPage,
  SeriesRecord,
  SeriesWithPoints,
} from "./series-store.ts";

export type {
  AnomalyChange,
  ListSeriesOptions,
  PutSeriesInput,
  SeriesChange,
  SeriesChangeListener,
  SeriesListPage,
  SeriesRecord,
  SeriesWithPoints,
} from "./series-store.ts";
export { SeriesStoreError } from "./series-store.ts";

export type StorageBackend = "sqlite" | "postgres";

export interface SeriesStorage {
  readonly backend: StorageBackend;
  /** Where the data lives, for log lines: a file path, or a PostgreSQL URL without its password. */
  readonly location: string;
  /** Creates the series or replaces its points, process id and anomaly flag (the KL divergence is reset). */
  put(input: PutSeriesInput): Promise<{ created: boolean; series: SeriesRecord }>;
  get(tsId: string): Promise<SeriesWithPoints | null>;
  getRecord(tsId: string): Promise<SeriesRecord | null>;
  /** A page in insertion order; `next` is the `after` of the following page, null on the last. */
  list(options: ListSeriesOptions): Promise<SeriesListPage>;
  /** Sets the anomaly flag (and optionally process id and KL divergence); null when the id is unknown. */
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
