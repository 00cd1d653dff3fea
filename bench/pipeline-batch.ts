/**
 * Batching benchmark: `bun bench/pipeline-batch.ts [--count 1000] [--batch 10] [--executors 2]`.
 * Runs the whole pipeline twice on fresh child processes (embedded Colonies server, store, K anomaly
 * executors): once with one `anomaly` process per series, once packing the ids into a generator with
 * trigger --batch. Series are uploaded first (untimed); the clock runs from the first submit/pack to the
 * last series checked. Latency is per series: its submit/pack to the store update that recorded its verdict.
 * `--rate R` offers the series at R per second instead of as fast as possible: at a low rate batching
 * costs latency (an id waits for its batch to fill or time out) and saves nothing.
 * `bun bench/pipeline.ts --batch N` runs the same comparison (compareBatching) with its executor flags.
 */

import { makeWorkload } from "../demo/workload.ts";
import { anomalyFuncSpec } from "../lib/anomaly/index.ts";
import { ensureGenerator, packIntoGenerator } from "../lib/batching/generator.ts";
import { anomalyWorkflowSpec } from "../lib/batching/workflow.ts";
import { defineCommand, type FlagSpec, parseArgsOrHelp } from "../lib/cli/index.ts";
import type { ColoniesClient } from "../lib/colonies-sdk/index.ts";
import { percentile } from "../lib/percentile.ts";
import { TimeSeriesClient } from "../lib/timeseries/client.ts";
import { sampleToPoints } from "../lib/timeseries/samples.ts";
import { startBenchExecutors, startBenchStack } from "./support.ts";

const atLeastOne = (n: number) => (n >= 1 ? undefined : "must be ≥ 1");

/** The batching flags, also taken by `bench/pipeline.ts --batch N`. */
export const BATCHING_FLAGS = {
  rate: {
    type: "number",
    default: 0,
    description:
      "series per second offered (0: as fast as the submitters go); a low rate shows the latency cost",
    check: (r: number) => (r >= 0 ? undefined : "must be ≥ 0"),
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
} satisfies FlagSpec;

export interface BatchingOptions {
  count: number;
  /** Generator trigger: ids per process. */
  batch: number;
  executors: number;
  /** Arguments for each executor (e.g. --concurrency, --logs); none: its defaults. */
  executorArgs?: string[];
  rate: number;
  submitters: number;
  checkerPeriod: number;
  batchTimeout: number;
  model: string;
}

const EXECUTOR_TYPE = "anomaly-executor";

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

async function run(mode: Mode, options: BatchingOptions): Promise<RunResult> {
  const bench = await startBenchStack({
    label: `pipeline-batch-${mode}`,
    model: options.model,
    env: { COLONIES_GENERATOR_CHECKER_PERIOD: String(options.checkerPeriod) },
  });
  try {
    const { colonies, config, storeUrl } = bench;
    await startBenchExecutors(bench, options.executors, options.executorArgs);

    const store = new TimeSeriesClient(storeUrl);
    const workload = makeWorkload({ count: options.count, seed: 1, anomalyProbability: 0.5, runId: mode });
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
        db: storeUrl,
        executortype: EXECUTOR_TYPE,
        maxexectime: 60,
        maxretries: 3,
      });
      const settings = {
        colonyname,
        name: "bench",
        trigger: options.batch,
        timeout: options.batchTimeout,
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
      Array.from({ length: options.submitters }, async () => {
        while (next < workload.length) {
          const index = next++;
          const tsId = workload[index]!.tsId;
          if (options.rate > 0)
            await Bun.sleep(Math.max(0, started + (index * 1000) / options.rate - Date.now()));
          submittedAt.set(tsId, Date.now());
          await handOver(tsId);
        }
      }),
    );
    const checked = await allChecked(store, colonies, colonyname, key, new Set(submittedAt.keys()));
    const lastCheck = Math.max(...checked.values());
    const stats = await colonies.getColonyStatistics(colonyname, key);
    return {
      mode: mode === "single" ? "one process per series" : `generator, batch ${options.batch}`,
      processes: stats.successfulprocesses,
      seconds: (lastCheck - started) / 1000,
      latenciesMs: [...checked].map(([tsId, at]) => at - (submittedAt.get(tsId) ?? at)),
    };
  } finally {
    await bench.close();
  }
}

/** Runs the pipeline once per series and once through a generator; prints both as a table. */
export async function compareBatching(options: BatchingOptions): Promise<void> {
  const results: RunResult[] = [];
  for (const mode of ["single", "batch"] as const) results.push(await run(mode, options));

  const header = ["mode", "series", "processes", "seconds", "series/s", "p50 ms", "p99 ms"];
  const rows = results.map((r) => [
    r.mode,
    String(options.count),
    String(r.processes),
    r.seconds.toFixed(2),
    (options.count / r.seconds).toFixed(1),
    percentile(r.latenciesMs, 50).toFixed(0),
    percentile(r.latenciesMs, 99).toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const executorArgs = options.executorArgs?.length ? ` (${options.executorArgs.join(" ")})` : "";
  console.log(
    `${options.count} one-second series, ${options.executors} executors${executorArgs}, ${options.submitters} submitters, ` +
      `${options.rate > 0 ? `offered at ${options.rate}/s` : "offered as fast as possible"}, ` +
      `generator checker period ${options.checkerPeriod} ms\n`,
  );
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

if (import.meta.main) {
  const flags = parseArgsOrHelp(
    defineCommand({
      usage: "bun bench/pipeline-batch.ts",
      summary: "Series per second with generator batching against one process per series.",
      flags: {
        count: {
          type: "integer",
          default: 1000,
          description: "one-second series per run",
          check: atLeastOne,
        },
        batch: {
          type: "integer",
          default: 10,
          description: "generator trigger (ids per process)",
          check: atLeastOne,
        },
        executors: { type: "integer", default: 2, description: "anomaly executors (K)", check: atLeastOne },
        submitters: {
          type: "integer",
          default: 4,
          description: "concurrent submit/pack loops",
          check: atLeastOne,
        },
        ...BATCHING_FLAGS,
        model: {
          type: "string",
          default: "model.json",
          placeholder: "PATH",
          description: "calibrated model",
        },
      },
    }),
  );
  await compareBatching(flags);
}
