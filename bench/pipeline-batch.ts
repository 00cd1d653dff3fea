/**
 * Batching benchmark: `bun bench/pipeline-batch.ts [--count 1000] [--batch 10] [--executors 2]`.
 * Runs the whole pipeline twice on fresh child processes (embedded Colonies server, store, K anomaly
 * executors): once with one `anomaly` process per series, once packing the ids into a generator with
 * trigger --batch. Series are uploaded first (untimed); the clock runs from the first submit/pack to the
 * last series checked. Latency is per series: its submit/pack to the store update that recorded its verdict.
 * `--rate R` offers the series at R per second instead of as fast as possible: at a low rate batching
 * costs latency (an id waits for its batch to fill or time out) and saves nothing.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ensureDevEnv, registerColony } from "../colonies/bootstrap.ts";
import { anomalyFuncSpec } from "../lib/anomaly/index.ts";
import { ensureGenerator, packIntoGenerator } from "../lib/batching/generator.ts";
import { anomalyWorkflowSpec } from "../lib/batching/workflow.ts";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { type ColoniesClient, loadColoniesConfig, requireKeys } from "../lib/colonies/index.ts";
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
      rate: {
        type: "number",
        default: 0,
        description:
          "series per second offered (0: as fast as the submitters go); a low rate shows the latency cost",
        check: (r: number) => (r >= 0 ? undefined : "must be ≥ 0"),
      },
      submitters: {
        type: "integer",
        default: 4,
        description: "concurrent submit/pack loops",
        check: atLeastOne,
      },
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

interface RunResult {
  mode: string;
  processes: number;
  seconds: number;
  latenciesMs: number[];
}

type Mode = "single" | "batch";

/** Polls the store until every series carries a process id; returns when each was checked (updated_at). */
async function allChecked(
  store: TimeSeriesClient,
  colonies: ColoniesClient,
  colonyname: string,
  key: string,
  tsIds: ReadonlySet<string>,
): Promise<Map<string, number>> {
  for (;;) {
    const checked = new Map<string, number>();
    for (const s of await store.listAll()) {
      if (tsIds.has(s.ts_id) && s.process_id !== "") checked.set(s.ts_id, Date.parse(s.updated_at));
    }
    if (checked.size === tsIds.size) return checked;
    const stats = await colonies.getColonyStatistics(colonyname, key);
    if (stats.failedprocesses > 0)
      throw new Error(`${stats.failedprocesses} process(es) failed: see the executor logs`);
    await Bun.sleep(250);
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
    stack.env = { ...stack.env, STORE_URL: storeUrl };
    await startExecutors(children, stack);

    const store = new TimeSeriesClient(storeUrl);
    const workload = makeWorkload({ count: flags.count, seed: 1, anomalyProbability: 0.5, runId: mode });
    for (const item of workload) {
      await store.put({ ts_id: item.tsId, process_id: "", data: sampleToPoints(item.sample) });
    }

    const colonyname = config.colonyName;
    const key = config.prvkey;
    let handOver: (tsId: string) => Promise<unknown>;
    if (mode === "single") {
      handOver = (tsId) =>
        colonies.submitFunctionSpec(
          anomalyFuncSpec({ colonyname, tsIds: [tsId], db: storeUrl, executortype: EXECUTOR_TYPE }),
          key,
        );
    } else {
      const workflow = anomalyWorkflowSpec({
        colonyname,
        executortype: EXECUTOR_TYPE,
        maxexectime: 60,
        maxretries: 3,
      });
      const settings = {
        colonyname,
        name: "bench",
        trigger: flags.batch,
        timeout: flags.batchTimeout,
        workflow,
      };
      const { generator } = await ensureGenerator(colonies, settings, key);
      handOver = (tsId) => packIntoGenerator(colonies, generator.generatorid, [tsId], key);
    }
    const submittedAt = new Map<string, number>();
    const started = Date.now();
    // A few submitters in parallel, so the submit side (one signed request per series) is not the limit.
    let next = 0;
    await Promise.all(
      Array.from({ length: flags.submitters }, async () => {
        while (next < workload.length) {
          const index = next++;
          const tsId = workload[index]!.tsId;
          if (flags.rate > 0)
            await Bun.sleep(Math.max(0, started + (index * 1000) / flags.rate - Date.now()));
          submittedAt.set(tsId, Date.now());
          await handOver(tsId);
        }
      }),
    );
    const checked = await allChecked(store, colonies, colonyname, key, new Set(submittedAt.keys()));
    const lastCheck = Math.max(...checked.values());
    const stats = await colonies.getColonyStatistics(colonyname, key);
    return {
      mode: mode === "single" ? "one process per series" : `generator, batch ${flags.batch}`,
      processes: stats.successfulprocesses,
      seconds: (lastCheck - started) / 1000,
      latenciesMs: [...checked].map(([tsId, at]) => at - (submittedAt.get(tsId) ?? at)),
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
  `${flags.count} one-second series, ${flags.executors} executors, ${flags.submitters} submitters, ` +
    `${flags.rate > 0 ? `offered at ${flags.rate}/s` : "offered as fast as possible"}, ` +
    `generator checker period ${flags.checkerPeriod} ms\n`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
