/**
 * Runs the store's PostgreSQL queries on Bun's client as plain value rows: a Drizzle-built query is compiled
 * once (its `sql.placeholder`s become $n parameters) instead of on every call, and rows skip Drizzle's
 * per-row mapping. Building and mapping cost more than the round trip on a local server.
 */
import type { SQL as BunSQL } from "bun";
import { Placeholder } from "drizzle-orm";

export type Statement<Row> = (args?: Record<string, unknown>) => Promise<Row[]>;

interface Compilable {
  toSQL(): { sql: string; params: unknown[] };
}

/** A statement from a Drizzle query whose parameters are all placeholders, or from SQL text with $n names. */
export function compile<Row extends unknown[]>(
  client: BunSQL,
  query: Compilable | { text: string; names: readonly string[] },
): Statement<Row> {
  let text: string;
  let names: readonly string[];
  if ("toSQL" in query) {
    const compiled = query.toSQL();
    text = compiled.sql;
    names = compiled.params.map((param) => {
      if (param instanceof Placeholder) return param.name as string;
      throw new Error(`compile: every parameter must be a sql.placeholder, got ${String(param)}`);
    });
  } else {
    ({ text, names } = query);
  }
  // A missing argument binds NULL.
  return async (args = {}) =>
    (await client
      .unsafe(
        text,
        names.map((name) => args[name] ?? null),
      )
      .values()) as Row[];
}

/** `$name` parameters to `$n`, in order of first use. */
export function numbered(text: string): { text: string; names: string[] } {
  const names: string[] = [];
  const out = text.replace(/\$([a-zA-Z]+)/g, (_, name: string) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return { text: out, names };
}
