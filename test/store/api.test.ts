import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { SeriesChange } from "../../db/storage.ts";
import {
  TimeSeriesApiError,
  TimeSeriesClient,
  TimeSeriesConnectionError,
} from "../../lib/timeseries/client.ts";
import { sineBody, startTestStore, type TestStore } from "../support/store.ts";

let store: TestStore;
const changes: SeriesChange[] = [];

beforeAll(async () => {
  store = await startTestStore();
  store.running.store.onChange((change) => changes.push(change));
});
afterAll(() => store.close());

function bits(values: ArrayLike<number>): string {
  return Buffer.from(Float64Array.from(values).buffer).toString("hex");
}

/** Doubles that a lossy encoding would get wrong: -0, subnormals, extremes, non-terminating decimals. */
const awkwardValues = [
  -0,
  0,
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  1.7976931348623157e308,
  -1.7976931348623157e308,
  0.1,
  0.1 + 0.2,
  1 / 3,
  123456789012345680000,
  1e21,
  9007199254740992,
  325.2691193458119,
  -230.00000000000003,
];

describe("store endpoints over HTTP", () => {
  test("GET /health on an empty store", async () => {
    expect(await store.client.health()).toEqual({ status: "ok", series: 0 });
  });

  test("PUT creates a series and answers the tutorial's message", async () => {
    const reply = await store.client.put(sineBody("1234"));
    expect(reply).toEqual({
      message: "Time series data for time series ID '1234' stored or updated successfully.",
    });
  });

  test("GET returns the tutorial's fields plus process_id, kl_divergence, points and timestamps", async () => {
    const series = await store.client.get("1234");
    const sent = sineBody("1234");
    expect(series.ts_id).toBe("1234");
    expect(series.anomaly).toBe(false);
    expect(series.process_id).toBe("");
    expect(series.kl_divergence).toBeNull();
    expect(series.points).toBe(1000);
    expect(series.data).toEqual(sent.data);
    expect(Date.parse(series.created_at)).toBeGreaterThan(0);
    expect(series.updated_at).toBe(series.created_at);
  });

  test("GET returns time strings byte for byte and values bit for bit", async () => {
    const times = [
      "0.0",
      "0.001",
      "1e-05",
      "2024-01-01T00:00:00.000+01:00",
      'quote " and \\ slash',
      "ünïcødé ⚡",
      "",
    ];
    const data = awkwardValues.map((value, i) => ({ time: times[i % times.length]!, value }));
    // Written by hand because JSON.stringify drops the sign of -0 (Python's json sends -0.0).
    const points = data.map(
      ({ time, value }) =>
        `{"time":${JSON.stringify(time)},"value":${Object.is(value, -0) ? "-0.0" : value}}`,
    );
    const put = await fetch(`${store.url}/timeseries/exact`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: `{"ts_id":"exact","process_id":"p","data":[${points.join(",")}]}`,
    });
    expect(put.status).toBe(200);
    const response = await fetch(`${store.url}/timeseries/exact`);
    expect(response.headers.get("content-type")).toContain("application/json");
    const series = JSON.parse(await response.text()) as { data: { time: string; value: number }[] };
    expect(series.data.map((point) => point.time)).toEqual(data.map((point) => point.time));
    expect(bits(series.data.map((point) => point.value))).toBe(bits(awkwardValues));
    expect(Object.is(series.data[0]!.value, -0)).toBe(true);
  });

  test("GET with Accept: application/octet-stream first answers the values as little-endian float64", async () => {
    const response = await fetch(`${store.url}/timeseries/exact`, {
      headers: { accept: "application/octet-stream, application/json;q=0.5" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("x-points")).toBe(String(awkwardValues.length));
    const bytes = new Uint8Array(await response.arrayBuffer());
    const view = new DataView(bytes.buffer);
    const values = Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
    expect(bits(values)).toBe(bits(awkwardValues));
    expect(await store.client.values("exact")).toEqual(Float64Array.from(awkwardValues));
    expect(bits(await store.client.values("exact"))).toBe(bits(awkwardValues));
  });

  test("GET stays JSON unless application/octet-stream is the Accept header's first choice", async () => {
    for (const accept of [
      undefined,
      "*/*",
      "application/json",
      "application/json, application/octet-stream",
      "application/octet-stream;q=0, application/json",
    ]) {
      const response = await fetch(`${store.url}/timeseries/exact`, {
        headers: accept === undefined ? {} : { accept },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(((await response.json()) as { ts_id: string }).ts_id).toBe("exact");
    }
    const unknown = await fetch(`${store.url}/timeseries/nope`, {
      headers: { accept: "application/octet-stream" },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ detail: "Time series data for time series ID 'nope' not found." });
  });

  test("the client reads the values from a store that only answers JSON (the tutorial's)", async () => {
    const seen: (string | null)[] = [];
    using jsonOnly = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(request) {
        seen.push(request.headers.get("accept"));
        return Response.json({
          ts_id: "a",
          data: [
            { time: "0.0", value: 1.5 },
            { time: "0.1", value: -2 },
          ],
          anomaly: false,
        });
      },
    });
    const client = new TimeSeriesClient(`http://127.0.0.1:${jsonOnly.port}`);
    expect(await client.values("a")).toEqual(Float64Array.from([1.5, -2]));
    expect(seen[0]).toStartWith("application/octet-stream");
  });

  test("the client refuses value bytes that are not whole float64s", async () => {
    using broken = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () =>
        new Response(new Uint8Array(12), { headers: { "content-type": "application/octet-stream" } }),
    });
    const client = new TimeSeriesClient(`http://127.0.0.1:${broken.port}`);
    const error = await client.values("a").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeSeriesApiError);
    expect((error as Error).message).toContain("12 bytes");
  });

  test("PUT replaces points, process id and flag, keeps created_at and clears kl_divergence", async () => {
    await store.client.setAnomaly("exact", { anomaly: true, process_id: "p1", kl_divergence: 0.5 });
    const before = await store.client.get("exact");
    await Bun.sleep(5);
    await store.client.put({
      ts_id: "exact",
      process_id: "p2",
      data: [{ time: "9", value: 9 }],
      anomaly: true,
    });
    const after = await store.client.get("exact");
    expect(after.data).toEqual([{ time: "9", value: 9 }]);
    expect(after.process_id).toBe("p2");
    expect(after.anomaly).toBe(true);
    expect(after.kl_divergence).toBeNull();
    expect(after.created_at).toBe(before.created_at);
    expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
  });

  test("PATCH by query string, as the tutorial's requests.patch(params=...) sends it", async () => {
    const response = await fetch(`${store.url}/timeseries/1234/anomaly?anomaly=True&process_id=5678`, {
      method: "PATCH",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      message: "Anomaly status for time series ID '1234' updated to True and process_id set to 5678.",
    });
    const series = await store.client.get("1234");
    expect(series.anomaly).toBe(true);
    expect(series.process_id).toBe("5678");
  });

  test("PATCH accepts FastAPI's boolean spellings in the query", async () => {
    for (const [text, expected] of [
      ["false", false],
      ["1", true],
      ["no", false],
      ["YES", true],
      ["off", false],
    ] as const) {
      const response = await fetch(`${store.url}/timeseries/1234/anomaly?anomaly=${text}`, {
        method: "PATCH",
      });
      expect(response.status).toBe(200);
      expect((await store.client.get("1234")).anomaly).toBe(expected);
    }
    expect((await store.client.get("1234")).process_id).toBe("5678");
  });

  test("PATCH with a JSON body records the KL divergence", async () => {
    const reply = await store.client.setAnomaly("1234", {
      anomaly: true,
      process_id: "proc-9",
      kl_divergence: 0.0123,
    });
    expect(reply.message).toBe(
      "Anomaly status for time series ID '1234' updated to True and process_id set to proc-9.",
    );
    const series = await store.client.get("1234");
    expect(series.kl_divergence).toBe(0.0123);
    expect(series.process_id).toBe("proc-9");
    expect(series.data).toHaveLength(1000);
  });

  test("unknown ids answer 404 with FastAPI's detail body (the tutorial wrongly answered 500)", async () => {
    const detail = "Time series data for time series ID 'nope' not found.";
    for (const [method, path] of [
      ["GET", "/timeseries/nope"],
      ["DELETE", "/timeseries/nope"],
      ["PATCH", "/timeseries/nope/anomaly?anomaly=true"],
    ] as const) {
      const response = await fetch(store.url + path, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ detail });
    }
    const error = await store.client.get("nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeSeriesApiError);
    expect((error as TimeSeriesApiError).status).toBe(404);
    expect((error as TimeSeriesApiError).detail).toBe(detail);
  });

  test("DELETE removes the series", async () => {
    await store.client.put(sineBody("doomed", 10));
    expect(await store.client.remove("doomed")).toEqual({
      message: "Time series data for time series ID 'doomed' deleted successfully.",
    });
    expect((await fetch(`${store.url}/timeseries/doomed`)).status).toBe(404);
  });

  test("the store reports committed changes to onChange listeners", () => {
    const seen = changes.map((change) =>
      change.type === "deleted" ? `deleted ${change.tsId}` : `${change.type} ${change.series.tsId}`,
    );
    expect(seen).toContain("created 1234");
    expect(seen).toContain("updated exact");
    expect(seen).toContain("created doomed");
    expect(seen.at(-1)).toBe("deleted doomed");
    expect(seen).not.toContain("updated nope");
  });

  test("unknown routes answer 404 with a detail body", async () => {
    const response = await fetch(`${store.url}/nothing/here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: "Not Found" });
  });

  test("GET /docs serves the interactive page and /docs/json the OpenAPI document", async () => {
    const page = await fetch(`${store.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const spec = (await (await fetch(`${store.url}/docs/json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(spec.openapi).toStartWith("3.");
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/health",
        "/timeseries/",
        "/timeseries/{ts_id}",
        "/timeseries/{ts_id}/anomaly",
      ]),
    );
    const put = spec.paths["/timeseries/{ts_id}"]!.put!;
    expect(JSON.stringify(put.requestBody)).toContain("process_id");
  });

  test("the client reports an unreachable store as a connection error", async () => {
    const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = listener.port;
    listener.stop(true);
    const error = await new TimeSeriesClient(`http://127.0.0.1:${port}`).health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeSeriesConnectionError);
    expect((error as Error).message).toContain("Cannot reach the time-series store");
  });
});
