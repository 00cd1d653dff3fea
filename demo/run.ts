/**
 * `bun run demo`: keys → dataset → calibration → Colonies server, store + dashboard, K executors →
 * M samples submitted → wait → summary. Every child is stopped on the way out, whatever the way out is.
 */
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureDevEnv, registerColony } from "../embedded-colonies/bootstrap.ts";
import { pause, unlessAborted } from "../lib/abort.ts";
import { loadColoniesConfig, requireKeys } from "../lib/colonies-sdk/index.ts";
import { loadModel } from "../lib/model-file.ts";
import { type DetectorKind, type EventScore, parseProfileName } from "../lib/signal/index.ts";
import { ChildProcesses } from "../lib/stack/children.ts";
import { assertPortsFree } from "../lib/stack/ports.ts";
import {
  type ColoniesKind,
  coloniesEnv,
  connectHost,
  type StackOptions,
  stackPaths,
  startColonies,
  startExecutors,
  startStoreServer,
} from "../lib/stack/stack.ts";
import { TimeSeriesClient } from "../lib/timeseries/client.ts";
import { interruptSignal } from "./abort.ts";
import { generateAndCalibrate, recalibrationReason } from "./calibrate-step.ts";
import { collectResults } from "./collect.ts";
import { scoreStoredEvents } from "./event-score.ts";
import { type DemoOptions, detectorOf } from "./options.ts";
import type { Progress } from "./progress.ts";
import { type Submitted, submitAndWait } from "./submit-batch.ts";
import { formatSummary, type NextSteps, summarise } from "./summary.ts";
import { labelFile, makeWorkload } from "./workload.ts";

export interface DemoIo {
  progress: Progress;
  print(text: string): void;
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

export async function runDemo(options: DemoOptions, io: DemoIo): Promise<void> {
  const children = new ChildProcesses({
    onSpawn: (child) => io.print(`   started ${child.name} (pid ${child.proc.pid}, log ${child.logPath})`),
  });
  const interrupt = interruptSignal((name) => {
    io.progress.done();
    io.print(`\n${name}: stopping everything…`);
  });
  try {
    await demo(options, io, children, interrupt.signal);
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
  const paths = { ...stackPaths(dataDir, options.model), dataset: resolve(options.dataset) };
  const { logDir } = paths;

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
    loadColoniesConfig({ ...env, ...coloniesEnv(connectHost(options.host), options.coloniesPort) }),
    "colonyPrvkey",
    "prvkey",
    "serverPrvkey",
  );

  const detector = detectorOf(options);
  const profile = parseProfileName(options.profile);
  const reason = options.recalibrate
    ? "recalibrate"
    : await recalibrationReason(paths, { detector, profile });
  if (reason !== null) {
    if (reason !== "recalibrate" && reason !== "missing")
      io.print(`   making the dataset and model again (${reason})`);
    const settings = { seconds: options.datasetSeconds, seed: options.seed, detector, profile };
    await generateAndCalibrate(children, paths, settings, progress, signal);
  } else {
    progress.step(`Using ${options.dataset} and ${options.model} (pass --recalibrate to make them again)`);
  }

  const stack: StackOptions = {
    host: options.host,
    colonies: options.colonies as ColoniesKind,
    storePort: options.storePort,
    coloniesPort: options.coloniesPort,
    executors: options.executors,
    env,
    paths,
    signal,
  };
  progress.step(
    `Starting the ${options.colonies} Colonies server on ${options.host}:${options.coloniesPort}`,
  );
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
    profile,
    runId: `${Date.now()}`,
  });
  await writeAtomically(paths.labels, JSON.stringify(labelFile(batch)));
  const withDrops = batch.filter((item) => item.hasDrop).length;
  const injected = profile === "tutorial" ? ("drops" as const) : ("events" as const);
  progress.step(
    `Submitting ${batch.length} one-second samples (seed ${options.seed}, ${withDrops} with ${injected})`,
  );
  const store = new TimeSeriesClient(storeUrl);
  const submitted = await submitAndWait(batch, {
    store,
    storeUrl,
    colonies,
    colonyName: config.colonyName,
    prvkey: config.prvkey,
    progress,
    signal,
    timeoutSeconds: options.timeout,
    assertAlive: () => {
      for (const child of children.list()) children.assertRunning(child);
    },
    logDir,
  });

  const collected = await collectResults(submitted, store, colonies, config.prvkey, options.executors);
  const result = {
    ...collected,
    injected,
    events: await eventScore(detector, paths.model, submitted, store),
  };
  io.print(formatSummary(summarise(result), nextSteps(options, env, storeUrl, logDir)));
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

/** The rms run's event-level score (stored events against the injected ones); undefined for kl. */
async function eventScore(
  detector: DetectorKind,
  modelPath: string,
  submitted: readonly Submitted[],
  store: TimeSeriesClient,
): Promise<EventScore | undefined> {
  if (detector !== "rms") return undefined;
  const { model } = await loadModel(modelPath);
  return model.detector === "rms" ? scoreStoredEvents(submitted, store, model.referenceVoltage) : undefined;
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
