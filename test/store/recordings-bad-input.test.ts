/**
 * Bad input to the recordings routes over real HTTP: each gets a 4xx with a `detail` that names the problem,
 * and none changes what is stored.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RecordingsClient } from "../../lib/timeseries/recordings-client.ts";
import { encodeSegment } from "../../lib/timeseries/segment-bytes.ts";
import { dip, envelopeOf, samplesAt, threePhaseMeta } from "../support/recordings.ts";
import { startTestStore, type TestStore } from "../support/store.ts";

let store: TestStore;
let client: RecordingsClient;
let before: string;
beforeAll(async () => {
  store = await startTestStore();
  client = new RecordingsClient(store.url, { token: "" });
  await client.put("rec", threePhaseMeta());
  await client.putSegment("rec", 0, samplesAt(0, 1020));
  await client.putSegmentResult("rec", 0, { process_id: "p", events: [dip()], envelope: envelopeOf(0, 10) });
  await client.putEvents("rec", "s", [dip()]);
  before = await snapshot();
});
afterAll(() => store.close());

/** Everything the tests could damage, as text. */
async function snapshot(): Promise<string> {
  const recording = await client.get("rec");
  const segment = Buffer.from(await (await fetch(`${store.url}/recordings/rec/segments/0`)).arrayBuffer());
  const results = await client.results("rec", { envelope: true });
  return JSON.stringify({ recording, segment: segment.toString("base64"), results });
}

async function send(method: string, path: string, body?: unknown, type = "application/json") {
  const init: RequestInit = { method, headers: { "content-type": type } };
  if (body instanceof Uint8Array) init.body = body as Uint8Array<ArrayBuffer>;
  else if (typeof body === "string") init.body = body;
  else if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${store.url}${path}`, init);
  const text = await response.text();
  const detail = (JSON.parse(text) as { detail?: string }).detail;
  return { status: response.status, detail: detail ?? text };
}

const segmentBytes = (samples: number, channels = 3) => encodeSegment(samplesAt(0, samples, channels));
const putSegment = (path: string, body: Uint8Array) => send("PUT", path, body, "application/octet-stream");

describe("recordings: bad segments", () => {
  test("a length that is not a multiple of 4 × channels is 422", async () => {
    const reply = await putSegment("/recordings/rec/segments/1", new Uint8Array(1020 * 12 + 4));
    expect(reply.status).toBe(422);
    expect(reply.detail).toContain(
      "not a whole number of samples of 3 float32 channels (a multiple of 12 bytes",
    );
  });

  test("an empty body is 422", async () => {
    const reply = await putSegment("/recordings/rec/segments/1", new Uint8Array(0));
    expect(reply.status).toBe(422);
    expect(reply.detail).toContain("at least one sample");
  });

  test("a body that is not application/octet-stream is 415", async () => {
    const reply = await send("PUT", "/recordings/rec/segments/1", "[1, 2, 3]", "application/json");
    expect(reply.status).toBe(415);
    expect(reply.detail).toContain("application/octet-stream");
  });

  test("an unknown recording is 404 for every segment route", async () => {
    expect(await putSegment("/recordings/nope/segments/0", segmentBytes(1020))).toEqual({
      status: 404,
      detail: "Recording 'nope' not found.",
    });
    expect((await send("GET", "/recordings/nope/segments/0")).status).toBe(404);
    const result = { process_id: "p", events: [], envelope: envelopeOf(0, 10) };
    expect((await send("PUT", "/recordings/nope/segments/0/result", result)).status).toBe(404);
    expect((await send("GET", "/recordings/nope/samples?start=0&count=10")).status).toBe(404);
    expect((await send("GET", "/recordings/nope/results")).status).toBe(404);
    expect((await send("GET", "/recordings/nope/envelope")).status).toBe(404);
    expect((await send("PUT", "/recordings/nope/events", { process_id: "p", events: [] })).status).toBe(404);
    expect((await send("PATCH", "/recordings/nope", { complete: false })).status).toBe(404);
    expect((await send("DELETE", "/recordings/nope")).status).toBe(404);
  });

  test("a segment index out of range, or not an integer, is 422", async () => {
    const past = await putSegment("/recordings/rec/segments/3", segmentBytes(500));
    expect(past.status).toBe(422);
    expect(past.detail).toContain("segment 3 is out of range: recording 'rec' has 3 segments");
    for (const n of ["-1", "1.5", "x", "99999999999999999"]) {
      const reply = await putSegment(`/recordings/rec/segments/${n}`, segmentBytes(1020));
      expect(reply.status).toBe(422);
      expect(reply.detail).toContain("path.n: Expected an integer from 0 to");
    }
    expect((await send("GET", "/recordings/rec/segments/7")).detail).toBe(
      "Segment 7 of recording 'rec' is not stored.",
    );
  });

  test("a body outside the samples the segment owns plus the overlap is 422", async () => {
    const early = await putSegment("/recordings/rec/segments/1?start=979", segmentBytes(1041));
    expect(early.detail).toContain(
      "query.start: segment 1 owns samples from 1000, so start must be from 980 to 1000",
    );
    const late = await putSegment("/recordings/rec/segments/1?start=1001", segmentBytes(1020));
    expect(late.status).toBe(422);
    const long = await putSegment("/recordings/rec/segments/1", segmentBytes(1021));
    expect(long.detail).toContain("past 2020");
    const short = await putSegment("/recordings/rec/segments/1", segmentBytes(999));
    expect(short.detail).toContain("short of 2000: segment 1 must hold every sample it owns");
    const pastTotal = await putSegment("/recordings/rec/segments/2", segmentBytes(501));
    expect(pastTotal.detail).toContain("within total_samples 2500");
    expect((await putSegment("/recordings/rec/segments/1?start=abc", segmentBytes(1020))).status).toBe(422);
  });

  test("a body over the store's limit is 413 with the limit", async () => {
    const small = await startTestStore({ maxBodyBytes: 64 * 1024 });
    try {
      const owner = new RecordingsClient(small.url, { token: "" });
      await owner.put("big", threePhaseMeta({ segment_seconds: 10, segment_count: 1 }));
      const response = await fetch(`${small.url}/recordings/big/segments/0`, {
        method: "PUT",
        body: segmentBytes(10_000) as Uint8Array<ArrayBuffer>,
        headers: { "content-type": "application/octet-stream" },
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { detail: string }).detail).toContain("the limit is 65536 bytes");
      expect((await owner.get("big")).segments_stored).toBe(0);
    } finally {
      await small.close();
    }
  });
});

describe("recordings: bad metadata", () => {
  const put = (meta: unknown) => send("PUT", "/recordings/bad-meta", meta);

  test("a key the wire does not define is 422 naming it (not silently dropped)", async () => {
    const reply = await put({ ...threePhaseMeta(), segment_second: 10 });
    expect(reply.status).toBe(422);
    expect(reply.detail).toContain("segment_second");
    const patch = await send("PATCH", "/recordings/rec", { complet: true });
    expect(patch.status).toBe(422);
    expect(patch.detail).toContain("complet");
  });

  test("segments that are not a whole number of samples are 422", async () => {
    const reply = await put(
      threePhaseMeta({ segment_seconds: 0.0015, segment_count: null, total_samples: null, complete: false }),
    );
    expect(reply.status).toBe(422);
    expect(reply.detail).toContain("segment_seconds: 0.0015 s at 1000 samples/s is 1.5 samples");
  });

  test("inconsistent counts, a complete recording without totals, repeated channel names: 422", async () => {
    expect((await put(threePhaseMeta({ segment_count: 4 }))).detail).toContain(
      "segment_count: 2500 samples in segments of 1000 make 3 segments, got 4",
    );
    expect((await put(threePhaseMeta({ total_samples: null }))).detail).toContain(
      "complete: a complete recording needs total_samples and segment_count",
    );
    const channels = threePhaseMeta().channels.map((channel) => ({ ...channel, name: "L1" }));
    expect((await put(threePhaseMeta({ channels }))).detail).toContain("channels[1].name");
  });

  test("schema violations are 422 naming the field", async () => {
    expect((await put({ ...threePhaseMeta(), format: "wav" })).detail).toContain("body.format");
    expect((await put({ ...threePhaseMeta(), sampling_rate: 0 })).detail).toContain("body.sampling_rate");
    expect((await put({ ...threePhaseMeta(), channels: [] })).detail).toContain("body.channels");
    expect((await put("{not json")).detail).toContain("Malformed JSON body");
    expect((await send("GET", "/recordings/bad-meta")).status).toBe(404);
  });

  test("a PATCH that would cut off stored segments is 422", async () => {
    const reply = await send("PATCH", "/recordings/rec", { total_samples: 500, segment_count: 1 });
    expect(reply.status).toBe(422);
    expect(reply.detail).toContain("total_samples: stored segments reach sample 1020");
  });
});

describe("recordings: bad results and events", () => {
  const result = (overrides: Record<string, unknown> = {}) => ({
    process_id: "p",
    events: [dip()],
    envelope: envelopeOf(0, 10),
    ...overrides,
  });
  const putResult = (body: unknown, n = 0) => send("PUT", `/recordings/rec/segments/${n}/result`, body);

  test("a phase that is not a channel name, or listed twice, is 422", async () => {
    expect((await putResult(result({ events: [dip({ phases: ["L4"] })] }))).detail).toContain(
      'body.events[0].phases[0]: "L4" is not a channel of this recording (L1, L2, L3)',
    );
    expect((await putResult(result({ events: [dip({ phases: ["L1", "L1"] })] }))).detail).toContain(
      "is listed twice",
    );
    expect(
      (await send("PUT", "/recordings/rec/events", { process_id: "s", events: [dip({ phases: ["N"] })] }))
        .status,
    ).toBe(422);
  });

  test("an unknown kind, a non-finite number, an inconsistent span are 422", async () => {
    expect((await putResult(result({ events: [{ ...dip(), kind: "flicker" }] }))).detail).toContain(
      "body.events[0].kind",
    );
    const infinite = JSON.stringify(result()).replace('"residual_v":120.5', '"residual_v":1e999');
    expect((await putResult(infinite)).detail).toContain("body.events[0].residual_v");
    expect((await putResult(result({ events: [dip({ end_s: 0.05, duration_s: -0.05 })] }))).status).toBe(422);
    expect((await putResult(result({ events: [dip({ duration_s: 1 })] }))).detail).toContain("duration_s");
  });

  test("an envelope of the wrong shape, or with min above max, is 422", async () => {
    const twoRows = { ...envelopeOf(0, 10), min: envelopeOf(0, 10).min.slice(0, 2) };
    expect((await putResult(result({ envelope: twoRows }))).detail).toContain(
      "expected one row per channel (3), got 2",
    );
    const ragged = envelopeOf(0, 10);
    ragged.max[2] = ragged.max[2]!.slice(0, 9);
    expect((await putResult(result({ envelope: ragged }))).detail).toContain(
      "channel 2 has 10 min and 9 max buckets",
    );
    const inverted = envelopeOf(0, 10);
    inverted.min[0]![3] = 999;
    expect((await putResult(result({ envelope: inverted }))).detail).toContain("channel 0 bucket 3");
    expect((await putResult({ ...result(), extra: 1 })).detail).toContain("extra");
  });

  test("a result for a segment that is not stored is 404", async () => {
    const reply = await putResult(result(), 1);
    expect(reply.status).toBe(404);
    expect(reply.detail).toContain(
      "Segment 1 of recording 'rec' is not stored; PUT the segment before its result.",
    );
  });

  test("bad views: samples past the end or not stored, count 0, columns out of range", async () => {
    expect((await send("GET", "/recordings/rec/samples?start=2490&count=20")).detail).toContain(
      "past total_samples 2500",
    );
    expect((await send("GET", "/recordings/rec/samples?start=0&count=0")).detail).toContain("query.count");
    expect((await send("GET", "/recordings/rec/samples?start=0")).status).toBe(422);
    const missing = await send("GET", "/recordings/rec/samples?start=1010&count=20");
    expect(missing.status).toBe(404);
    expect(missing.detail).toContain("segment 1 is missing");
    expect((await send("GET", "/recordings/rec/envelope?columns=0")).detail).toContain("query.columns");
    expect((await send("GET", "/recordings/rec/results?envelope=maybe")).status).toBe(422);
    expect((await send("GET", "/recordings/?limit=0")).detail).toContain("query.limit");
  });
});

describe("recordings: nothing changed", () => {
  test("after every bad request the stored recording is as it was", async () => {
    expect(await snapshot()).toBe(before);
  });
});
