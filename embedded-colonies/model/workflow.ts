/** WorkflowSpec {colonyname, functionspecs} decoding and the dependency check the real server does. */
import { InvalidMessageError, isObject, type JsonObject, readArray, readString } from "../wire/fields.ts";
import { decodeSpec, type Spec } from "./spec.ts";

export interface WorkflowSpec {
  colonyname: string;
  functionspecs: Spec[];
}

export function decodeWorkflowSpec(raw: JsonObject): WorkflowSpec {
  const specs = readArray(raw, "functionspecs") ?? [];
  return {
    colonyname: readString(raw, "colonyname"),
    functionspecs: specs.map((s) => {
      if (s !== null && !isObject(s)) throw new InvalidMessageError("functionspecs: expected objects");
      return decodeSpec(s);
    }),
  };
}

export const INVALID_DEPENDENCIES =
  "Failed to submit workflow, invalid dependencies, are you depending on a nodename that does not exits?";

export function hasValidDependencies(workflow: WorkflowSpec): boolean {
  const names = new Set(workflow.functionspecs.map((s) => s.nodename));
  return workflow.functionspecs.every((s) => s.conditions.dependencies.every((d) => names.has(d)));
}

/** On the workflow path the real server rewrites maxexectime 0 to -1 (no limit). */
export function normaliseWorkflowTimeLimits(workflow: WorkflowSpec): void {
  for (const spec of workflow.functionspecs) if (spec.maxexectime === 0) spec.maxexectime = -1;
}
