import { Database } from "bun:sqlite";
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openStorage } from "../../db/open-storage.ts";
import { openSqliteStorageDatabase } from "../../db/sqlite/open.ts";
import { SqliteSeriesStorage } from "../../db/sqlite/series-storage.ts";
import { type SeriesChange, type SeriesStorage, SeriesStorageError } from "../../db/storage.ts";
import { tempDir } from "../support/store.ts";
import { storeTestBackend, testDatabase } from "../support/store-backend.ts";

const dir = tempDir("store-storage-");
const opened: SeriesStorage[] = [];
// Closed after each test: every PostgreSQL instance holds a pool of connections.
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
});
afterAll(() => dir.remove());

async function open(name: string): Promise<SeriesStorage> {
  const storage = await openStorage((await testDatabase(dir.path, name)).config);
  opened.push(storage);
  return storage;
}

const one = (tsId: string) => ({
  tsId,
  processId: "",
  anomaly: false,
  times: ["0.0"],
  values: new Float64Array([1]),
});

describe(`storage interface (${storeTestBackend})`, () => {
  test("the factory picks the backend under test", async () => {
    expect((await open("factory")).backend).toBe(storeTestBackend);
  });

  test("onChange listeners can unsubscribe, and a failing listener does not fail the write", async () => {
    const store = await open("listeners");
    const seen: SeriesChange["type"][] = [];
    store.onChange(() => {
      throw new Error("listener bug");
    });
    const unsubscribe = store.onChange((change) => seen.push(change.type));
    await store.put(one("x"));
    await store.setAnomaly("x", { anomaly: true });
    unsubscribe();
    await store.remove("x");
    expect(seen).toEqual(["created", "updated"]);
    expect(await store.count()).toBe(0);
  });

  test("times and values of different lengths are refused", async () => {
    const store = await open("lengths");
    await expect(store.put({ ...one("y"), times: ["0", "1"] })).rejects.toThrow(SeriesStorageError);
    expect(await store.count()).toBe(0);
  });

  test("a re-put keeps the creation time and the list position, and resets the KL divergence", async () => {
    const store = await open("reput");
    const first = await store.put(one("a"));
    await store.put(one("b"));
    await store.setAnomaly("a", { anomaly: true, processId: "p", klDivergence: 0.5 });
    await Bun.sleep(2);
    const again = await store.put({ ...one("a"), values: new Float64Array([2]) });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.series.createdAt).toBe(first.series.createdAt);
    expect(again.series.updatedAt).toBeGreaterThan(first.series.updatedAt);
    expect(again.series.klDivergence).toBeNull();
    expect(await store.getRecord("a")).toEqual(again.series);
    expect((await store.list({ limit: 10 })).items.map((r) => r.tsId)).toEqual(["a", "b"]);
  });
});

if (storeTestBackend === "sqlite") {
  describe("SQLite layout", () => {
    test("the database is in WAL mode with synchronous FULL and foreign keys on", () => {
      const db = openSqliteStorageDatabase({ path: join(dir.path, "pragmas.db") });
      expect(db.$client.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
      expect(db.$client.query("PRAGMA synchronous").get()).toEqual({ synchronous: 2 });
      expect(db.$client.query("PRAGMA foreign_keys").get()).toEqual({ foreign_keys: 1 });
      db.$client.close();
    });

    test("a new file gets 16 KiB pages; a file made with 4 KiB pages keeps them and opens as before", () => {
      const fresh = openSqliteStorageDatabase({ path: join(dir.path, "pages-new.db") });
      expect(fresh.$client.query("PRAGMA page_size").get()).toEqual({ page_size: 16384 });
      fresh.$client.close();
      const path = join(dir.path, "pages-old.db");
      const old = new Database(path, { create: true });
      old.run("PRAGMA page_size = 4096");
      old.run("PRAGMA journal_mode = WAL");
      old.run("CREATE TABLE kept (v INTEGER)");
      old.run("INSERT INTO kept VALUES (7)");
      old.close();
      const reopened = openSqliteStorageDatabase({ path });
      expect(reopened.$client.query("PRAGMA page_size").get()).toEqual({ page_size: 4096 });
      expect(reopened.$client.query("SELECT v FROM kept").get()).toEqual({ v: 7 });
      expect(reopened.$client.query("SELECT count(*) AS n FROM recordings").get()).toEqual({ n: 0 });
      reopened.$client.close();
    });

    test("points are one compact row per series and go with the series on delete", async () => {
      const path = join(dir.path, "compact.db");
      const db = openSqliteStorageDatabase({ path });
      const store = new SqliteSeriesStorage(db, path);
      const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
      const times = Array.from({ length: 1000 }, (_, i) => String(i));
      await store.put({ tsId: "a", processId: "", anomaly: false, times, values });
      await store.put(one("b"));
      const row = db.$client
        .query('SELECT length("values") AS bytes FROM series_points ORDER BY seq LIMIT 1')
        .get();
      expect(row).toEqual({ bytes: 8000 });
      await store.remove("a");
      expect(db.$client.query("SELECT count(*) AS n FROM series_points").get()).toEqual({ n: 1 });
      await store.close();
    });
  });
}

if (storeTestBackend === "postgres") {
  describe("PostgreSQL layout and concurrency", () => {
    const sqlOf = (url: string) => new Bun.SQL(url, { max: 1 });

    test("points are one bytea row per series and go with the series on delete", async () => {
      const database = await testDatabase(dir.path, "compact");
      const store = await openStorage(database.config);
      opened.push(store);
      const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
      const times = Array.from({ length: 1000 }, (_, i) => String(i));
      await store.put({ tsId: "a", processId: "", anomaly: false, times, values });
      await store.put(one("b"));
      const sql = sqlOf(database.config.databaseUrl!);
      try {
        const [row] =
          await sql`SELECT octet_length("values") AS bytes FROM series_points ORDER BY seq LIMIT 1`;
        expect(row).toEqual({ bytes: 8000 });
        await store.remove("a");
        expect((await sql`SELECT count(*)::int AS n FROM series_points`)[0]).toEqual({ n: 1 });
      } finally {
        await sql.close();
      }
    });

    test("instances starting together on a fresh database migrate it once", async () => {
      const database = await testDatabase(dir.path, "migrate");
      const stores = await Promise.all([1, 2, 3].map(() => openStorage(database.config)));
      opened.push(...stores);
      const sql = sqlOf(database.config.databaseUrl!);
      try {
        const [row] = await sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`;
        expect(row!.n).toBeGreaterThan(0);
        const files = new Bun.Glob("*.sql").scanSync(join(import.meta.dir, "../../db/postgres/migrations"));
        expect(row!.n).toBe([...files].length);
      } finally {
        await sql.close();
      }
    });

    test("concurrent puts of one id through two instances create it once and keep one version", async () => {
      const database = await testDatabase(dir.path, "race");
      const [a, b] = await Promise.all([openStorage(database.config), openStorage(database.config)]);
      opened.push(a!, b!);
      const puts = Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a! : b!).put({ ...one("same"), values: new Float64Array([i]) }),
      );
      const results = await Promise.all(puts);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await a!.count()).toBe(1);
      expect(Array.from((await b!.get("same"))!.values)).toHaveLength(1);
    });

    test("a reader paging by cursor is never overtaken by a write that committed late", async () => {
      const database = await testDatabase(dir.path, "order");
      const store = await openStorage(database.config);
      opened.push(store);
      const sql = sqlOf(database.config.databaseUrl!);
      // Another instance mid-write, as every PUT writes: the seq lock taken, its row made, not yet committed.
      const other = await sql.reserve();
      try {
        await other`BEGIN`;
        await other`SELECT pg_advisory_xact_lock(hashtext('series.seq')::bigint)`;
        await other`INSERT INTO series (ts_id, process_id, anomaly, point_count, created_at, updated_at)
          VALUES ('early', '', false, 0, 0, 0)`;
        const late = store.put(one("late"));
        await Bun.sleep(100);
        const last = store.put(one("last"));
        await Bun.sleep(300);
        // Without the lock "late" and "last" would be committed by now, ahead of "early" in seq order.
        const first = await store.list({ limit: 1 });
        await other`COMMIT`;
        await Promise.all([late, last]);
        const rest = await store.list({ limit: 10, after: first.next ?? 0 });
        const seen = [...first.items, ...rest.items].map((item) => item.tsId);
        expect(new Set(seen)).toEqual(new Set(["early", "late", "last"]));
      } finally {
        other.release();
        await sql.close();
      }
    });

    test("a change through one instance reaches the listeners of another", async () => {
      const database = await testDatabase(dir.path, "notify");
      const [writer, reader] = await Promise.all([
        openStorage(database.config),
        openStorage(database.config),
      ]);
      opened.push(writer!, reader!);
      const heard: SeriesChange[] = [];
      const done = new Promise<void>((resolve) => {
        reader!.onChange((change) => {
          heard.push(change);
          if (change.type === "deleted") resolve();
        });
      });
      await writer!.put(one("n1"));
      await writer!.setAnomaly("n1", { anomaly: true, klDivergence: 0.25 });
      await writer!.remove("n1");
      await done;
      expect(heard.at(-1)).toEqual({ type: "deleted", tsId: "n1" });
      // Earlier notices may be folded into the latest state, but each is reported with the record as stored.
      for (const change of heard.slice(0, -1)) {
        if (change.type !== "deleted") expect(change.series.tsId).toBe("n1");
      }
    });

    test("a wrong DATABASE_URL fails with a message naming the setting, without the password", async () => {
      const database = await testDatabase(dir.path, "wrong");
      const url = new URL(database.config.databaseUrl!);
      url.password = "not-the-password";
      const error = await openStorage({ databaseUrl: url.toString() }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain("DATABASE_URL");
      expect((error as Error).message).not.toContain("not-the-password");
    });
  });
}
