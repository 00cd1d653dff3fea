/**
 * The embedded server's WAL checkpoints run in a Worker (embedded-colonies/db/checkpoint.ts), not inside a request's
 * commit: committed rows reach the database file itself shortly after, while the server's own connection
 * would only checkpoint at ten times SQLite's default WAL size.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CHECKPOINT_PERIOD_MS } from "../../embedded-colonies/db/checkpoint.ts";
import { funcSpec } from "../../lib/colonies-sdk/spec.ts";
import { type Fixture, startFixture } from "../support/colonies-server.ts";

let f: Fixture;

beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.close());

test("submitted processes reach the database file without waiting for the server's automatic checkpoint", async () => {
  const count = 200;
  for (let i = 0; i < count; i++) {
    await f.client.submitFunctionSpec(
      funcSpec({ funcname: "job", colonyname: "dev", executortype: "checkpointed", args: [i] }),
      f.user.prvkey,
    );
  }
  // Well below the safety net of 10,000 pages, well above SQLite's default of 1,000.
  const walPages = statSync(`${f.databasePath}-wal`).size / 4096;
  expect(walPages).toBeGreaterThan(100);
  expect(walPages).toBeLessThan(10_000);
  await Bun.sleep(CHECKPOINT_PERIOD_MS * 3);

  // The database file alone, without its WAL: what a checkpoint has copied into it.
  const copy = join(f.dir, "main-file-only.db");
  copyFileSync(f.databasePath, copy);
  const db = new Database(copy, { readonly: true });
  try {
    const row = db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM processes WHERE executortype = 'checkpointed'")
      .get();
    expect(row?.n).toBe(count);
  } finally {
    db.close();
  }
});

test("the server still serves, and stops cleanly, with the checkpointer running", async () => {
  await f.restart();
  const list = await f.client.getProcesses({ colonyname: "dev", count: 100, state: 0 }, f.user.prvkey);
  expect(list.length).toBe(100);
});
