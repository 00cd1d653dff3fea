/** Stored rows → the JSON objects the real server sends (every key present, times RFC 3339, int64 exact). */

import { sha3Hex } from "../../lib/colonies/crypto.ts";
import { parseJson } from "../../lib/colonies/json.ts";
import type * as schema from "../db/schema.ts";
import { formatTime } from "../time.ts";
import type { Spec } from "./spec.ts";

export type ProcessRow = typeof schema.processes.$inferSelect;
export type ExecutorRow = typeof schema.executors.$inferSelect;
export type FunctionRow = typeof schema.functions.$inferSelect;
export type LogRow = typeof schema.logs.$inferSelect;
export type GeneratorRow = typeof schema.generators.$inferSelect;
export type GraphRow = typeof schema.processGraphs.$inferSelect;

/** Env entries are also exposed as attributes of type 3, as the real server does. */
function envAttributes(row: ProcessRow, spec: Spec): unknown[] {
  return Object.entries(spec.env ?? {}).map(([key, value]) => ({
    attributeid: sha3Hex(`${row.processid}:env:${key}`),
    targetid: row.processid,
    targetcolonyname: row.colonyname,
    targetprocessgraphid: row.processgraphid,
    attributetype: 3,
    key,
    value,
  }));
}

export function wireProcess(row: ProcessRow): Record<string, unknown> {
  const spec = parseJson(row.spec) as Spec;
  // Rows stored before channels were omitted when empty.
  if (spec.channels?.length === 0) delete spec.channels;
  return {
    processid: row.processid,
    initiatorid: row.initiatorid,
    initiatorname: row.initiatorname,
    assignedexecutorid: row.assignedexecutorid,
    isassigned: row.isassigned,
    state: row.state,
    prioritytime: BigInt(row.prioritytimeUs) * 1000n,
    submissiontime: formatTime(row.submissiontime),
    starttime: formatTime(row.starttime),
    endtime: formatTime(row.endtime),
    waitdeadline: formatTime(row.waitdeadline),
    execdeadline: formatTime(row.execdeadline),
    retries: row.retries,
    attributes: envAttributes(row, spec),
    spec,
    waitforparents: row.waitforparents,
    parents: JSON.parse(row.parents),
    children: JSON.parse(row.children),
    processgraphid: row.processgraphid,
    in: parseJson(row.input),
    out: parseJson(row.output),
    errors: JSON.parse(row.errors),
  };
}

export function wireExecutor(row: ExecutorRow): Record<string, unknown> {
  const extra = JSON.parse(row.extra) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    executorid: row.executorid,
    executortype: row.executortype,
    executorname: row.executorname,
    colonyname: row.colonyname,
    state: row.state,
    requirefuncreg: row.requirefuncreg,
    commissiontime: formatTime(row.commissiontime),
    lastheardfromtime: formatTime(row.lastheardfromtime),
  };
  if (row.locationname !== "") out.locationname = row.locationname;
  out.capabilities = extra.capabilities ?? { hardware: null, software: null };
  out.allocations = extra.allocations ?? { projects: null };
  if (extra.blueprintid) out.blueprintid = extra.blueprintid;
  if (extra.blueprintgen) out.blueprintgen = extra.blueprintgen;
  return out;
}

export function wireFunction(row: FunctionRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    functionid: row.functionid,
    executorname: row.executorname,
    executortype: row.executortype,
    colonyname: row.colonyname,
    funcname: row.funcname,
  };
  if (row.description !== "") out.description = row.description;
  const args = JSON.parse(row.args);
  if (args !== null) out.args = args;
  Object.assign(out, {
    counter: row.counter,
    minwaittime: row.minwaittime,
    maxwaittime: row.maxwaittime,
    minexectime: row.minexectime,
    maxexectime: row.maxexectime,
    avgwaittime: row.avgwaittime,
    avgexectime: row.avgexectime,
  });
  if (row.locationname !== "") out.locationname = row.locationname;
  return out;
}

export function wireLog(row: LogRow): Record<string, unknown> {
  return {
    processid: row.processid,
    colonyname: row.colonyname,
    executorname: row.executorname,
    message: row.message,
    timestamp: BigInt(row.timestampUs) * 1000n,
  };
}

export function wireGenerator(row: GeneratorRow, queuesize = 0, checkerperiod = 0): Record<string, unknown> {
  return {
    generatorid: row.generatorid,
    initiatorid: row.initiatorid,
    initiatorname: row.initiatorname,
    colonyname: row.colonyname,
    name: row.name,
    workflowspec: row.workflowspec,
    trigger: row.trigger,
    timeout: row.timeout,
    firstpack: formatTime(row.firstpack),
    lastrun: formatTime(row.lastrun),
    queuesize,
    checkerperiod,
  };
}

/**
 * The submitworkflowspecmsg reply: the real server answers with the graph as built before it is stored,
 * so nodes and edges are empty and submissiontime is the zero time.
 */
export function wireSubmittedGraph(row: GraphRow): Record<string, unknown> {
  return { ...wireGraph(row, []), submissiontime: formatTime(0) };
}

export function wireGraph(row: GraphRow, processes: ProcessRow[]): Record<string, unknown> {
  const nodes = processes.map((p, i) => ({
    id: p.processid,
    data: { label: (parseJson(p.spec) as Spec).nodename },
    position: { x: 0, y: i * 100 },
    type: "default",
    style: {},
  }));
  const edges = processes.flatMap((p) =>
    (JSON.parse(p.children) as string[]).map((child) => ({
      id: `${p.processid}-${child}`,
      source: p.processid,
      target: child,
      animated: false,
    })),
  );
  return {
    processgraphid: row.processgraphid,
    initiatorid: row.initiatorid,
    initiatorname: row.initiatorname,
    colonyname: row.colonyname,
    rootprocessids: JSON.parse(row.rootprocessids),
    state: row.state,
    submissiontime: formatTime(row.submissiontime),
    starttime: formatTime(row.starttime),
    endtime: formatTime(row.endtime),
    processids: JSON.parse(row.processids),
    nodes,
    edges,
  };
}
