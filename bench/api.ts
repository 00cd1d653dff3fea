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
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { pythonFloatString } from "../lib/signal/index.ts";
import { defaultStoreToken } from "../lib/timeseries/client.ts";
import { measure, type Result, rssMegabytes, type Started, spawnStores } from "./support.ts";

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
