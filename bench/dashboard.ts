/**
 * Dashboard benchmark: `bun bench/dashboard.ts [--series 10000] [--requests 500]`.
 * Starts the store with the dashboard in-process on a free port and a temporary database, stores --series
 * one-second series (a third flagged), then times the table page (first page, a deep page, each filter),
 * the series detail (1000 points + detection windows), and how long a write takes to reach an SSE client.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dashboardPlugin } from "../dashboard/plugin.ts";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { percentile } from "../lib/percentile.ts";
import { generateSample } from "../lib/signal/index.ts";
import { startStore } from "../store/start.ts";

const positive = (v: number) => (v > 0 ? undefined : "must be greater than 0");
const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/dashboard.ts",
    summary: "Benchmark the dashboard's JSON endpoints and live events.",
    flags: {
      series: { type: "integer", default: 10_000, description: "series stored first", check: positive },
      requests: { type: "integer", default: 500, description: "requests per measured row", check: positive },
    },
  }),
);

const dir = mkdtempSync(join(tmpdir(), "bench-dashboard-"));
const running = await startStore({
  databasePath: join(dir, "store.db"),
  synchronous: "NORMAL",
  plugins: [(store) => dashboardPlugin({ store, modelPath: join(dir, "absent-model.json") })],
});

const sample = generateSample({ duration: 1, samplingRate: 1000, anomalyProbability: 0.001, seed: 1 });
const times = Array.from(sample.time, String);
for (let i = 0; i < flags.series; i++) {
  await running.store.put({ tsId: `s${i}`, processId: "", anomaly: false, times, values: sample.anomaly });
  await running.store.setAnomaly(`s${i}`, {
    anomaly: i % 3 === 0,
    processId: `p${i}`,
    klDivergence: i / flags.series,
  });
}

async function time(label: string, path: string): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < flags.requests; i++) {
    const start = performance.now();
    const response = await fetch(`${running.url}${path}`);
    await response.arrayBuffer();
    samples.push(performance.now() - start);
  }
  const p50 = percentile(samples, 50).toFixed(2);
  const p99 = percentile(samples, 99).toFixed(2);
  console.log(`| ${label.padEnd(38)} | ${p50.padStart(8)} | ${p99.padStart(8)} |`);
}

console.log(`${flags.series} series stored; ${flags.requests} sequential requests per row\n`);
console.log(`| ${"request".padEnd(38)} | p50 (ms) | p99 (ms) |`);
console.log(`|${"-".repeat(40)}|----------|----------|`);
await time("table, first page (all)", "/dashboard/api/series?limit=15");
await time("table, anomalous filter", "/dashboard/api/series?filter=anomalous&limit=15");
await time(
  `table, deep page (offset ${flags.series - 20})`,
  `/dashboard/api/series?limit=15&offset=${flags.series - 20}`,
);
await time("series detail (1000 points)", "/dashboard/api/series/s1");

// Write → SSE event delay for a lone write, one browser connected.
const abort = new AbortController();
const reader = (
  await fetch(`${running.url}/dashboard/api/events`, { signal: abort.signal })
).body!.getReader();
const decoder = new TextDecoder();
let buffered = "";
const waitFor = async (text: string) => {
  while (!buffered.includes(text)) buffered += decoder.decode((await reader.read()).value, { stream: true });
};
await waitFor("event: hello");
const delays: number[] = [];
for (let i = 0; i < 20; i++) {
  await Bun.sleep(300); // lone writes, more than one batch window apart
  buffered = "";
  const start = performance.now();
  await running.store.setAnomaly("s1", { anomaly: true, processId: "x", klDivergence: i });
  await waitFor("event: series");
  delays.push(performance.now() - start);
}
abort.abort();
console.log(
  `\nwrite → SSE event: p50 ${percentile(delays, 50).toFixed(0)} ms, max ${Math.max(...delays).toFixed(0)} ms (lone writes; bursts are batched into one event per 250 ms)`,
);
console.log(
  `server RSS: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (bench and server in one process)`,
);

await running.stop();
rmSync(dir, { recursive: true, force: true });
