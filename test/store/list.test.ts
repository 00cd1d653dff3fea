import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TimeSeriesPage } from "../../lib/timeseries/types.ts";
import { startTestStore, type TestStore } from "../support/store.ts";

let store: TestStore;
const total = 25;
/** Every third series is anomalous: s-00, s-03, ... */
const ids = Array.from({ length: total }, (_, i) => `s-${String(i).padStart(2, "0")}`);
const anomalous = ids.filter((_, i) => i % 3 === 0);
const normal = ids.filter((_, i) => i % 3 !== 0);

beforeAll(async () => {
  store = await startTestStore();
  for (const [i, tsId] of ids.entries()) {
    await store.client.put({
      ts_id: tsId,
      process_id: `p${i}`,
      data: [{ time: "0", value: i }],
      anomaly: i % 3 === 0,
    });
  }
});
afterAll(() => store.close());

async function listPath(query: string): Promise<TimeSeriesPage> {
  const response = await fetch(`${store.url}/timeseries/${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TimeSeriesPage;
}

const idsOf = (page: TimeSeriesPage) => page.timeseries.map((s) => s.ts_id);

describe("GET /timeseries/ filters", () => {
  test("without a filter it lists every series in insertion order, in one page", async () => {
    const page = await listPath("");
    expect(idsOf(page)).toEqual(ids);
    expect(page.next_cursor).toBeNull();
    expect(page.timeseries[4]).toMatchObject({ ts_id: "s-04", process_id: "p4", anomaly: false, points: 1 });
  });

  test("anomalies=true lists only anomalous series, anomalies=false only normal ones (as the tutorial)", async () => {
    expect(idsOf(await listPath("?anomalies=true"))).toEqual(anomalous);
    expect(idsOf(await listPath("?anomalies=false"))).toEqual(normal);
    expect(idsOf(await listPath("?anomalies=True"))).toEqual(anomalous);
  });

  test("anomalies_only=true lists anomalous series; anomalies_only=false lists all (the seed text)", async () => {
    expect(idsOf(await listPath("?anomalies_only=true"))).toEqual(anomalous);
    expect(idsOf(await listPath("?anomalies_only=false"))).toEqual(ids);
  });

  test("the list follows PATCH and DELETE", async () => {
    await store.client.setAnomaly("s-01", { anomaly: true, process_id: "x" });
    await store.client.put({ ts_id: "late", process_id: "", data: [], anomaly: true });
    expect(idsOf(await listPath("?anomalies=true"))).toEqual(["s-00", "s-01", ...anomalous.slice(1), "late"]);
    await store.client.setAnomaly("s-01", { anomaly: false });
    await store.client.remove("late");
    expect(idsOf(await listPath("?anomalies=true"))).toEqual(anomalous);
  });

  test("replacing a series keeps its place in the order", async () => {
    await store.client.put({
      ts_id: "s-02",
      process_id: "p2",
      data: [{ time: "0", value: 2 }],
      anomaly: false,
    });
    expect(idsOf(await listPath(""))).toEqual(ids);
  });
});

describe("GET /timeseries/ pagination", () => {
  test("limit and cursor walk the whole list without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listPath(`?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.timeseries.length).toBeLessThanOrEqual(7);
      seen.push(...idsOf(page));
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(seen).toEqual(ids);
    expect(pages).toBe(4);
  });

  test("a page that ends exactly at the end has no next cursor", async () => {
    const page = await listPath(`?limit=${total}`);
    expect(page.timeseries).toHaveLength(total);
    expect(page.next_cursor).toBeNull();
  });

  test("pagination combines with the anomaly filter", async () => {
    const first = await listPath("?anomalies=true&limit=4");
    expect(idsOf(first)).toEqual(anomalous.slice(0, 4));
    const second = await listPath(`?anomalies=true&limit=4&cursor=${first.next_cursor}`);
    expect(idsOf(second)).toEqual(anomalous.slice(4, 8));
    expect(second.next_cursor).not.toBeNull();
    const third = await listPath(`?anomalies=true&limit=4&cursor=${second.next_cursor}`);
    expect(idsOf(third)).toEqual(anomalous.slice(8));
    expect(third.next_cursor).toBeNull();
  });

  test("a series deleted between pages does not disturb the cursor", async () => {
    const first = await listPath("?limit=10");
    await store.client.remove("s-10");
    const rest = await listPath(`?cursor=${first.next_cursor}`);
    expect(idsOf(rest)).toEqual(ids.slice(11));
  });

  test("the typed client's listAll follows the pages", async () => {
    const all = await store.client.listAll({ limit: 3 });
    expect(all.map((s) => s.ts_id)).toEqual(ids.filter((tsId) => tsId !== "s-10"));
    const onlyAnomalous = await store.client.listAll({ anomalies: true, limit: 2 });
    expect(onlyAnomalous.map((s) => s.ts_id)).toEqual(anomalous);
  });
});
