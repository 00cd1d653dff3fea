/** What `colonies generator ls|get` show, as plain rows (rendered by the colonies CLI's table helpers). */
import type { Generator, WorkflowSpec } from "../colonies/types.ts";

/** Colonies writes the zero time for "never". */
function timeOrNever(rfc3339: string): string {
  return /^0*1-01-01T/.test(rfc3339) ? "never" : rfc3339;
}

export const GENERATOR_LIST_COLUMNS = [
  "NAME",
  "GENERATORID",
  "TRIGGER",
  "TIMEOUT",
  "LASTRUN",
  "INITIATOR",
] as const;

export function generatorListRow(generator: Generator): string[] {
  return [
    generator.name,
    generator.generatorid,
    String(generator.trigger),
    generator.timeout > 0 ? `${generator.timeout} s` : "never",
    timeOrNever(generator.lastrun),
    generator.initiatorname,
  ];
}

function workflowFunctions(text: string): string {
  try {
    const workflow = JSON.parse(text) as WorkflowSpec;
    return workflow.functionspecs
      .map((spec) => `${spec.funcname} (${spec.conditions.executortype})`)
      .join(", ");
  } catch {
    return "(unreadable workflow spec)";
  }
}

/** Key/value pairs of `generator get`, with the live queue size and checker period. */
export function generatorDetails(generator: Generator): [string, string][] {
  return [
    ["GeneratorId", generator.generatorid],
    ["Name", generator.name],
    ["Colony", generator.colonyname],
    ["Initiator", generator.initiatorname],
    ["Trigger", String(generator.trigger)],
    ["Timeout", generator.timeout > 0 ? `${generator.timeout} s` : "never"],
    ["FirstPack", timeOrNever(generator.firstpack)],
    ["LastRun", timeOrNever(generator.lastrun)],
    ["QueueSize", String(generator.queuesize)],
    ["CheckerPeriod", `${generator.checkerperiod} ms`],
    ["Workflow", workflowFunctions(generator.workflowspec)],
  ];
}
