/**
 * The tutorial's submit.py: generate one-second samples, store each under a fresh id and submit one
 * `anomaly` process per sample to ColonyOS (or hand them to a container executor / pack them into a
 * generator). `--wait` waits for the processes and prints each result.
 *
 * Env: COLONIES_SERVER_HOST/PORT/TLS, COLONIES_COLONY_NAME, COLONIES_PRVKEY (the submitting user);
 * STORE_URL for --db (default http://127.0.0.1:8000).
 */

import { describeClosedProcess } from "../lib/anomaly/describe.ts";
import {
  anomalyFuncSpec,
  DEFAULT_ANOMALY_EXECUTOR_TYPE,
  DEFAULT_MAXEXECTIME,
  DEFAULT_MAXRETRIES,
} from "../lib/anomaly/index.ts";
import { newSeriesId, profileSample, sampleSeeds, storeSample } from "../lib/anomaly/sample.ts";
import { waitForProcesses } from "../lib/anomaly/wait.ts";
import { startSubmitMode, submitModeFlags, submitModeFromFlags } from "../lib/batching/submit-mode.ts";
import { CliError, defineCommand, parseArgsOrHelp, profileFlag, runMain } from "../lib/cli/index.ts";
import { ColoniesClient, loadColoniesConfig, ProcessState, requireKeys } from "../lib/colonies-sdk/index.ts";
import { parseProfileName } from "../lib/signal/index.ts";
import { defaultStoreUrl, TimeSeriesApiError, TimeSeriesClient } from "../lib/timeseries/index.ts";

const spec = defineCommand({
  usage: "bun scripts/submit.ts",
  summary: "Generate sample waves, store them and submit anomaly-detection processes to ColonyOS.",
  flags: {
    count: {
      type: "integer",
      default: 1,
      description: "samples to generate and submit",
      check: (n: number) => (n >= 1 ? undefined : "must be ≥ 1"),
    },
    profile: profileFlag("waveform and event shapes (see gen_dataset.ts)"),
    anomalyProbability: {
      type: "number",
      default: 0.001,
      placeholder: "P",
      description: "chance per sample point that an event starts (a voltage drop; the profile sets the mix)",
      check: (p: number) => (p >= 0 && p <= 1 ? undefined : "must be between 0 and 1"),
    },
    seed: {
      type: "integer",
      description: "PRNG seed: the same seed gives the same waves (random when absent)",
      check: (n: number) => (n >= 0 && n <= 0xffffffff ? undefined : "must be 0..4294967295"),
    },
    db: {
      type: "string",
      default: defaultStoreUrl(),
      placeholder: "URL",
      description: "store URL, also sent to the executor (env STORE_URL)",
    },
    wait: { type: "boolean", default: false, description: "wait for the processes and print each result" },
    waitTimeout: {
      type: "integer",
      default: 300,
      placeholder: "S",
      description: "with --wait: give up after this many seconds",
      check: (n: number) => (n >= 1 ? undefined : "must be ≥ 1"),
    },
    maxexectime: {
      type: "integer",
      default: DEFAULT_MAXEXECTIME,
      placeholder: "S",
      description: "seconds an executor may hold a process before another gets it (-1: no limit)",
      check: (n: number) => (n === -1 || n >= 1 ? undefined : "must be -1 or ≥ 1"),
    },
    maxretries: {
      type: "integer",
      default: DEFAULT_MAXRETRIES,
      placeholder: "N",
      description: "times a timed-out process is handed out again (-1: forever)",
      check: (n: number) => (n >= -1 ? undefined : "must be ≥ -1"),
    },
    executortype: {
      type: "string",
      default: DEFAULT_ANOMALY_EXECUTOR_TYPE,
      placeholder: "TYPE",
      description: "executor type the processes are for",
    },
    ...submitModeFlags,
  },
});

const print = (line: string) => console.log(line);

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  if (!/^https?:\/\/\S+$/.test(flags.db))
    throw new CliError(`--db must be an http(s) URL, got "${flags.db}"`);
  const mode = submitModeFromFlags(flags);
  const config = requireKeys(loadColoniesConfig(), "prvkey");
  const client = ColoniesClient.fromConfig(config);
  const store = new TimeSeriesClient(flags.db);
  const submitter = mode
    ? await startSubmitMode(mode, {
        client,
        colonyname: config.colonyName,
        prvkey: config.prvkey,
        db: flags.db,
        executortype: flags.executortype,
        maxexectime: flags.maxexectime,
        maxretries: flags.maxretries,
        print,
      })
    : undefined;

  const processIds: string[] = [];
  for (const seed of sampleSeeds(flags.count, flags.seed)) {
    print("-> Generating sample data");
    const sample = profileSample(parseProfileName(flags.profile), flags.anomalyProbability, seed);
    for (const index of sample.anomalyStarts) print(`Anomaly detected at index: ${index}`);
    const tsId = newSeriesId();
    print(`-> Adding time series with ID: ${tsId} to the database`);
    try {
      await storeSample(store, tsId, sample);
    } catch (error) {
      if (!(error instanceof TimeSeriesApiError)) throw error;
      throw new CliError(`Failed to store the waveform. Status code: ${error.status}: ${error.detail}`);
    }
    print("Sample waveform stored successfully.");
    print("-> Submitting ColonyOS function spec");
    if (submitter) {
      const id = await submitter.submit(tsId);
      if (id !== undefined) processIds.push(id);
      continue;
    }
    const process = await client.submitFunctionSpec(
      anomalyFuncSpec({
        colonyname: config.colonyName,
        tsIds: [tsId],
        db: flags.db,
        executortype: flags.executortype,
        maxexectime: flags.maxexectime,
        maxretries: flags.maxretries,
      }),
      config.prvkey,
    );
    processIds.push(process.processid);
    print(`Process ${process.processid} submitted`);
  }
  submitter?.finish();

  if (!flags.wait) return;
  if (processIds.length === 0) {
    print("Nothing to wait for: the ids were packed into a generator, which submits the processes later.");
    return;
  }
  print(`-> Waiting for ${processIds.length} process${processIds.length === 1 ? "" : "es"}`);
  const closed = await waitForProcesses(client, processIds, config.prvkey, {
    timeoutMs: flags.waitTimeout * 1000,
    onClosed: (process) => {
      for (const line of describeClosedProcess(process)) print(line);
    },
  });
  const failed = closed.filter((p) => p.state !== ProcessState.Successful).length;
  if (failed > 0) throw new CliError(`${failed} of ${closed.length} processes did not succeed`);
});
