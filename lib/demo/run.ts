/**
 * `bun run demo`: keys → dataset → calibration → Colonies server, store + dashboard, K executors →
 * M samples submitted → wait → summary. Every child is stopped on the way out, whatever the way out is.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ensureDevEnv, registerColony } from "../../colonies/bootstrap.ts";
import type { ProcessCounts } from "../../dashboard/wire.ts";
import { anomalyFuncSpec } from "../anomaly/spec.ts";
import {
  type ColoniesClient,
  type ColoniesConfig,
  loadColoniesConfig,
  requireKeys,
} from "../colonies/index.ts";
import { TimeSeriesClient } from "../timeseries/client.ts";
import { sampleToPoints } from "../timeseries/samples.ts";
import { interruptSignal, pause, unlessAborted } from "./abort.ts";
import { ChildProcesses } from "./children.ts";
import { DemoError } from "./errors.ts";
import type { DemoOptions } from "./options.ts";
import { assertPortsFree } from "./ports.ts";
import type { Progress, ProgressCounts } from "./progress.ts";
import { coloniesEnv, type StackOptions, startColonies, startExecutors, startStoreServer } from "./stack.ts";
import { type DemoResult, formatSummary, type NextSteps, type SampleOutcome, summarise } from "./summary.ts";
import { type DemoSample, labelFile, makeWorkload } from "./workload.ts";

export interface DemoIo {
  progress: Progress;
  print(text: string): void;
}

const REPO_ROOT = resolve(import.meta.dir, "..", "..");
/** In flight at once while submitting (each submission is a PUT and a signed RPC). */
const SUBMIT_CONCURRENCY = 8;
/** ProcessState codes 0-3 (4 = cancelled is not counted). */
const STATE_KEYS: readonly (keyof ProcessCounts)[] = ["waiting", "running", "successful", "failed"];

interface Submitted {
  item: DemoSample;
  processId: string;
}

/** Removes what an earlier run left in the data dir (only the demo's own files). */
function clearDataDir(dataDir: string, logDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  for (const name of ["store.db", "colonies.db", "labels.json"]) {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(join(dataDir, `${name}${suffix}`), { force: true });
  }
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await Bun.write(temporary, text);
  renameSync(temporary, path);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function countsOf(stats: {
  waitingprocesses: number;
  runningprocesses: number;
  successfulprocesses: number;
  failedprocesses: number;
}): ProcessCounts {
  return {
    waiting: stats.waitingprocesses,
    running: stats.runningprocesses,
    successful: stats.successfulprocesses,
    failed: stats.failedprocesses,
  };
}

export async function runDemo(options: DemoOptions, io: DemoIo): Promise<void> {
  const children = new ChildProcesses({
    onSpawn: (child) => io.print(`   started ${child.name} (pid ${child.proc.pid}, log ${child.logPath})`),
  });
  const interrupt = interruptSignal((name) => {
    io.progress.done();
    io.print(`\n${name}: stopping everything…`);
  });
  const { signal } = interrupt;
  try {
    await demo(options, io, children, signal);
  } finally {
    io.progress.done();
    await children.stopAll();
    interrupt.dispose();
  }
}

async function demo(options: DemoOptions, io: DemoIo, children: ChildProcesses, signal: AbortSignal) {
  const { progress } = io;
  const started = performance.now();
  const dataDir = resolve(options.dataDir);
  const logDir = join(dataDir, "logs");
  const paths = {
    repoRoot: REPO_ROOT,
    logDir,
    storeDb: join(dataDir, "store.db"),
    coloniesDb: join(dataDir, "colonies.db"),
    labels: join(dataDir, "labels.json"),
    model: resolve(options.model),
  };

  assertPortsFree(options.host, [
    { port: options.storePort, what: "store and dashboard", flag: "--store-port" },
    { port: options.coloniesPort, what: "Colonies server", flag: "--colonies-port" },
  ]);
  clearDataDir(dataDir, logDir);

  progress.step(`Keys: ${options.keysFile}`);
  const keys = ensureDevEnv(options.keysFile);
  if (keys.created) io.print(`   created ${options.keysFile} with fresh keys`);
  const env: Record<string, string | undefined> = { ...process.env, ...keys.values };
  const config = requireKeys(
    loadColoniesConfig({ ...env, ...coloniesEnv(options.host, options.coloniesPort) }),
    "colonyPrvkey",
    "prvkey",
    "serverPrvkey",
  );

  const dataset = resolve(options.dataset);
  if (options.recalibrate || !existsSync(dataset) || !existsSync(paths.model)) {
    await calibrate(options, children, logDir, dataset, paths.model, signal, progress);
  } else {
    progress.step(`Using ${options.dataset} and ${options.model} (pass --recalibrate to make them again)`);
  }

  const stack: StackOptions = {
    host: options.host,
    storePort: options.storePort,
    coloniesPort: options.coloniesPort,
    executors: options.executors,
    env,
    paths,
    signal,
  };
  progress.step(`Starting the embedded Colonies server on ${options.host}:${options.coloniesPort}`);
  const colonies = await startColonies(children, stack, config);
  await unlessAborted(registerColony(colonies, keys.values), signal);
  progress.step(`Starting the store and dashboard on http://${options.host}:${options.storePort}/`);
  const storeUrl = await startStoreServer(children, stack);
  progress.step(`Starting ${options.executors} executor${options.executors === 1 ? "" : "s"}`);
  const names = await startExecutors(children, stack);
  io.print(`   registered ${names.join(", ")}`);

  const batch = makeWorkload({
    count: options.samples,
    seed: options.seed,
    anomalyProbability: options.anomalyProbability,
    runId: `${Date.now()}`,
  });
  await writeAtomically(paths.labels, JSON.stringify(labelFile(batch)));
  const withDrops = batch.filter((item) => item.hasDrop).length;
  progress.step(
    `Submitting ${batch.length} one-second samples (seed ${options.seed}, ${withDrops} with drops)`,
  );

  const baseline = countsOf(await colonies.getColonyStatistics(config.colonyName, config.prvkey));
  const store = new TimeSeriesClient(storeUrl);
  const submitted: Submitted[] = [];
  let counts: ProgressCounts = {
    total: batch.length,
    submitted: 0,
    waiting: 0,
    running: 0,
    successful: 0,
    failed: 0,
  };
  const refresh = async () => {
    const now = countsOf(await colonies.getColonyStatistics(config.colonyName, config.prvkey));
    counts = {
      total: batch.length,
      submitted: submitted.length,
      waiting: now.waiting,
      running: now.running,
      successful: now.successful - baseline.successful,
      failed: now.failed - baseline.failed,
    };
    progress.counts(counts);
  };
  let ticking = true;
  const ticker = (async () => {
    while (ticking && !signal.aborted) {
      await refresh().catch(() => undefined);
      await Bun.sleep(200);
    }
  })();

  const submitStarted = Date.now();
  try {
    await mapLimit(batch, SUBMIT_CONCURRENCY, async (item) => {
      if (signal.aborted) throw signal.reason;
      await store.put({ ts_id: item.tsId, process_id: "", data: sampleToPoints(item.sample) });
      const process = await colonies.submitFunctionSpec(
        anomalyFuncSpec({ colonyname: config.colonyName, tsIds: [item.tsId], db: storeUrl }),
        config.prvkey,
      );
      submitted.push({ item, processId: process.processid });
    });

    const deadline = Date.now() + options.timeout * 1000;
    for (;;) {
      await refresh();
      if (counts.successful + counts.failed >= batch.length) break;
      if (Date.now() > deadline) {
        throw new DemoError(
          `Gave up after ${options.timeout} s with ${counts.successful + counts.failed} of ${batch.length} processes done ` +
            `(waiting ${counts.waiting}, running ${counts.running}); see the executor logs in ${logDir} or raise --timeout`,
        );
      }
      await pause(200, signal);
    }
  } finally {
    ticking = false;
    await ticker;
  }
  progress.done();

  const result = await collect(submitted, store, colonies, config, options.executors, submitStarted);
  io.print(formatSummary(summarise(result), options.executors, nextSteps(options, env, storeUrl, logDir)));
  io.print(`Finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

  if (options.keep) {
    io.print(
      "Everything keeps running (--keep): open the dashboard, try the commands above, press Ctrl-C to stop.",
    );
    for (;;) {
      for (const child of children.list()) children.assertRunning(child);
      await pause(1_000, signal);
    }
  }
}

async function calibrate(
  options: DemoOptions,
  children: ChildProcesses,
  logDir: string,
  dataset: string,
  model: string,
  signal: AbortSignal,
  progress: Progress,
): Promise<void> {
  const plots = dirname(dataset);
  progress.step(`Generating the dataset (${options.datasetSeconds} s at 1 kHz) → ${options.dataset}`);
  await unlessAborted(
    children.run({
      name: "gen_dataset.ts",
      cmd: [
        process.execPath,
        join(REPO_ROOT, "scripts", "gen_dataset.ts"),
        `--out=${dataset}`,
        `--plot=${join(plots, "anomalies.png")}`,
        `--duration=${options.datasetSeconds}`,
        `--seed=${options.seed}`,
      ],
      env: process.env,
      logPath: join(logDir, "gen_dataset.log"),
    }),
    signal,
  );
  progress.step(`Calibrating the KL-divergence threshold → ${options.model}`);
  await unlessAborted(
    children.run({
      name: "calc_kl_div_threshold.ts",
      cmd: [
        process.execPath,
        join(REPO_ROOT, "scripts", "calc_kl_div_threshold.ts"),
        `--dataset=${dataset}`,
        `--model=${model}`,
        `--plot=${join(plots, "kl_div_res.png")}`,
      ],
      env: process.env,
      logPath: join(logDir, "calibration.log"),
    }),
    signal,
  );
}

/** Final state of every process, the store's flags, and latencies from the server's own timestamps. */
async function collect(
  submitted: readonly Submitted[],
  store: TimeSeriesClient,
  colonies: ColoniesClient,
  config: ColoniesConfig & { prvkey: string },
  executors: number,
  submitStarted: number,
): Promise<DemoResult> {
  const flags = new Map((await store.listAll()).map((s) => [s.ts_id, s]));
  const processes = await mapLimit(submitted, SUBMIT_CONCURRENCY, (s) =>
    colonies.getProcess(s.processId, config.prvkey),
  );
  const counts: ProcessCounts = { waiting: 0, running: 0, successful: 0, failed: 0 };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const outcomes: SampleOutcome[] = submitted.map(({ item }, i) => {
    const process = processes[i]!;
    const state: keyof ProcessCounts | undefined = STATE_KEYS[process.state];
    if (state) counts[state]++;
    const submittedAt = Date.parse(process.submissiontime);
    const endedAt = Date.parse(process.endtime);
    const closed = state === "successful" || state === "failed";
    if (closed) {
      first = Math.min(first, submittedAt);
      last = Math.max(last, endedAt);
    }
    const record = flags.get(item.tsId);
    const checked = record !== undefined && (record.kl_divergence !== null || record.anomaly);
    return {
      hasDrop: item.hasDrop,
      flagged: checked ? record.anomaly : null,
      latencyMs: closed ? endedAt - submittedAt : null,
    };
  });
  const elapsedMs = Number.isFinite(last - first) ? last - first : Date.now() - submitStarted;
  return { counts, outcomes, executors, elapsedMs };
}

function nextSteps(
  options: DemoOptions,
  env: Record<string, string | undefined>,
  storeUrl: string,
  logDir: string,
): NextSteps {
  const usual = loadColoniesConfig(env);
  const portPrefix =
    usual.port === options.coloniesPort && !usual.tls ? "" : `COLONIES_SERVER_PORT=${options.coloniesPort} `;
  // Bun loads ./.env by itself; another keys file has to be named.
  const envFile = resolve(options.keysFile) === resolve(".env") ? "" : ` --env-file=${options.keysFile}`;
  return {
    dashboardUrl: `${storeUrl}/`,
    coloniesCommand: `${portPrefix}bun${envFile} run colonies`,
    kept: options.keep,
    logDir,
  };
}
