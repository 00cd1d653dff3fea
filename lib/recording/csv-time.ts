/** CSV time cells: seconds, or ISO 8601 date-times (to the microsecond and beyond, which Date.parse drops). */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

export interface IsoTime {
  /** Whole seconds since 1970 (the zone applied when one is written). */
  wholeSeconds: number;
  /** The fraction of a second, kept apart so microseconds survive beside 1.7e9 s. */
  fraction: number;
  /** The contract's form: `2026-01-05T10:00:00.000000`, as written, no zone. */
  text: string;
}

export function parseIsoTime(cell: string): IsoTime | null {
  const m = ISO.exec(cell.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction = "", zone = ""] = m;
  const utcMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  let zoneSeconds = 0;
  if (zone !== "" && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    zoneSeconds = sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return {
    wholeSeconds: utcMs / 1000 - zoneSeconds,
    fraction: fraction === "" ? 0 : Number(`0.${fraction}`),
    text: `${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction.padEnd(6, "0")}`,
  };
}

/**
 * Time cells as seconds from the first one: plain numbers, or ISO date-times (their whole seconds and fractions
 * subtracted apart). NaN for a cell that is neither.
 */
export class TimeCells {
  private firstNumber: number | undefined;
  private firstIso: IsoTime | undefined;

  /** A cell already read as a finite number. */
  ofNumber(plain: number): number {
    this.firstNumber ??= plain;
    return plain - this.firstNumber;
  }

  seconds(cell: string): number {
    // Number() ignores surrounding blanks but reads a blank cell as 0.
    const plain = Number(cell);
    if (plain === 0 && cell.trim() === "") return Number.NaN;
    if (Number.isFinite(plain)) return this.ofNumber(plain);
    const iso = parseIsoTime(cell.trim());
    if (!iso) return Number.NaN;
    this.firstIso ??= iso;
    return iso.wholeSeconds - this.firstIso.wholeSeconds + (iso.fraction - this.firstIso.fraction);
  }
}
