/**
 * Process state changes (docs/protocol.md §6): submit, exclusive assign, close, requeue, timeouts, executor
 * removal, and the workflow rules (children become assignable when all parents succeed; a failure with
 * dependants fails the whole graph). Every change runs synchronously inside one SQLite transaction, so with
 * Bun's single thread no two requests can interleave between a select and its update.
 */
import { sha3Hex } from "../../lib/colonies-sdk/crypto.ts";
import { parseJson, stringifyJson } from "../../lib/colonies-sdk/json.ts";
import { getGraphStatus, insertGraph, updateGraph } from "../db/graphs.ts";
import {
  deleteFunctionsOf,
  type ExecutorIdentity,
  ExecutorState,
  getExecutorIdentity,
  getFunction,
  setExecutorState,
  touchExecutor,
  updateFunctionStats,
} from "../db/identities.ts";
import type { ColoniesDatabase } from "../db/open.ts";
import {
  childStates,
  getProcessRows,
  graphProcesses,
  graphStatesPresent,
  insertProcessRows,
  ProcessState,
  parentsOf,
  queueCandidates,
  runningOf,
  unsuccessfulCount,
  updateProcess,
} from "../db/processes.ts";
import { badRequest } from "../errors.ts";
import { parseCpuMillis, parseMemoryBytes } from "../model/resources.ts";
import type { Spec } from "../model/spec.ts";
import type { GraphRow, ProcessRow } from "../model/wire.ts";
import { nowUs, secondsToUs } from "../time.ts";
import type { QueueWaiters } from "./waiters.ts";

const US_PER_PRIORITY_UNIT = 86_400_000_000; // one day of queue age per priority unit
/** The best candidate alone first (it nearly always fits), then pages of the rest. */
const CANDIDATE_PAGES = [1, 8] as const;

export const EXEC_TIME_EXCEEDED = "Maximum execution time limit exceeded";
export const WAIT_TIME_EXCEEDED = "Maximum waiting time limit exceeded";

export interface Initiator {
  id: string;
  name: string;
}

export function newId(): string {
  return sha3Hex(crypto.randomUUID());
}

export class Lifecycle {
  /** Children waiting for parents: how many parents are not successful yet (see parentsStillRunning). */
  private readonly pendingParents = new Map<string, number>();

  /** One transaction wrapper for every change (building one per call costs more than an empty commit). */
  private readonly inTransaction: (fn: () => unknown) => unknown;

  constructor(
    private readonly db: ColoniesDatabase,
    private readonly waiters: QueueWaiters,
  ) {
    this.inTransaction = db.$client.transaction((fn: () => unknown) => fn());
  }

  private transaction<T>(fn: () => T): T {
    return this.inTransaction(fn) as T;
  }

  private newProcessRow(spec: Spec, initiator: Initiator, now: number): ProcessRow {
    return {
      processid: newId(),
      colonyname: spec.conditions.colonyname,
      executortype: spec.conditions.executortype,
      label: spec.label,
      initiatorid: initiator.id,
      initiatorname: initiator.name,
      assignedexecutorid: "",
      isassigned: false,
      state: ProcessState.Waiting,
      prioritytimeUs: now - spec.priority * US_PER_PRIORITY_UNIT,
      submissiontime: now,
      starttime: 0,
      endtime: 0,
      waitdeadline: spec.maxwaittime > 0 ? now + secondsToUs(spec.maxwaittime) : 0,
      execdeadline: 0,
      retries: 0,
      maxretries: spec.maxretries,
      maxexectime: spec.maxexectime,
      maxwaittime: spec.maxwaittime,
      waitforparents: false,
      parents: "[]",
      children: "[]",
      processgraphid: "",
      spec: stringifyJson(spec),
      input: "[]",
      output: "[]",
      errors: "[]",
    };
  }

  submit(spec: Spec, initiator: Initiator): ProcessRow {
    const row = this.newProcessRow(spec, initiator, nowUs());
    insertProcessRows(this.db, [row]);
    this.waiters.notify(row.colonyname, row.executortype);
    return row;
  }

  /** Creates a graph: roots wait for nobody, the others until all their parents succeeded. */
  submitWorkflow(
    colonyname: string,
    specs: Spec[],
    initiator: Initiator,
  ): { graph: GraphRow; rows: ProcessRow[] } {
    const now = nowUs();
    const byNode = new Map<string, ProcessRow>();
    for (const spec of specs) {
      if (spec.nodename === "")
        throw new WorkflowError("Nodename is missing, check function spec for errors");
      if (byNode.has(spec.nodename)) throw new WorkflowError(`Duplicate nodename: ${spec.nodename}`);
      spec.conditions.colonyname = colonyname;
      byNode.set(spec.nodename, this.newProcessRow(spec, initiator, now));
    }
    const graphId = newId();
    const roots: string[] = [];
    const children = new Map<string, string[]>();
    for (const spec of specs) {
      const row = byNode.get(spec.nodename)!;
      row.processgraphid = graphId;
      const parents = spec.conditions.dependencies.map((dep) => {
        const parent = byNode.get(dep);
        if (!parent)
          throw new WorkflowError(
            "Failed to submit workflow, invalid dependencies, are you depending on a nodename that does not exits?",
          );
        children.set(parent.processid, [...(children.get(parent.processid) ?? []), row.processid]);
        return parent.processid;
      });
      row.parents = JSON.stringify(parents);
      row.waitforparents = parents.length > 0;
      if (parents.length === 0) roots.push(row.processid);
    }
    const rows = [...byNode.values()];
    for (const row of rows) row.children = JSON.stringify(children.get(row.processid) ?? []);
    const graph: GraphRow = {
      processgraphid: graphId,
      colonyname,
      initiatorid: initiator.id,
      initiatorname: initiator.name,
      rootprocessids: JSON.stringify(roots),
      processids: JSON.stringify(rows.map((r) => r.processid)),
      state: ProcessState.Waiting,
      submissiontime: now,
      starttime: 0,
      endtime: 0,
    };
    this.transaction(() => {
      insertGraph(this.db, graph);
      insertProcessRows(this.db, rows);
    });
    for (const row of rows) if (!row.waitforparents) this.waiters.notify(row.colonyname, row.executortype);
    return { graph, rows };
  }

  /**
   * Picks the best waiting process this executor may run and marks it running, atomically.
   * `cpuMillis`/`memBytes` null = unlimited.
   */
  tryAssign(
    executor: ExecutorIdentity,
    colonyname: string,
    cpuMillis: number | null,
    memBytes: number | null,
  ): ProcessRow | undefined {
    return this.transaction(() => {
      const now = nowUs();
      touchExecutor(this.db, executor, now);
      for (let offset = 0, size: number = CANDIDATE_PAGES[0]; ; offset += size, size = CANDIDATE_PAGES[1]) {
        const page = queueCandidates(this.db, colonyname, executor.executortype, size, offset);
        const chosen = page.find((row) => matches(row, executor, cpuMillis, memBytes));
        if (chosen) return this.markRunning(chosen, executor, now);
        if (page.length < size) return undefined;
      }
    });
  }

  private markRunning(row: ProcessRow, executor: ExecutorIdentity, now: number): ProcessRow {
    const values: Partial<ProcessRow> = {
      state: ProcessState.Running,
      isassigned: true,
      assignedexecutorid: executor.executorid,
      starttime: now,
      execdeadline: row.maxexectime > 0 ? now + secondsToUs(row.maxexectime) : 0,
    };
    const parents = JSON.parse(row.parents) as string[];
    if (parents.length > 0) {
      const outputs = getProcessRows(this.db, parents);
      const byId = new Map(outputs.map((p) => [p.processid, parseJson(p.output) as unknown[]]));
      values.input = stringifyJson(parents.flatMap((id) => byId.get(id) ?? []));
    }
    updateProcess(this.db, row.processid, values);
    if (row.processgraphid !== "") this.resolveGraph(row.processgraphid, now, true);
    return { ...row, ...values };
  }

  closeSuccessful(row: ProcessRow, out: unknown[] | null): void {
    if (row.state === ProcessState.Failed) throw badRequest("Tried to set failed process as successful");
    if (row.state === ProcessState.Cancelled)
      throw badRequest("Tried to set cancelled process as successful");
    if (row.state === ProcessState.Waiting)
      throw badRequest("Tried to set waiting process as successful without being running");
    const ready: { colonyname: string; executortype: string }[] = [];
    this.transaction(() => {
      const now = nowUs();
      const values: Partial<ProcessRow> = { state: ProcessState.Successful, endtime: now };
      if (out && out.length > 0) values.output = stringifyJson(out);
      updateProcess(this.db, row.processid, values);
      this.recordFunctionStats(row, now);
      for (const child of childStates(this.db, JSON.parse(row.children) as string[])) {
        if (!child.waitforparents || this.parentsStillRunning(child.processid) > 0) continue;
        updateProcess(this.db, child.processid, { waitforparents: false });
        ready.push(child);
      }
      if (row.processgraphid !== "") this.resolveGraph(row.processgraphid, now);
    });
    for (const child of ready) this.waiters.notify(child.colonyname, child.executortype);
  }

  /**
   * Parents of `childId` not yet successful, called as each of them succeeds. Counted once from the
   * database, then counted down (a parent succeeds only once; a failure fails the whole graph), so a stitch
   * with thousands of parents costs one count, not one per parent; zero is checked against the database.
   */
  private parentsStillRunning(childId: string): number {
    const cached = this.pendingParents.get(childId);
    let remaining =
      cached === undefined ? unsuccessfulCount(this.db, parentsOf(this.db, childId)) : cached - 1;
    if (remaining <= 0 && cached !== undefined)
      remaining = unsuccessfulCount(this.db, parentsOf(this.db, childId));
    if (remaining > 0) this.pendingParents.set(childId, remaining);
    else this.pendingParents.delete(childId);
    return remaining;
  }

  closeFailed(row: ProcessRow, errors: string[] | null): void {
    if (row.state === ProcessState.Successful) throw badRequest("Tried to set successful process as failed");
    if (row.state === ProcessState.Failed) throw badRequest("Tried to set failed process as failed");
    if (row.state === ProcessState.Cancelled) throw badRequest("Tried to set cancelled process as failed");
    this.transaction(() => this.markFailed(row, errors ?? [], nowUs()));
  }

  private markFailed(row: ProcessRow, errors: string[], now: number): void {
    updateProcess(this.db, row.processid, {
      state: ProcessState.Failed,
      endtime: now,
      errors: JSON.stringify(errors),
    });
    if (row.processgraphid === "") return;
    // As the real graph resolver: a failed parent fails every process of the graph.
    if ((JSON.parse(row.children) as string[]).length > 0) {
      for (const p of graphProcesses(this.db, row.processgraphid)) {
        if (p.state !== ProcessState.Failed)
          updateProcess(this.db, p.processid, { state: ProcessState.Failed });
      }
    }
    this.resolveGraph(row.processgraphid, now);
  }

  setOutput(row: ProcessRow, out: unknown[] | null): void {
    if (out && out.length > 0) updateProcess(this.db, row.processid, { output: stringifyJson(out) });
  }

  /** Exec-time expiry: back to waiting with one more retry, or failed when retries are used up. */
  expireRunning(row: ProcessRow): void {
    const now = nowUs();
    this.transaction(() => {
      if (row.maxretries > -1 && row.retries >= row.maxretries) {
        this.markFailed(row, [EXEC_TIME_EXCEEDED], now);
        return;
      }
      updateProcess(this.db, row.processid, {
        state: ProcessState.Waiting,
        isassigned: false,
        assignedexecutorid: "",
        retries: row.retries + 1,
        endtime: now,
        waitdeadline: row.maxwaittime > 0 ? now + secondsToUs(row.maxwaittime) : row.waitdeadline,
      });
      if (row.processgraphid !== "") this.resolveGraph(row.processgraphid, now);
    });
    this.waiters.notify(row.colonyname, row.executortype);
  }

  expireWaiting(row: ProcessRow): void {
    this.transaction(() => this.markFailed(row, [WAIT_TIME_EXCEEDED], nowUs()));
  }

  /** removeexecutormsg / stale cleanup: state unregistered, functions dropped, running work requeued. */
  unregisterExecutor(executor: ExecutorIdentity): void {
    const requeued = this.transaction(() => {
      setExecutorState(this.db, executor, ExecutorState.Unregistered);
      deleteFunctionsOf(this.db, executor.colonyname, executor.executorname);
      const running = runningOf(this.db, executor.executorid);
      for (const row of running) {
        updateProcess(this.db, row.processid, {
          state: ProcessState.Waiting,
          isassigned: false,
          assignedexecutorid: "",
          starttime: 0,
          endtime: 0,
          execdeadline: 0,
        });
        if (row.processgraphid !== "") this.resolveGraph(row.processgraphid, nowUs());
      }
      return running;
    });
    for (const row of requeued) this.waiters.notify(row.colonyname, row.executortype);
  }

  /** `started`: a process of it was just assigned (a running graph stays running then). */
  private resolveGraph(processgraphid: string, now: number, started = false): void {
    const graph = getGraphStatus(this.db, processgraphid);
    if (!graph || (started && graph.state === ProcessState.Running)) return;
    const present = graphStatesPresent(this.db, processgraphid);
    const has = (s: number) => present.has(s);
    let state: number = ProcessState.Waiting;
    if (has(ProcessState.Failed)) state = ProcessState.Failed;
    else if (has(ProcessState.Cancelled)) state = ProcessState.Cancelled;
    else if ([...present].every((s) => s === ProcessState.Successful)) state = ProcessState.Successful;
    else if (has(ProcessState.Running) || has(ProcessState.Successful)) state = ProcessState.Running;
    if (state === graph.state) return;
    const values: Partial<GraphRow> = { state };
    if (state === ProcessState.Running && graph.starttime === 0) values.starttime = now;
    if (state === ProcessState.Successful || state === ProcessState.Failed) values.endtime = now;
    updateGraph(this.db, processgraphid, values);
  }

  private recordFunctionStats(row: ProcessRow, now: number): void {
    const executor = getExecutorIdentity(this.db, row.assignedexecutorid);
    if (!executor) return;
    const spec = parseJson(row.spec) as Spec;
    const fn = getFunction(this.db, row.colonyname, executor.executorname, spec.funcname);
    if (!fn) return;
    const wait = (row.starttime - row.submissiontime) / 1e6;
    const exec = (now - row.starttime) / 1e6;
    updateFunctionStats(this.db, fn.functionid, {
      counter: fn.counter + 1,
      minwaittime: fn.minwaittime > 0 ? Math.min(fn.minwaittime, wait) : wait,
      maxwaittime: fn.maxwaittime > 0 ? Math.max(fn.maxwaittime, wait) : wait,
      minexectime: fn.minexectime > 0 ? Math.min(fn.minexectime, exec) : exec,
      maxexectime: fn.maxexectime > 0 ? Math.max(fn.maxexectime, exec) : exec,
      avgwaittime: fn.avgwaittime > 0 ? (fn.avgwaittime + wait) / 2 : wait,
      avgexectime: fn.avgexectime > 0 ? (fn.avgexectime + exec) / 2 : exec,
    });
  }
}

/** Workflow validation errors; the real server answers them with 500. */
export class WorkflowError extends Error {
  override name = "WorkflowError";
}

function matches(
  row: ProcessRow,
  executor: ExecutorIdentity,
  cpuMillis: number | null,
  memBytes: number | null,
): boolean {
  const spec = parseJson(row.spec) as Spec;
  const c = spec.conditions;
  if (c.executornames && c.executornames.length > 0 && !c.executornames.includes(executor.executorname))
    return false;
  if (c.locationname && c.locationname.toLowerCase() !== executor.locationname.toLowerCase()) return false;
  if (cpuMillis !== null && parseCpuMillis(c.cpu) > cpuMillis) return false;
  if (memBytes !== null && parseMemoryBytes(c.mem) > memBytes) return false;
  return true;
}
