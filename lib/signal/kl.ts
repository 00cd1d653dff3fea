import { SignalError } from "./errors.ts";
import { pairwiseSum } from "./numpy-sum.ts";

/**
 * `scipy.stats.entropy(p, q)`: both normalised to sum 1, then sum of p * ln(p / q)
 * (0 where p = 0, Infinity where p > 0 and q = 0).
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length)
    throw new SignalError(`klDivergence needs equal lengths, got ${p.length} and ${q.length}`);
  const pNorm = normalise(p, "p");
  const terms = new Float64Array(p.length);
  return klFromNormalised(pNorm, q, terms);
}

/** Divides by the (numpy pairwise) sum; negative or non-finite input throws. */
export function normalise(values: ArrayLike<number>, name = "values"): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
      throw new SignalError(`${name}[${i}] = ${v}: probabilities must be finite and non-negative`);
    }
  }
  const total = pairwiseSum(values);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / total;
  return out;
}

/**
 * KL divergence with p already normalised; q is normalised on the fly. `terms` is scratch space of p's length,
 * so a caller on a hot path allocates nothing.
 */
export function klFromNormalised(pNorm: Float64Array, q: ArrayLike<number>, terms: Float64Array): number {
  const qTotal = pairwiseSum(q);
  for (let i = 0; i < pNorm.length; i++) {
    const pi = pNorm[i]!;
    const qi = q[i]! / qTotal;
    terms[i] = relativeEntropy(pi, qi);
  }
  return pairwiseSum(terms);
}

/** scipy.special.rel_entr. */
function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}
