/** Parsers for structured flag values; each throws CliError naming the flag and showing the expected form. */
import { CliError } from "./errors.ts";

/** A fixed number or an inclusive [min, max] range. */
export type NumberOrRangeValue = number | readonly [number, number];

/** "0.2" -> 0.2, "0.1..0.85" -> [0.1, 0.85]; `flag` names the flag in the error. */
export function parseRange(text: string, flag = "value"): NumberOrRangeValue {
  const parts = text.split("..");
  const numbers = parts.map((part) => (part.trim() === "" ? Number.NaN : Number(part)));
  const [min, max] = numbers;
  if (min === undefined || parts.length > 2 || numbers.some((n) => !Number.isFinite(n))) {
    throw new CliError(`${flag} must be a number or a range MIN..MAX like 0.1..0.85, got "${text}"`);
  }
  if (max === undefined) return min;
  if (min > max) throw new CliError(`${flag} range must have MIN <= MAX, got "${text}"`);
  return [min, max];
}

/** Applies a per-number check to a value or to both ends of a range. */
export function eachEnd(
  check: (v: number) => string | undefined,
): (value: NumberOrRangeValue) => string | undefined {
  return (value) => {
    for (const v of typeof value === "number" ? [value] : value) {
      const problem = check(v);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** "3:3,5:2" -> [{order: 3, pct: 3}, {order: 5, pct: 2}] (order a whole number, percent a number). */
export function parseHarmonics(text: string, flag = "--harmonics"): { order: number; pct: number }[] {
  const bad = () => new CliError(`${flag} must be order:percent pairs like 3:3,5:2, got "${text}"`);
  if (text.trim() === "") throw bad();
  return text.split(",").map((pair) => {
    const match = /^\s*(\d+)\s*:\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*$/i.exec(pair);
    if (!match) throw bad();
    return { order: Number(match[1]), pct: Number(match[2]) };
  });
}
