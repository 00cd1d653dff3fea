/** HTTP errors of the store, answered as FastAPI's `{"detail": "..."}` body. */
import type { ValidationError } from "elysia";

export class StoreHttpError extends Error {
  override name = "StoreHttpError";
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function notFound(tsId: string): StoreHttpError {
  return new StoreHttpError(404, `Time series data for time series ID '${tsId}' not found.`);
}

export function unprocessable(detail: string): StoreHttpError {
  return new StoreHttpError(422, detail);
}

interface TypeBoxIssue {
  path: string;
  message: string;
  value: unknown;
  schema: { description?: string; type?: string };
}

/** `/data/3/value` -> `data[3].value` */
function readablePath(where: string, path: string): string {
  const parts = path.split("/").filter((part) => part !== "");
  let out = where === "params" ? "path" : where;
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  return out;
}

function preview(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "number") return `got ${value}`;
  const text = JSON.stringify(value) ?? String(value);
  return `got ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

function describeIssue(where: string, issue: TypeBoxIssue): string {
  const message =
    issue.schema.type === "number" && typeof issue.value === "number"
      ? "Expected a finite number"
      : issue.message;
  const hint = issue.schema.description ? ` (${issue.schema.description})` : "";
  return `${readablePath(where, issue.path)}: ${message}, ${preview(issue.value)}${hint}`;
}

/** One readable sentence naming each offending field (first three), what was expected and what came. */
export function validationDetail(error: Readonly<ValidationError>): string {
  const seen = new Set<string>();
  const issues = (error.all as unknown as TypeBoxIssue[]).filter((issue) => {
    if (!("path" in issue) || seen.has(issue.path)) return false;
    seen.add(issue.path);
    return true;
  });
  if (issues.length === 0) return `Invalid ${error.type}: ${error.message}`;
  const shown = issues.slice(0, 3).map((issue) => describeIssue(error.type, issue));
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more problems)` : "";
  return `Invalid request: ${shown.join("; ")}${more}`;
}
