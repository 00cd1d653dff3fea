/** Process logs: append, read by process or executor (count-limited), substring search within N days. */
import { and, asc, desc, eq, gt, gte, sql } from "drizzle-orm";
import type { LogRow } from "../model/wire.ts";
import type { ColoniesDatabase } from "./open.ts";
import { perDatabase } from "./prepared.ts";
import { logs } from "./schema.ts";

const p = sql.placeholder;

const insert = perDatabase((db) =>
  db
    .insert(logs)
    .values({
      processid: p("processid"),
      colonyname: p("colonyname"),
      executorname: p("executorname"),
      message: p("message"),
      timestampUs: p("timestampUs"),
    })
    .prepare(),
);

export function insertLog(db: ColoniesDatabase, row: Omit<LogRow, "rowid">): void {
  insert(db).run(row);
}

export type LogOwner = { processid: string } | { executorname: string };

export interface LogQuery {
  count: number;
  /** Nanoseconds; entries strictly newer are returned. 0 = no lower bound. */
  sinceNs: bigint;
  latest: boolean;
}

/** latest: the newest `count`, oldest first; since > 0: newer than since, oldest first; else the oldest `count`. */
export function readLogs(db: ColoniesDatabase, owner: LogOwner, q: LogQuery): LogRow[] {
  const ownerCondition =
    "processid" in owner ? eq(logs.processid, owner.processid) : eq(logs.executorname, owner.executorname);
  const count = Math.max(0, q.count);
  if (q.latest) {
    return db
      .select()
      .from(logs)
      .where(ownerCondition)
      .orderBy(desc(logs.timestampUs), desc(logs.rowid))
      .limit(count)
      .all()
      .reverse();
  }
  // ts_ns > since ⇔ ts_us > floor(since / 1000), since the stored ns are µs × 1000.
  const where =
    q.sinceNs > 0n ? and(ownerCondition, gt(logs.timestampUs, Number(q.sinceNs / 1000n))) : ownerCondition;
  return db
    .select()
    .from(logs)
    .where(where)
    .orderBy(asc(logs.timestampUs), asc(logs.rowid))
    .limit(count)
    .all();
}

/** Case-sensitive substring (LIKE semantics: % and _ in text act as wildcards, as in the real server). */
export function searchLogs(
  db: ColoniesDatabase,
  colonyname: string,
  text: string,
  fromUs: number,
  count: number,
): LogRow[] {
  return db
    .select()
    .from(logs)
    .where(
      and(
        eq(logs.colonyname, colonyname),
        gte(logs.timestampUs, fromUs),
        sql`${logs.message} GLOB ${likeToGlob(text)}`,
      ),
    )
    .orderBy(asc(logs.rowid))
    .limit(Math.max(0, count))
    .all();
}

/** SQLite LIKE is case-insensitive; GLOB is case-sensitive, so translate %text% into a glob pattern. */
function likeToGlob(text: string): string {
  let pattern = "*";
  for (const ch of text) {
    if (ch === "%") pattern += "*";
    else if (ch === "_") pattern += "?";
    else if (ch === "*" || ch === "?" || ch === "[") pattern += `[${ch}]`;
    else pattern += ch;
  }
  return `${pattern}*`;
}
