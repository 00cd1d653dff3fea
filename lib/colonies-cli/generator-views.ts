/** What `colonies generator ls|get` show, as table rows (rendered with the colonies CLI's renderTable). */

import { workflowStoreUrl } from "../batching/workflow.ts";
import type { Generator, WorkflowSpec } from "../colonies-sdk/types.ts";
import { timeText } from "./text.ts";

export const GENERATOR_LIST_HEADERS = [
  "Name",
  "GeneratorId",
  "Trigger",
  "Timeout",
  "LastRun",
  "Initiator",
] as const;

function timeout(generator: Generator): string {
  return generator.timeout > 0 ? `${generator.timeout} s` : "never";
}

export function generatorListRow(generator: Generator): string[] {
  return [
    generator.name,
    generator.generatorid,
    String(generator.trigger),
    timeout(generator),
    timeText(generator.lastrun) || "never",
    generator.initiatorname,
  ];
}

const UNREADABLE = "(unreadable workflow spec)";

function parseWorkflow(text: string): WorkflowSpec | undefined {
  try {
    return JSON.parse(text) as WorkflowSpec;
  } catch {
    return undefined;
  }
}

function workflowFunctions(workflow: WorkflowSpec | undefined): string {
  if (!workflow) return UNREADABLE;
  return workflow.functionspecs
    .map((spec) => `${spec.funcname} (${spec.conditions.executortype})`)
    .join("\n");
}

function storeText(workflow: WorkflowSpec | undefined): string {
  if (!workflow) return UNREADABLE;
  return workflowStoreUrl(workflow) ?? "(none: each executor's STORE_URL)";
}

/** Rows of `generator get`, with the live queue size and checker period of getgeneratormsg. */
export function generatorDetails(generator: Generator): string[][] {
  const workflow = parseWorkflow(generator.workflowspec);
  return [
    ["Id", generator.generatorid],
    ["Name", generator.name],
    ["Colony", generator.colonyname],
    ["Initiator", `${generator.initiatorname}\n${generator.initiatorid}`],
    ["Trigger", String(generator.trigger)],
    ["Timeout", timeout(generator)],
    ["FirstPack", timeText(generator.firstpack) || "never"],
    ["LastRun", timeText(generator.lastrun) || "never"],
    ["QueueSize", String(generator.queuesize)],
    ["CheckerPeriod", `${generator.checkerperiod} ms`],
    ["Workflow", workflowFunctions(workflow)],
    ["Store", storeText(workflow)],
  ];
}
