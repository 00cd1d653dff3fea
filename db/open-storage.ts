/** The one place that picks the storage driver: PostgreSQL when a database URL is given, SQLite otherwise. */
import type { SyncMode } from "../lib/sqlite/open.ts";
import { PostgresSeriesStorage } from "./postgres/series-storage.ts";
import { SqliteSeriesStorage } from "./sqlite/series-storage.ts";
import type { Storage } from "./storage.ts";

export interface StorageConfig {
  /** DATABASE_URL: postgres://user:password@host:port/database selects PostgreSQL. */
  databaseUrl?: string;
  /** DATABASE_PATH: the SQLite file (or ":memory:") used when there is no databaseUrl. */
  databasePath?: string;
  /** DATABASE_SYNC, SQLite only. */
  synchronous?: SyncMode;
}

/** The series and the recordings on one database (see Storage). */
export async function openStorage(config: StorageConfig): Promise<Storage> {
  if (config.databaseUrl) return PostgresSeriesStorage.open({ url: config.databaseUrl });
  return SqliteSeriesStorage.open({
    path: config.databasePath ?? ":memory:",
    synchronous: config.synchronous,
  });
}
