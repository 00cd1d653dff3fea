/** Server time in integer microseconds since the epoch, and the RFC 3339 rendering Go uses on the wire. */

export const ZERO_TIME = "0001-01-01T00:00:00Z";

export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** RFC 3339 UTC with up to 6 fractional digits, trailing zeros dropped (Go RFC3339Nano); 0 = unset. */
/**
 * The last instant RFC 3339 can write (year 9999). A stored time beyond it (a deadline written before limits
 * were checked) is shown as this instead of failing every reply that lists its process.
 */
export const LAST_TIME = "9999-12-31T23:59:59.999999Z";
// 10000-01-01T00:00:00Z in µs (exact in a double).
const END_OF_YEAR_9999_US = 253_402_300_800_000_000;

export function formatTime(us: number): string {
  if (us === 0) return ZERO_TIME;
  if (!(us < END_OF_YEAR_9999_US)) return LAST_TIME;
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = String(us - Math.floor(us / 1_000_000) * 1_000_000)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ""}Z`;
}

export function secondsToUs(seconds: number): number {
  return seconds * 1_000_000;
}
