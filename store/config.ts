/** The store server's configuration, read from the environment in this one place. */
import type { SyncMode } from "../lib/sqlite/open.ts";
import { parseStoreTokens } from "./auth.ts";

export interface StoreConfig {
  /** HOST, default 0.0.0.0 (as the tutorial's uvicorn). */
  hostname: string;
  /** PORT, default 8000. */
  port: number;
  /** DATABASE_PATH, default data/timeseries.db; ":memory:" keeps nothing. */
  databasePath: string;
  /** DATABASE_SYNC, FULL (default: fsync per commit) or NORMAL (WAL; survives kill -9, not power loss). */
  synchronous: SyncMode;
  /** DATABASE_URL, postgres://user:password@host:port/database: use PostgreSQL instead of the SQLite file. */
  databaseUrl?: string;
  /** STORE_TOKEN, comma-separated: writes need one of them as a Bearer token. Empty: writes are open. */
  tokens: string[];
}

export class StoreConfigError extends Error {
  override name = "StoreConfigError";
}

export function loadStoreConfig(env: Record<string, string | undefined> = process.env): StoreConfig {
  const port = Number(env.PORT ?? "8000");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StoreConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(env.PORT)}`);
  }
  const synchronous = (env.DATABASE_SYNC ?? "FULL").toUpperCase();
  if (synchronous !== "FULL" && synchronous !== "NORMAL") {
    throw new StoreConfigError(
      `DATABASE_SYNC must be FULL or NORMAL, got ${JSON.stringify(env.DATABASE_SYNC)}`,
    );
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new StoreConfigError(
      "DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:port/database); " +
        "unset it to use the SQLite file at DATABASE_PATH",
    );
  }
  return {
    hostname: env.HOST || "0.0.0.0",
    port,
    databasePath: env.DATABASE_PATH || "data/timeseries.db",
    synchronous,
    databaseUrl,
    tokens: parseStoreTokens(env.STORE_TOKEN),
  };
}
