/**
 * Query and path values arrive as text: each is a string schema whose pattern is exactly what the route
 * reads, so the OpenAPI document and the route's validation are one model. `expected` words the 422 when the
 * pattern fails (store/errors.ts); the document does not carry it.
 */
import { t } from "elysia";
import { BOOLEAN_TEXT_PATTERN } from "./boolean-text.ts";

/** 1..max for a power of ten, no leading zeros ("1" to "10000"). */
export function oneToPowerOfTenPattern(max: number): string {
  const digits = Math.log10(max);
  if (!Number.isInteger(digits) || digits < 1) throw new Error(`${max} is not a power of ten above 1`);
  return `^(?:[1-9][0-9]{0,${digits - 1}}|${max})$`;
}

/** Whole numbers of 1-15 digits (below 2^53, so they stay exact); leading zeros allowed. */
export const INDEX_PATTERN = "^[0-9]{1,15}$";

/**
 * A finite decimal number as Number() reads it: at most 200 integer digits and a two-digit exponent keep it
 * below 1e300, so no text the pattern allows overflows to Infinity.
 */
export const FINITE_NUMBER_PATTERN =
  "^[-+]?(?:[0-9]{1,200}(?:\\.[0-9]*)?|\\.[0-9]{1,200})(?:[eE][-+]?[0-9]{1,2})?$";

export function queryText(pattern: string, expected: string, description: string) {
  return t.String({ pattern, expected, description });
}

export function booleanText(description: string) {
  return queryText(
    BOOLEAN_TEXT_PATTERN,
    "a boolean (true or false)",
    `${description}. true/false (FastAPI spellings also work: True, 1, yes, on, ...); empty: not given`,
  );
}

export function oneTo(max: number, description: string) {
  return queryText(oneToPowerOfTenPattern(max), `an integer from 1 to ${max}`, description);
}

/** `limit` and `cursor` of a paged list (series and recordings alike). */
export function pageQueryFields(maxLimit: number) {
  return {
    limit: t.Optional(oneTo(maxLimit, `Page size, an integer 1-${maxLimit}`)),
    cursor: t.Optional(
      queryText(
        "^[0-9]{0,15}$",
        "the next_cursor of a previous page",
        "`next_cursor` of the previous page (empty: the first page)",
      ),
    ),
  };
}
