/**
 * Recordings store benchmark: `bun bench/recordings-store.ts [--backend sqlite|postgres] [--layout day|hour]
 * [--segments N] [--url URL]`.
 * Spawns `bun server.ts` over a temporary database (see bench/support.ts spawnStores), creates a recording of
 * the layout (day: 1 kHz, one channel, 10 s segments = 40 KB each, 8,640 a day; hour: 10 kHz, three phases,
 * 10 s segments = 1.2 MB each, 360 an hour) and times segment PUTs, segment GETs and result PUTs with 1 and 8
 * concurrent clients, then one GET of every result and one merged envelope over what was stored. Reports
 * req/s, MB/s of samples and latencies, and the database size.
 */
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { defaultStoreToken } from "../lib/timeseries/client.ts";
import type { RecordingMeta, SegmentResultBody } from "../lib/timeseries/recordings.ts";
import { encodeSegment } from "../lib/timeseries/segment-bytes.ts";
import { measure, type Result, rssMegabytes, type Started, spawnStores } from "./support.ts";

const LAYOUTS = {
  day: { rate: 1000, channels: 1, segments: 8640 },
  hour: { rate: 10_000, channels: 3, segments: 360 },
} as const;
const SEGMENT_SECONDS = 10;
/** One U_rms(1/2) window at 50 Hz on either side: what ingest stores past a segment's own samples. */
const overlapOf = (rate: number) => rate / 100;

const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/recordings-store.ts",
    summary: "Benchmark the store's recording segments (PUT/GET of binary segments, results).",
    flags: {
      url: {
        type: "string",
        description: "target a running store instead of spawning one",
        placeholder: "URL",
      },
      backend: {
        type: "string",
        default: "sqlite",
        description: "database of the spawned server: sqlite or postgres",
        placeholder: "sqlite|postgres",
        check: (v: string) => (v === "sqlite" || v === "postgres" ? undefined : "must be sqlite or postgres"),
      },
      layout: {
        type: "string",
        default: "day",
        description: "day (1 kHz, 1 channel, 8,640 segments) or hour (10 kHz, 3 phases, 360 segments)",
        placeholder: "day|hour",
        check: (v: string) => (v === "day" || v === "hour" ? undefined : "must be day or hour"),
      },
      segments: {
        type: "integer",
        default: 0,
        description: "segments stored per measured row (default: the layout's whole recording)",
        check: (v: number) => (v >= 0 ? undefined : "must be 0 or more"),
      },
    },
  }),
);
const layout = LAYOUTS[flags.layout as keyof typeof LAYOUTS];
const count = flags.segments || layout.segments;
const L = layout.rate * SEGMENT_SECONDS;
const overlap = overlapOf(layout.rate);
const channelNames = ["L1", "L2", "L3"].slice(0, layout.channels);

function meta(): RecordingMeta {
  const total = layout.segments * L;
  return {
    source: `bench-${flags.layout}.cfg`,
    format: "comtrade",
    channels: channelNames.map((name) => ({ name, phase: name.slice(1), units: "V", quantity: "voltage" })),
    sampling_rate: layout.rate,
    start_time: "2026-01-05T00:00:00.000000",
    nominal_voltage: 230,
    frequency: 50,
    segment_seconds: SEGMENT_SECONDS,
    overlap_samples: overlap,
    total_samples: total,
    segment_count: layout.segments,
    complete: true,
    warnings: [],
  };
}

/**
 * Segment n's body: what it owns plus the overlap after it (within the recording). A mains wave with noise,
 * as a recorder delivers it: a clean sine would let PostgreSQL's TOAST compression shrink it unrealistically.
 */
function segmentBody(n: number): Uint8Array<ArrayBuffer> {
  const start = n * L;
  const samples = Math.min(L + overlap, layout.segments * L - start);
  let seed = n + 1;
  const noise = () => {
    // xorshift32: deterministic, cheap, no pattern a compressor finds.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4_294_967_296 - 0.5;
  };
  const phase = (c: number, i: number) =>
    (2 * Math.PI * 50 * (start + i)) / layout.rate + (2 * Math.PI * c) / 3;
  const channels = channelNames.map((_, c) =>
    Float32Array.from({ length: samples }, (_, i) => 325 * Math.sin(phase(c, i)) + noise()),
  );
  return encodeSegment(channels);
}

/** A result as an executor sends it: two events, an envelope of one bucket per 100 ms. */
function resultBody(n: number): string {
  const buckets = SEGMENT_SECONDS * 10;
  const row = () => Array.from({ length: buckets }, (_, b) => 229 + (b % 7) / 10);
  const event = (offset: number) => ({
    kind: "dip" as const,
    start_s: n * SEGMENT_SECONDS + offset,
    end_s: n * SEGMENT_SECONDS + offset + 0.1,
    duration_s: 0.1,
    residual_v: 150,
    residual_pct: 65.2,
    cut: false,
    phases: [channelNames[0]!],
  });
  const body: SegmentResultBody = {
    process_id: `p${n}`,
    events: [event(1), event(5)],
    envelope: {
      bucket_samples: L / buckets,
      start: n * L,
      min: channelNames.map(row),
      max: channelNames.map(row),
    },
  };
  return JSON.stringify(body);
}

const server: Started = flags.url
  ? { urls: [flags.url.replace(/\/+$/, "")], pids: [], async stop() {} }
  : await spawnStores(flags.backend, 1);
const base = server.urls[0]!;
const token = defaultStoreToken();
const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
const results: (Result & { megabytes?: number })[] = [];

console.log(
  `recordings bench: ${flags.layout} layout (${layout.rate} Hz, ${layout.channels} channel(s), ${L} samples per segment), ` +
    `${count} segments per row, against ${flags.url ?? flags.backend}`,
);

try {
  // Bodies made up front so the client's own work is not timed; segments repeat past the first 100.
  const bodies = Array.from({ length: Math.min(count, 100) }, (_, n) => segmentBody(n));
  const last = segmentBody(layout.segments - 1);
  const bodyOf = (n: number) => (n === layout.segments - 1 ? last : bodies[n % bodies.length]!);
  const megabytesOf = (n: number) => (bodyOf(0).byteLength * n) / 1e6;
  for (const clients of [1, 8]) {
    const id = `bench-${clients}`;
    const created = await fetch(`${base}/recordings/${id}`, {
      method: "PUT",
      body: JSON.stringify(meta()),
      headers: { ...auth, "content-type": "application/json" },
    });
    if (!created.ok) throw new Error(`PUT /recordings/${id}: ${created.status} ${await created.text()}`);
    // Segment n's body is segment (n mod 100)'s samples (the same length, so valid at n; the last is shorter).
    const put = await measure("PUT segment", clients, count, (n) =>
      fetch(`${base}/recordings/${id}/segments/${n}`, {
        method: "PUT",
        body: bodyOf(n),
        headers: { ...auth, "content-type": "application/octet-stream" },
      }),
    );
    results.push({ ...put, megabytes: megabytesOf(count) });
    const get = await measure("GET segment", clients, count, (n) =>
      fetch(`${base}/recordings/${id}/segments/${n}`),
    );
    results.push({ ...get, megabytes: megabytesOf(count) });
    const resultBodies = Array.from({ length: count }, (_, n) => resultBody(n));
    results.push(
      await measure("PUT result", clients, count, (n) =>
        fetch(`${base}/recordings/${id}/segments/${n}/result`, {
          method: "PUT",
          body: resultBodies[n],
          headers: { ...auth, "content-type": "application/json" },
        }),
      ),
    );
  }
  results.push(
    await measure(`GET results (${count})`, 1, 5, () => fetch(`${base}/recordings/bench-1/results`)),
  );
  results.push(
    await measure("GET envelope 1000 columns", 1, 5, () =>
      fetch(`${base}/recordings/bench-1/envelope?columns=1000`),
    ),
  );

  console.log("");
  console.log("| request | clients | requests | req/s | MB/s | p50 ms | p99 ms |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    const seconds = r.count / r.perSecond;
    const mbs = r.megabytes === undefined ? "" : (r.megabytes / seconds).toFixed(0);
    console.log(
      `| ${r.name} | ${r.clients} | ${r.count} | ${r.perSecond.toFixed(0)} | ${mbs} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`,
    );
  }
  console.log("");
  if (server.pids.length > 0) console.log(`server RSS: ${rssMegabytes(server.pids[0]!).toFixed(0)} MB`);
  if (server.databaseBytes) {
    console.log(
      `database: ${((await server.databaseBytes()) / 1e6).toFixed(0)} MB for ${2 * count} segments`,
    );
  }
} finally {
  await server.stop();
}
