/** Process rows: reads, list queries and the column updates of each state change. */
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  lt,
  ne,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";
import type { ProcessRow } from "../model/wire.ts";
import { refuseNul } from "../wire/pq-errors.ts";
import type { ColoniesDatabase } from "./open.ts";
import { perDatabase } from "./prepared.ts";
import { processes } from "./schema.ts";

export const ProcessState = { Waiting: 0, Running: 1, Successful: 2, Failed: 3, Cancelled: 4 } as const;

const p = sql.placeholder;

const queries = perDatabase((db) => ({
  byId: db
    .select()
    .from(processes)
    .where(eq(processes.processid, p("processid")))
    .prepare(),
  assignmentById: db
    .select({
      processid: processes.processid,
      colonyname: processes.colonyname,
      state: processes.state,
      assignedexecutorid: processes.assignedexecutorid,
    })
    .from(processes)
    .where(eq(processes.processid, p("processid")))
    .prepare(),
  queue: db
    .select()
    .from(processes)
    .where(
      and(
        eq(processes.colonyname, p("colonyname")),
        eq(processes.executortype, p("executortype")),
        eq(processes.state, ProcessState.Waiting),
        eq(processes.waitforparents, false),
      ),
    )
    .orderBy(asc(processes.prioritytimeUs))
    .limit(p("limit"))
    .offset(p("offset"))
    .prepare(),
  insert: db
    .insert(processes)
    .values(
      Object.fromEntries(Object.keys(getTableColumns(processes)).map((key) => [key, p(key)])) as Record<
        keyof ProcessRow,
        Placeholder
      >,
    )
    .prepare(),
  graphHasState: db
    .select({ state: processes.state })
    .from(processes)
    .where(and(eq(processes.processgraphid, p("processgraphid")), eq(processes.state, p("state"))))
    .limit(1)
    .prepare(),
  /** Updates by the set of columns they change: a state change always changes the same few. */
  updates: new Map<string, { run(values: Record<string, unknown>): unknown }>(),
}));

/** The placeholder of the row's id in the updates (no column is called so). */
const ID = "_processid";

function preparedUpdate(db: ColoniesDatabase, columns: string[]) {
  const { updates } = queries(db);
  const shape = columns.join(",");
  let update = updates.get(shape);
  if (update === undefined) {
    const set: Record<string, SQL> = {};
    for (const column of columns) set[column] = sql`${p(column)}`;
    update = db
      .update(processes)
      .set(set)
      .where(eq(processes.processid, p(ID)))
      .prepare();
    updates.set(shape, update);
  }
  return update;
}

export function getProcessRow(db: ColoniesDatabase, processid: string): ProcessRow | undefined {
  refuseNul(processid);
  return queries(db).byId.get({ processid });
}

export type ProcessAssignment = Pick<ProcessRow, "processid" | "colonyname" | "state" | "assignedexecutorid">;

/** What addlogmsg checks, without the spec, inputs and outputs a whole row carries. */
export function getProcessAssignment(db: ColoniesDatabase, processid: string): ProcessAssignment | undefined {
  refuseNul(processid);
  return queries(db).assignmentById.get({ processid });
}

export function getProcessRows(db: ColoniesDatabase, ids: string[]): ProcessRow[] {
  if (ids.length === 0) return [];
  return db.select().from(processes).where(inArray(processes.processid, ids)).all();
}

/** Callers insert several rows inside a transaction (one commit). */
export function insertProcessRows(db: ColoniesDatabase, rows: ProcessRow[]): void {
  const { insert } = queries(db);
  for (const row of rows) insert.run(row);
}

export function updateProcess(db: ColoniesDatabase, processid: string, values: Partial<ProcessRow>): void {
  const columns = Object.keys(values).filter((key) => values[key as keyof ProcessRow] !== undefined);
  if (columns.length === 0) return;
  preparedUpdate(db, columns).run({ ...values, [ID]: processid });
}

export function deleteProcess(db: ColoniesDatabase, processid: string): void {
  db.delete(processes).where(eq(processes.processid, processid)).run();
}

/** Waiting, assignable processes for one colony and executor type, best first (a page of them). */
export function queueCandidates(
  db: ColoniesDatabase,
  colonyname: string,
  executortype: string,
  limit: number,
  offset: number,
): ProcessRow[] {
  return queries(db).queue.all({ colonyname, executortype, limit, offset });
}

export interface ProcessFilter {
  colonyname: string;
  state: number;
  count: number;
  executortype: string;
  initiator: string;
  label: string;
}

/** getprocessesmsg: one filter applies, precedence executortype > initiator > label. */
export function listProcesses(db: ColoniesDatabase, f: ProcessFilter): ProcessRow[] {
  const conditions = [eq(processes.colonyname, f.colonyname), eq(processes.state, f.state)];
  const [column, value] =
    f.executortype !== ""
      ? [processes.executortype, f.executortype]
      : f.initiator !== ""
        ? [processes.initiatorname, f.initiator]
        : [processes.label, f.label];
  if (value !== "") {
    refuseNul(value);
    conditions.push(eq(column, value));
  }
  const order =
    f.state === ProcessState.Waiting
      ? [asc(processes.prioritytimeUs)]
      : f.state === ProcessState.Running
        ? [asc(processes.starttime)]
        : [desc(processes.endtime)];
  return db
    .select()
    .from(processes)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(Math.max(0, f.count))
    .all();
}

export function runningOf(db: ColoniesDatabase, executorid: string): ProcessRow[] {
  return db
    .select()
    .from(processes)
    .where(and(eq(processes.assignedexecutorid, executorid), eq(processes.state, ProcessState.Running)))
    .all();
}

export function expiredRunning(db: ColoniesDatabase, nowUs: number): ProcessRow[] {
  return db
    .select()
    .from(processes)
    .where(
      and(
        eq(processes.state, ProcessState.Running),
        ne(processes.maxexectime, -1),
        lt(processes.execdeadline, nowUs),
      ),
    )
    .all();
}

export function expiredWaiting(db: ColoniesDatabase, nowUs: number): ProcessRow[] {
  return db
    .select()
    .from(processes)
    .where(
      and(
        eq(processes.state, ProcessState.Waiting),
        gt(processes.maxwaittime, 0),
        lt(processes.waitdeadline, nowUs),
      ),
    )
    .all();
}

export function graphProcesses(db: ColoniesDatabase, processgraphid: string): ProcessRow[] {
  return db.select().from(processes).where(eq(processes.processgraphid, processgraphid)).all();
}

/**
 * The states a graph's processes are in: one index seek per state (processes_graph), not a count over the
 * graph, since it runs at every assign and close and a day's workflow has 8,641 processes.
 */
export function graphStatesPresent(db: ColoniesDatabase, processgraphid: string): Set<number> {
  const { graphHasState } = queries(db);
  const present = new Set<number>();
  for (const state of Object.values(ProcessState))
    if (graphHasState.get({ processgraphid, state }) !== undefined) present.add(state);
  return present;
}

/** What readiness needs of a graph's children, without their (possibly long) parent lists. */
export function childStates(db: ColoniesDatabase, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      processid: processes.processid,
      waitforparents: processes.waitforparents,
      colonyname: processes.colonyname,
      executortype: processes.executortype,
    })
    .from(processes)
    .where(inArray(processes.processid, ids))
    .all();
}

export function parentsOf(db: ColoniesDatabase, processid: string): string[] {
  const [row] = db
    .select({ parents: processes.parents })
    .from(processes)
    .where(eq(processes.processid, processid))
    .all();
  return row ? (JSON.parse(row.parents) as string[]) : [];
}

/** How many of these processes are not successful. */
export function unsuccessfulCount(db: ColoniesDatabase, ids: string[]): number {
  if (ids.length === 0) return 0;
  const [row] = db
    .select({ n: sql<number>`count(*)` })
    .from(processes)
    .where(and(inArray(processes.processid, ids), ne(processes.state, ProcessState.Successful)))
    .all();
  return row?.n ?? 0;
}

export function countByState(db: ColoniesDatabase, colonyname?: string): Map<number, number> {
  const rows = db
    .select({ state: processes.state, n: sql<number>`count(*)` })
    .from(processes)
    .where(colonyname === undefined ? undefined : eq(processes.colonyname, colonyname))
    .groupBy(processes.state)
    .all();
  return new Map(rows.map((r) => [r.state, r.n]));
}
