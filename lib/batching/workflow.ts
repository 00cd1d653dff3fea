/**
 * The workflow a batching generator submits: one `anomaly` function whose args the server replaces with
 * the packed series ids (docs/protocol.md §6, generators). The server also replaces the root's kwargs with
 * `{}` but keeps its `env`, so the store URL travels as env STORE_URL (lib/anomaly/args.ts reads it).
 */
import { ANOMALY_FUNCNAME, DEFAULT_ANOMALY_EXECUTOR_TYPE, STORE_URL_ENV } from "../anomaly/names.ts";
import { funcSpec } from "../colonies-sdk/spec.ts";
import type { WorkflowSpec } from "../colonies-sdk/types.ts";

export interface AnomalyWorkflowOptions {
  colonyname: string;
  /** Store URL the batches are checked against (travels in the spec's env). */
  db: string;
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
        env: { [STORE_URL_ENV]: options.db },
        colonyname: options.colonyname,
        executortype: options.executortype ?? DEFAULT_ANOMALY_EXECUTOR_TYPE,
        maxexectime: options.maxexectime ?? -1,
        maxretries: options.maxretries ?? -1,
      }),
    ],
  };
}

/**
 * The store URL a workflow's root spec carries (env STORE_URL); undefined when it carries none (generators
 * made before the URL travelled in env: their batches use each executor's own STORE_URL).
 */
export function workflowStoreUrl(workflow: WorkflowSpec): string | undefined {
  const root = workflow.functionspecs.find((spec) => (spec.conditions.dependencies ?? []).length === 0);
  const url = root?.env?.[STORE_URL_ENV];
  return typeof url === "string" && url !== "" ? url : undefined;
}
