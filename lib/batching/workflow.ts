/**
 * The workflow a batching generator submits: one `anomaly` function whose args the server replaces with
 * the packed series ids (PROTOCOL.md §6, generators). The server also replaces the root's kwargs with
 * `{}`, so `db` cannot travel in the spec: the anomaly executor uses its own store URL for such processes.
 */
import { funcSpec } from "../colonies/spec.ts";
import type { WorkflowSpec } from "../colonies/types.ts";

export const ANOMALY_FUNCNAME = "anomaly";
export const DEFAULT_ANOMALY_EXECUTOR_TYPE = "anomaly-executor";

export interface AnomalyWorkflowOptions {
  colonyname: string;
  executortype?: string;
  /** Seconds per batch before the process is retried; -1 = no limit. */
  maxexectime?: number;
  maxretries?: number;
}

export function anomalyWorkflowSpec(options: AnomalyWorkflowOptions): WorkflowSpec {
  return {
    colonyname: options.colonyname,
    functionspecs: [
      // nodename is required: the real server cannot trigger a workflow whose specs lack one.
      funcSpec({
        funcname: ANOMALY_FUNCNAME,
        nodename: ANOMALY_FUNCNAME,
        args: [],
        kwargs: {},
        colonyname: options.colonyname,
        executortype: options.executortype ?? DEFAULT_ANOMALY_EXECUTOR_TYPE,
        maxexectime: options.maxexectime ?? -1,
        maxretries: options.maxretries ?? -1,
      }),
    ],
  };
}
