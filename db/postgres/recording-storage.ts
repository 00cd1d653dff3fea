/** The PostgreSQL runner of the recordings' SQL steps (db/recording-queries.ts): each step awaited in turn. */
import type { SQL } from "bun";
import { type Query, type Row, SqlRecordingStorage, type Steps } from "../recording-queries.ts";
import { numbered } from "./statements.ts";

const LOCKS = { share: " FOR SHARE", update: " FOR UPDATE" } as const;

export function postgresRecordingStorage(client: SQL): SqlRecordingStorage {
  const compiled = new Map<string, { text: string; names: string[] }>();
  const send = (sql: SQL, query: Query): Promise<Row[]> => {
    const key = query.lock ? query.sql + LOCKS[query.lock] : query.sql;
    let statement = compiled.get(key);
    if (!statement) {
      statement = numbered(key);
      compiled.set(key, statement);
    }
    return sql.unsafe(
      statement.text,
      statement.names.map((name) => query.params[name] ?? null),
    ) as Promise<Row[]>;
  };
  async function drive<T>(sql: SQL, steps: Steps<T>): Promise<T> {
    let next = steps.next(undefined as unknown as Row[]);
    while (!next.done) next = steps.next(await send(sql, next.value));
    return next.value;
  }
  return new SqlRecordingStorage({
    run: (steps, { transaction }) =>
      transaction ? client.begin((tx) => drive(tx, steps)) : drive(client, steps),
  });
}
