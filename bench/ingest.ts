/**
 * `bun bench/ingest.ts [--layout day|hour] [--hours H] [--executors 2] [--segment 10]`: a long recording
 * through `scripts/ingest.ts --wait` on the embedded Colonies server with K executors (child processes), and a
 * store over a temporary SQLite file. Layouts (issue 15's targets):
 * - `day`: one phase at 1 kHz as CSV (`time,v`), 24 h by default (86.4 M samples);
 * - `hour`: three phases at 10 kHz as COMTRADE 2013 BINARY, 1 h by default.
 * The recording holds a dip every ten minutes (some across segment boundaries). It is written once into
 * data/bench-ingest/ (kept for the next run). Reports wall time, × real time, ingest's peak RSS (polled from
 * /proc), the CPU seconds each process used during the run, and whether every placed dip was found.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { ComtradeWriter } from "../lib/recording/index.ts";
import { REPO_ROOT } from "../lib/stack/stack.ts";
import { RecordingsClient } from "../lib/timeseries/index.ts";
import { cpuSeconds, startBenchExecutors, startBenchStack } from "./support.ts";

const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/ingest.ts",
    summary:
      "A day (or an hour) of recording through ingest.ts and K executors: wall time, × real time, RSS.",
    flags: {
      layout: { type: "string", default: "day", placeholder: "day|hour", description: "which recording" },
      hours: { type: "number", placeholder: "H", description: "length (default: 24 for day, 1 for hour)" },
      executors: { type: "integer", default: 2, description: "executors (child processes)" },
      concurrency: { type: "integer", default: 2, description: "assignment loops per executor" },
      segment: { type: "number", default: 10, placeholder: "SECONDS", description: "segment length" },
    },
  }),
);

const DIP_EVERY_S = 600;
const DIP_S = 0.25;
const PEAK = 230 * Math.SQRT2;

interface Layout {
  rate: number;
  phases: number;
  format: "csv" | "comtrade";
}
const LAYOUTS: Record<string, Layout> = {
  day: { rate: 1000, phases: 1, format: "csv" },
  hour: { rate: 10_000, phases: 3, format: "comtrade" },
};
const chosen = LAYOUTS[flags.layout];
if (!chosen) throw new Error(`--layout must be day or hour, got ${flags.layout}`);
const layout = chosen;
const hours = flags.hours ?? (flags.layout === "day" ? 24 : 1);
const total = Math.round(hours * 3600 * layout.rate);

/** Dip k starts k·10 min in, shifted so every other one straddles a segment boundary. */
function dipStarts(): number[] {
  const starts: number[] = [];
  for (let t = DIP_EVERY_S; t < hours * 3600 - 1; t += DIP_EVERY_S)
    starts.push(Math.round((starts.length % 2 === 0 ? t - DIP_S / 2 : t + 3.3) * layout.rate));
  return starts;
}

function fillBlock(channels: Float64Array[], offset: number, dips: number[]): void {
  const n = channels[0]!.length;
  const dipLength = Math.round(DIP_S * layout.rate);
  for (let c = 0; c < channels.length; c++) {
    const out = channels[c]!;
    const shift = (2 * Math.PI * c) / 3;
    for (let i = 0; i < n; i++) {
      const at = offset + i;
      out[i] = PEAK * Math.sin((2 * Math.PI * 50 * at) / layout.rate - shift);
    }
    // Dips on phase A only (a one-phase dip is the common case); 60 % residual.
    if (c === 0)
      for (const start of dips)
        for (let at = Math.max(start, offset); at < Math.min(start + dipLength, offset + n); at++)
          out[at - offset]! *= 0.6;
  }
}

function writeRecording(path: string, dips: number[]): void {
  const block = 100_000;
  const channels = Array.from({ length: layout.phases }, () => new Float64Array(block));
  if (layout.format === "comtrade") {
    const writer = new ComtradeWriter(path, {
      revision: 2013,
      fileType: "BINARY",
      station: "bench",
      device: "ingest",
      lineFrequency: 50,
      samplingRate: layout.rate,
      totalSamples: total,
      startTime: "2026-01-05T00:00:00.000000",
      channels: ["A", "B", "C"].map((phase) => ({ name: `V${phase}`, phase, fullScale: PEAK * 1.2 })),
    });
    for (let offset = 0; offset < total; offset += block) {
      const n = Math.min(block, total - offset);
      const view = channels.map((c) => c.subarray(0, n));
      fillBlock(view, offset, dips);
      writer.write(view);
    }
    writer.close();
    return;
  }
  const fd = openSync(path, "w");
  writeSync(fd, "time,v\n");
  for (let offset = 0; offset < total; offset += block) {
    const n = Math.min(block, total - offset);
    const view = channels.map((c) => c.subarray(0, n));
    fillBlock(view, offset, dips);
    const lines: string[] = new Array(n);
    for (let i = 0; i < n; i++)
      lines[i] = `${((offset + i) / layout.rate).toFixed(3)},${view[0]![i]!.toFixed(2)}`;
    writeSync(fd, `${lines.join("\n")}\n`);
  }
  closeSync(fd);
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const dataDir = join(REPO_ROOT, "data", "bench-ingest");
mkdirSync(dataDir, { recursive: true });
const path = join(dataDir, `${flags.layout}-${hours}h.${layout.format === "csv" ? "csv" : "cfg"}`);
const dips = dipStarts();
if (!existsSync(path)) {
  const started = performance.now();
  writeRecording(path, dips);
  console.log(
    `Wrote ${path} (${total} samples × ${layout.phases}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

const bench = await startBenchStack({ label: "ingest", model: join(dataDir, "no-model.json") });
try {
  await startBenchExecutors(bench, flags.executors, ["--concurrency", String(flags.concurrency)]);
  const args = [
    join(REPO_ROOT, "scripts", "ingest.ts"),
    path,
    "--segment",
    String(flags.segment),
    "--wait",
    "--timeout",
    "3600",
  ];
  if (layout.format === "csv") args.push("--time-column", "time");
  // CPU seconds per child during the run: where the two cores' time goes.
  const roles = bench.children.list().map((c) => ({ name: c.name, pid: c.proc.pid }));
  const cpuBefore = roles.map((r) => cpuSeconds([r.pid]));
  const started = performance.now();
  const startedAt = Date.now();
  const child = Bun.spawn([process.execPath, ...args], {
    env: bench.env as Record<string, string>,
    stdout: "pipe",
    stderr: "inherit",
  });
  let peak = 0;
  const poll = setInterval(() => {
    peak = Math.max(peak, rssMb(child.pid));
  }, 100);
  const output = await new Response(child.stdout).text();
  const code = await child.exited;
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  const ingestCpu = Number(child.resourceUsage()?.cpuTime.total ?? Number.NaN) / 1e6;
  if (code !== 0) throw new Error(`ingest.ts exited ${code}:\n${output}`);
  const id = /Recording ([0-9a-f]{64})/.exec(output)?.[1] ?? "";
  const recording = await new RecordingsClient(bench.storeUrl).get(id);
  const found = (recording.events ?? []).filter((e) => e.kind === "dip").length;
  const stored = /Stored .* in ([\d.]+) s/.exec(output)?.[1];
  const stitchId = /then stitch-recording (\S+)/.exec(output)?.[1] ?? "";
  const stitch = await bench.colonies.getProcess(stitchId, bench.config.prvkey);
  const since = (t: string) => ((Date.parse(t) - startedAt) / 1000).toFixed(1);
  console.log(
    `timeline from ingest's start: workflow submitted +${since(stitch.submissiontime)} s, stitch ran +${since(stitch.starttime)}..+${since(stitch.endtime)} s`,
  );
  // The children's CPU once the stitch is stored (the executors have closed their processes by then).
  const cpu = roles.map((r, i) => `${r.name} ${(cpuSeconds([r.pid]) - (cpuBefore[i] ?? 0)).toFixed(1)}`);
  console.log(`CPU seconds during the run: ingest ${ingestCpu.toFixed(1)}, ${cpu.join(", ")}`);
  console.log(
    `| ${flags.layout} | ${hours} h | ${layout.phases} × ${layout.rate} Hz ${layout.format} | ${total.toLocaleString("en")} | ${flags.executors} × ${flags.concurrency} | ${recording.segment_count} | ${stored} s | ${seconds.toFixed(1)} s | ${((hours * 3600) / seconds).toFixed(0)}× | ${peak.toFixed(0)} MB | ${found} / ${dips.length} |`,
  );
} finally {
  await bench.close();
}
