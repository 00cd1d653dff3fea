/**
 * Opens the embedded Colonies server's SQLite file (see lib/sqlite/open.ts) with synchronous=NORMAL: a committed
 * reply survives a crash or kill -9 of the server.
 */
import { join } from "node:path";
import { openSqlite, type SqliteDatabase } from "../../lib/sqlite/open.ts";
import * as schema from "./schema.ts";

export type ColoniesDatabase = SqliteDatabase<typeof schema>;

export class ColoniesDatabaseError extends Error {
  override name = "ColoniesDatabaseError";
}

const migrationsFolder = join(import.meta.dir, "migrations");

export function openColoniesDatabase(path: string): ColoniesDatabase {
  return openSqlite({
    path,
    schema,
    migrationsFolder,
    synchronous: "NORMAL",
    cannotOpen: (reason) =>
      new ColoniesDatabaseError(
        `Cannot open the Colonies database at ${path}: ${reason}. Set COLONIES_DB_PATH to a writable file.`,
      ),
  });
}
