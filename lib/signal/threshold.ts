import { SignalError } from "./errors.ts";
import { confusionMetrics } from "./metrics.ts";
import { mean, populationStd } from "./numpy-sum.ts";

export type ThresholdRule = "tutorial" | "f1-max" | "normal-margin";

export const THRESHOLD_RULES: Record<ThresholdRule, string> = {
  tutorial: "mean + 0.1 * std of the chunk KL values (the tutorial's rule)",
  "f1-max": "midpoint of the gap that maximises F1 on the labelled chunks",
  "normal-margin": "largest KL of anomaly-free chunks times (1 + margin)",
};

function requireValues(kls: ArrayLike<number>): void {
  if (kls.length === 0) throw new SignalError("no KL values: the dataset has fewer rows than one window");
}

/** The tutorial's rule: np.mean(kls) + 0.1 * np.std(kls). Depends on how many anomalies the data holds. */
export function tutorialThreshold(kls: ArrayLike<number>): number {
  requireValues(kls);
  return mean(kls) + 0.1 * populationStd(kls);
}

/**
 * The threshold with the best F1 on labelled chunks, placed halfway between the two neighbouring KL values
 * (ties: the widest gap), so it does not sit on a calibration value.
 */
export function f1MaximisingThreshold(kls: ArrayLike<number>, truth: ArrayLike<number>): number {
  requireValues(kls);
  const sorted = Array.from(kls).sort((x, y) => x - y);
  // Candidates: below everything, each gap's midpoint, above everything; gap width breaks F1 ties.
  const candidates: { threshold: number; gap: number }[] = [{ threshold: sorted[0]! - 1, gap: 1 }];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const gap = sorted[i + 1]! - sorted[i]!;
    if (gap > 0) candidates.push({ threshold: (sorted[i]! + sorted[i + 1]!) / 2, gap });
  }
  candidates.push({ threshold: sorted[sorted.length - 1]! + 1, gap: 1 });
  // Without labelled anomalies every F1 is 0: flag nothing.
  if (!Array.from(truth).some((t) => t)) return sorted[sorted.length - 1]! + 1;
  let best = candidates[0]!.threshold;
  let bestF1 = -1;
  let bestGap = -1;
  const pred = new Uint8Array(kls.length);
  for (const { threshold, gap } of candidates) {
    for (let i = 0; i < kls.length; i++) pred[i] = kls[i]! > threshold ? 1 : 0;
    const { f1 } = confusionMetrics(truth, pred);
    if (f1 > bestF1 || (f1 === bestF1 && gap > bestGap)) {
      bestF1 = f1;
      bestGap = gap;
      best = threshold;
    }
  }
  return best;
}

/**
 * Calibrated on anomaly-free windows only: the largest KL they reach, times (1 + margin), plus a floor so a
 * perfectly periodic reference (KL exactly 0) still gets a positive threshold.
 */
export function normalMarginThreshold(normalKls: ArrayLike<number>, margin = 1, floor = 1e-6): number {
  requireValues(normalKls);
  let max = 0;
  for (let i = 0; i < normalKls.length; i++) if (normalKls[i]! > max) max = normalKls[i]!;
  return Math.max(max * (1 + margin), floor);
}
