/**
 * Colonies, users, executors and functions: lookups and writes (synchronous bun:sqlite via Drizzle). The
 * lookups every request makes (colony, executor identity, user by id) are memoised (identity-memo.ts); every
 * write below that can change one of them forgets it.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { ExecutorRow, FunctionRow } from "../model/wire.ts";
import { refuseNul } from "../wire/pq-errors.ts";
import { identityMemo } from "./identity-memo.ts";
import type { ColoniesDatabase } from "./open.ts";
import { perDatabase } from "./prepared.ts";
import { colonies, executors, functions, users } from "./schema.ts";

export const ExecutorState = { Pending: 0, Approved: 1, Rejected: 2, Unregistered: 3 } as const;

const p = sql.placeholder;

const queries = perDatabase((db) => ({
  colony: db
    .select()
    .from(colonies)
    .where(eq(colonies.name, p("name")))
    .prepare(),
  userById: db
    .select()
    .from(users)
    .where(and(eq(users.colonyname, p("colonyname")), eq(users.userid, p("userid"))))
    .prepare(),
  executorById: db
    .select()
    .from(executors)
    .where(eq(executors.executorid, p("executorid")))
    .orderBy(desc(executors.rowid))
    .limit(1)
    .prepare(),
  executorByName: db
    .select()
    .from(executors)
    .where(and(eq(executors.colonyname, p("colonyname")), eq(executors.executorname, p("executorname"))))
    .prepare(),
  touchExecutor: db
    .update(executors)
    .set({ lastheardfromtime: sql`${p("now")}` })
    .where(eq(executors.rowid, p("rowid")))
    .prepare(),
  function: db
    .select()
    .from(functions)
    .where(
      and(
        eq(functions.colonyname, p("colonyname")),
        eq(functions.executorname, p("executorname")),
        eq(functions.funcname, p("funcname")),
      ),
    )
    .prepare(),
  functionStats: db
    .update(functions)
    .set({
      counter: sql`${p("counter")}`,
      minwaittime: sql`${p("minwaittime")}`,
      maxwaittime: sql`${p("maxwaittime")}`,
      minexectime: sql`${p("minexectime")}`,
      maxexectime: sql`${p("maxexectime")}`,
      avgwaittime: sql`${p("avgwaittime")}`,
      avgexectime: sql`${p("avgexectime")}`,
    })
    .where(eq(functions.functionid, p("functionid")))
    .prepare(),
}));

type ColonyRow = typeof colonies.$inferSelect;
type UserRow = typeof users.$inferSelect;
const colonyMemo = identityMemo<ColonyRow>();
// Executors are written only through this server (insertExecutor, deleteExecutor, setExecutorState forget
// the id first), so "this signer is no executor" can be remembered: users' requests ask it twice each.
const executorMemo = identityMemo<ExecutorIdentity>({ rememberMissing: true });
const userMemo = identityMemo<UserRow>();
const userKey = (colonyname: string, userid: string) => `${colonyname.length}:${colonyname}${userid}`;

export function getColony(db: ColoniesDatabase, name: string): ColonyRow | undefined {
  return colonyMemo.get(db, name, () => queries(db).colony.get({ name }));
}

export function insertColony(db: ColoniesDatabase, colonyid: string, name: string) {
  colonyMemo.forget(db, name);
  db.insert(colonies).values({ colonyid, name }).run();
}

export function getUserByName(db: ColoniesDatabase, colonyname: string, name: string) {
  refuseNul([colonyname, name]);
  return db
    .select()
    .from(users)
    .where(and(eq(users.colonyname, colonyname), eq(users.name, name)))
    .get();
}

export function getUserById(db: ColoniesDatabase, colonyname: string, userid: string): UserRow | undefined {
  return userMemo.get(db, userKey(colonyname, userid), () =>
    queries(db).userById.get({ colonyname, userid }),
  );
}

export function insertUser(db: ColoniesDatabase, user: typeof users.$inferInsert) {
  userMemo.forget(db, userKey(user.colonyname, user.userid));
  db.insert(users).values(user).run();
}

/** An executor's record without its last-heard-from time, which every assign rewrites. */
export type ExecutorIdentity = Omit<ExecutorRow, "lastheardfromtime">;

/** The executor record for a signer id (the newest one if an id was registered twice), as stored now. */
export function getExecutorById(db: ColoniesDatabase, executorid: string): ExecutorRow | undefined {
  return queries(db).executorById.get({ executorid });
}

/** getExecutorById without the last-heard-from time, memoised: what role checks and the scheduler need. */
export function getExecutorIdentity(db: ColoniesDatabase, executorid: string): ExecutorIdentity | undefined {
  return executorMemo.get(db, executorid, () => {
    const row = getExecutorById(db, executorid);
    if (!row) return undefined;
    const { lastheardfromtime: _, ...identity } = row;
    return identity;
  });
}

export function getExecutorByName(db: ColoniesDatabase, colonyname: string, executorname: string) {
  refuseNul([colonyname, executorname]);
  return queries(db).executorByName.get({ colonyname, executorname });
}

export function listExecutors(db: ColoniesDatabase, colonyname: string): ExecutorRow[] {
  return db
    .select()
    .from(executors)
    .where(eq(executors.colonyname, colonyname))
    .orderBy(executors.rowid)
    .all();
}

export function insertExecutor(db: ColoniesDatabase, row: typeof executors.$inferInsert): ExecutorRow {
  executorMemo.forget(db, row.executorid);
  return db.insert(executors).values(row).returning().get();
}

export function deleteExecutor(db: ColoniesDatabase, executor: ExecutorIdentity) {
  executorMemo.forget(db, executor.executorid);
  db.delete(executors).where(eq(executors.rowid, executor.rowid)).run();
}

export function setExecutorState(db: ColoniesDatabase, executor: ExecutorIdentity, state: number) {
  executorMemo.forget(db, executor.executorid);
  db.update(executors).set({ state }).where(eq(executors.rowid, executor.rowid)).run();
}

/** Not part of ExecutorIdentity, so nothing memoised changes. */
export function touchExecutor(db: ColoniesDatabase, executor: ExecutorIdentity, nowUs: number) {
  queries(db).touchExecutor.run({ now: nowUs, rowid: executor.rowid });
}

export function insertFunction(db: ColoniesDatabase, row: FunctionRow): FunctionRow {
  return db.insert(functions).values(row).returning().get();
}

export function listFunctions(db: ColoniesDatabase, colonyname: string, executorname: string): FunctionRow[] {
  refuseNul([colonyname, executorname], 500);
  const where =
    executorname === ""
      ? eq(functions.colonyname, colonyname)
      : and(eq(functions.colonyname, colonyname), eq(functions.executorname, executorname));
  return db.select().from(functions).where(where).all();
}

export function deleteFunctionsOf(db: ColoniesDatabase, colonyname: string, executorname: string) {
  db.delete(functions)
    .where(and(eq(functions.colonyname, colonyname), eq(functions.executorname, executorname)))
    .run();
}

export function getFunction(
  db: ColoniesDatabase,
  colonyname: string,
  executorname: string,
  funcname: string,
): FunctionRow | undefined {
  return queries(db).function.get({ colonyname, executorname, funcname });
}

export type FunctionStats = Pick<
  FunctionRow,
  "counter" | "minwaittime" | "maxwaittime" | "minexectime" | "maxexectime" | "avgwaittime" | "avgexectime"
>;

export function updateFunctionStats(db: ColoniesDatabase, functionid: string, stats: FunctionStats) {
  queries(db).functionStats.run({ ...stats, functionid });
}
