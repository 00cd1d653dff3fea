/**
 * Opens the storage's PostgreSQL database: Drizzle over Bun's built-in client, committed migrations applied at
 * start under an advisory lock (several instances may start at once against one database).
 */
import { join } from "node:path";
import { SQL } from "bun";
import { type BunSQLDatabase, drizzle } from "drizzle-orm/bun-sql";
import { migrate } from "drizzle-orm/bun-sql/migrator";
import * as schema from "./schema.ts";

export type PostgresStorageDatabase = BunSQLDatabase<typeof schema> & { $client: SQL };

const migrationsFolder = join(import.meta.dir, "migrations");
/** Any fixed number, the same in every instance: serialises the migration step across instances. */
const MIGRATION_LOCK = 0x5e71e5;

export class PostgresStorageError extends Error {
  override name = "PostgresStorageError";
}

/** The URL as it may be logged: the password replaced by ***. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export async function openPostgresStorageDatabase(
  url: string,
  maxConnections = 10,
): Promise<PostgresStorageDatabase> {
  const client = new SQL(url, { max: maxConnections });
  try {
    const reserved = await client.reserve();
    try {
      await reserved`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
      try {
        await migrate(drizzle({ client: reserved as unknown as SQL, schema }), { migrationsFolder });
      } finally {
        await reserved`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
      }
    } finally {
      reserved.release();
    }
  } catch (error) {
    await client.close();
    throw new PostgresStorageError(
      `Cannot open the store database at ${redactedUrl(url)}: ${(error as Error).message}. ` +
        "Check DATABASE_URL (postgres://user:password@host:port/database) and that the server is up.",
    );
  }
  return drizzle({ client, schema });
}
