/**
 * The SQLite runner of the recordings' SQL steps (db/recording-queries.ts): a whole sequence runs synchronously,
 * inside one bun:sqlite transaction when it writes, so no other request's statements interleave with it.
 */
import type { Database } from "bun:sqlite";
import { type Bindable, type Row, SqlRecordingStorage, type Steps } from "../recording-queries.ts";

export function sqliteRecordingStorage(client: Database): SqlRecordingStorage {
  function drive<T>(steps: Steps<T>): T {
    let next = steps.next(undefined as unknown as Row[]);
    while (!next.done) {
      // query() keeps the compiled statement; strict mode binds `$name` from the key `name`.
      const statement = client.query<Row, Record<string, Bindable>>(next.value.sql);
      next = steps.next(statement.all(next.value.params));
    }
    return next.value;
  }
  return new SqlRecordingStorage({
    // async: a throw inside becomes a rejection, as on PostgreSQL.
    run: async (steps, { transaction }) =>
      transaction ? client.transaction(() => drive(steps))() : drive(steps),
  });
}
