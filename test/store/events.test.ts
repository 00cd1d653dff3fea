import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TimeSeriesClient } from "../../lib/timeseries/client.ts";
import { MAX_EVENTS } from "../../lib/timeseries/limits.ts";
import type { TimeSeriesPage, VoltageEventWire } from "../../lib/timeseries/types.ts";
import { sineBody, spawnServer, startTestStore, type TestStore, tempDir } from "../support/store.ts";
import { testDatabase } from "../support/store-backend.ts";

const dip: VoltageEventWire = {
  kind: "dip",
  start_s: 0.1,
  end_s: 0.35,
  duration_s: 0.25,
  residual_v: 48.3,
  residual_pct: 21,
  cut: false,
};
const swell: VoltageEventWire = {
  kind: "swell",
  start_s: 0.5,
  end_s: 0.6,
  duration_s: 0.1,
  residual_v: 271.4,
  residual_pct: 118,
  cut: true,
};

let store: TestStore;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(() => store.close());

async function rawGet(tsId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${store.url}/timeseries/${tsId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

function patch(tsId: string, query: string, body?: unknown): Promise<Response> {
  return fetch(`${store.url}/timeseries/${tsId}/anomaly${query}`, {
    method: "PATCH",
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? undefined : { "content-type": "application/json" },
  });
}

describe("a verdict's events", () => {
  test("a series without a verdict has events null and event_count null", async () => {
    await store.client.put(sineBody("fresh", 10));
    const stored = await rawGet("fresh");
    expect(stored.events).toBeNull();
    expect(stored.event_count).toBeNull();
    expect(Object.keys(stored).slice(0, 2)).toEqual(["ts_id", "data"]);
  });

  test("PATCH with events in the body: GET returns them, kl_divergence stays null", async () => {
    await store.client.put(sineBody("body-form", 1000, "p0"));
    await store.client.setAnomaly("body-form", { anomaly: true, process_id: "p1", events: [dip, swell] });
    const stored = await store.client.get("body-form");
    expect(stored.events).toEqual([dip, swell]);
    expect(stored.event_count).toBe(2);
    expect(stored.kl_divergence).toBeNull();
    expect(stored.anomaly).toBe(true);
    expect(stored.process_id).toBe("p1");
    expect(stored.data).toHaveLength(1000);
  });

  test("PATCH with events in the query string (JSON text), as a query-only client sends it", async () => {
    await store.client.put(sineBody("query-form", 10));
    const events = encodeURIComponent(JSON.stringify([swell]));
    const response = await patch("query-form", `?anomaly=true&process_id=q&events=${events}`);
    expect(response.status).toBe(200);
    const stored = await store.client.get("query-form");
    expect(stored.events).toEqual([swell]);
    expect(stored.process_id).toBe("q");
  });

  test("an empty event list is a verdict that found nothing: [] and count 0, not null", async () => {
    await store.client.put(sineBody("quiet", 10));
    await store.client.setAnomaly("quiet", { anomaly: false, events: [] });
    const stored = await store.client.get("quiet");
    expect(stored.events).toEqual([]);
    expect(stored.event_count).toBe(0);
  });

  test("keys beside the wire fields are dropped, not stored", async () => {
    await store.client.put(sineBody("extra", 10));
    const response = await patch("extra", "", { anomaly: true, events: [{ ...dip, phase: "L1" }] });
    expect(response.status).toBe(200);
    expect((await store.client.get("extra")).events).toEqual([dip]);
  });

  test("the tutorial's PATCH (no detail) keeps the events; a KL verdict replaces them, and back", async () => {
    await store.client.put(sineBody("switch", 10));
    await store.client.setAnomaly("switch", { anomaly: true, events: [dip] });
    const tutorial = await patch("switch", "?anomaly=true&process_id=tut");
    expect(tutorial.status).toBe(200);
    expect((await store.client.get("switch")).events).toEqual([dip]);

    await store.client.setAnomaly("switch", { anomaly: true, kl_divergence: 0.3 });
    let stored = await store.client.get("switch");
    expect(stored.events).toBeNull();
    expect(stored.event_count).toBeNull();
    expect(stored.kl_divergence).toBe(0.3);

    await store.client.setAnomaly("switch", { anomaly: true, events: [swell] });
    stored = await store.client.get("switch");
    expect(stored.events).toEqual([swell]);
    expect(stored.kl_divergence).toBeNull();
  });

  test("a PUT of new data clears the events, as it clears the KL divergence", async () => {
    await store.client.put(sineBody("replaced", 10));
    await store.client.setAnomaly("replaced", { anomaly: true, events: [dip] });
    await store.client.put(sineBody("replaced", 20));
    const stored = await store.client.get("replaced");
    expect(stored.events).toBeNull();
    expect(stored.event_count).toBeNull();
    expect(stored.anomaly).toBe(false);
  });
});

describe("GET /timeseries/?event_kind=", () => {
  /** list-0 .. list-11: every 2nd has a dip, every 3rd a swell, list-5 an interruption. */
  const ids = Array.from({ length: 12 }, (_, i) => `list-${String(i).padStart(2, "0")}`);
  const withDip = ids.filter((_, i) => i % 2 === 0);
  const withSwell = ids.filter((_, i) => i % 3 === 0);

  beforeAll(async () => {
    const client = new TimeSeriesClient(store.url);
    for (const [i, tsId] of ids.entries()) {
      await client.put(sineBody(tsId, 5));
      const events: VoltageEventWire[] = [];
      if (i % 2 === 0) events.push(dip);
      if (i % 3 === 0) events.push(swell);
      if (i === 5) events.push({ ...dip, kind: "interruption", residual_v: 2, residual_pct: 0.9 });
      // list-01, -07, -11 get a verdict without events; the others' flag follows their events
      await client.setAnomaly(tsId, { anomaly: events.length > 0, events });
    }
  });

  const listed = async (query: string) => {
    const response = await fetch(`${store.url}/timeseries/${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as TimeSeriesPage;
  };
  const ofList = (page: TimeSeriesPage) =>
    page.timeseries.map((s) => s.ts_id).filter((id) => id.startsWith("list-"));

  test("lists the series with at least one event of that kind, in insertion order", async () => {
    expect(ofList(await listed("?event_kind=dip"))).toEqual(withDip);
    expect(ofList(await listed("?event_kind=swell"))).toEqual(withSwell);
    expect(ofList(await listed("?event_kind=interruption"))).toEqual(["list-05"]);
  });

  test("summaries carry event_count", async () => {
    const page = await listed("?event_kind=swell");
    const counts = Object.fromEntries(page.timeseries.map((s) => [s.ts_id, s.event_count]));
    expect(counts["list-00"]).toBe(2);
    expect(counts["list-03"]).toBe(1);
    const all = await store.client.listAll();
    expect(all.find((s) => s.ts_id === "list-01")?.event_count).toBe(0);
  });

  test("pages with limit and cursor, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listed(`?event_kind=dip&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.timeseries.length).toBeLessThanOrEqual(2);
      seen.push(...page.timeseries.map((s) => s.ts_id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(seen.filter((id) => id.startsWith("list-"))).toEqual(withDip);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  test("combines with anomalies= and works through the typed client", async () => {
    await store.client.setAnomaly("list-02", { anomaly: false });
    expect(ofList(await listed("?event_kind=dip&anomalies=true"))).toEqual(
      withDip.filter((id) => id !== "list-02"),
    );
    expect(ofList(await listed("?event_kind=dip&anomalies=false"))).toEqual(["list-02"]);
    const viaClient = await store.client.listAll({ eventKind: "swell", limit: 1 });
    expect(viaClient.map((s) => s.ts_id).filter((id) => id.startsWith("list-"))).toEqual(withSwell);
  });

  test("an unknown kind is a 422 naming the valid kinds", async () => {
    const response = await fetch(`${store.url}/timeseries/?event_kind=sag`);
    expect(response.status).toBe(422);
    const { detail } = (await response.json()) as { detail: string };
    expect(detail).toContain("event_kind");
    expect(detail).toContain("dip, swell, interruption");
  });
});

describe("bad events", () => {
  const victim = "event-victim";
  const event = (fields: Partial<Record<keyof VoltageEventWire, unknown>>) => ({ ...dip, ...fields });
  const cases: { name: string; query?: string; body?: unknown; detail: string }[] = [
    {
      name: "unknown kind",
      body: { anomaly: true, events: [event({ kind: "sag" })] },
      detail: "events[0].kind",
    },
    {
      name: "missing field",
      body: { anomaly: true, events: [{ kind: "dip", start_s: 0, end_s: 1, duration_s: 1, cut: false }] },
      detail: "events[0].residual_v",
    },
    { name: "negative start", body: { anomaly: true, events: [event({ start_s: -1 })] }, detail: "start_s" },
    {
      name: "end before start",
      body: { anomaly: true, events: [dip, event({ end_s: 0.05, duration_s: -0.05 })] },
      detail: "events[1]",
    },
    {
      name: "duration not end - start",
      body: { anomaly: true, events: [event({ duration_s: 3 })] },
      detail: "events[0].duration_s",
    },
    {
      name: "cut not a boolean",
      body: { anomaly: true, events: [event({ cut: "no" })] },
      detail: "events[0].cut",
    },
    {
      name: "residual a string",
      body: { anomaly: true, events: [event({ residual_pct: "21" })] },
      detail: "residual_pct",
    },
    { name: "events an object", body: { anomaly: true, events: { kind: "dip" } }, detail: "body.events" },
    { name: "events null", body: { anomaly: true, events: null }, detail: "body.events" },
    {
      name: "too many events",
      body: { anomaly: true, events: Array.from({ length: MAX_EVENTS + 1 }, () => dip) },
      detail: "body.events",
    },
    { name: "query: not JSON", query: "?anomaly=true&events=%5B%7B", detail: "events" },
    {
      name: "query: a bad field",
      query: `?anomaly=true&events=${encodeURIComponent(JSON.stringify([event({ residual_v: -2 })]))}`,
      detail: "query.events[0].residual_v",
    },
    {
      name: "query: end before start",
      query: `?anomaly=true&events=${encodeURIComponent(JSON.stringify([event({ end_s: 0, duration_s: 0 })]))}`,
      detail: "query.events[0].end_s",
    },
    { name: "query: null", query: "?anomaly=true&events=null", detail: "query.events" },
  ];

  let before = "";
  beforeAll(async () => {
    await store.client.put(sineBody(victim, 50, "p0"));
    await store.client.setAnomaly(victim, { anomaly: true, process_id: "p1", events: [dip] });
    before = await (await fetch(`${store.url}/timeseries/${victim}`)).text();
  });

  test.each(cases.map((c) => [c.name, c] as const))(
    "%s: 422 with a detail naming the field",
    async (_n, bad) => {
      const response = await patch(victim, bad.query ?? "", bad.body);
      expect(response.status).toBe(422);
      const { detail } = (await response.json()) as { detail: string };
      expect(detail).toContain(bad.detail);
    },
  );

  test("after the bad requests the series is unchanged", async () => {
    expect(await (await fetch(`${store.url}/timeseries/${victim}`)).text()).toBe(before);
  });
});

describe("durability", () => {
  const dir = tempDir("store-events-");
  afterAll(() => dir.remove());

  test("events survive a restart of a spawned server (bun server.ts)", async () => {
    const database = await testDatabase(dir.path, "events");
    const first = await spawnServer(database.env);
    let expected: string;
    try {
      const client = new TimeSeriesClient(first.url);
      await client.put(sineBody("kept", 100));
      await client.setAnomaly("kept", { anomaly: true, process_id: "p", events: [dip, swell] });
      expected = await (await fetch(`${first.url}/timeseries/kept`)).text();
    } finally {
      first.process.kill("SIGTERM");
      await first.process.exited;
    }
    const second = await spawnServer(database.env);
    try {
      expect(await (await fetch(`${second.url}/timeseries/kept`)).text()).toBe(expected);
      const client = new TimeSeriesClient(second.url);
      expect((await client.get("kept")).events).toEqual([dip, swell]);
      expect((await client.list({ eventKind: "swell" })).timeseries.map((s) => s.ts_id)).toEqual(["kept"]);
    } finally {
      second.process.kill("SIGTERM");
      await second.process.exited;
    }
  });
});
