import { chunkLabels, chunkStarts } from "./chunks.ts";
import { Detector } from "./detector.ts";
import { SignalError } from "./errors.ts";
import { type ConfusionMetrics, confusionMetrics } from "./metrics.ts";
import type { KlModel } from "./model.ts";
import {
  f1MaximisingThreshold,
  normalMarginThreshold,
  type ThresholdRule,
  tutorialThreshold,
} from "./threshold.ts";

export interface CalibrationInput {
  normal: Float64Array;
  anomaly: Float64Array;
  labels: ArrayLike<number>;
}

export interface CalibrationOptions {
  /** Samples per window (the tutorial: 1 s at 1000 Hz). */
  window?: number;
  step?: number;
  bins?: number;
  trim?: boolean;
  samplingRate?: number;
  rule?: ThresholdRule;
}

export interface Calibration {
  /** KL divergence of each anomaly-wave window against the reference. */
  kls: Float64Array;
  /** KL divergence of each normal-wave window (anomaly free) against the reference. */
  normalKls: Float64Array;
  truth: Uint8Array;
  predictions: Uint8Array;
  thresholds: Record<ThresholdRule, number>;
  rule: ThresholdRule;
  threshold: number;
  metrics: ConfusionMetrics;
  /** Metrics each rule would give on this data. */
  metricsByRule: Record<ThresholdRule, ConfusionMetrics>;
  model: KlModel;
}

/**
 * The tutorial's calc_kl_div_threshold: the first normal window is the reference, every complete window of the
 * anomaly wave is scored by KL divergence, a rule picks the threshold, chunk truth is "any label in the window".
 */
export function calibrate(input: CalibrationInput, options: CalibrationOptions = {}): Calibration {
  const { window = 1000, bins = 50, trim = true, samplingRate = 1000, rule = "normal-margin" } = options;
  const step = options.step ?? window;
  const { normal, anomaly, labels } = input;
  if (normal.length !== anomaly.length || normal.length !== labels.length) {
    throw new SignalError("normal wave, anomaly wave and labels must have the same length");
  }
  const starts = chunkStarts(anomaly.length, window, step);
  if (starts.length === 0) {
    throw new SignalError(`the dataset has ${anomaly.length} rows, fewer than one window of ${window}`);
  }
  const reference = normal.subarray(0, window);
  const scorer = new Detector({ reference, threshold: 0, bins, trim });
  const kls = new Float64Array(starts.length);
  const normalKls = new Float64Array(starts.length);
  starts.forEach((start, k) => {
    kls[k] = scorer.klDivergence(anomaly.subarray(start, start + window));
    normalKls[k] = scorer.klDivergence(normal.subarray(start, start + window));
  });
  const truth = chunkLabels(labels, window, step);
  const thresholds: Record<ThresholdRule, number> = {
    tutorial: tutorialThreshold(kls),
    "f1-max": f1MaximisingThreshold(kls, truth),
    "normal-margin": normalMarginThreshold(normalKls),
  };
  const evaluate = (threshold: number) => {
    const predictions = kls.map((kl) => (kl > threshold ? 1 : 0));
    return { predictions: Uint8Array.from(predictions), metrics: confusionMetrics(truth, predictions) };
  };
  const metricsByRule = Object.fromEntries(
    (Object.keys(thresholds) as ThresholdRule[]).map((r) => [r, evaluate(thresholds[r]).metrics]),
  ) as Record<ThresholdRule, ConfusionMetrics>;
  const threshold = thresholds[rule];
  const { predictions, metrics } = evaluate(threshold);
  const model: KlModel = {
    version: 1,
    detector: "kl",
    threshold,
    rule,
    bins,
    window,
    samplingRate,
    trim,
    reference: Array.from(reference),
    calibration: { chunks: starts.length, thresholds, metrics },
  };
  return { kls, normalKls, truth, predictions, thresholds, rule, threshold, metrics, metricsByRule, model };
}
