import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { openStoreDatabase } from "../db/open.ts";
import { type SeriesChange, SeriesStore, SeriesStoreError } from "../db/series-store.ts";
import { tempDir } from "./store-helpers.ts";

const dir = tempDir("store-storage-");
afterAll(() => dir.remove());

const one = (tsId: string) => ({
  tsId,
  processId: "",
  anomaly: false,
  times: ["0.0"],
  values: new Float64Array([1]),
});

test("the database is in WAL mode with synchronous FULL and foreign keys on", () => {
  const db = openStoreDatabase({ path: join(dir.path, "pragmas.db") });
  expect(db.$client.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
  expect(db.$client.query("PRAGMA synchronous").get()).toEqual({ synchronous: 2 });
  expect(db.$client.query("PRAGMA foreign_keys").get()).toEqual({ foreign_keys: 1 });
  db.$client.close();
});

test("points are one compact row per series and go with the series on delete", () => {
  const db = openStoreDatabase({ path: join(dir.path, "compact.db") });
  const store = new SeriesStore(db);
  const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
  const times = Array.from({ length: 1000 }, (_, i) => String(i));
  store.put({ tsId: "a", processId: "", anomaly: false, times, values });
  store.put(one("b"));
  const row = db.$client
    .query('SELECT length("values") AS bytes FROM series_points ORDER BY seq LIMIT 1')
    .get();
  expect(row).toEqual({ bytes: 8000 });
  store.remove("a");
  expect(db.$client.query("SELECT count(*) AS n FROM series_points").get()).toEqual({ n: 1 });
  store.close();
});

test("onChange listeners can unsubscribe, and a failing listener does not fail the write", () => {
  const store = SeriesStore.open({ path: ":memory:" });
  const seen: SeriesChange["type"][] = [];
  store.onChange(() => {
    throw new Error("listener bug");
  });
  const unsubscribe = store.onChange((change) => seen.push(change.type));
  store.put(one("x"));
  store.setAnomaly("x", { anomaly: true });
  unsubscribe();
  store.remove("x");
  expect(seen).toEqual(["created", "updated"]);
  expect(store.count()).toBe(0);
  store.close();
});

test("times and values of different lengths are refused", () => {
  const store = SeriesStore.open({ path: ":memory:" });
  expect(() => store.put({ ...one("y"), times: ["0", "1"] })).toThrow(SeriesStoreError);
  expect(store.count()).toBe(0);
  store.close();
});
