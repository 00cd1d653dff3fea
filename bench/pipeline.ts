/**
 * End-to-end benchmark: `bun bench/pipeline.ts [--count 1000] [--executors 1,2,4] [--concurrency 2]`.
 * For each K: a fresh embedded Colonies server and store (child processes), K anomaly executors (separate
 * processes, `--concurrency` assignment loops each), N one-second series uploaded first (untimed), then one
 * `anomaly` process submitted per series. Reports series/s from the first submit to the last close, p50/p99
 * submit→closed latency, and where the executors spend their busy time (signing, Colonies HTTP, store
 * HTTP, detection; from EXECUTOR_STATS_PATH plus a signing micro-measurement).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ensureDevEnv, registerColony } from "../colonies/bootstrap.ts";
import type { ExecutorStats } from "../executor/stats.ts";
import { anomalyFuncSpec } from "../lib/anomaly/index.ts";
import { newSeriesId, sampleSeeds, storeSample, tutorialSample } from "../lib/anomaly/sample.ts";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import {
  type ColoniesClient,
  encodeRequest,
  loadColoniesConfig,
  messages,
  ProcessState,
  requireKeys,
} from "../lib/colonies/index.ts";
import { ChildProcesses } from "../lib/demo/children.ts";
import { coloniesEnv, type StackOptions, startColonies, startStoreServer } from "../lib/demo/stack.ts";
import { percentile } from "../lib/demo/stats.ts";
import { TimeSeriesClient } from "../lib/timeseries/index.ts";

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
      model: {
        type: "string",
        default: "model.json",
        placeholder: "PATH",
        description: "model for the executors (tutorial default when missing)",
      },
    },
  }),
);

const REPO_ROOT = resolve(import.meta.dir, "..");
const HOST = "127.0.0.1";

function freePort(): number {
  const listener = Bun.listen({ hostname: HOST, port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

/** Mean cost of signing one Colonies request (an addlog of the executor's size), in ms. */
function signingCostMs(prvkey: string): number {
  const line = `Detecting anomalies in time series with ID: ${newSeriesId()}`;
  for (let i = 0; i < 50; i++) encodeRequest(messages.addLog(newSeriesId(), line), prvkey);
  const rounds = 500;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) encodeRequest(messages.addLog(newSeriesId(), line), prvkey);
  return (performance.now() - started) / rounds;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
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
}

/** User+system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
async function cpuSeconds(pid: number): Promise<number> {
  try {
    const fields = (await Bun.file(`/proc/${pid}/stat`).text()).split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

function addStats(total: ExecutorStats, more: ExecutorStats): void {
  for (const key of Object.keys(total) as (keyof ExecutorStats)[]) total[key] += more[key];
}

async function run(k: number, logs: string): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-pipeline-${k}-`));
  const logDir = join(dataDir, "logs");
  mkdirSync(logDir);
  const children = new ChildProcesses();
  try {
    const keys = ensureDevEnv(join(dataDir, ".env")).values;
    const stack: StackOptions = {
      host: HOST,
      storePort: freePort(),
      coloniesPort: freePort(),
      executors: k,
      env: { ...process.env, ...keys },
      paths: {
        repoRoot: REPO_ROOT,
        logDir,
        storeDb: join(dataDir, "store.db"),
        coloniesDb: join(dataDir, "colonies.db"),
        labels: join(dataDir, "labels.json"),
        model: resolve(flags.model),
      },
      signal: new AbortController().signal,
    };
    const env = { ...stack.env, ...coloniesEnv(HOST, stack.coloniesPort) };
    const config = requireKeys(loadColoniesConfig(env), "prvkey");
    const colonies = await startColonies(children, stack, config);
    const serverPid = children.list().at(-1)!.proc.pid;
    await registerColony(colonies, keys);
    const storeUrl = await startStoreServer(children, stack);
    const statsPaths = Array.from({ length: k }, (_, i) => join(dataDir, `executor-${i + 1}.json`));
    const executors = statsPaths.map((statsPath, i) =>
      children.spawn({
        name: `executor ${i + 1}`,
        tier: 2,
        cmd: [
          process.execPath,
          join(REPO_ROOT, "executor", "executor.ts"),
          "--concurrency",
          String(flags.concurrency),
          "--logs",
          logs,
        ],
        env: {
          ...env,
          STORE_URL: storeUrl,
          MODEL_PATH: resolve(flags.model),
          EXECUTOR_STATS_PATH: statsPath,
        },
        logPath: join(logDir, `executor-${i + 1}.log`),
      }),
    );
    for (const child of executors) await children.waitForLog(child, "registered");

    const store = new TimeSeriesClient(storeUrl);
    const tsIds = await mapLimit(sampleSeeds(flags.count, 1), 8, async (seed) => {
      const tsId = newSeriesId();
      await storeSample(store, tsId, tutorialSample(0.002, seed));
      return tsId;
    });

    const submittedAt = new Map<string, number>();
    const firstSubmit = Date.now();
    const serverCpuBefore = await cpuSeconds(serverPid);
    await mapLimit(tsIds, flags.submitters, async (tsId) => {
      const at = Date.now();
      const process = await colonies.submitFunctionSpec(
        anomalyFuncSpec({ colonyname: config.colonyName, tsIds: [tsId], db: storeUrl, maxexectime: 60 }),
        config.prvkey,
      );
      submittedAt.set(process.processid, at);
    });
    await waitAllClosed(colonies, config.colonyName, config.prvkey, flags.count);
    const serverCores = (await cpuSeconds(serverPid)) - serverCpuBefore;
    const timedSeconds = (Date.now() - firstSubmit) / 1000;
    const closed = await mapLimit([...submittedAt.keys()], 16, (id) =>
      colonies.getProcess(id, config.prvkey),
    );
    const latencies = closed.map((p) => Date.parse(p.endtime) - submittedAt.get(p.processid)!);
    const lastClose = Math.max(...closed.map((p) => Date.parse(p.endtime)));
    const seconds = (lastClose - firstSubmit) / 1000;

    await children.stopAll();
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
    };
  } finally {
    await children.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
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
const signMs = signingCostMs(
  ensureDevEnv(join(mkdtempSync(join(tmpdir(), "bench-sign-")), ".env")).values.COLONIES_PRVKEY,
);
console.log(
  `pipeline: ${flags.count} one-second series, ${flags.concurrency} loop(s) per executor, signing ≈ ${signMs.toFixed(3)} ms/request`,
);
console.log(
  "logs | K | series/s | wall s | p50 ms | p99 ms | failed | busy ms/series: sign | Colonies HTTP | store HTTP | detect | Colonies server cores",
);
for (const [logs, k] of logModes.flatMap((mode) => ks.map((k) => [mode, k] as const))) {
  const r = await run(k, logs);
  const s = r.stats;
  const perSeries = (ms: number) => (ms / s.series).toFixed(2);
  const signTotal = signMs * s.coloniesCalls;
  const busy = s.busyMs;
  const share = (ms: number) => `${((100 * ms) / busy).toFixed(0)}%`;
  console.log(
    `${logs} | ${k} | ${r.seriesPerSecond.toFixed(1)} | ${r.seconds.toFixed(2)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.failed} | ` +
      `busy ${perSeries(busy)}: sign ${perSeries(signTotal)} (${share(signTotal)}) | ` +
      `colonies ${perSeries(s.coloniesMs - signTotal)} (${share(s.coloniesMs - signTotal)}) | ` +
      `store ${perSeries(s.storeMs)} (${share(s.storeMs)}) | detect ${perSeries(s.detectMs)} (${share(s.detectMs)}) | ${r.serverCores.toFixed(2)}`,
  );
}
console.log(
  "busy = assignment to close per process; log calls run alongside the store calls, so the shares can add up to more than 100%.",
);
