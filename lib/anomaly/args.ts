/** Reads what an `anomaly` process asks for from its spec; bad args become AnomalyJobError. */
import type { Process } from "../colonies/index.ts";
import { AnomalyJobError } from "./errors.ts";

export interface AnomalyRequest {
  tsIds: string[];
  /** Store URL: `kwargs.db`, else the executor's own (generator processes arrive with kwargs `{}`). */
  db: string;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function anomalyRequest(process: Pick<Process, "spec">, fallbackDb: string): AnomalyRequest {
  const { args, kwargs } = process.spec;
  if (!Array.isArray(args) || args.length === 0) {
    throw new AnomalyJobError(`bad args: expected a list of time-series ids, got ${preview(args)}`);
  }
  const tsIds = args.map((arg, i) => {
    if (typeof arg !== "string" || arg.trim() === "") {
      throw new AnomalyJobError(
        `bad args: args[${i}] must be a time-series id (a non-empty string), got ${preview(arg)}`,
      );
    }
    return arg;
  });
  const db = kwargs?.db;
  if (db === undefined || db === null || db === "") return { tsIds, db: fallbackDb };
  if (typeof db !== "string" || !/^https?:\/\/\S+$/.test(db)) {
    throw new AnomalyJobError(`bad kwargs: db must be the store's http(s) URL, got ${preview(db)}`);
  }
  return { tsIds, db };
}
