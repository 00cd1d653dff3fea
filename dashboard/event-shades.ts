/**
 * Places a verdict's stored events on the series' points for the detail chart. Events count seconds from the
 * series' first sample; the points carry their own times, so no sampling rate is needed.
 */
import { eventDepth } from "../lib/anomaly/event-summary.ts";
import type { VoltageEventWire } from "../lib/timeseries/types.ts";
import type { EventShade, IndexRange } from "./wire.ts";

/** First index whose time is at least `t` (time.length when none). */
function firstAtOrAfter(time: readonly number[], t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function eventShades(events: readonly VoltageEventWire[], time: readonly number[]): EventShade[] {
  if (time.length === 0) return [];
  const origin = time[0]!;
  return events.map((event) => {
    const start = Math.min(time.length - 1, firstAtOrAfter(time, origin + event.start_s));
    const end = Math.max(start + 1, firstAtOrAfter(time, origin + event.end_s));
    const range: IndexRange = [start, Math.min(end, time.length)];
    return { event, range, label: eventDepth(event) };
  });
}
