/**
 * Store API benchmark: `bun bench/api.ts [--backend sqlite|postgres] [--instances N] [--url URL]
 * [--requests 1000] [--series 100000]`.
 * Without --url it spawns N `bun server.ts` on free ports over one temporary database: a SQLite file
 * (DATABASE_SYNC as set, default FULL) or a private PostgreSQL cluster (lib/postgres/cluster.ts); request i goes
 * to instance i mod N (what a round-robin load balancer does). Reports each server's RSS and the database size.
 * Measures PUT of a 1000-point series, GET of it, PATCH, and one list page of up to 10,000 series out of
 * --series stored (the extra ones are filled with --fill-points points each: a list reads no points), each
 * with 1 and 8 concurrent clients.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { type PostgresCluster, startPostgresCluster } from "../lib/postgres/cluster.ts";
import { pythonFloatString } from "../lib/signal/index.ts";
import { defaultStoreToken } from "../lib/timeseries/client.ts";

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
      backend: {
        type: "string",
        default: "sqlite",
        description: "database of the spawned servers: sqlite or postgres",
        placeholder: "sqlite|postgres",
        check: (v: string) => (v === "sqlite" || v === "postgres" ? undefined : "must be sqlite or postgres"),
      },
      instances: {
        type: "integer",
        default: 1,
        description: "store instances spawned on the one database",
        check: (v: number) => (v >= 1 && v <= 16 ? undefined : "must be from 1 to 16"),
      },
      fillPoints: {
        type: "integer",
        default: 10,
        description: "points per series stored only to fill the list",
        check: positive,
      },
      requests: { type: "integer", default: 1000, description: "requests per measured row", check: positive },
      series: {
        type: "integer",
        default: 100_000,
        description: "series stored before timing the list",
        check: positive,
      },
    },
  }),
);
const requests = flags.requests;
const targetSeries = flags.series;

interface Started {
  /** One base URL per instance. */
  urls: string[];
  pids: number[];
  /** Bytes the database takes on disk (undefined with --url). */
  databaseBytes?: () => Promise<number>;
  stop(): Promise<void>;
}

async function spawnServer(env: Record<string, string>): Promise<{ url: string; child: Bun.Subprocess }> {
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "..", "server.ts")], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", ...env },
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
  return { url: text.match(/(http:\/\/127\.0\.0\.1:\d+)/)![1]!, child };
}

async function spawnStores(backend: string, instances: number): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), "store-bench-"));
  let cluster: PostgresCluster | undefined;
  let env: Record<string, string>;
  let databaseBytes: () => Promise<number>;
  if (backend === "postgres") {
    cluster = await startPostgresCluster({ dataDir: join(dir, "cluster") });
    await cluster.createDatabase("bench");
    const url = cluster.url("bench");
    env = { DATABASE_URL: url };
    databaseBytes = async () => {
      const sql = new SQL(url, { max: 1 });
      const [row] = await sql`SELECT pg_database_size(current_database())::float8 AS bytes`;
      await sql.close();
      return row.bytes as number;
    };
  } else {
    const databasePath = join(dir, "bench.db");
    env = { DATABASE_PATH: databasePath };
    const size = (suffix: string) => {
      try {
        return statSync(databasePath + suffix).size;
      } catch {
        return 0;
      }
    };
    databaseBytes = async () => size("") + size("-wal");
  }
  // One after the other: the first applies the migrations.
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  for (let i = 0; i < instances; i++) servers.push(await spawnServer(env));
  return {
    urls: servers.map((server) => server.url),
    pids: servers.map((server) => server.child.pid),
    databaseBytes,
    async stop() {
      for (const server of servers) {
        server.child.kill();
        await server.child.exited;
      }
      await cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) / 1024;
}

function seriesBody(tsId: string, points = 1000): string {
  const data = [];
  for (let i = 0; i < points; i++) {
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

const server: Started = flags.url
  ? { urls: [flags.url.replace(/\/+$/, "")], pids: [], async stop() {} }
  : await spawnStores(flags.backend, flags.instances);
/** Base URL for request i: round robin over the instances. */
const at = (i: number) => server.urls[i % server.urls.length]!;
const base = server.urls[0]!;
const token = defaultStoreToken();
const json: Record<string, string> = { "content-type": "application/json" };
const write: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
if (token) json.authorization = `Bearer ${token}`;
const results: Result[] = [];
const target = flags.url ? flags.url : `${flags.backend}, ${server.urls.length} instance(s)`;
console.log(
  `store bench against ${target}: ${requests} requests per row, list page over ${targetSeries} series`,
);

try {
  for (const clients of [1, 8]) {
    const bodies = Array.from({ length: requests }, (_, i) => seriesBody(`bench-put-${clients}-${i}`));
    results.push(
      await measure("PUT 1000 points", clients, requests, (i) =>
        fetch(`${at(i)}/timeseries/bench-put-${clients}-${i}`, {
          method: "PUT",
          body: bodies[i],
          headers: json,
        }),
      ),
    );
  }
  for (const clients of [1, 8]) {
    results.push(
      await measure("GET 1000 points", clients, requests, (i) => fetch(`${at(i)}/timeseries/bench-put-1-0`)),
    );
  }
  for (const clients of [1, 8]) {
    results.push(
      await measure("PATCH anomaly", clients, requests, (i) =>
        fetch(`${at(i)}/timeseries/bench-put-1-${i}/anomaly?anomaly=${i % 2 === 0}&process_id=p${i}`, {
          method: "PATCH",
          headers: write,
        }),
      ),
    );
  }
  const stored = (await (await fetch(`${base}/health`)).json()) as { series: number };
  const missing = Math.max(0, targetSeries - stored.series);
  const fillBody = seriesBody("x", flags.fillPoints);
  await measure("fill", 8, missing, (i) => {
    const id = `bench-fill-${i}`;
    return fetch(`${at(i)}/timeseries/${id}`, {
      method: "PUT",
      body: fillBody.replace('"ts_id":"x"', `"ts_id":"${id}"`),
      headers: json,
    });
  });
  const listRequests = Math.max(20, Math.floor(requests / 20));
  for (const clients of [1, 8]) {
    results.push(
      await measure(`list page of ${Math.min(targetSeries, 10_000)}`, clients, listRequests, (i) =>
        fetch(`${at(i)}/timeseries/?limit=${Math.min(targetSeries, 10_000)}`),
      ),
    );
    results.push(
      await measure("list anomalies=true", clients, listRequests, (i) =>
        fetch(`${at(i)}/timeseries/?anomalies=true`),
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
  if (server.pids.length > 0) {
    const rss = server.pids.map((pid) => `${rssMegabytes(pid).toFixed(0)} MB`).join(", ");
    console.log(`server RSS with ${total} series: ${rss}`);
  } else {
    console.log("server RSS: not measured (--url given; the server is not a child of this process)");
  }
  if (server.databaseBytes) {
    const bytes = await server.databaseBytes();
    console.log(`database: ${(bytes / 1024 / 1024).toFixed(1)} MB for ${total} series`);
  }
} finally {
  await server.stop();
}
