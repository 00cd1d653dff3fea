/**
 * JSON with exact int64 nanosecond fields. The Go server writes `prioritytime`, log `timestamp` and the
 * getlogsmsg `since` as bare int64 integers (~1.7e18, beyond 2^53): plain `JSON.parse` would round them.
 *
 * - `parseJson` reads those keys as `bigint` from their source text (JSON.parse source-text access),
 *   but only inside Colonies objects (a holder with `processid` or `msgtype`), so user data such as a
 *   kwargs key named "timestamp" keeps its plain number.
 * - `stringifyJson` writes every `bigint` as a bare integer with all digits (JSON.rawJSON).
 */

const INT64_KEYS = new Set(["prioritytime", "timestamp", "since"]);
const INT64_KEY_IN_TEXT = /"(?:prioritytime|timestamp|since)"/;
const INTEGER_TEXT = /^-?\d+$/;

interface ReviverContext {
  source?: string;
}

type RawJson = (text: string) => unknown;
const rawJSON = (JSON as unknown as { rawJSON?: RawJson }).rawJSON;
if (typeof rawJSON !== "function") {
  throw new Error("JSON.rawJSON is missing: run with Bun ≥ 1.2 (the project pins Bun 1.4.5)");
}

function isColoniesObject(holder: unknown): boolean {
  return typeof holder === "object" && holder !== null && ("processid" in holder || "msgtype" in holder);
}

function reviveInt64(this: unknown, key: string, value: unknown, context?: ReviverContext): unknown {
  if (
    typeof value === "number" &&
    INT64_KEYS.has(key) &&
    context?.source !== undefined &&
    INTEGER_TEXT.test(context.source) &&
    isColoniesObject(this)
  ) {
    return BigInt(context.source);
  }
  return value;
}

export function parseJson(text: string): unknown {
  // The reviver costs a function call per value: skip it when no int64 key can occur.
  return INT64_KEY_IN_TEXT.test(text) ? JSON.parse(text, reviveInt64) : JSON.parse(text);
}

function bigintAsRawJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? rawJSON!(value.toString()) : value;
}

export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, bigintAsRawJson);
}
