/**
 * The function spec of one `anomaly` process: check these series (args) in this store (kwargs.db).
 * The tutorial's submit.py passes the id twice by mistake; here args is the list of ids, once each.
 */

import { type FunctionSpec, funcSpec } from "../colonies-sdk/index.ts";
import { ANOMALY_FUNCNAME, DEFAULT_ANOMALY_EXECUTOR_TYPE } from "./names.ts";

/** Seconds an executor may hold a process before the server hands it to another (submit's default). */
export const DEFAULT_MAXEXECTIME = 30;
/** Requeues after an expiry before the process is failed (submit's default). */
export const DEFAULT_MAXRETRIES = 3;

export interface AnomalySpecOptions {
  colonyname: string;
  tsIds: readonly string[];
  /** Store URL the executor reads from and writes to. */
  db: string;
  executortype?: string;
  maxexectime?: number;
  maxretries?: number;
  label?: string;
}

export function anomalyFuncSpec(options: AnomalySpecOptions): FunctionSpec {
  return funcSpec({
    funcname: ANOMALY_FUNCNAME,
    args: [...options.tsIds],
    kwargs: { db: options.db },
    colonyname: options.colonyname,
    executortype: options.executortype ?? DEFAULT_ANOMALY_EXECUTOR_TYPE,
    maxexectime: options.maxexectime ?? DEFAULT_MAXEXECTIME,
    maxretries: options.maxretries ?? DEFAULT_MAXRETRIES,
    label: options.label,
  });
}
