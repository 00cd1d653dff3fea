import { calibrate } from "./calibrate.ts";
import { chunkStarts } from "./chunks.ts";
import { quantile, scoreEvents, truthFromSample, windowEvent, windowF1 } from "./event-metrics.ts";
import type { VoltageEvent } from "./events.ts";
import { generateSample } from "./generate.ts";
import { detectorFromModel } from "./model.ts";
import { type ProfileName, profileOptions } from "./profiles.ts";
import { detectVoltageEvents, RMS_DEFAULTS, rootMeanSquare } from "./rms.ts";

export type EvaluatedDetector = "kl" | "rms";

/** One profile x detector, pooled over seeds. */
export interface DetectorEvaluation {
  profile: ProfileName;
  detector: EvaluatedDetector;
  seeds: number;
  trueEvents: number;
  precision: number;
  recall: number;
  f1: number;
  split: number;
  medianStartErrorMs: number;
  p95StartErrorMs: number;
  medianResidualErrorPct: number;
  /** Mean over seeds of the tutorial's window-level F1. */
  windowF1: number;
  samplesPerSecond: number;
}

interface Pool {
  truth: number;
  found: number;
  detected: number;
  correct: number;
  split: number;
  starts: number[];
  residuals: number[];
  windowF1: number[];
  samples: number;
  ms: number;
}

const emptyPool = (): Pool => ({
  truth: 0,
  found: 0,
  detected: 0,
  correct: 0,
  split: 0,
  starts: [],
  residuals: [],
  windowF1: [],
  samples: 0,
  ms: 0,
});

/**
 * Both detectors on `seeds` samples of a profile (seeds 1..n): kl calibrated with its default rule on each seed's
 * data, rms calibrated on it (reference = the normal wave's RMS, the usual thresholds). Scored against the
 * generator's true events; samples/s times detection only.
 */
export function evaluateProfile(profile: ProfileName, seeds: number): DetectorEvaluation[] {
  const pools: Record<EvaluatedDetector, Pool> = { kl: emptyPool(), rms: emptyPool() };
  for (let seed = 1; seed <= seeds; seed++) {
    const sample = generateSample({ ...profileOptions(profile), seed });
    const rate = 1000;
    const window = 1000;
    const reference = rootMeanSquare(sample.normal);
    const truth = truthFromSample(sample.events, sample.normal, rate, reference);
    const minResidual = 3 / 50;

    const rmsModel = { samplingRate: rate, frequency: 50, referenceVoltage: reference, ...RMS_DEFAULTS };
    let started = performance.now();
    const rmsEvents = detectVoltageEvents(sample.anomaly, rmsModel);
    add(
      pools.rms,
      scoreEvents(truth, rmsEvents, minResidual),
      performance.now() - started,
      sample.anomaly.length,
    );
    pools.rms.windowF1.push(windowF1(rmsEvents, sample.labels, rate, window));

    const kl = calibrate(sample, { window });
    const detector = detectorFromModel(kl.model);
    const klEvents: VoltageEvent[] = [];
    started = performance.now();
    for (const start of chunkStarts(sample.anomaly.length, window)) {
      const values = sample.anomaly.subarray(start, start + window);
      if (detector.detect(values).anomaly) {
        klEvents.push(windowEvent(start, start + window, rate, rootMeanSquare(values), reference));
      }
    }
    add(
      pools.kl,
      scoreEvents(truth, klEvents, minResidual),
      performance.now() - started,
      sample.anomaly.length,
    );
    pools.kl.windowF1.push(kl.metrics.f1);
  }
  return (["kl", "rms"] as const).map((detector) => summarise(profile, detector, seeds, pools[detector]));
}

function add(pool: Pool, score: ReturnType<typeof scoreEvents>, ms: number, samples: number): void {
  pool.truth += score.truthCount;
  pool.found += score.found;
  pool.detected += score.detectedCount;
  pool.correct += score.correctDetections;
  pool.split += score.split;
  pool.starts.push(...score.startErrorsMs);
  pool.residuals.push(...score.residualErrorsPct);
  pool.ms += ms;
  pool.samples += samples;
}

function summarise(
  profile: ProfileName,
  detector: EvaluatedDetector,
  seeds: number,
  p: Pool,
): DetectorEvaluation {
  const precision = p.detected === 0 ? 0 : p.correct / p.detected;
  const recall = p.truth === 0 ? 0 : p.found / p.truth;
  return {
    profile,
    detector,
    seeds,
    trueEvents: p.truth,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    split: p.split,
    medianStartErrorMs: quantile(p.starts, 0.5),
    p95StartErrorMs: quantile(p.starts, 0.95),
    medianResidualErrorPct: quantile(p.residuals, 0.5),
    windowF1: p.windowF1.reduce((a, b) => a + b, 0) / Math.max(1, p.windowF1.length),
    samplesPerSecond: p.ms > 0 ? (p.samples / p.ms) * 1000 : Number.POSITIVE_INFINITY,
  };
}
