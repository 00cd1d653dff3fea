/** Opens the store's SQLite database (see lib/sqlite/open.ts) with the store's schema and migrations. */
import { join } from "node:path";
import { openSqlite, type SqliteDatabase, type SyncMode } from "../lib/sqlite/open.ts";
import * as schema from "./schema.ts";

export type StoreDatabase = SqliteDatabase<typeof schema>;

export interface OpenStoreDatabaseOptions {
  /** File path, or ":memory:". Parent directories are created. */
  path: string;
  synchronous?: SyncMode;
}

const migrationsFolder = join(import.meta.dir, "migrations");

export class StoreDatabaseError extends Error {
  override name = "StoreDatabaseError";
}

export function openStoreDatabase({ path, synchronous = "FULL" }: OpenStoreDatabaseOptions): StoreDatabase {
  return openSqlite({
    path,
    schema,
    migrationsFolder,
    synchronous,
    cannotOpen: (reason) =>
      new StoreDatabaseError(
        `Cannot open the store database at ${path}: ${reason}. Set DATABASE_PATH to a writable file.`,
      ),
  });
}
