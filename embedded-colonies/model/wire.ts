/** Stored rows → the JSON objects the real server sends (every key present, times RFC 3339, int64 exact). */

import { sha3Hex } from "../../lib/colonies-sdk/crypto.ts";
import { parseJson } from "../../lib/colonies-sdk/json.ts";
import type {
  Attribute,
  ColoniesFunction,
  Executor,
  Generator,
  GraphNode,
  Log,
  Process,
  ProcessGraph,
  ProcessState,
} from "../../lib/colonies-sdk/types.ts";
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
function envAttributes(row: ProcessRow, spec: Spec): Attribute[] {
  return Object.entries(spec.env ?? {}).map(([key, value]) => ({
    attributeid: sha3Hex(`${row.processid}:env:${key}`),
    targetid: row.processid,
    targetcolonyname: row.colonyname,
    targetprocessgraphid: row.processgraphid,
    // core.PENDING, as the real server creates them.
    state: 0,
    attributetype: 3,
    key,
    value,
  }));
}

/** Typed as the SDK's Process, so a field added on one side shows on the other. */
export function wireProcess(row: ProcessRow): Process {
  const spec = parseJson(row.spec) as Spec;
  // Rows stored before channels were omitted when empty.
  if (spec.channels?.length === 0) delete spec.channels;
  return {
    processid: row.processid,
    initiatorid: row.initiatorid,
    initiatorname: row.initiatorname,
    assignedexecutorid: row.assignedexecutorid,
    isassigned: row.isassigned,
    state: row.state as ProcessState,
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
    in: parseJson(row.input) as unknown[],
    out: parseJson(row.output) as unknown[],
    errors: JSON.parse(row.errors),
  } satisfies Process;
}

/** Typed as the SDK's Executor; keys in the real server's order, empty optional ones left out (omitempty). */
export function wireExecutor(row: ExecutorRow): Executor {
  const extra = JSON.parse(row.extra) as Partial<Executor>;
  return {
    executorid: row.executorid,
    executortype: row.executortype,
    executorname: row.executorname,
    colonyname: row.colonyname,
    state: row.state as Executor["state"],
    requirefuncreg: row.requirefuncreg,
    commissiontime: formatTime(row.commissiontime),
    lastheardfromtime: formatTime(row.lastheardfromtime),
    ...(row.locationname !== "" ? { locationname: row.locationname } : {}),
    capabilities: extra.capabilities ?? { hardware: null, software: null },
    allocations: extra.allocations ?? { projects: null },
    ...(extra.blueprintid ? { blueprintid: extra.blueprintid } : {}),
    ...(extra.blueprintgen ? { blueprintgen: extra.blueprintgen } : {}),
  };
}

export function wireFunction(row: FunctionRow): ColoniesFunction {
  const args = JSON.parse(row.args) as ColoniesFunction["args"] | null;
  return {
    functionid: row.functionid,
    executorname: row.executorname,
    executortype: row.executortype,
    colonyname: row.colonyname,
    funcname: row.funcname,
    ...(row.description !== "" ? { description: row.description } : {}),
    ...(args !== null ? { args } : {}),
    counter: row.counter,
    minwaittime: row.minwaittime,
    maxwaittime: row.maxwaittime,
    minexectime: row.minexectime,
    maxexectime: row.maxexectime,
    avgwaittime: row.avgwaittime,
    avgexectime: row.avgexectime,
    ...(row.locationname !== "" ? { locationname: row.locationname } : {}),
  };
}

export function wireLog(row: LogRow): Log {
  return {
    processid: row.processid,
    colonyname: row.colonyname,
    executorname: row.executorname,
    message: row.message,
    timestamp: BigInt(row.timestampUs) * 1000n,
  };
}

export function wireGenerator(row: GeneratorRow, queuesize = 0, checkerperiod = 0): Generator {
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
export function wireSubmittedGraph(row: GraphRow): ProcessGraph {
  return { ...wireGraph(row, []), submissiontime: formatTime(0) };
}

/** Node colours by process state, as the real server's graph view draws them (waiting ... cancelled). */
const NODE_BACKGROUNDS = ["#eee8d8", "#4689cd", "#92d050", "#cb4239", "#f5a623"];

/** Typed as the SDK's ProcessGraph. Nodes are placed in one column (the real server lays them out by depth). */
export function wireGraph(row: GraphRow, processes: ProcessRow[]): ProcessGraph {
  const nodes = processes.map((p, i): GraphNode => {
    const parents = JSON.parse(p.parents) as string[];
    const children = JSON.parse(p.children) as string[];
    return {
      id: p.processid,
      data: { label: (parseJson(p.spec) as Spec).nodename },
      position: { x: 0, y: i * 100 },
      type: parents.length === 0 ? "input" : children.length === 0 ? "output" : "default",
      style: { color: "", background: NODE_BACKGROUNDS[p.state] ?? "#eee8d8" },
    };
  });
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
    state: row.state as ProcessState,
    submissiontime: formatTime(row.submissiontime),
    starttime: formatTime(row.starttime),
    endtime: formatTime(row.endtime),
    processids: JSON.parse(row.processids),
    nodes,
    edges,
  };
}
