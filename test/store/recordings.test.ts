/**
 * The store's recordings over real HTTP on 127.0.0.1, on the backend under test (STORE_TEST_BACKEND): every
 * endpoint through the typed client, replace-on-reingest, tokens, and a committed segment surviving kill -9.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TimeSeriesApiError } from "../../lib/timeseries/client.ts";
import { RecordingsClient } from "../../lib/timeseries/recordings-client.ts";
import { encodeInt16Segment, encodeSegment } from "../../lib/timeseries/segment-bytes.ts";
import { dip, envelopeOf, PHASES, samplesAt, threePhaseMeta } from "../support/recordings.ts";
import { spawnServer, startTestStore, type TestStore, tempDir } from "../support/store.ts";
import { testDatabase } from "../support/store-backend.ts";

let store: TestStore;
let client: RecordingsClient;
beforeAll(async () => {
  store = await startTestStore();
  client = new RecordingsClient(store.url, { token: "" });
});
afterAll(() => store.close());

/** Stores segments 0-2 of `id` (each with 20 samples of overlap after what it owns, the last one short). */
async function storeAllSegments(id: string) {
  await client.putSegment(id, 0, samplesAt(0, 1020));
  await client.putSegment(id, 1, samplesAt(1000, 1020));
  await client.putSegment(id, 2, samplesAt(2000, 500));
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (error) {
    return (error as TimeSeriesApiError).status;
  }
}

describe("recordings: metadata", () => {
  test("PUT creates (201) with L and zero counts, a second PUT replaces (200), GET and the list show it", async () => {
    const first = await client.put("meta-a", threePhaseMeta());
    expect(first.created).toBe(true);
    expect(first.recording).toMatchObject({
      id: "meta-a",
      ...threePhaseMeta(),
      segment_samples: 1000,
      segments_stored: 0,
      segments_done: 0,
      event_count: null,
    });
    const again = await client.put("meta-a", threePhaseMeta({ source: "again.cfg" }));
    expect(again.created).toBe(false);
    expect(again.recording.created_at).toBe(first.recording.created_at);
    const stored = await client.get("meta-a");
    expect(stored).toEqual({ ...again.recording, events: null, events_process_id: null });
    expect((await client.listAll()).map((r) => r.id)).toContain("meta-a");
  });

  test("the list pages in creation order", async () => {
    for (const id of ["page-1", "page-2", "page-3"]) await client.put(id, threePhaseMeta());
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.list({ limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    const mine = ids.filter((id) => id.startsWith("page-"));
    expect(mine).toEqual(["page-1", "page-2", "page-3"]);
  });

  test("follow mode: totals unknown at first, PATCH finishes the recording", async () => {
    await client.put("follow", threePhaseMeta({ total_samples: null, segment_count: null, complete: false }));
    // With total_samples unknown a segment may be short (the file is still growing).
    await client.putSegment("follow", 0, samplesAt(0, 1020));
    await client.putSegment("follow", 1, samplesAt(1000, 300));
    const done = await client.patch("follow", { total_samples: 1300, segment_count: 2, complete: true });
    expect(done).toMatchObject({ total_samples: 1300, segment_count: 2, complete: true, segments_stored: 2 });
    expect(await client.patch("follow", {})).toMatchObject({ total_samples: 1300, complete: true });
  });

  test("DELETE removes the recording with its segments; then it is 404", async () => {
    await client.put("gone", threePhaseMeta());
    await storeAllSegments("gone");
    expect((await client.remove("gone")).message).toContain("gone");
    expect(await status(client.get("gone"))).toBe(404);
    expect(await status(client.getSegment("gone", 0))).toBe(404);
    expect(await status(client.remove("gone"))).toBe(404);
  });
});

describe("recordings: segments", () => {
  test("a segment comes back byte for byte with its shape in the headers", async () => {
    await client.put("seg", threePhaseMeta());
    const channels = samplesAt(1000, 1020);
    expect(await client.putSegment("seg", 1, channels)).toEqual({ created: true });
    const response = await fetch(`${store.url}/recordings/seg/segments/1`);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("x-start-sample")).toBe("1000");
    expect(response.headers.get("x-samples")).toBe("1020");
    expect(response.headers.get("x-channels")).toBe("3");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(encodeSegment(channels));
    const back = await client.getSegment("seg", 1);
    expect(back.start).toBe(1000);
    expect(back.channels).toEqual(channels);
  });

  test("a segment may start overlap_samples before what it owns (?start)", async () => {
    await client.put("early", threePhaseMeta());
    await client.putSegment("early", 1, samplesAt(980, 1040), 980);
    expect((await client.getSegment("early", 1)).start).toBe(980);
  });

  test("a re-PUT of a segment replaces it (200) and drops its result", async () => {
    await client.put("reput", threePhaseMeta());
    await client.putSegment("reput", 0, samplesAt(0, 1020));
    await client.putSegmentResult("reput", 0, { process_id: "p", events: [], envelope: envelopeOf(0, 10) });
    expect((await client.get("reput")).segments_done).toBe(1);
    const replaced = samplesAt(5, 1020);
    expect(await client.putSegment("reput", 0, replaced)).toEqual({ created: false });
    expect((await client.getSegment("reput", 0)).channels).toEqual(replaced);
    expect(await client.get("reput")).toMatchObject({ segments_stored: 1, segments_done: 0 });
  });

  describe("int16 segments (a COMTRADE BINARY recording's raw values)", () => {
    const scale = [
      { gain: 0.0125, offset: 0 },
      { gain: 0.025, offset: -1.5 },
      { gain: 1 / 3, offset: 2 },
    ];
    /** Raw values of [start, start + count) per channel; raw -32768 (missing) at sample 1010 of channel 1. */
    const rawAt = (start: number, count: number) =>
      scale.map((_, c) =>
        Int16Array.from({ length: count }, (_, i) =>
          c === 1 && start + i === 1010 ? -32768 : (((start + i) * 37 + c * 5000) % 30000) - 15000,
        ),
      );
    /** What float32 segments of the same recording hold: gain·raw + offset rounded to float32, NaN missing. */
    const floatsOf = (raw: Int16Array[]) =>
      raw.map((values, c) =>
        Float32Array.from(values, (r) => (r === -32768 ? Number.NaN : scale[c]!.gain * r + scale[c]!.offset)),
      );

    test("stored in half the bytes; answered as float32 unless ?encoding=stored, and scaled back exactly", async () => {
      await client.put("int16", threePhaseMeta());
      const raw = rawAt(1000, 1020);
      expect(await client.putSegment("int16", 1, { raw, scale })).toEqual({ created: true });

      const asFloat = await fetch(`${store.url}/recordings/int16/segments/1`);
      expect(asFloat.headers.get("x-encoding")).toBe("float32");
      expect(asFloat.headers.get("x-scale")).toBeNull();
      expect(asFloat.headers.get("x-channels")).toBe("3");
      expect(asFloat.headers.get("x-samples")).toBe("1020");
      expect(new Uint8Array(await asFloat.arrayBuffer())).toEqual(encodeSegment(floatsOf(raw)));

      const asStored = await fetch(`${store.url}/recordings/int16/segments/1?encoding=stored`);
      expect(asStored.headers.get("x-encoding")).toBe("int16");
      expect(asStored.headers.get("x-scale")).toBe("0.0125,0,0.025,-1.5,0.3333333333333333,2");
      expect(new Uint8Array(await asStored.arrayBuffer())).toEqual(encodeInt16Segment(raw));

      // As plain arrays: a typed array holding NaN is never toEqual to another.
      const plain = (channels: readonly Float32Array[]) => channels.map((values) => Array.from(values));
      expect(plain((await client.getSegment("int16", 1)).channels)).toEqual(plain(floatsOf(raw)));
      const read = await client.samples("int16", 1005, 10);
      // JSON has no NaN: the missing sample is null.
      const expected = plain(floatsOf(rawAt(1005, 10))).map((values) =>
        values.map((v) => (Number.isNaN(v) ? null : v)),
      );
      expect(read.values).toEqual(expected);
      expect(read.values[1]![5]).toBeNull();
    });

    test("a float32 PUT replaces an int16 segment, and the other way round", async () => {
      await client.put("int16-swap", threePhaseMeta());
      await client.putSegment("int16-swap", 0, { raw: rawAt(0, 1020), scale });
      const floats = samplesAt(0, 1020);
      expect(await client.putSegment("int16-swap", 0, floats)).toEqual({ created: false });
      const back = await fetch(`${store.url}/recordings/int16-swap/segments/0?encoding=stored`);
      expect(back.headers.get("x-encoding")).toBe("float32");
      expect(new Uint8Array(await back.arrayBuffer())).toEqual(encodeSegment(floats));
      await client.putSegment("int16-swap", 0, { raw: rawAt(0, 1020), scale });
      const again = (await client.getSegment("int16-swap", 0)).channels;
      expect(encodeSegment(again)).toEqual(encodeSegment(floatsOf(rawAt(0, 1020))));
    });

    test("a wrong encoding, scale or body length is refused (422 naming the rule), and nothing is stored", async () => {
      await client.put("int16-bad", threePhaseMeta());
      const body = encodeInt16Segment(rawAt(0, 1020));
      const put = (query: string, bytes: Uint8Array<ArrayBuffer> = body) =>
        fetch(`${store.url}/recordings/int16-bad/segments/0${query}`, {
          method: "PUT",
          headers: { "content-type": "application/octet-stream" },
          body: bytes,
        });
      const cases: [string, Uint8Array<ArrayBuffer>, string | undefined, string][] = [
        ["?encoding=int16", body, "segment-scale", "needs scale"],
        ["?scale=1,0,1,0,1,0", body, "segment-scale", "only with encoding=int16"],
        [
          "?encoding=int16&scale=1,0,1,0",
          body,
          "segment-scale",
          "2 gain,offset pairs for the recording's 3 channels",
        ],
        [
          "?encoding=int16&scale=1,0,1,0,1",
          body,
          "segment-scale",
          "expected gain,offset pairs, got 5 numbers",
        ],
        ["?encoding=int16&scale=1,0,x,0,1,0", body, "segment-scale", 'number 3 ("x") is not a finite number'],
        ["?encoding=int16&scale=1,0,1e999,0,1,0", body, "segment-scale", "is not a finite number"],
        [
          "?encoding=int16&scale=1,0,1,0,1,0",
          body.subarray(0, 1021 * 2),
          "segment-whole-samples",
          "int16 channels",
        ],
        ["?encoding=int8", body, undefined, "encoding"],
      ];
      for (const [query, bytes, rule, message] of cases) {
        const response = await put(query, bytes);
        const answer = (await response.json()) as { detail: string; rule?: string };
        expect({ query, status: response.status, rule: answer.rule }).toEqual({ query, status: 422, rule });
        expect(answer.detail).toContain(message);
      }
      expect((await client.get("int16-bad")).segments_stored).toBe(0);
      const read = await fetch(`${store.url}/recordings/int16-bad/segments/0?encoding=raw`);
      expect(read.status).toBe(422);
    });
  });

  test("samples across a segment boundary come from the segments that own them", async () => {
    await client.put("samples", threePhaseMeta());
    await storeAllSegments("samples");
    const read = await client.samples("samples", 990, 30);
    expect(read.start).toBe(990);
    expect(read.sampling_rate).toBe(1000);
    expect(read.channels).toEqual(PHASES);
    const expected = samplesAt(990, 30).map((values) => Array.from(values));
    expect(read.values).toEqual(expected);
    const tail = await client.samples("samples", 2400, 100);
    expect(tail.values[2]).toEqual(Array.from(samplesAt(2400, 100)[2]!));
  });

  test("a day-sized layout: 1 kHz in 10 s segments (L = 10,000), a 10 kHz three-phase hour (L = 100,000)", async () => {
    const day = threePhaseMeta({
      channels: threePhaseMeta().channels.slice(0, 1),
      segment_seconds: 10,
      total_samples: 86_400_000,
      segment_count: 8640,
    });
    expect((await client.put("day", day)).recording.segment_samples).toBe(10_000);
    await client.putSegment("day", 8639, samplesAt(86_390_000, 10_000, 1));
    expect((await client.getSegment("day", 8639)).channels[0]!.length).toBe(10_000);
    const hour = threePhaseMeta({ sampling_rate: 10_000, segment_seconds: 10, total_samples: 36_000_000 });
    const put = await client.put("hour", { ...hour, segment_count: 360, overlap_samples: 200 });
    expect(put.recording.segment_samples).toBe(100_000);
    await client.putSegment("hour", 359, samplesAt(35_900_000, 100_000));
    expect((await client.get("hour")).segments_stored).toBe(1);
  });
});

describe("recordings: results, stitched events, envelope", () => {
  test("results come back in segment order, envelopes only when asked for", async () => {
    await client.put("res", threePhaseMeta());
    await storeAllSegments("res");
    const later = {
      process_id: "p1",
      events: [dip({ start_s: 1.5, end_s: 1.6, duration_s: 0.1 })],
      envelope: envelopeOf(1000, 10),
    };
    const first = { process_id: "p0", events: [dip()], envelope: envelopeOf(0, 10) };
    expect(await client.putSegmentResult("res", 1, later)).toEqual({ created: true });
    expect(await client.putSegmentResult("res", 0, first)).toEqual({ created: true });
    expect(await client.putSegmentResult("res", 0, first)).toEqual({ created: false });
    expect(await client.results("res")).toEqual([
      { segment: 0, process_id: "p0", events: first.events },
      { segment: 1, process_id: "p1", events: later.events },
    ]);
    const withEnvelopes = await client.results("res", { envelope: true });
    expect(withEnvelopes.map((r) => r.envelope)).toEqual([first.envelope, later.envelope]);
    expect((await client.get("res")).segments_done).toBe(2);
  });

  test("stitched events are stored, counted and replaced", async () => {
    await client.put("stitch", threePhaseMeta());
    const events = [dip(), dip({ kind: "swell", start_s: 2, end_s: 2.3, duration_s: 0.3, phases: ["L2"] })];
    expect((await client.putEvents("stitch", "stitcher", events)).event_count).toBe(2);
    expect(await client.get("stitch")).toMatchObject({
      events,
      events_process_id: "stitcher",
      event_count: 2,
    });
    await client.putEvents("stitch", "again", []);
    expect(await client.get("stitch")).toMatchObject({
      events: [],
      events_process_id: "again",
      event_count: 0,
    });
  });

  test("the envelope merges buckets into columns per channel; columns nothing reaches are null", async () => {
    await client.put("env", threePhaseMeta());
    await storeAllSegments("env");
    // Segment 0: ten buckets of 100 samples over [0, 1000); segment 2: five over [2000, 2500).
    const [zero, two] = [envelopeOf(0, 10), envelopeOf(2000, 5)];
    await client.putSegmentResult("env", 0, { process_id: "p", events: [], envelope: zero });
    await client.putSegmentResult("env", 2, { process_id: "p", events: [], envelope: two });
    const merged = await client.envelope("env", 5);
    expect(merged.columns).toBe(5);
    expect(merged.samples_per_column).toBe(500);
    expect(merged.channels).toEqual(PHASES);
    // Column 0 = buckets 0-4 of segment 0, column 1 = buckets 5-9, columns 2-3 = segment 1 (no result).
    const [low, high] = [zero.min[1]!, zero.max[1]!];
    expect(merged.min[1]).toEqual([low[0]!, low[5]!, null, null, two.min[1]![0]!]);
    expect(merged.max[1]).toEqual([high[4]!, high[9]!, null, null, two.max[1]![4]!]);
    expect((await client.envelope("env")).columns).toBe(1000);
  });
});

describe("recordings: replace on re-ingest", () => {
  test("a PUT of the recording again removes its segments, results and events in one go", async () => {
    await client.put("again", threePhaseMeta());
    await storeAllSegments("again");
    await client.putSegmentResult("again", 0, {
      process_id: "p",
      events: [dip()],
      envelope: envelopeOf(0, 10),
    });
    await client.putEvents("again", "s", [dip()]);
    const replaced = await client.put("again", threePhaseMeta({ segment_seconds: 0.5, segment_count: 5 }));
    expect(replaced.created).toBe(false);
    expect(replaced.recording).toMatchObject({
      segment_samples: 500,
      segments_stored: 0,
      segments_done: 0,
      event_count: null,
    });
    expect(await client.get("again")).toMatchObject({ events: null, events_process_id: null });
    expect(await status(client.getSegment("again", 0))).toBe(404);
    expect(await client.results("again")).toEqual([]);
  });
});

interface Operation {
  requestBody?: { content: Record<string, unknown> };
  responses?: Record<string, { content: Record<string, unknown> }>;
}

describe("recordings: concurrency and the API document", () => {
  test("concurrent first PUTs of one id create it once; concurrent segment PUTs all land", async () => {
    const puts = await Promise.all(Array.from({ length: 6 }, () => client.put("race", threePhaseMeta())));
    expect(puts.filter((put) => put.created)).toHaveLength(1);
    await Promise.all(
      [0, 1, 2].map((n) => client.putSegment("race", n, samplesAt(n * 1000, n === 2 ? 500 : 1020))),
    );
    expect((await client.get("race")).segments_stored).toBe(3);
  });

  test("the API document lists every recordings route, the segment body as octet-stream", async () => {
    const doc = (await (await fetch(`${store.url}/docs/json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/recordings"))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        "DELETE /recordings/{id}",
        "GET /recordings/",
        "GET /recordings/{id}",
        "GET /recordings/{id}/envelope",
        "GET /recordings/{id}/results",
        "GET /recordings/{id}/samples",
        "GET /recordings/{id}/segments/{n}",
        "PATCH /recordings/{id}",
        "PUT /recordings/{id}",
        "PUT /recordings/{id}/events",
        "PUT /recordings/{id}/segments/{n}",
        "PUT /recordings/{id}/segments/{n}/result",
      ].sort(),
    );
    const segment = doc.paths["/recordings/{id}/segments/{n}"]!;
    expect(Object.keys(segment.put!.requestBody!.content)).toEqual(["application/octet-stream"]);
    expect(Object.keys(segment.get!.responses!["200"]!.content)).toEqual(["application/octet-stream"]);
    expect(Object.keys(segment.get!.responses!).sort()).toEqual(["200", "404", "422"]);
  });
});

describe("recordings: write tokens", () => {
  test("writes need the token, reads do not; the client sends it", async () => {
    const secured = await startTestStore({ tokens: ["s3cret"] });
    try {
      const anonymous = new RecordingsClient(secured.url, { token: "" });
      const owner = new RecordingsClient(secured.url, { token: "s3cret" });
      expect(await status(anonymous.put("t", threePhaseMeta()))).toBe(401);
      await owner.put("t", threePhaseMeta());
      expect(await status(anonymous.putSegment("t", 0, samplesAt(0, 1020)))).toBe(401);
      expect(await status(new RecordingsClient(secured.url, { token: "wrong" }).remove("t"))).toBe(401);
      await owner.putSegment("t", 0, samplesAt(0, 1020));
      expect((await anonymous.getSegment("t", 0)).start).toBe(0);
      expect((await anonymous.get("t")).segments_stored).toBe(1);
    } finally {
      await secured.close();
    }
  });
});

describe("recordings: durability", () => {
  const dir = tempDir("store-recordings-");
  afterAll(() => dir.remove());

  test("a segment answered 201 survives kill -9 of bun server.ts", async () => {
    const database = await testDatabase(dir.path, "recordings_killed");
    const server = await spawnServer(database.env);
    const spawned = new RecordingsClient(server.url, { token: "" });
    await spawned.put("durable", threePhaseMeta());
    const channels = samplesAt(1000, 1020);
    await spawned.putSegment("durable", 1, channels);
    server.process.kill("SIGKILL");
    await server.process.exited;

    const restarted = await spawnServer(database.env);
    try {
      const again = new RecordingsClient(restarted.url, { token: "" });
      expect((await again.getSegment("durable", 1)).channels).toEqual(channels);
      expect((await again.get("durable")).segments_stored).toBe(1);
    } finally {
      restarted.process.kill("SIGTERM");
      await restarted.process.exited;
    }
  });
});
