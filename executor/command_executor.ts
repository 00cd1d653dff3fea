/**
 * `bun executor/command_executor.ts`: an executor of the container function (`execute`, as ColonyOS's docker
 * executor runs it) that runs the detector command directly as a subprocess instead of in a container, with
 * the same arguments, COLONIES_PROCESS_ID, a kill at maxexectime and exit-code handling. Only the detector
 * command is accepted (see lib/container/command-from-process.ts).
 *
 * Env: the Colonies settings (lib/colonies/config.ts; needs COLONIES_COLONY_PRVKEY), CONTAINER_EXECUTOR_TYPE
 * (default container-executor), COLONIES_EXECUTOR_NAME (default container-executor-<5 random chars>),
 * MODEL_PATH (passed on to the detector). Stops on SIGINT/SIGTERM after the process in hand, unregistering.
 */
import { dirname, resolve } from "node:path";
import { runMain } from "../lib/cli/index.ts";
import { ColoniesClient } from "../lib/colonies/client.ts";
import { loadColoniesConfig, requireKeys } from "../lib/colonies/config.ts";
import { loadContainerConfig } from "../lib/container/config.ts";
import { runExecuteProcess } from "../lib/container/handle-process.ts";
import { randomSuffix, registerExecutor, serveExecuteProcesses } from "../lib/container/serve.ts";

const REPO_ROOT = resolve(dirname(import.meta.path), "..");

/** The detector gets our environment minus the Colonies keys it has no use for. */
function detectorEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("COLONIES_")));
}

async function main(): Promise<void> {
  const config = requireKeys(loadColoniesConfig(), "colonyPrvkey");
  const container = loadContainerConfig();
  const client = ColoniesClient.fromConfig(config);
  const executor = await registerExecutor(client, {
    colonyname: config.colonyName,
    colonyPrvkey: config.colonyPrvkey,
    executortype: container.executorType,
    name: config.executorName ?? `container-executor-${randomSuffix()}`,
  });
  console.log(`Executor ${executor.name} registered`);

  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop.abort());

  await serveExecuteProcesses({
    client,
    colonyname: config.colonyName,
    prvkey: executor.prvkey,
    signal: stop.signal,
    log: (message) => console.error(message),
    handle: async (assigned) => {
      const outcome = await runExecuteProcess(assigned, {
        client,
        prvkey: executor.prvkey,
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
  await executor.unregister();
  console.log(`Executor ${executor.name} unregistered`);
}

await runMain(main);
