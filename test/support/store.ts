/** Shared setup for the store tests: temporary databases, in-process and spawned servers. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import type { TimeSeriesBody } from "../../lib/timeseries/types.ts";
import { type RunningStore, startStore } from "../../store/start.ts";
import { type TestDatabase, testDatabase } from "./store-backend.ts";

export const repoRoot = join(import.meta.dir, "../..");

export function tempDir(prefix = "store-test-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestStore {
  running: RunningStore;
  client: TimeSeriesClient;
  url: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * A store on a free loopback port with a fresh database of the backend under test (STORE_TEST_BACKEND).
 * With `tokens`, writes need one; the client sends the first.
 */
export async function startTestStore(
  options: { maxBodyBytes?: number; tokens?: string[] } = {},
): Promise<TestStore> {
  const dir = tempDir();
  const database = await testDatabase(dir.path, "store");
  const running = await startStore({ ...database.config, ...options });
  return {
    running,
    client: new TimeSeriesClient(running.url, { token: options.tokens?.[0] ?? "" }),
    url: running.url,
    database,
    async close() {
      await running.stop();
      dir.remove();
    },
  };
}

export function sineBody(tsId: string, points = 1000, processId = ""): TimeSeriesBody {
  const data = Array.from({ length: points }, (_, i) => ({
    time: String(i / 1000),
    value: 325 * Math.sin((2 * Math.PI * 50 * i) / 1000),
  }));
  return { ts_id: tsId, process_id: processId, data, anomaly: false };
}

export interface SpawnedServer {
  url: string;
  process: ReturnType<typeof Bun.spawn>;
  firstLine: string;
}

/** Runs `bun server.ts` as a child process on a free port and waits for its listening line. */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  // The database and the token come from `env` only, never from the developer's shell or .env.
  const { DATABASE_URL, DATABASE_PATH, STORE_TOKEN, ...inherited } = process.env;
  const child = Bun.spawn([process.execPath, join(repoRoot, "server.ts")], {
    env: { ...inherited, HOST: "127.0.0.1", PORT: "0", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server.ts exited early: ${text}${await new Response(child.stderr).text()}`);
    text += decoder.decode(value);
  }
  reader.releaseLock();
  const url = text.match(/(http:\/\/127\.0\.0\.1:\d+)/)?.[1];
  if (!url) throw new Error(`no URL in the server's first line: ${text}`);
  return { url, process: child, firstLine: text.split("\n")[0]! };
}
