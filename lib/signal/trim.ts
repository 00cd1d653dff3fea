/**
 * The tutorial's zero-crossing trimming. A crossing is an index i where np.sign changes between i and i + 1
 * (`np.where(np.diff(np.sign(x)))`), so 0 counts as its own sign and NaN always counts as a change.
 */
function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : Number.NaN;
}

function crossesAt(values: ArrayLike<number>, i: number): boolean {
  const d = sign(values[i + 1]!) - sign(values[i]!);
  return d !== 0; // NaN !== 0 is true, as numpy treats NaN as truthy
}

/** Every crossing index (the tutorial's `find_zero_crossings`). */
export function findZeroCrossings(values: ArrayLike<number>): number[] {
  const result: number[] = [];
  for (let i = 0; i + 1 < values.length; i++) if (crossesAt(values, i)) result.push(i);
  return result;
}

export interface TrimBounds {
  /** First kept index (the first crossing). */
  start: number;
  /** One past the last kept index (the last crossing, excluded like `x[zc[0]:zc[-1]]`). */
  end: number;
}

/** Bounds of `trim_to_zero_crossings` without scanning the middle: the whole range when < 2 crossings. */
export function zeroCrossingBounds(values: ArrayLike<number>): TrimBounds {
  const n = values.length;
  let first = -1;
  for (let i = 0; i + 1 < n; i++) {
    if (crossesAt(values, i)) {
      first = i;
      break;
    }
  }
  if (first < 0) return { start: 0, end: n };
  let last = -1;
  for (let i = n - 2; i > first; i--) {
    if (crossesAt(values, i)) {
      last = i;
      break;
    }
  }
  if (last < 0) return { start: 0, end: n };
  return { start: first, end: last };
}

/** `trim_to_zero_crossings`: a view (subarray, no copy) from the first crossing up to, not including, the last. */
export function trimToZeroCrossings(values: Float64Array): Float64Array {
  const { start, end } = zeroCrossingBounds(values);
  return values.subarray(start, end);
}
