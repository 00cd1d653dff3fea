/**
 * Batching benchmark: `bun bench/pipeline-batch.ts [--count 1000] [--batch 10] [--executors 2]`.
 * Runs the whole pipeline twice on fresh child processes (embedded Colonies server, store, K anomaly
 * executors): once with one `anomaly` process per series, once packing the ids into a generator with
 * trigger --batch. Series are uploaded first (untimed); the clock runs from the first submit/pack to the
 * last process closed. Latency is per series: its submit/pack to the close of the process that checked it.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ensureDevEnv, registerColony } from "../colonies/bootstrap.ts";
import { ensureGenerator, packIntoGenerator } from "../lib/batching/generator.ts";
import { anomalyWorkflowSpec } from "../lib/batching/workflow.ts";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import {
  type ColoniesClient,
  funcSpec,
  loadColoniesConfig,
  type Process,
  ProcessState,
  requireKeys,
} from "../lib/colonies/index.ts";
import { ChildProcesses } from "../lib/demo/children.ts";
import {
  coloniesEnv,
  type StackOptions,
  startColonies,
  startExecutors,
  startStoreServer,
} from "../lib/demo/stack.ts";
import { percentile } from "../lib/demo/stats.ts";
import { makeWorkload } from "../lib/demo/workload.ts";
import { TimeSeriesClient } from "../lib/timeseries/client.ts";
import { sampleToPoints } from "../lib/timeseries/samples.ts";

const atLeastOne = (n: number) => (n >= 1 ? undefined : "must be ≥ 1");
const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/pipeline-batch.ts",
    summary: "Series per second with generator batching against one process per series.",
    flags: {
      count: { type: "integer", default: 1000, description: "one-second series per run", check: atLeastOne },
      batch: {
        type: "integer",
        default: 10,
        description: "generator trigger (ids per process)",
        check: atLeastOne,
      },
      executors: { type: "integer", default: 2, description: "anomaly executors (K)", check: atLeastOne },
      checkerPeriod: {
        type: "integer",
        default: 500,
        placeholder: "MS",
        description: "generator checker period of the Colonies server (the compose setup's 500 ms)",
        check: atLeastOne,
      },
      batchTimeout: {
        type: "integer",
        default: 1,
        placeholder: "S",
        description: "generator timeout for a partial last batch",
        check: atLeastOne,
      },
      model: { type: "string", default: "model.json", placeholder: "PATH", description: "calibrated model" },
    },
  }),
);

const REPO_ROOT = resolve(import.meta.dir, "..");
const EXECUTOR_TYPE = "anomaly-executor";

function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

function rfc3339Ms(text: string): number {
  return Date.parse(text.replace(/(\.\d{3})\d*/, "$1"));
}

interface RunResult {
  mode: string;
  processes: number;
  seconds: number;
  latenciesMs: number[];
}

type Mode = "single" | "batch";

async function allClosed(
  client: ColoniesClient,
  colonyname: string,
  key: string,
  count: number,
): Promise<Process[]> {
  for (;;) {
    const done = await client.getProcesses(
      { colonyname, state: ProcessState.Successful, count: count + 1 },
      key,
    );
    const checked = done.reduce((n, p) => n + (p.spec.args?.length ?? 0), 0);
    if (checked >= count) return done;
    const failed = await client.getProcesses({ colonyname, state: ProcessState.Failed, count: 1 }, key);
    if (failed.length > 0) throw new Error(`a process failed: ${failed[0]?.errors.join("; ")}`);
    await Bun.sleep(200);
  }
}

async function run(mode: Mode): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `pipeline-batch-${mode}-`));
  const logDir = join(dataDir, "logs");
  mkdirSync(logDir);
  const children = new ChildProcesses();
  try {
    const keys = ensureDevEnv(join(dataDir, ".env")).values;
    const host = "127.0.0.1";
    const stack: StackOptions = {
      host,
      storePort: freePort(),
      coloniesPort: freePort(),
      executors: flags.executors,
      env: { ...process.env, ...keys, COLONIES_GENERATOR_CHECKER_PERIOD: String(flags.checkerPeriod) },
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
    const config = requireKeys(
      loadColoniesConfig({ ...stack.env, ...coloniesEnv(host, stack.coloniesPort) }),
      "colonyPrvkey",
      "prvkey",
    );
    const colonies = await startColonies(children, stack, config);
    await registerColony(colonies, keys);
    const storeUrl = await startStoreServer(children, stack);
    // Generator processes carry no kwargs (the server replaces them), so executors read the store from env.
    stack.env = { ...stack.env, STORE_URL: storeUrl, TIMESERIES_URL: storeUrl };
    await startExecutors(children, stack);

    const store = new TimeSeriesClient(storeUrl);
    const workload = makeWorkload({ count: flags.count, seed: 1, anomalyProbability: 0.5, runId: mode });
    for (const item of workload) {
      await store.put({ ts_id: item.tsId, process_id: "", data: sampleToPoints(item.sample) });
    }

    const colonyname = config.colonyName;
    const key = config.prvkey;
    const submittedAt = new Map<string, number>();
    const started = Date.now();
    if (mode === "single") {
      for (const item of workload) {
        submittedAt.set(item.tsId, Date.now());
        await colonies.submitFunctionSpec(
          funcSpec({
            funcname: "anomaly",
            args: [item.tsId],
            kwargs: { db: storeUrl },
            colonyname,
            executortype: EXECUTOR_TYPE,
            maxexectime: 60,
            maxretries: 3,
          }),
          key,
        );
      }
    } else {
      const { generator } = await ensureGenerator(
        colonies,
        {
          colonyname,
          name: "bench",
          trigger: flags.batch,
          timeout: flags.batchTimeout,
          workflow: anomalyWorkflowSpec({
            colonyname,
            executortype: EXECUTOR_TYPE,
            maxexectime: 60,
            maxretries: 3,
          }),
        },
        key,
      );
      for (const item of workload) {
        submittedAt.set(item.tsId, Date.now());
        await packIntoGenerator(colonies, generator.generatorid, [item.tsId], key);
      }
    }
    const processes = await allClosed(colonies, colonyname, key, flags.count);
    let lastEnd = started;
    const latenciesMs: number[] = [];
    for (const p of processes) {
      const end = rfc3339Ms(p.endtime);
      lastEnd = Math.max(lastEnd, end);
      for (const tsId of p.spec.args as string[]) latenciesMs.push(end - (submittedAt.get(tsId) ?? end));
    }
    return {
      mode: mode === "single" ? "one process per series" : `generator, batch ${flags.batch}`,
      processes: processes.length,
      seconds: (lastEnd - started) / 1000,
      latenciesMs,
    };
  } finally {
    await children.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: RunResult[] = [];
for (const mode of ["single", "batch"] as const) results.push(await run(mode));

const header = ["mode", "series", "processes", "seconds", "series/s", "p50 ms", "p99 ms"];
const rows = results.map((r) => [
  r.mode,
  String(flags.count),
  String(r.processes),
  r.seconds.toFixed(2),
  (flags.count / r.seconds).toFixed(1),
  percentile(r.latenciesMs, 50).toFixed(0),
  percentile(r.latenciesMs, 99).toFixed(0),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(
  `${flags.count} one-second series, ${flags.executors} executors, checker period ${flags.checkerPeriod} ms\n`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
