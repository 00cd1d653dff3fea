/** Colonies, users, executors and functions: lookups and writes (synchronous bun:sqlite via Drizzle). */
import { and, desc, eq, sql } from "drizzle-orm";
import type { ColoniesDatabase } from "../db/open.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
import { colonies, executors, functions, users } from "../db/schema.ts";
import type { ExecutorRow, FunctionRow } from "../model/wire.ts";
import { refuseNul } from "../wire/pq-errors.ts";

export const ExecutorState = { Pending: 0, Approved: 1, Rejected: 2, Unregistered: 3 } as const;

const p = sql.placeholder;

const queries = preparedPerDatabase((db) => ({
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
}));

export function getColony(db: ColoniesDatabase, name: string) {
  return queries(db).colony.get({ name });
}

export function insertColony(db: ColoniesDatabase, colonyid: string, name: string) {
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

export function getUserById(db: ColoniesDatabase, colonyname: string, userid: string) {
  return queries(db).userById.get({ colonyname, userid });
}

export function insertUser(db: ColoniesDatabase, user: typeof users.$inferInsert) {
  db.insert(users).values(user).run();
}

/** The executor record for a signer id (the newest one if an id was registered twice). */
export function getExecutorById(db: ColoniesDatabase, executorid: string): ExecutorRow | undefined {
  return queries(db).executorById.get({ executorid });
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
  return db.insert(executors).values(row).returning().get();
}

export function deleteExecutor(db: ColoniesDatabase, rowid: number) {
  db.delete(executors).where(eq(executors.rowid, rowid)).run();
}

export function setExecutorState(db: ColoniesDatabase, rowid: number, state: number) {
  db.update(executors).set({ state }).where(eq(executors.rowid, rowid)).run();
}

export function touchExecutor(db: ColoniesDatabase, rowid: number, nowUs: number) {
  queries(db).touchExecutor.run({ now: nowUs, rowid });
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
) {
  return db
    .select()
    .from(functions)
    .where(
      and(
        eq(functions.colonyname, colonyname),
        eq(functions.executorname, executorname),
        eq(functions.funcname, funcname),
      ),
    )
    .get();
}

export function updateFunction(db: ColoniesDatabase, functionid: string, values: Partial<FunctionRow>) {
  db.update(functions).set(values).where(eq(functions.functionid, functionid)).run();
}
