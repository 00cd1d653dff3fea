/** HTTP errors of the store, answered as FastAPI's `{"detail": "..."}` body. */
import type { ValidationError } from "elysia";
import type { StoreRuleId } from "../lib/timeseries/rules.ts";

export class StoreHttpError extends Error {
  override name = "StoreHttpError";
  constructor(
    readonly status: number,
    readonly detail: string,
    /** The contract rule a 422 enforces (lib/timeseries/rules.ts), answered as `rule`. */
    readonly rule?: StoreRuleId,
  ) {
    super(detail);
  }

  get body(): { detail: string; rule?: StoreRuleId } {
    return this.rule === undefined ? { detail: this.detail } : { detail: this.detail, rule: this.rule };
  }
}

export function notFound(tsId: string): StoreHttpError {
  return new StoreHttpError(404, `Time series data for time series ID '${tsId}' not found.`);
}

export function unprocessable(detail: string, rule?: StoreRuleId): StoreHttpError {
  return new StoreHttpError(422, detail, rule);
}

interface TypeBoxIssue {
  path: string;
  message: string;
  value: unknown;
  schema: { description?: string; type?: string; anyOf?: { const?: unknown }[]; expected?: string };
}

/** "Expected one of "dip", "swell"" for a union of literals (TypeBox only says "Expected union value"). */
function literalChoices(schema: TypeBoxIssue["schema"]): string | null {
  const options = schema.anyOf;
  if (!options?.every((option) => option.const !== undefined)) return null;
  return `Expected one of ${options.map((option) => JSON.stringify(option.const)).join(", ")}`;
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
    issue.schema.type === "number" && typeof issue.value === "number" && !Number.isFinite(issue.value)
      ? "Expected a finite number"
      : issue.schema.expected !== undefined
        ? `Expected ${issue.schema.expected}`
        : (literalChoices(issue.schema) ?? issue.message);
  const hint = issue.schema.description ? ` (${issue.schema.description})` : "";
  return `${readablePath(where, issue.path)}: ${message}, ${preview(issue.value)}${hint}`;
}

/**
 * One readable sentence naming each offending field (first three), what was expected and what came; null when
 * no issue names a field. `where` prefixes the paths ("body", "query", "query.events", ...).
 */
export function issuesDetail(where: string, all: Iterable<unknown>): string | null {
  const seen = new Set<string>();
  const issues = [...all].filter((issue): issue is TypeBoxIssue => {
    if (typeof issue !== "object" || issue === null || !("path" in issue)) return false;
    const { path } = issue as TypeBoxIssue;
    if (seen.has(path)) return false;
    seen.add(path);
    return true;
  });
  if (issues.length === 0) return null;
  const shown = issues.slice(0, 3).map((issue) => describeIssue(where, issue));
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more problems)` : "";
  return `Invalid request: ${shown.join("; ")}${more}`;
}

export function validationDetail(error: Readonly<ValidationError>): string {
  return issuesDetail(error.type, error.all as unknown[]) ?? `Invalid ${error.type}: ${error.message}`;
}
