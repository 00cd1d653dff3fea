/**
 * Field readers with Go encoding/json rules: a missing or null field is the zero value, a value of the wrong
 * JSON type makes the whole message invalid (the handler answers 400 "Failed to ..., invalid JSON").
 */

export type JsonObject = Record<string, unknown>;

/** Thrown while decoding a message; the dispatcher turns it into the handler's "invalid JSON" reply. */
export class InvalidMessageError extends Error {
  override name = "InvalidMessageError";
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const TWO_63 = 2 ** 63;

function isInt64Double(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > -TWO_63 && v < TWO_63;
}

function fail(key: string, expected: string): never {
  throw new InvalidMessageError(`field ${key}: expected ${expected}`);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readString(o: JsonObject, key: string): string {
  const v = o[key];
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") fail(key, "a string");
  return v;
}

/**
 * Go reads an int field from the literal's text: 1e308 or 2^63 does not fit int64 and is invalid JSON there.
 * JSON.parse keeps no text, so the test is on the double: an integer of magnitude below 2^63 (the literals
 * within 512 of either end of int64 round to ±2^63 and are refused here: a documented deviation).
 */
export function readInt(o: JsonObject, key: string): number {
  const v = o[key];
  if (v === undefined || v === null) return 0;
  if (isInt64Double(v)) return v;
  if (typeof v === "bigint" && v >= INT64_MIN && v <= INT64_MAX) return Number(v);
  return fail(key, "an integer");
}

/** int64 kept exact (log `since` in nanoseconds). */
export function readInt64(o: JsonObject, key: string): bigint {
  const v = o[key];
  if (v === undefined || v === null) return 0n;
  if (isInt64Double(v)) return BigInt(v);
  if (typeof v === "bigint" && v >= INT64_MIN && v <= INT64_MAX) return v;
  return fail(key, "an integer");
}

export function readBool(o: JsonObject, key: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") fail(key, "a boolean");
  return v;
}

export function readObject(o: JsonObject, key: string): JsonObject | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!isObject(v)) fail(key, "an object");
  return v;
}

export function readArray(o: JsonObject, key: string): unknown[] | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) fail(key, "an array");
  return v;
}

export function readStringArray(o: JsonObject, key: string): string[] | null {
  const v = readArray(o, key);
  if (v === null) return null;
  for (const item of v) if (typeof item !== "string") fail(key, "an array of strings");
  return v as string[];
}

export function readStringMap(o: JsonObject, key: string): Record<string, string> | null {
  const v = readObject(o, key);
  if (v === null) return null;
  for (const item of Object.values(v)) if (typeof item !== "string") fail(key, "an object of strings");
  return v as Record<string, string>;
}
