/**
 * End-to-end benchmark: `bun bench/pipeline.ts [--count 1000] [--executors 1,2,4] [--concurrency 2]
 * [--colonies embedded|real]`.
 * For each K: a fresh Colonies server (embedded, or the real Go server on its own PostgreSQL) and store
 * (child processes), K anomaly executors (separate
 * processes, `--concurrency` assignment loops each), N one-second series uploaded first (untimed), then one
 * `anomaly` process submitted per series. Reports series/s from the first submit to the last close, p50/p99
 * submit→closed latency, and where the executors spend their busy time (signing, Colonies HTTP, store
 * HTTP, detection; from EXECUTOR_STATS_PATH plus a signing micro-measurement), the executors' CPU per
 * series and the Colonies server's CPU (for the real one including its PostgreSQL).
 *
 * `--batch N`: instead, for each K and logs mode, compare one process per series against generators that
 * pack N series ids per process (bench/pipeline-batch.ts; also takes --rate, --checker-period,
 * --batch-timeout).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDevEnv } from "../embedded-colonies/bootstrap.ts";
import type { ExecutorStats } from "../executor/stats.ts";
import { anomalyFuncSpec } from "../lib/anomaly/index.ts";
import { newSeriesId, sampleSeeds, storeSample, tutorialSample } from "../lib/anomaly/sample.ts";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { type ColoniesClient, encodeRequest, messages, ProcessState } from "../lib/colonies-sdk/index.ts";
import { mapLimit } from "../lib/map-limit.ts";
import { percentile } from "../lib/percentile.ts";
import { COLONIES_KINDS, type ColoniesKind } from "../lib/stack/stack.ts";
import { TimeSeriesClient } from "../lib/timeseries/index.ts";
import { BATCHING_FLAGS, compareBatching } from "./pipeline-batch.ts";
import { cpuSeconds, startBenchExecutors, startBenchStack, withDescendants } from "./support.ts";

const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/pipeline.ts",
    summary: "Series per second through submit → Colonies → executors → store, for K executors.",
    flags: {
      count: {
        type: "integer",
        default: 1000,
        description: "one-second series per run",
        check: (n) => (n >= 1 ? undefined : "must be ≥ 1"),
      },
      executors: {
        type: "string",
        default: "1,2,4",
        placeholder: "LIST",
        description: "executor counts K to run",
      },
      concurrency: {
        type: "integer",
        default: 4,
        description: "assignment loops per executor (--concurrency)",
        check: (n) => (n >= 1 ? undefined : "must be ≥ 1"),
      },
      logs: {
        type: "string",
        default: "full,verdict",
        placeholder: "LIST",
        description:
          "executor --logs modes to run: full (the tutorial's lines), verdict (one line per series)",
      },
      submitters: {
        type: "integer",
        default: 8,
        description: "submit requests in flight at once",
        check: (n) => (n >= 1 ? undefined : "must be ≥ 1"),
      },
      colonies: {
        type: "string",
        default: "embedded",
        placeholder: "KIND",
        description: "Colonies server: embedded or real (Go v1.9.12 + PostgreSQL)",
        check: (v) => (COLONIES_KINDS.includes(v as ColoniesKind) ? undefined : "must be embedded or real"),
      },
      model: {
        type: "string",
        default: "model.json",
        placeholder: "PATH",
        description: "model for the executors (tutorial default when missing)",
      },
      batch: {
        type: "integer",
        placeholder: "N",
        description: "compare generators packing N ids per process against one process per series",
        check: (n) => (n >= 1 ? undefined : "must be ≥ 1"),
      },
      ...BATCHING_FLAGS,
    },
  }),
);

/** Mean cost of signing one Colonies request (an addlog of the executor's size), in ms. */
function signingCostMs(prvkey: string): number {
  const line = `Detecting anomalies in time series with ID: ${newSeriesId()}`;
  for (let i = 0; i < 50; i++) encodeRequest(messages.addLog(newSeriesId(), line), prvkey);
  const rounds = 500;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) encodeRequest(messages.addLog(newSeriesId(), line), prvkey);
  return (performance.now() - started) / rounds;
}

async function waitAllClosed(colonies: ColoniesClient, colonyname: string, key: string, total: number) {
  for (;;) {
    const s = await colonies.getColonyStatistics(colonyname, key);
    if (s.successfulprocesses + s.failedprocesses >= total) return s;
    await Bun.sleep(100);
  }
}

interface RunResult {
  executors: number;
  seconds: number;
  seriesPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
  stats: ExecutorStats;
  /** CPU seconds the Colonies server used per wall second of the timed phase (1.0 = one core busy). */
  serverCores: number;
  /** CPU ms the executors used per series in the timed phase. */
  executorCpuMs: number;
  /** CPU ms per series in the timed phase: the Colonies server, the store, and this process (the submitter). */
  serverCpuMs: number;
  storeCpuMs: number;
  submitterCpuMs: number;
}

function executorArgs(logs: string): string[] {
  return ["--concurrency", String(flags.concurrency), "--logs", logs];
}

function addStats(total: ExecutorStats, more: ExecutorStats): void {
  for (const key of Object.keys(total) as (keyof ExecutorStats)[]) total[key] += more[key];
}

async function run(k: number, logs: string): Promise<RunResult> {
  const bench = await startBenchStack({
    label: `pipeline-${k}`,
    model: flags.model,
    colonies: flags.colonies as ColoniesKind,
  });
  try {
    const { colonies, config, storeUrl } = bench;
    const statsPaths = Array.from({ length: k }, (_, i) => join(bench.dataDir, `executor-${i + 1}.json`));
    await startBenchExecutors(bench, k, executorArgs(logs), (i) => ({ EXECUTOR_STATS_PATH: statsPaths[i]! }));

    const store = new TimeSeriesClient(storeUrl);
    const tsIds = await mapLimit(sampleSeeds(flags.count, 1), 8, async (seed) => {
      const tsId = newSeriesId();
      await storeSample(store, tsId, tutorialSample(0.002, seed));
      return tsId;
    });

    const submittedAt = new Map<string, number>();
    const firstSubmit = Date.now();
    const executorPids = bench.children
      .list()
      .filter((child) => child.name.startsWith("executor "))
      .flatMap((child) => withDescendants(child.proc.pid));
    const storePids = bench.children
      .list()
      .filter((child) => child.name === "store")
      .flatMap((child) => withDescendants(child.proc.pid));
    const serverCpuBefore = cpuSeconds(bench.serverPids());
    const executorCpuBefore = cpuSeconds(executorPids);
    const storeCpuBefore = cpuSeconds(storePids);
    const submitterCpuBefore = process.cpuUsage();
    await mapLimit(tsIds, flags.submitters, async (tsId) => {
      const at = Date.now();
      const process = await colonies.submitFunctionSpec(
        anomalyFuncSpec({ colonyname: config.colonyName, tsIds: [tsId], db: storeUrl, maxexectime: 60 }),
        config.prvkey,
      );
      submittedAt.set(process.processid, at);
    });
    await waitAllClosed(colonies, config.colonyName, config.prvkey, flags.count);
    const serverCores = cpuSeconds(bench.serverPids()) - serverCpuBefore;
    const executorCpuMs = ((cpuSeconds(executorPids) - executorCpuBefore) * 1000) / flags.count;
    const storeCpuMs = ((cpuSeconds(storePids) - storeCpuBefore) * 1000) / flags.count;
    const submitter = process.cpuUsage(submitterCpuBefore);
    const submitterCpuMs = (submitter.user + submitter.system) / 1000 / flags.count;
    const timedSeconds = (Date.now() - firstSubmit) / 1000;
    const closed = await mapLimit([...submittedAt.keys()], 16, (id) =>
      colonies.getProcess(id, config.prvkey),
    );
    const latencies = closed.map((p) => Date.parse(p.endtime) - submittedAt.get(p.processid)!);
    const lastClose = Math.max(...closed.map((p) => Date.parse(p.endtime)));
    const seconds = (lastClose - firstSubmit) / 1000;

    await bench.children.stopAll();
    const stats = {} as ExecutorStats;
    for (const path of statsPaths) {
      const one = (await Bun.file(path).json()) as ExecutorStats & { name: string };
      const { name: _name, ...numbers } = one;
      if (Object.keys(stats).length === 0) Object.assign(stats, numbers);
      else addStats(stats, numbers);
    }
    return {
      executors: k,
      seconds,
      seriesPerSecond: flags.count / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failed: closed.filter((p) => p.state !== ProcessState.Successful).length,
      stats,
      serverCores: serverCores / timedSeconds,
      executorCpuMs,
      serverCpuMs: (serverCores * 1000) / flags.count,
      storeCpuMs,
      submitterCpuMs,
    };
  } finally {
    await bench.close();
  }
}

const logModes = flags.logs.split(",").map((s) => s.trim());
const ks = flags.executors.split(",").map((s) => Number(s.trim()));
if (ks.some((k) => !Number.isInteger(k) || k < 1)) {
  console.error(
    `error: --executors must be a comma-separated list of whole numbers ≥ 1, got "${flags.executors}"`,
  );
  process.exit(1);
}
const combinations = logModes.flatMap((mode) => ks.map((k) => [mode, k] as const));
if (flags.batch !== undefined) {
  for (const [logs, k] of combinations) {
    await compareBatching({ ...flags, batch: flags.batch, executors: k, executorArgs: executorArgs(logs) });
    console.log();
  }
  process.exit(0);
}
const signMs = signingCostMs(
  ensureDevEnv(join(mkdtempSync(join(tmpdir(), "bench-sign-")), ".env")).values.COLONIES_PRVKEY,
);
console.log(
  `pipeline (${flags.colonies} Colonies server): ${flags.count} one-second series, ${flags.concurrency} loop(s) per executor, signing ≈ ${signMs.toFixed(3)} ms/request`,
);
console.log(
  "logs | K | series/s | wall s | p50 ms | p99 ms | failed | executor CPU ms/series | busy ms/series: sign | Colonies HTTP | store HTTP | detect | Colonies server cores | CPU ms/series: Colonies server · store · submitter",
);
for (const [logs, k] of combinations) {
  const r = await run(k, logs);
  const s = r.stats;
  const perSeries = (ms: number) => (ms / s.series).toFixed(2);
  const signTotal = signMs * s.coloniesCalls;
  const busy = s.busyMs;
  const share = (ms: number) => `${((100 * ms) / busy).toFixed(0)}%`;
  console.log(
    `${logs} | ${k} | ${r.seriesPerSecond.toFixed(1)} | ${r.seconds.toFixed(2)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.failed} | ${r.executorCpuMs.toFixed(2)} | ` +
      `busy ${perSeries(busy)}: sign ${perSeries(signTotal)} (${share(signTotal)}) | ` +
      `colonies ${perSeries(s.coloniesMs - signTotal)} (${share(s.coloniesMs - signTotal)}) | ` +
      `store ${perSeries(s.storeMs)} (${share(s.storeMs)}) | detect ${perSeries(s.detectMs)} (${share(s.detectMs)}) | ${r.serverCores.toFixed(2)} | ` +
      `${r.serverCpuMs.toFixed(2)} · ${r.storeCpuMs.toFixed(2)} · ${r.submitterCpuMs.toFixed(2)}`,
  );
}
console.log(
  "busy = assignment to close per process; log calls run alongside the store calls, so the shares can add up to more than 100%.",
);
