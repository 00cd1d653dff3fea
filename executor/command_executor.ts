/**
 * `bun executor/command_executor.ts`: an executor of the container function (`execute`, as ColonyOS's docker
 * executor runs it) that runs the detector command directly as a subprocess instead of in a container, with
 * the same arguments, COLONIES_PROCESS_ID, a kill at maxexectime and exit-code handling. Only the detector
 * command is accepted (see lib/container/command-from-process.ts).
 *
 * Env: the Colonies settings (lib/colonies-sdk/config.ts; needs COLONIES_COLONY_PRVKEY), CONTAINER_EXECUTOR_TYPE
 * (default container-executor), COLONIES_EXECUTOR_NAME (default container-executor- plus 5 random characters),
 * MODEL_PATH (passed on to the detector). Stops on SIGINT/SIGTERM after the process in hand, unregistering
 * (see shutdown-signals.ts for a repeated signal).
 */
import { dirname, resolve } from "node:path";
import { runMain } from "../lib/cli/index.ts";
import { ColoniesClient } from "../lib/colonies-sdk/client.ts";
import { loadColoniesConfig, requireKeys } from "../lib/colonies-sdk/config.ts";
import type { Process } from "../lib/colonies-sdk/types.ts";
import { loadContainerConfig } from "../lib/container/config.ts";
import { runExecuteProcess } from "../lib/container/handle-process.ts";
import { EXECUTE_FUNCNAME } from "../lib/container/spec.ts";
import { Backoff, errorText, sleep } from "./backoff.ts";
import { newExecutorIdentity, registerExecutor } from "./register.ts";
import { onShutdownSignal } from "./shutdown-signals.ts";

interface ServeOptions {
  client: ColoniesClient;
  colonyname: string;
  prvkey: string;
  /** Aborting stops taking work; the process in hand is finished first. */
  signal: AbortSignal;
  /** Seconds of each assign long-poll. */
  assignTimeoutSeconds?: number;
  handle(process: Process): Promise<void>;
  log(message: string): void;
}

async function serveExecuteProcesses(options: ServeOptions): Promise<void> {
  const { client, colonyname, prvkey, signal } = options;
  const backoff = new Backoff();
  while (!signal.aborted) {
    let process: Process | null;
    try {
      process = await client.assign(colonyname, options.assignTimeoutSeconds ?? 10, prvkey, { signal });
      backoff.reset();
    } catch (error) {
      if (signal.aborted) break;
      const delayMs = backoff.next();
      options.log(`assign failed (${errorText(error)}); retrying in ${delayMs} ms`);
      await sleep(delayMs, signal);
      continue;
    }
    if (process === null) continue;
    try {
      if (process.spec.funcname === EXECUTE_FUNCNAME) await options.handle(process);
      else
        await client.closeFailed(
          process.processid,
          [`Unsupported funcname ${process.spec.funcname}: this executor runs ${EXECUTE_FUNCNAME}`],
          prvkey,
        );
    } catch (error) {
      // e.g. the process expired (maxexectime) and was requeued meanwhile: the server refuses our close.
      options.log(`process ${process.processid}: ${errorText(error)}`);
    }
  }
}

const REPO_ROOT = resolve(dirname(import.meta.path), "..");

/** The detector gets our environment minus the Colonies keys it has no use for. */
function detectorEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("COLONIES_")));
}

async function main(): Promise<void> {
  const config = requireKeys(loadColoniesConfig(), "colonyPrvkey");
  const container = loadContainerConfig();
  const client = ColoniesClient.fromConfig(config);
  const fresh = newExecutorIdentity(container.executorType, "container-executor-");
  const identity = config.executorName ? { ...fresh, name: config.executorName } : fresh;
  const stopping = onShutdownSignal((name) =>
    console.log(`${name} received: finishing the process in hand, then unregistering ${identity.name}`),
  );
  await registerExecutor(client, config.colonyName, config.colonyPrvkey, identity, EXECUTE_FUNCNAME);
  console.log(`Executor ${identity.name} registered`);

  await serveExecuteProcesses({
    client,
    colonyname: config.colonyName,
    prvkey: identity.prvkey,
    signal: stopping,
    log: (message) => console.error(message),
    handle: async (assigned) => {
      const outcome = await runExecuteProcess(assigned, {
        client,
        prvkey: identity.prvkey,
        repoRoot: REPO_ROOT,
        bunPath: process.execPath,
        env: detectorEnv(process.env),
      });
      console.log(
        outcome.ok
          ? `Process ${assigned.processid} successful (${outcome.out.length} series)`
          : `Process ${assigned.processid} failed: ${outcome.errors[0]}`,
      );
    },
  });
  await client.removeExecutor(config.colonyName, identity.name, config.colonyPrvkey);
  console.log(`Executor ${identity.name} unregistered`);
}

await runMain(main);
