/** Opens the storage's SQLite database (see lib/sqlite/open.ts) with its schema and migrations. */
import { join } from "node:path";
import { openSqlite, type SqliteDatabase, type SyncMode } from "../../lib/sqlite/open.ts";
import * as schema from "./schema.ts";

export type SqliteStorageDatabase = SqliteDatabase<typeof schema>;

export interface OpenSqliteStorageOptions {
  /** File path, or ":memory:". Parent directories are created. */
  path: string;
  synchronous?: SyncMode;
}

const migrationsFolder = join(import.meta.dir, "migrations");

/**
 * 16 KiB pages: a recording segment (1.2 MB at 10 kHz × 3 phases × 10 s) is a quarter of the overflow pages
 * 4 KiB would take, and SQLite writes it in about half the time (bench/README.md "Ingest"); small series writes
 * cost the same.
 */
const PAGE_SIZE = 16384;

export class SqliteStorageError extends Error {
  override name = "SqliteStorageError";
}

export function openSqliteStorageDatabase({
  path,
  synchronous = "FULL",
}: OpenSqliteStorageOptions): SqliteStorageDatabase {
  return openSqlite({
    path,
    schema,
    migrationsFolder,
    synchronous,
    pageSize: PAGE_SIZE,
    cannotOpen: (reason) =>
      new SqliteStorageError(
        `Cannot open the store database at ${path}: ${reason}. Set DATABASE_PATH to a writable file.`,
      ),
  });
}
