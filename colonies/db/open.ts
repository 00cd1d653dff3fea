/**
 * Opens the embedded Colonies server's SQLite file with Drizzle (WAL, synchronous=NORMAL: a committed reply
 * survives a crash or kill -9 of the server) and applies the committed migrations.
 */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { type BunSQLiteDatabase, drizzle } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import * as schema from "./schema.ts";

export type ColoniesDatabase = BunSQLiteDatabase<typeof schema> & { $client: Database };

export class ColoniesDatabaseError extends Error {
  override name = "ColoniesDatabaseError";
}

const migrationsFolder = join(import.meta.dir, "migrations");

export function openColoniesDatabase(path: string): ColoniesDatabase {
  const inMemory = path === ":memory:" || path === "";
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  let client: Database;
  try {
    client = new Database(path, { create: true, strict: true });
  } catch (error) {
    throw new ColoniesDatabaseError(
      `Cannot open the Colonies database at ${path}: ${(error as Error).message}. Set COLONIES_DB_PATH to a writable file.`,
    );
  }
  if (!inMemory) client.run("PRAGMA journal_mode = WAL");
  client.run("PRAGMA synchronous = NORMAL");
  client.run("PRAGMA busy_timeout = 5000");
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder });
  return db;
}
