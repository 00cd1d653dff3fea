import { SignalError } from "./errors.ts";

/**
 * Start offsets of every complete window: 0, step, ... while start + window <= length.
 * The tutorial loops `range(0, len(df) - window_size, step_size)`, which leaves out the last complete
 * window (for 100,000 rows it makes 99 chunks, not 100); here every complete window is used.
 */
export function chunkStarts(length: number, window: number, step = window): number[] {
  if (!Number.isInteger(window) || window < 1)
    throw new SignalError(`window must be a positive integer, got ${window}`);
  if (!Number.isInteger(step) || step < 1)
    throw new SignalError(`step must be a positive integer, got ${step}`);
  const starts: number[] = [];
  for (let start = 0; start + window <= length; start += step) starts.push(start);
  return starts;
}

/** Views (no copies) of every complete window. */
export function chunks(values: Float64Array, window: number, step = window): Float64Array[] {
  return chunkStarts(values.length, window, step).map((start) => values.subarray(start, start + window));
}

/** Per-window ground truth: 1 if any label in the window is 1 (the tutorial's `np.max`). */
export function chunkLabels(labels: ArrayLike<number>, window: number, step = window): Uint8Array {
  const starts = chunkStarts(labels.length, window, step);
  const out = new Uint8Array(starts.length);
  starts.forEach((start, k) => {
    for (let i = start; i < start + window; i++) {
      if (labels[i]) {
        out[k] = 1;
        break;
      }
    }
  });
  return out;
}
