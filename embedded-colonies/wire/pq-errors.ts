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

/**
 * Throws the real server's answer (the driver's text, with the status that query's failure gets: 400 mostly)
 * when `value` holds U+0000 in a string it would store or query as text: a spec, or the parameters of a query.
 */
export function refuseNul(value: unknown, status = 400): void {
  if (hasNulInText(value)) throw new ColoniesServerError(status, NUL_IN_TEXT);
}

export function hasNulInText(value: unknown, key = ""): boolean {
  if (STORED_AS_JSON.has(key)) return false;
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some((item) => hasNulInText(item));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNulInText(v, k));
  return false;
}
