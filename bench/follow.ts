/**
 * `bun bench/follow.ts [--segment 10] [--seconds 60] [--rate 1000]`: the latency of `ingest.ts --follow`. A
 * CSV is written at real-time pace (one row per sample period, in 100 ms bursts) with a 200 ms dip every 15 s;
 * ingest follows it with two executors on the embedded server. For each dip: the time from writing its
 * last row to the dip showing in the store's recording events (issue 15: at most segment + 2 s).
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { REPO_ROOT } from "../lib/stack/stack.ts";
import { RecordingsClient } from "../lib/timeseries/index.ts";
import { startBenchExecutors, startBenchStack } from "./support.ts";

const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/follow.ts",
    summary: "How long after its samples are written a dip shows in a followed recording's events.",
    flags: {
      segment: { type: "number", default: 10, placeholder: "SECONDS", description: "segment length" },
      seconds: { type: "number", default: 60, description: "seconds of feed" },
      rate: { type: "integer", default: 1000, description: "samples per second" },
    },
  }),
);

const DIP_EVERY_S = 15;
const DIP_S = 0.2;
const PEAK = 230 * Math.SQRT2;

const bench = await startBenchStack({ label: "follow", model: "no-model.json" });
try {
  await startBenchExecutors(bench, 2, ["--concurrency", "2"]);
  const path = join(bench.dataDir, "live.csv");
  writeFileSync(path, "time,v\n");
  const child = Bun.spawn(
    [
      process.execPath,
      join(REPO_ROOT, "scripts", "ingest.ts"),
      path,
      "--follow",
      "--segment",
      String(flags.segment),
      "--idle",
      "3",
      "--time-column",
      "time",
    ],
    { env: bench.env as Record<string, string>, stdout: "pipe", stderr: "inherit" },
  );
  const output = new Response(child.stdout).text();
  const store = new RecordingsClient(bench.storeUrl);
  const dipEnds = new Map<number, number>(); // dip index → wall ms when its last row was written
  const seen = new Map<number, number>();
  let id: string | undefined;
  const total = flags.seconds * flags.rate;
  const started = Date.now();
  const watch = setInterval(async () => {
    id ??= (await store.listAll()).at(-1)?.id;
    if (!id) return;
    const events = (await store.get(id)).events ?? [];
    for (const e of events) {
      const k = Math.round(e.start_s / DIP_EVERY_S);
      if (e.kind === "dip" && !seen.has(k) && dipEnds.has(k)) seen.set(k, Date.now());
    }
  }, 50);
  for (let i = 0; i < total; ) {
    const due = started + (i / flags.rate) * 1000;
    if (Date.now() < due) await Bun.sleep(due - Date.now());
    const burst = Math.min(total - i, Math.round(flags.rate / 10));
    const lines: string[] = [];
    for (let j = 0; j < burst; j++, i++) {
      const t = i / flags.rate;
      const k = Math.round(i / (DIP_EVERY_S * flags.rate));
      const dipStart = k * DIP_EVERY_S * flags.rate;
      const dipEnd = dipStart + Math.round(DIP_S * flags.rate);
      const inDip = k > 0 && i >= dipStart && i < dipEnd;
      lines.push(`${t.toFixed(4)},${((inDip ? 0.6 : 1) * PEAK * Math.sin(2 * Math.PI * 50 * t)).toFixed(2)}`);
      if (inDip && i === dipEnd - 1) dipEnds.set(k, -1);
    }
    appendFileSync(path, `${lines.join("\n")}\n`);
    for (const [k, at] of dipEnds) if (at === -1) dipEnds.set(k, Date.now());
  }
  await child.exited;
  clearInterval(watch);
  await output;
  const latencies = [...dipEnds].map(([k, at]) => ((seen.get(k) ?? Number.NaN) - at) / 1000);
  console.log(
    `| ${flags.rate} Hz | --segment ${flags.segment} | ${dipEnds.size} dips | latency ${latencies.map((s) => s.toFixed(1)).join(", ")} s | bound ${flags.segment + 2} s |`,
  );
} finally {
  await bench.close();
}
