/** Process graph rows (workflows). */
import { and, eq, sql } from "drizzle-orm";
import type { GraphRow } from "../model/wire.ts";
import { refuseNul } from "../wire/pq-errors.ts";
import type { ColoniesDatabase } from "./open.ts";
import { perDatabase } from "./prepared.ts";
import { processGraphs } from "./schema.ts";

export function insertGraph(db: ColoniesDatabase, row: GraphRow): void {
  db.insert(processGraphs).values(row).run();
}

export function getGraph(db: ColoniesDatabase, processgraphid: string): GraphRow | undefined {
  refuseNul(processgraphid);
  return db.select().from(processGraphs).where(eq(processGraphs.processgraphid, processgraphid)).get();
}

const statusQuery = perDatabase((db) =>
  db
    .select({ state: processGraphs.state, starttime: processGraphs.starttime })
    .from(processGraphs)
    .where(eq(processGraphs.processgraphid, sql.placeholder("processgraphid")))
    .prepare(),
);

/** A graph's state and start time, without its process id lists (half a megabyte for a day's workflow). */
export function getGraphStatus(
  db: ColoniesDatabase,
  processgraphid: string,
): Pick<GraphRow, "state" | "starttime"> | undefined {
  return statusQuery(db).get({ processgraphid });
}

export function updateGraph(db: ColoniesDatabase, processgraphid: string, values: Partial<GraphRow>): void {
  db.update(processGraphs).set(values).where(eq(processGraphs.processgraphid, processgraphid)).run();
}

export function countGraphsByState(db: ColoniesDatabase, colonyname: string): Map<number, number> {
  const rows = db
    .select({ state: processGraphs.state, n: sql<number>`count(*)` })
    .from(processGraphs)
    .where(and(eq(processGraphs.colonyname, colonyname)))
    .groupBy(processGraphs.state)
    .all();
  return new Map(rows.map((r) => [r.state, r.n]));
}
