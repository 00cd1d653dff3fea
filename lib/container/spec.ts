/**
 * The function spec ColonyOS's docker executor (colonyos/executors, `docker/`) runs: funcname `execute`,
 * kwargs `docker-image`, `cmd` and `args` (joined with spaces and run with `sh -c` in the container, with
 * COLONIES_PROCESS_ID set), `rebuild-image` false. That executor refuses specs without nodes,
 * processespernode, walltime ≥ maxexectime, maxexectime > 0, maxretries > 0, cpu in millicores and
 * memory in Mi/Gi, so all of them are set.
 */
import { funcSpec } from "../colonies-sdk/spec.ts";
import type { FunctionSpec } from "../colonies-sdk/types.ts";
import type { ContainerConfig } from "./config.ts";
import { detectArgs } from "./detect-args.ts";

export const EXECUTE_FUNCNAME = "execute";
/** The command the image runs; `args[0]` is the detector script relative to the image's working directory. */
export const DETECT_COMMAND = "bun";

export interface ContainerKwargs {
  "docker-image": string;
  "rebuild-image": boolean;
  cmd: string;
  args: string[];
}

export interface ContainerSpecOptions extends ContainerConfig {
  colonyname: string;
  db: string;
  tsIds: readonly string[];
  cpu?: string;
  mem?: string;
}

export function containerFuncSpec(options: ContainerSpecOptions): FunctionSpec {
  const kwargs: ContainerKwargs = {
    "docker-image": options.image,
    "rebuild-image": false,
    cmd: DETECT_COMMAND,
    args: detectArgs({ db: options.db, tsIds: options.tsIds }),
  };
  const spec = funcSpec({
    funcname: EXECUTE_FUNCNAME,
    args: [],
    kwargs: { ...kwargs },
    colonyname: options.colonyname,
    executortype: options.executorType,
    maxexectime: options.maxExecTime,
    maxretries: options.maxRetries,
  });
  return {
    ...spec,
    conditions: {
      ...spec.conditions,
      nodes: 1,
      processes: 1,
      processespernode: 1,
      cpu: options.cpu ?? "1000m",
      mem: options.mem ?? "1Gi",
      walltime: options.maxExecTime,
    },
  };
}
