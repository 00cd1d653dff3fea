/** The dashboard's page, JSON endpoints and live events, over real HTTP on a store with a real SQLite file. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dashboardPlugin } from "../../dashboard/plugin.ts";
import type { SeriesDetail, SeriesPage } from "../../dashboard/wire.ts";
import { loadModel, saveModel } from "../../lib/model-file.ts";
import { requireKlModel, tutorialDefaultModel } from "../../lib/signal/index.ts";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { type RunningStore, startStore } from "../../store/start.ts";
import { EventReader, sampleBody, seedWithDrops } from "../support/dashboard.ts";

let dir: string;
let store: RunningStore;
let client: TimeSeriesClient;
const labelsPath = () => join(dir, "labels.json");
const modelPath = () => join(dir, "model.json");

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${store.url}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dashboard-api-"));
  await saveModel(modelPath(), tutorialDefaultModel());
  store = await startStore({
    databasePath: join(dir, "store.db"),
    plugins: [(s) => dashboardPlugin({ store: s, modelPath: modelPath(), labelsPath: labelsPath() })],
  });
  client = new TimeSeriesClient(store.url);
});

afterAll(async () => {
  await store.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("page and assets", () => {
  test("the page is served at / with the app, styles and uPlot's CSS", async () => {
    const page = await fetch(`${store.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    for (const asset of [
      "/dashboard/assets/app.js",
      "/dashboard/assets/style.css",
      "/dashboard/assets/uPlot.min.css",
    ]) {
      expect(html).toContain(asset);
      const response = await fetch(`${store.url}${asset}`);
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(100);
    }
  });

  test("the browser code is bundled with uPlot as JavaScript", async () => {
    const response = await fetch(`${store.url}/dashboard/assets/app.js`);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    const js = await response.text();
    expect(js).toContain("/dashboard/api/events");
    expect(js).toContain("u-over"); // uPlot's overlay class: the library is in the bundle
    expect(js).not.toContain("import ");
  });

  test("the store's own API still works next to the dashboard", async () => {
    expect((await client.health()).status).toBe("ok");
    expect((await fetch(`${store.url}/docs`)).status).toBe(200);
  });
});

describe("series table", () => {
  const ids = ["t-a", "t-b", "t-c", "t-d", "t-e"];

  beforeAll(async () => {
    for (const [i, id] of ids.entries()) await client.put(sampleBody(id, i + 1).body);
    await client.setAnomaly("t-b", { anomaly: true, process_id: "proc-b", kl_divergence: 0.5 });
    await client.setAnomaly("t-d", { anomaly: true, process_id: "proc-d", kl_divergence: 0.25 });
    await client.setAnomaly("t-e", { anomaly: false, process_id: "proc-e", kl_divergence: 0.001 });
  });

  test("lists newest first with the flag, KL and process id; unchecked series are pending", async () => {
    const { body } = await getJson<SeriesPage>("/dashboard/api/series?filter=all&limit=50");
    const mine = body.items.filter((row) => ids.includes(row.ts_id));
    expect(mine.map((row) => row.ts_id)).toEqual([...ids].reverse());
    const byId = Object.fromEntries(mine.map((row) => [row.ts_id, row]));
    expect(byId["t-b"]).toMatchObject({ anomaly: true, kl_divergence: 0.5, process_id: "proc-b" });
    expect(byId["t-e"]).toMatchObject({ anomaly: false, kl_divergence: 0.001, process_id: "proc-e" });
    expect(byId["t-a"]).toMatchObject({ anomaly: null, kl_divergence: null, process_id: null });
    expect(Number.isNaN(Date.parse(byId["t-a"]!.created_at!))).toBe(false);
  });

  test("filters anomalous and normal series with exact totals", async () => {
    const anomalous = (await getJson<SeriesPage>("/dashboard/api/series?filter=anomalous")).body;
    expect(anomalous.items.map((row) => row.ts_id)).toEqual(["t-d", "t-b"]);
    expect(anomalous.total).toBe(2);
    const normal = (await getJson<SeriesPage>("/dashboard/api/series?filter=normal&limit=50")).body;
    expect(normal.items.every((row) => row.anomaly !== true)).toBe(true);
    expect(normal.items.map((row) => row.ts_id)).toEqual(expect.arrayContaining(["t-a", "t-c", "t-e"]));
  });

  test("pages by offset and limit", async () => {
    const all = (await getJson<SeriesPage>("/dashboard/api/series?limit=200")).body;
    const first = (await getJson<SeriesPage>("/dashboard/api/series?limit=2&offset=0")).body;
    const second = (await getJson<SeriesPage>("/dashboard/api/series?limit=2&offset=2")).body;
    expect(first.total).toBe(all.total);
    expect([...first.items, ...second.items].map((row) => row.ts_id)).toEqual(
      all.items.slice(0, 4).map((row) => row.ts_id),
    );
  });

  test("rejects a bad filter or page size with a detail message", async () => {
    for (const query of ["filter=weird", "limit=0", "limit=100000", "offset=-1"]) {
      const { status, body } = await getJson<{ detail: string }>(`/dashboard/api/series?${query}`);
      expect(status).toBe(422);
      expect(typeof body.detail).toBe("string");
    }
  });
});

describe("series detail", () => {
  test("returns the wave, the threshold, detected windows and the recorded labels", async () => {
    const seed = seedWithDrops(true);
    const { body, drops, values } = sampleBody("d-drop", seed, 0.002);
    await client.put(body);
    await Bun.write(labelsPath(), JSON.stringify({ "d-drop": drops }));
    const { status, body: detail } = await getJson<SeriesDetail>("/dashboard/api/series/d-drop");
    expect(status).toBe(200);
    expect(detail.values).toEqual(Array.from(values));
    expect(detail.time[0]).toBe(0);
    expect(detail.time[999]).toBeCloseTo(0.999, 12);
    const { model, detector } = await loadModel(modelPath());
    expect(detail.threshold).toBe(requireKlModel(model, "this test").threshold);
    expect(detail.window).toBe(1000);
    expect(detail.detected).toEqual(detector.detect(values).anomaly ? [[0, 1000]] : []);
    expect(detail.labelled).toEqual(drops);
    expect(drops.length).toBeGreaterThan(0);
  });

  test("a clean wave has no detected region, and no labels when none were recorded", async () => {
    const { body } = sampleBody("d-clean", seedWithDrops(false), 0);
    await client.put(body);
    const { body: detail } = await getJson<SeriesDetail>("/dashboard/api/series/d-clean");
    expect(detail.detected).toEqual([]);
    expect(detail.labelled).toBeNull();
  });

  test("an unknown id is a 404 with a detail message", async () => {
    const { status, body } = await getJson<{ detail: string }>("/dashboard/api/series/nope");
    expect(status).toBe(404);
    expect(body.detail).toContain("nope");
  });
});

describe("without Colonies configured", () => {
  test("the info says so and colony endpoints answer with a message", async () => {
    const { body: info } = await getJson<{ colony: { enabled: boolean } }>("/dashboard/api/info");
    expect(info.colony.enabled).toBe(false);
    const process = await getJson<{ detail: string }>("/dashboard/api/processes/abc");
    expect(process.status).toBe(404);
    expect(process.body.detail).toContain("COLONIES");
    const search = await getJson<{ detail: string }>("/dashboard/api/logs/search?text=Anom");
    expect(search.status).toBe(404);
  });
});

describe("live events", () => {
  test("a browser gets hello, then batched series changes and removals as they are committed", async () => {
    const { events, response } = await EventReader.open(`${store.url}/dashboard/api/events`);
    try {
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const hello = await events.next("hello");
      expect(hello.threshold).toBe(tutorialDefaultModel().threshold);

      await client.put(sampleBody("live-1", 7).body);
      await client.put(sampleBody("live-2", 8).body);
      const seen = new Set<string>();
      await events.next("series", (data) => {
        for (const id of data.changed) seen.add(id);
        return seen.has("live-1") && seen.has("live-2");
      });

      await client.setAnomaly("live-1", { anomaly: true, process_id: "p", kl_divergence: 1 });
      await events.next("series", (data) => data.changed.includes("live-1"));

      await client.remove("live-2");
      await events.next("series", (data) => data.removed.includes("live-2"));
      const page = (await getJson<SeriesPage>("/dashboard/api/series?limit=200")).body;
      expect(page.items.some((row) => row.ts_id === "live-2")).toBe(false);
    } finally {
      events.close();
    }
  });
});
