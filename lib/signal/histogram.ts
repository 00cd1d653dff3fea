import { SignalError } from "./errors.ts";

export interface Histogram {
  /** numpy `density=True` values: count / bin width / total count. */
  density: Float64Array;
  /** bins + 1 edges, numpy `linspace(min, max, bins + 1)`. */
  edges: Float64Array;
}

/** The tutorial adds this to every density so the KL divergence never divides by zero. */
export const HISTOGRAM_EPSILON = 1e-10;

/**
 * `np.histogram(values, bins, density=True)`: range is [min, max] (min-0.5, max+0.5 when all equal),
 * bins are half-open except the last, which is closed. NaN or infinite input throws SignalError.
 */
export function histogram(values: ArrayLike<number>, bins = 50): Histogram {
  const edges = new Float64Array(bins + 1);
  const counts = new Float64Array(bins);
  histogramCounts(values, bins, edges, counts);
  return { density: countsToDensity(counts, edges, new Float64Array(bins)), edges };
}

/** The tutorial's `compute_histogram`: numpy density histogram plus 1e-10 in every bin. */
export function smoothedHistogram(values: ArrayLike<number>, bins = 50): Histogram {
  const result = histogram(values, bins);
  for (let i = 0; i < bins; i++) result.density[i]! += HISTOGRAM_EPSILON;
  return result;
}

export function assertBins(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1)
    throw new SignalError(`bins must be a positive integer, got ${bins}`);
}

/**
 * Fills `edges` (bins + 1) and `counts` (bins) without allocating; returns the number of values.
 * Same bin assignment as numpy: a first guess from the scaled offset, then corrected against the edges.
 */
export function histogramCounts(
  values: ArrayLike<number>,
  bins: number,
  edges: Float64Array,
  counts: Float64Array,
): number {
  assertBins(bins);
  const n = values.length;
  let first = 0;
  let last = 1;
  if (n > 0) {
    first = values[0]!;
    last = first;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v < first) first = v;
      else if (v > last) last = v;
      else if (Number.isNaN(v))
        throw new SignalError(`histogram input has NaN at index ${i}; clean the data first`);
    }
    if (!Number.isFinite(first) || !Number.isFinite(last)) {
      throw new SignalError(
        `histogram input range [${first}, ${last}] is not finite; remove infinite values`,
      );
    }
  }
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const span = last - first;
  linspace(first, last, bins, span, edges);
  counts.fill(0);
  const scale = bins / span;
  const lastBin = bins - 1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let index = ((v - first) * scale) | 0;
    if (index >= bins) index = lastBin;
    if (v < edges[index]!) index--;
    else if (index !== lastBin && v >= edges[index + 1]!) index++;
    counts[index]!++;
  }
  return n;
}

/** numpy linspace(first, last, bins + 1): i * step + first, last edge set exactly. */
function linspace(first: number, last: number, bins: number, span: number, edges: Float64Array): void {
  const step = span / bins;
  if (step === 0) {
    for (let i = 0; i < bins; i++) edges[i] = (i / bins) * span + first;
  } else {
    for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  }
  edges[bins] = last;
}

/** numpy's `n / np.diff(edges) / n.sum()`. */
export function countsToDensity(counts: Float64Array, edges: Float64Array, out: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  for (let i = 0; i < counts.length; i++) out[i] = counts[i]! / (edges[i + 1]! - edges[i]!) / total;
  return out;
}
