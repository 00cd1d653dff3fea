/**
 * Opens the store's SQLite database with Drizzle on bun:sqlite, sets the durability pragmas and applies the
 * committed migrations.
 */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { type BunSQLiteDatabase, drizzle } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import * as schema from "./schema.ts";

export type StoreDatabase = BunSQLiteDatabase<typeof schema> & { $client: Database };

/**
 * FULL: every commit is fsynced before the reply (survives power loss). NORMAL: with WAL a commit is in the OS
 * page cache before the reply, which survives a crash or kill -9 of the server but not a power cut.
 */
export type SyncMode = "FULL" | "NORMAL";

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
  const inMemory = path === ":memory:" || path === "";
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  let client: Database;
  try {
    client = new Database(path, { create: true, strict: true });
  } catch (error) {
    throw new StoreDatabaseError(
      `Cannot open the store database at ${path}: ${(error as Error).message}. Set DATABASE_PATH to a writable file.`,
    );
  }
  if (!inMemory) client.run("PRAGMA journal_mode = WAL");
  client.run(`PRAGMA synchronous = ${synchronous}`);
  client.run("PRAGMA foreign_keys = ON");
  client.run("PRAGMA busy_timeout = 5000");
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder });
  return db;
}
