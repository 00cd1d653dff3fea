import { Detector } from "./detector.ts";
import { SignalError } from "./errors.ts";
import { generateSample } from "./generate.ts";

/** The JSON in model.json: everything a detector needs to decide exactly as the calibration did. */
export interface Model {
  version: 1;
  /** KL divergence above which a window is anomalous. */
  threshold: number;
  /** How the threshold was chosen ("tutorial", "f1-max", "normal-margin", "tutorial-hardcoded"). */
  rule: string;
  bins: number;
  /** Samples per window the threshold was calibrated on. */
  window: number;
  samplingRate: number;
  /** Trim reference and samples to zero crossings before the histogram. */
  trim: boolean;
  /** Reference wave, untrimmed (the detector applies `trim` to it). */
  reference: number[];
  /** Free-form facts about the calibration run (dataset, metrics, other rules' thresholds). */
  calibration?: Record<string, unknown>;
}

/** The threshold hard-coded in the tutorial's detector and executor. */
export const TUTORIAL_THRESHOLD = 0.010199148586751076;

/** Thrown when model JSON is malformed; the message names the field. */
export class ModelError extends SignalError {
  override name = "ModelError";
}

function field<T>(ok: boolean, name: string, expected: string, value: unknown, shown: unknown = value): T {
  if (!ok) throw new ModelError(`model field "${name}" must be ${expected}, got ${JSON.stringify(shown)}`);
  return value as T;
}

/** Validates parsed JSON as a Model; throws ModelError naming the bad field. */
export function parseModel(json: unknown): Model {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ModelError("model must be a JSON object; re-run scripts/calc_kl_div_threshold.ts to write one");
  }
  const o = json as Record<string, unknown>;
  const version = o.version ?? 1;
  field(version === 1, "version", "1", version);
  const threshold = field<number>(Number.isFinite(o.threshold), "threshold", "a finite number", o.threshold);
  const rule = field<string>(
    typeof o.rule === "string" && o.rule !== "",
    "rule",
    "a non-empty string",
    o.rule,
  );
  const positiveInteger = (name: "bins" | "window") =>
    field<number>(Number.isInteger(o[name]) && (o[name] as number) > 0, name, "a positive integer", o[name]);
  const bins = positiveInteger("bins");
  const window = positiveInteger("window");
  const samplingRate = field<number>(
    Number.isFinite(o.samplingRate) && (o.samplingRate as number) > 0,
    "samplingRate",
    "a positive number",
    o.samplingRate,
  );
  const trim = field<boolean>(typeof o.trim === "boolean", "trim", "true or false", o.trim);
  const reference = field<number[]>(
    Array.isArray(o.reference) && o.reference.length > 0 && o.reference.every((v) => Number.isFinite(v)),
    "reference",
    "a non-empty array of finite numbers",
    o.reference,
    Array.isArray(o.reference) ? `array(${o.reference.length})` : o.reference,
  );
  const model: Model = { version: 1, threshold, rule, bins, window, samplingRate, trim, reference };
  if (o.calibration !== undefined) {
    model.calibration = field<Record<string, unknown>>(
      typeof o.calibration === "object" && o.calibration !== null && !Array.isArray(o.calibration),
      "calibration",
      "an object",
      o.calibration,
    );
  }
  return model;
}

export function detectorFromModel(model: Model): Detector {
  return new Detector({
    reference: model.reference,
    threshold: model.threshold,
    bins: model.bins,
    trim: model.trim,
  });
}

/**
 * What the tutorial's executor does without calibration: a 1 s, 1000 Hz, 50 Hz, 230 V normal wave as reference,
 * no trimming, threshold 0.010199148586751076.
 */
export function tutorialDefaultModel(): Model {
  const { normal } = generateSample({ duration: 1, samplingRate: 1000, anomalyProbability: 0, seed: 0 });
  return {
    version: 1,
    threshold: TUTORIAL_THRESHOLD,
    rule: "tutorial-hardcoded",
    bins: 50,
    window: 1000,
    samplingRate: 1000,
    trim: false,
    reference: Array.from(normal),
  };
}
