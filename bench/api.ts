/**
 * Store API benchmark: `bun bench/api.ts [--url http://127.0.0.1:8000] [--requests 1000] [--series 10000]`.
 * Without --url it spawns `bun server.ts` on a free port with a temporary database (DATABASE_SYNC as set,
 * default FULL) and also reports the server's RSS and the database size per series.
 * Measures PUT of a 1000-point series, GET of it, PATCH, and the list over --series stored series, each with
 * 1 and 8 concurrent clients.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { pythonFloatString } from "../lib/signal/index.ts";

const positive = (v: number) => (v > 0 ? undefined : "must be greater than 0");
const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/api.ts",
    summary: "Benchmark the time-series store's HTTP API.",
    flags: {
      url: {
        type: "string",
        description: "target a running store instead of spawning one",
        placeholder: "URL",
      },
      requests: { type: "integer", default: 1000, description: "requests per measured row", check: positive },
      series: {
        type: "integer",
        default: 10_000,
        description: "series stored before timing the list",
        check: positive,
      },
    },
  }),
);
const requests = flags.requests;
const targetSeries = flags.series;

interface Started {
  url: string;
  pid?: number;
  databasePath?: string;
  stop(): void;
}

async function spawnServer(): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), "store-bench-"));
  const databasePath = join(dir, "bench.db");
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "..", "server.ts")], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", DATABASE_PATH: databasePath },
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = child.stdout.getReader();
  let text = "";
  while (!/http:\/\/\S+:\d+/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited before listening: ${text}`);
    text += new TextDecoder().decode(value);
  }
  const url = text.match(/(http:\/\/127\.0\.0\.1:\d+)/)![1]!;
  return {
    url,
    pid: child.pid,
    databasePath,
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) / 1024;
}

function seriesBody(tsId: string): string {
  const data = [];
  for (let i = 0; i < 1000; i++) {
    data.push({
      time: pythonFloatString(i / 1000),
      value: 230 * Math.SQRT2 * Math.sin(2 * Math.PI * 50 * (i / 1000)),
    });
  }
  return JSON.stringify({ ts_id: tsId, process_id: "", data, anomaly: false });
}

interface Result {
  name: string;
  clients: number;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function measure(
  name: string,
  clients: number,
  count: number,
  request: (i: number) => Promise<Response>,
): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const response = await request(i);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${name} #${i}: HTTP ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { name, clients, count, perSecond: count / seconds, p50: at(0.5), p99: at(0.99) };
}

const server: Started = flags.url ? { url: flags.url.replace(/\/+$/, ""), stop() {} } : await spawnServer();
const base = server.url;
const json = { "content-type": "application/json" };
const results: Result[] = [];
console.log(`store bench against ${base}: ${requests} requests per row, list over ${targetSeries} series`);

try {
  for (const clients of [1, 8]) {
    const bodies = Array.from({ length: requests }, (_, i) => seriesBody(`bench-put-${clients}-${i}`));
    results.push(
      await measure("PUT 1000 points", clients, requests, (i) =>
        fetch(`${base}/timeseries/bench-put-${clients}-${i}`, {
          method: "PUT",
          body: bodies[i],
          headers: json,
        }),
      ),
    );
  }
  for (const clients of [1, 8]) {
    results.push(
      await measure("GET 1000 points", clients, requests, () => fetch(`${base}/timeseries/bench-put-1-0`)),
    );
  }
  for (const clients of [1, 8]) {
    results.push(
      await measure("PATCH anomaly", clients, requests, (i) =>
        fetch(`${base}/timeseries/bench-put-1-${i}/anomaly?anomaly=${i % 2 === 0}&process_id=p${i}`, {
          method: "PATCH",
        }),
      ),
    );
  }
  const stored = (await (await fetch(`${base}/health`)).json()) as { series: number };
  const missing = Math.max(0, targetSeries - stored.series);
  const fillBody = seriesBody("x");
  await measure("fill", 8, missing, (i) => {
    const id = `bench-fill-${i}`;
    return fetch(`${base}/timeseries/${id}`, {
      method: "PUT",
      body: fillBody.replace('"ts_id":"x"', `"ts_id":"${id}"`),
      headers: json,
    });
  });
  const listRequests = Math.max(20, Math.floor(requests / 20));
  for (const clients of [1, 8]) {
    results.push(
      await measure(`list all ${targetSeries}`, clients, listRequests, () =>
        fetch(`${base}/timeseries/?limit=${Math.min(targetSeries, 10_000)}`),
      ),
    );
    results.push(
      await measure("list anomalies=true", clients, listRequests, () =>
        fetch(`${base}/timeseries/?anomalies=true`),
      ),
    );
  }

  console.log("");
  console.log("| request | clients | requests | req/s | p50 ms | p99 ms |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.clients} | ${r.count} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`,
    );
  }
  const total = ((await (await fetch(`${base}/health`)).json()) as { series: number }).series;
  console.log("");
  if (server.pid !== undefined) {
    console.log(`server RSS with ${total} series: ${rssMegabytes(server.pid).toFixed(0)} MB`);
  } else {
    console.log("server RSS: not measured (--url given; the server is not a child of this process)");
  }
  if (server.databasePath) {
    const size = (suffix: string) => {
      try {
        return statSync(server.databasePath + suffix).size;
      } catch {
        return 0;
      }
    };
    const bytes = size("") + size("-wal");
    console.log(
      `database: ${(bytes / 1024 / 1024).toFixed(1)} MB for ${total} series = ${(bytes / total / 1024).toFixed(1)} KB per 1000-point series`,
    );
  }
} finally {
  server.stop();
}
