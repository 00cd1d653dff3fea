/**
 * `bun executor/executor.ts [--concurrency N]`: the tutorial's anomaly executor. Registers
 * (`anomaly-executor-XXXXX`, type anomaly-executor), then takes `anomaly` processes from the Colonies
 * server named by the COLONIES_* env vars and checks their series with the calibrated model.
 * SIGINT/SIGTERM: stop taking work, finish the current processes, unregister, exit 0 (see
 * shutdown-signals.ts for a repeated signal).
 *
 * Env: COLONIES_SERVER_HOST/PORT/TLS, COLONIES_COLONY_NAME, COLONIES_COLONY_PRVKEY (see
 * lib/colonies-sdk/config.ts); MODEL_PATH (default model.json); STORE_URL (store for processes whose spec
 * names none in kwargs.db or env STORE_URL, default http://127.0.0.1:8000); EXECUTOR_STATS_PATH (write counters and
 * timings as JSON on exit).
 */
import { DEFAULT_ANOMALY_EXECUTOR_TYPE } from "../lib/anomaly/index.ts";
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { ColoniesClient, loadColoniesConfig, requireKeys } from "../lib/colonies-sdk/index.ts";
import { defaultModelPath, loadModel } from "../lib/model-file.ts";
import { describeModel } from "../lib/signal/index.ts";
import { defaultStoreUrl } from "../lib/timeseries/index.ts";
import { Backoff, errorText, isTransient, sleep } from "./backoff.ts";
import { newExecutorIdentity, registerExecutor } from "./register.ts";
import { LOG_MODES, type LogMode } from "./run-process.ts";
import { onShutdownSignal } from "./shutdown-signals.ts";
import { emptyStats } from "./stats.ts";
import { runWorker } from "./worker.ts";

const spec = defineCommand({
  usage: "bun executor/executor.ts",
  summary: "Anomaly executor: takes `anomaly` processes from ColonyOS and checks their time series.",
  flags: {
    concurrency: {
      type: "integer",
      default: 1,
      description: "processes worked on at once (assignment loops in this process)",
      check: (n: number) => (n >= 1 && n <= 64 ? undefined : "must be 1..64"),
    },
    model: {
      type: "string",
      default: defaultModelPath(),
      placeholder: "PATH",
      description: "calibrated model (env MODEL_PATH)",
    },
    db: {
      type: "string",
      default: defaultStoreUrl(),
      placeholder: "URL",
      description: "store for processes whose spec names none (kwargs.db, env STORE_URL); env STORE_URL",
    },
    logs: {
      type: "string",
      default: "full",
      placeholder: "MODE",
      description:
        "log lines sent to Colonies: full (the tutorial's four per series) or verdict (only the verdicts and failures)",
      check: (mode: string) => (LOG_MODES.includes(mode as LogMode) ? undefined : "must be full or verdict"),
    },
    executorType: {
      type: "string",
      default: DEFAULT_ANOMALY_EXECUTOR_TYPE,
      placeholder: "TYPE",
      description: "executor type to register as",
    },
  },
});

const print = (line: string) => console.log(line);

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const config = requireKeys(loadColoniesConfig(), "colonyPrvkey");
  const { detector, warning, model } = await loadModel(flags.model);
  if (warning) console.warn(`warning: ${warning}`);
  else print(`Model ${flags.model}: ${describeModel(model)}`);

  const client = ColoniesClient.fromConfig(config);
  const colonyname = config.colonyName;
  const identity = newExecutorIdentity(flags.executorType);
  const register = () => registerExecutor(client, colonyname, config.colonyPrvkey, identity);

  const stopping = onShutdownSignal((name) =>
    print(`${name} received: finishing current work, then unregistering ${identity.name}`),
  );

  // The server may not be up yet (or restarting): keep trying; only a refusal is fatal here.
  const backoff = new Backoff();
  for (;;) {
    try {
      await register();
      break;
    } catch (error) {
      if (!isTransient(error)) throw error;
      const delay = backoff.next();
      print(`Colonies server unreachable (${errorText(error)}); retrying in ${delay} ms`);
      await sleep(delay, stopping);
      if (stopping.aborted) return;
    }
  }
  print(`Executor ${identity.name} registered`);

  const stats = emptyStats();
  let reregistering: Promise<void> | undefined;
  const ctx = {
    client,
    colonyname,
    prvkey: identity.prvkey,
    detector,
    fallbackDb: flags.db,
    logs: flags.logs as LogMode,
    stats,
    print,
    stopping,
    reregister: () => {
      reregistering ??= register().finally(() => {
        reregistering = undefined;
      });
      return reregistering;
    },
  };
  await Promise.all(Array.from({ length: flags.concurrency }, () => runWorker(ctx)));

  try {
    await client.removeExecutor(colonyname, identity.name, config.colonyPrvkey);
    print(`Executor ${identity.name} unregistered`);
  } catch (error) {
    console.error(`warning: could not unregister ${identity.name}: ${errorText(error)}`);
  }
  print(
    `${stats.processes} processes: ${stats.successful} successful, ${stats.failed} failed, ${stats.lost} left to the server`,
  );
  const statsPath = process.env.EXECUTOR_STATS_PATH;
  if (statsPath) await Bun.write(statsPath, JSON.stringify({ name: identity.name, ...stats }));
  process.exit(0);
});
