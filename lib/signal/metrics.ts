import { SignalError } from "./errors.ts";

export interface ConfusionMetrics {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** sklearn accuracy/precision/recall/f1 for binary labels with `zero_division=0`. */
export function confusionMetrics(
  truth: ArrayLike<number | boolean>,
  pred: ArrayLike<number | boolean>,
): ConfusionMetrics {
  if (truth.length !== pred.length) {
    throw new SignalError(`truth and predictions differ in length (${truth.length} vs ${pred.length})`);
  }
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = Boolean(truth[i]);
    const p = Boolean(pred[i]);
    if (t && p) tp++;
    else if (p) fp++;
    else if (t) fn++;
    else tn++;
  }
  const n = truth.length;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  // sklearn's form: (1 + beta^2) * P * R / (beta^2 * P + R), which rounds differently from 2tp / (2tp + fp + fn).
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    accuracy: n === 0 ? 0 : (tp + tn) / n,
    precision,
    recall,
    f1,
  };
}
