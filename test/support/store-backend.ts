/**
 * Which storage backend the store tests run against: STORE_TEST_BACKEND=sqlite (default, `bun run test`) or
 * postgres (`bun run test:postgres`: one private cluster per test run in a temporary folder, a fresh database
 * per test database; test/support/postgres-preload.ts stops it at the end).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StorageConfig } from "../../db/open-storage.ts";
import { redactedUrl } from "../../db/postgres/open.ts";
import { type PostgresCluster, startPostgresCluster } from "../../lib/postgres/cluster.ts";

export type StoreTestBackend = "sqlite" | "postgres";

function backendFromEnv(): StoreTestBackend {
  const text = process.env.STORE_TEST_BACKEND ?? "sqlite";
  if (text !== "sqlite" && text !== "postgres") {
    throw new Error(`STORE_TEST_BACKEND must be sqlite or postgres, got ${JSON.stringify(text)}`);
  }
  return text;
}

export const storeTestBackend = backendFromEnv();

export interface TestDatabase {
  /** For startStore / openStorage. */
  config: StorageConfig;
  /** For a spawned `bun server.ts`. */
  env: Record<string, string>;
  /** What the server's first line names (the file, or the URL without its password). */
  location: string;
}

let cluster: Promise<{ cluster: PostgresCluster; dir: string }> | undefined;
let databases = 0;

function testCluster() {
  cluster ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "store-test-pg-"));
    return { cluster: await startPostgresCluster({ dataDir: join(dir, "cluster") }), dir };
  })();
  return cluster;
}

/** A fresh, empty database of the backend under test; SQLite files go under `dir`. */
export async function testDatabase(dir: string, name: string): Promise<TestDatabase> {
  if (storeTestBackend === "sqlite") {
    const databasePath = join(dir, `${name}.db`);
    return { config: { databasePath }, env: { DATABASE_PATH: databasePath }, location: databasePath };
  }
  const { cluster } = await testCluster();
  const database = `store_${process.pid}_${++databases}_${name.replace(/\W/g, "_")}`.slice(0, 63);
  await cluster.createDatabase(database);
  const url = cluster.url(database);
  return { config: { databaseUrl: url }, env: { DATABASE_URL: url }, location: redactedUrl(url) };
}

/** Stops the cluster started by testDatabase, if any, and removes its folder. */
export async function stopTestCluster(): Promise<void> {
  if (!cluster) return;
  const { cluster: running, dir } = await cluster;
  cluster = undefined;
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
}
