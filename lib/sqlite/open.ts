/**
 * Opens a SQLite file with Drizzle on bun:sqlite: creates the parent directory, sets the pragmas both databases
 * share (WAL, the chosen synchronous level, foreign keys, busy timeout) and applies the committed migrations.
 */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type BunSQLiteDatabase, drizzle } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";

/**
 * FULL: every commit is fsynced before the reply (survives power loss). NORMAL: with WAL a commit is in the OS
 * page cache before the reply, which survives a crash or kill -9 of the process but not a power cut.
 */
export type SyncMode = "FULL" | "NORMAL";

export type SqliteDatabase<TSchema extends Record<string, unknown>> = BunSQLiteDatabase<TSchema> & {
  $client: Database;
};

export interface OpenSqliteOptions<TSchema extends Record<string, unknown>> {
  /** File path, or ":memory:" (also ""). Parent directories are created. */
  path: string;
  schema: TSchema;
  /** Folder of drizzle-kit migrations, resolved by the caller from its own module. */
  migrationsFolder: string;
  synchronous: SyncMode;
  /**
   * Page size in bytes for a database file created now (SQLite fixes it at creation; an existing file keeps
   * its own). Default SQLite's 4096.
   */
  pageSize?: number;
  /** Builds the error thrown when the file cannot be opened; say which setting picks the path. */
  cannotOpen: (reason: string) => Error;
}

export const BUSY_TIMEOUT_MS = 5000;

export function isInMemoryPath(path: string): boolean {
  return path === ":memory:" || path === "";
}

export function openSqlite<TSchema extends Record<string, unknown>>(
  options: OpenSqliteOptions<TSchema>,
): SqliteDatabase<TSchema> {
  const { path, schema, migrationsFolder, synchronous, pageSize, cannotOpen } = options;
  const inMemory = isInMemoryPath(path);
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  let client: Database;
  try {
    client = new Database(path, { create: true, strict: true });
  } catch (error) {
    throw cannotOpen((error as Error).message);
  }
  // Before WAL: a new file takes its page size from its first write, and WAL mode is that write.
  if (pageSize !== undefined) client.run(`PRAGMA page_size = ${pageSize}`);
  // An in-memory database has no file to keep a write-ahead log beside.
  if (!inMemory) client.run("PRAGMA journal_mode = WAL");
  client.run(`PRAGMA synchronous = ${synchronous}`);
  client.run("PRAGMA foreign_keys = ON");
  client.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder });
  return db;
}
