/**
 * Sum with numpy's pairwise algorithm (8 accumulators per block of at most 128, halves above that),
 * so means, standard deviations and entropies round like numpy's `np.sum`.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, length = values.length - start): number {
  if (length < 8) {
    let total = 0;
    for (let i = 0; i < length; i++) total += values[start + i]!;
    return total;
  }
  if (length <= 128) {
    let r0 = values[start]!;
    let r1 = values[start + 1]!;
    let r2 = values[start + 2]!;
    let r3 = values[start + 3]!;
    let r4 = values[start + 4]!;
    let r5 = values[start + 5]!;
    let r6 = values[start + 6]!;
    let r7 = values[start + 7]!;
    const blocked = length - (length % 8);
    let i = 8;
    for (; i < blocked; i += 8) {
      const o = start + i;
      r0 += values[o]!;
      r1 += values[o + 1]!;
      r2 += values[o + 2]!;
      r3 += values[o + 3]!;
      r4 += values[o + 4]!;
      r5 += values[o + 5]!;
      r6 += values[o + 6]!;
      r7 += values[o + 7]!;
    }
    let total = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < length; i++) total += values[start + i]!;
    return total;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, length - half);
}

/** numpy `np.mean`. */
export function mean(values: ArrayLike<number>): number {
  return pairwiseSum(values) / values.length;
}

/** numpy `np.std` (population, ddof = 0). */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  const m = mean(values);
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    squares[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(squares) / n);
}
