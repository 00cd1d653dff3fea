/**
 * Wall-clock times of a recording: its start stamp (ISO 8601 as the file wrote it, no zone, e.g.
 * `2026-01-05T10:00:00.000000`) plus seconds from its first sample, to the microsecond as COMTRADE writes
 * stamps. Calendar arithmetic only, in no time zone: the stamp is local time of the recorder, kept as such.
 */

const STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** Microseconds since 1970-01-01T00:00:00 of the stamp's own clock, or null when it is not such a stamp. */
export function stampMicros(stamp: string): number | null {
  const m = STAMP.exec(stamp);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March: such a stamp is refused, not moved.
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  const fraction = (m[7] ?? "").padEnd(6, "0").slice(0, 6);
  return ms * 1000 + Number(fraction);
}

/** The stamp `seconds` after `start` (rounded to the microsecond), formatted like the start: `…T10:00:04.200000`. */
export function wallClock(startMicros: number, seconds: number): string {
  const micros = startMicros + Math.round(seconds * 1e6);
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // 2026-01-05T10:00:04.200Z
  const sub = String(micros - Math.floor(micros / 1e6) * 1e6).padStart(6, "0");
  return `${iso.slice(0, 19)}.${sub}`;
}
