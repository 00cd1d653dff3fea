/** The SQLite backend of the storage interface: the synchronous SeriesStore behind the async API. */
import type { SyncMode } from "../lib/sqlite/open.ts";
import { SeriesStore } from "./series-store.ts";
import type { SeriesStorage } from "./store.ts";

export interface SqliteStorageOptions {
  /** File path, or ":memory:". */
  path: string;
  synchronous?: SyncMode;
}

export class SqliteSeriesStorage implements SeriesStorage {
  readonly backend = "sqlite" as const;
  readonly location: string;
  /** The synchronous store, for SQLite-only code and tests. */
  readonly sync: SeriesStore;

  constructor(store: SeriesStore, location: string) {
    this.sync = store;
    this.location = location;
  }

  static open({ path, synchronous }: SqliteStorageOptions): SqliteSeriesStorage {
    return new SqliteSeriesStorage(SeriesStore.open({ path, synchronous }), path);
  }

  // Each method runs the synchronous call inside the async function, so a throw becomes a rejection.
  async put(...args: Parameters<SeriesStore["put"]>) {
    return this.sync.put(...args);
  }
  async get(tsId: string) {
    return this.sync.get(tsId);
  }
  async getRecord(tsId: string) {
    return this.sync.getRecord(tsId);
  }
  async list(...args: Parameters<SeriesStore["list"]>) {
    return this.sync.list(...args);
  }
  async setAnomaly(...args: Parameters<SeriesStore["setAnomaly"]>) {
    return this.sync.setAnomaly(...args);
  }
  async remove(tsId: string) {
    return this.sync.remove(tsId);
  }
  async count() {
    return this.sync.count();
  }
  onChange(...args: Parameters<SeriesStore["onChange"]>) {
    return this.sync.onChange(...args);
  }
  async close() {
    this.sync.close();
  }
}
