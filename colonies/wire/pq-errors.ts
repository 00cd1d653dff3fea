/**
 * The PostgreSQL driver's refusals the real server passes on as its 400 answers, for values it does not
 * check itself; the embedded server checks them up front, before anything is stored.
 */

import { ColoniesServerError } from "../errors.ts";

/** A negative count reaches the SQL as LIMIT. */
export const NEGATIVE_LIMIT = "pq: LIMIT must not be negative";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export function isInt32(value: number): boolean {
  return value >= INT32_MIN && value <= INT32_MAX;
}

/** A value an INTEGER (int32) column cannot hold. */
export function int32OutOfRangeMessage(value: number): string {
  return `pq: value "${value}" is out of range for type integer`;
}

/**
 * PostgreSQL TEXT cannot hold U+0000, so the real server answers 400 with the driver's error for any message
 * whose strings reach a column with one in them. Only values it stores as marshalled JSON (where Go writes
 * the character as the escape \u0000) pass.
 */

export const NUL_IN_TEXT = 'pq: invalid byte sequence for encoding "UTF8": 0x00';

/** Keys whose values the real server stores as JSON text (args, kwargs, input, output, filesystem). */
const STORED_AS_JSON = new Set(["args", "kwargs", "in", "out", "input", "output", "fs"]);

/** Throws the real server's 400 when `value` holds U+0000 in a string it would store as text. */
export function rejectNulInText(value: unknown): void {
  if (hasNulInText(value)) throw new ColoniesServerError(400, NUL_IN_TEXT);
}

/** A query parameter with U+0000: the real server's query fails, and it answers 400 with the driver's text. */
export function refuseNulParams(...params: string[]): void {
  refuseNulParamsWith(400, ...params);
}

/** As refuseNulParams, for the few queries whose failure the real server answers with another status. */
export function refuseNulParamsWith(status: number, ...params: string[]): void {
  if (params.some((param) => param.includes("\u0000"))) throw new ColoniesServerError(status, NUL_IN_TEXT);
}

export function hasNulInText(value: unknown, key = ""): boolean {
  if (STORED_AS_JSON.has(key)) return false;
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some((item) => hasNulInText(item));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNulInText(v, k));
  return false;
}
