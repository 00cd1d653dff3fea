/** Reads what an `anomaly` process asks for from its spec; bad args become AnomalyJobError. */

import type { Process } from "../colonies-sdk/index.ts";
import { AnomalyJobError } from "./errors.ts";
import { STORE_URL_ENV } from "./names.ts";

export interface AnomalyRequest {
  tsIds: string[];
  /**
   * Store URL: `kwargs.db`, else the spec's env STORE_URL (generator batches: the server replaces kwargs
   * but keeps env), else the executor's own.
   */
  db: string;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A store URL a process names (undefined when it names none); anything else is an AnomalyJobError. */
export function storeUrl(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" || !/^https?:\/\/\S+$/.test(value)) {
    throw new AnomalyJobError(`bad ${where}: must be the store's http(s) URL, got ${preview(value)}`);
  }
  return value;
}

export function anomalyRequest(process: Pick<Process, "spec">, fallbackDb: string): AnomalyRequest {
  const { args, kwargs, env } = process.spec;
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
  const db =
    storeUrl(kwargs?.db, "kwargs: db") ??
    storeUrl(env?.[STORE_URL_ENV], `env: ${STORE_URL_ENV}`) ??
    fallbackDb;
  return { tsIds, db };
}
