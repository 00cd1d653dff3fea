/**
 * Which samples to read to show an event's waveform (GET /recordings/{id}/samples): the event with a margin on
 * each side, a quarter of its duration but at least 0.1 s (five cycles at 50 Hz) and at most 1 s, cut to the
 * recording and to `maxSamples` per channel (the store's limit is 100,000), so a long event shows its start.
 */
export interface SampleWindow {
  /** Absolute index of the first sample. */
  start: number;
  count: number;
}

export function waveformWindow(
  event: { start_s: number; end_s: number },
  samplingRate: number,
  totalSamples: number | null,
  maxSamples = 100_000,
): SampleWindow {
  const margin = Math.min(1, Math.max(0.1, (event.end_s - event.start_s) / 4));
  const start = Math.max(0, Math.round((event.start_s - margin) * samplingRate));
  let end = Math.round((event.end_s + margin) * samplingRate);
  if (totalSamples !== null) end = Math.min(end, totalSamples);
  const count = Math.max(1, Math.min(maxSamples, end - start));
  return { start, count };
}
