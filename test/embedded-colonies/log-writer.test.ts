/** addlogmsg's grouped inserts (embedded-colonies/db/log-writer.ts) on a real SQLite file. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogWriter } from "../../embedded-colonies/db/log-writer.ts";
import { type ColoniesDatabase, openColoniesDatabase } from "../../embedded-colonies/db/open.ts";

let dir: string;
let db: ColoniesDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "log-writer-"));
  db = openColoniesDatabase(join(dir, "colonies.db"));
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const line = (message: string) => ({
  processid: "p1",
  colonyname: "dev",
  executorname: "e1",
  message,
  timestampUs: Date.now() * 1000,
});

const stored = () =>
  db.$client
    .query<{ message: string }, []>("SELECT message FROM logs ORDER BY rowid")
    .all()
    .map((r) => r.message);

test("lines appended in one turn are stored in their order and only then resolve", async () => {
  const writer = new LogWriter(db);
  const appended = ["a", "b", "c"].map((m) => writer.append(line(m)));
  expect(stored()).toEqual([]);
  await Promise.all(appended);
  expect(stored()).toEqual(["a", "b", "c"]);
  await writer.append(line("d"));
  expect(stored()).toEqual(["a", "b", "c", "d"]);
});

test("lines of one turn share one commit: fewer WAL frames than the same lines one turn each", async () => {
  const writer = new LogWriter(db);
  /** Frames written since the last call (which empties the WAL). */
  const walFrames = () => {
    const row = db.$client.query<{ log: number }, []>("PRAGMA wal_checkpoint(PASSIVE)").get();
    db.$client.run("PRAGMA wal_checkpoint(TRUNCATE)");
    return row?.log ?? 0;
  };
  walFrames();
  await Promise.all(["a", "b", "c", "d"].map((m) => writer.append(line(m))));
  const grouped = walFrames();
  for (const m of ["e", "f", "g", "h"]) await writer.append(line(m));
  const separate = walFrames();
  expect(grouped).toBeGreaterThan(0);
  expect(grouped).toBeLessThan(separate);
});

test("flush commits what is pending at once, and the scheduled turn then has nothing left", async () => {
  const writer = new LogWriter(db);
  const pending = writer.append(line("before close"));
  writer.flush();
  expect(stored()).toEqual(["before close"]);
  await pending;
  await Bun.sleep(5);
  expect(stored()).toEqual(["before close"]);
});

test("a line the database refuses is rejected alone; the rest of its group is stored", async () => {
  const writer = new LogWriter(db);
  db.$client.run(
    "CREATE TRIGGER refuse BEFORE INSERT ON logs WHEN NEW.message = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END",
  );
  const results = await Promise.allSettled(["ok", "bad", "ok too"].map((m) => writer.append(line(m))));
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(String((results[1] as PromiseRejectedResult).reason)).toContain("refused");
  expect(stored()).toEqual(["ok", "ok too"]);
});
