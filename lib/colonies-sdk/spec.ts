/**
 * Function spec builder with pycolonies' `func_spec()` defaults: nodename = funcname, priority 1,
 * maxwaittime/maxexectime/maxretries -1 (no limit / retry forever), zero resource conditions, an empty
 * filesystem, env `{}` and channels `[]` — the exact shape pycolonies sends.
 */
import type { FunctionSpec } from "./types.ts";

export interface FuncSpecOptions {
  funcname: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  colonyname: string;
  executortype: string;
  /** Restrict to these executors (Go: conditions.executornames). Default: any executor of the type. */
  executornames?: string[];
  /** Seconds; -1 = no limit. 0 is refused: the real server would expire the process at once. */
  maxexectime?: number;
  /** -1 = retry forever, 0 = fail at the first expiry, k = k retries. */
  maxretries?: number;
  /** Seconds; -1 = no limit. */
  maxwaittime?: number;
  /** -50000..50000; each unit is worth one day of queue age. */
  priority?: number;
  label?: string;
  nodename?: string;
  env?: Record<string, string>;
}

export const PRIORITY_RANGE = { min: -50_000, max: 50_000 } as const;

function integerAtLeast(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min} (got ${value}); use -1 for no limit`);
  }
  return value;
}

export function funcSpec(options: FuncSpecOptions): FunctionSpec {
  const priority = options.priority ?? 1;
  if (!Number.isInteger(priority) || priority < PRIORITY_RANGE.min || priority > PRIORITY_RANGE.max) {
    throw new RangeError(
      `priority must be an integer in [${PRIORITY_RANGE.min}, ${PRIORITY_RANGE.max}] (got ${priority})`,
    );
  }
  const maxexectime = integerAtLeast("maxexectime", options.maxexectime ?? -1, -1);
  if (maxexectime === 0) {
    throw new RangeError(
      "maxexectime 0 makes the real server expire the process at once: use -1 for no limit",
    );
  }
  return {
    nodename: options.nodename ?? options.funcname,
    funcname: options.funcname,
    args: options.args ?? [],
    kwargs: options.kwargs ?? {},
    priority,
    maxwaittime: integerAtLeast("maxwaittime", options.maxwaittime ?? -1, -1),
    maxexectime,
    maxretries: integerAtLeast("maxretries", options.maxretries ?? -1, -1),
    conditions: {
      colonyname: options.colonyname,
      executornames: options.executornames ?? null,
      executortype: options.executortype,
      dependencies: [],
      nodes: 0,
      cpu: "",
      processes: 0,
      processespernode: 0,
      mem: "",
      storage: "",
      gpu: { name: "", mem: "", count: 0, nodecount: 0 },
      walltime: 0,
    },
    label: options.label ?? "",
    fs: { mount: "", snapshots: null, dirs: null },
    env: options.env ?? {},
    channels: [],
  };
}
