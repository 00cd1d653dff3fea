import { RecordingError } from "./types.ts";

/** ISO 8601 without a zone, the fraction as written (at least 6 digits): `2026-01-05T10:00:00.000000`. */
export type ComtradeStamp = string;

/** Two-digit years (1991-style stamps) are read in this century below this, in the last one from it. */
const TWO_DIGIT_PIVOT = 70;

/**
 * A .cfg time stamp `dd/mm/yyyy,hh:mm:ss.ssssss` (1999, 2013) or `mm/dd/yy,hh:mm:ss.ssssss` (1991). A blank
 * stamp is null; a two-digit year is read with a warning.
 */
export function parseStamp(
  fields: string[],
  revision: number,
  source: string,
  line: number,
  warnings: string[],
): ComtradeStamp | null {
  const [dateField = "", timeField = ""] = fields;
  if (dateField === "" && timeField === "") {
    warnings.push(`${source} line ${line}: blank time stamp`);
    return null;
  }
  const fail = (): never => {
    const expected = revision === 1991 ? "mm/dd/yy,hh:mm:ss.ssssss" : "dd/mm/yyyy,hh:mm:ss.ssssss";
    throw new RecordingError(`${source} line ${line}: time stamp "${fields.join(",")}" is not ${expected}`);
  };
  const date = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(dateField);
  const time = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d*))?$/.exec(timeField);
  if (!date || !time) return fail();
  const [first, second] = [Number(date[1]), Number(date[2])];
  const [day, month] = revision === 1991 ? [second, first] : [first, second];
  let year = Number(date[3]);
  if ((date[3] ?? "").length === 2) {
    const full = year + (year < TWO_DIGIT_PIVOT ? 2000 : 1900);
    warnings.push(`${source} line ${line}: two-digit year "${date[3]}" read as ${full}`);
    year = full;
  }
  const [hour, minute, second_] = [Number(time[1]), Number(time[2]), Number(time[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second_ > 60) fail();
  const two = (n: number) => String(n).padStart(2, "0");
  const fraction = (time[4] ?? "").padEnd(6, "0");
  return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second_)}.${fraction}`;
}
