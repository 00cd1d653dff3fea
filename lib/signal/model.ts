import { Detector } from "./detector.ts";
import { SignalError } from "./errors.ts";
import { generateSample } from "./generate.ts";
import { type RmsSettings, validateRmsSettings } from "./rms.ts";

/** The detectors a model.json can name. */
export const DETECTOR_KINDS = ["kl", "rms"] as const;
export type DetectorKind = (typeof DETECTOR_KINDS)[number];

/** The JSON in model.json: everything a detector needs to decide exactly as the calibration did. */
export type Model = KlModel | RmsModel;

/** The tutorial's KL-of-histograms detector (a model.json without "detector" is one). */
export interface KlModel {
  version: 1;
  detector: "kl";
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

/** The RMS event detector (U_rms(1/2) against thresholds in % of the reference voltage). */
export interface RmsModel extends RmsSettings {
  version: 1;
  detector: "rms";
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

/**
 * Validates parsed JSON as a Model; throws ModelError naming the bad field. A model without "detector" is a
 * KL model (files written before the RMS detector keep working).
 */
export function parseModel(json: unknown): Model {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ModelError("model must be a JSON object; re-run scripts/calibrate.ts to write one");
  }
  const o = json as Record<string, unknown>;
  const version = o.version ?? 1;
  field(version === 1, "version", "1", version);
  const kind = o.detector ?? "kl";
  if (kind === "rms") return parseRmsModel(o);
  if (kind !== "kl") {
    throw new ModelError(
      `model field "detector" must be one of ${DETECTOR_KINDS.map((k) => `"${k}"`).join(", ")}, got ${JSON.stringify(kind)}`,
    );
  }
  return parseKlModel(o);
}

function parseCalibration(o: Record<string, unknown>): Record<string, unknown> | undefined {
  if (o.calibration === undefined) return undefined;
  return field<Record<string, unknown>>(
    typeof o.calibration === "object" && o.calibration !== null && !Array.isArray(o.calibration),
    "calibration",
    "an object",
    o.calibration,
  );
}

function parseRmsModel(o: Record<string, unknown>): RmsModel {
  const num = (name: string, ok: (v: number) => boolean, expected: string) =>
    field<number>(
      typeof o[name] === "number" && Number.isFinite(o[name]) && ok(o[name] as number),
      name,
      expected,
      o[name],
    );
  const positive = (name: string) => num(name, (v) => v > 0, "a positive number");
  const model: RmsModel = {
    version: 1,
    detector: "rms",
    samplingRate: positive("samplingRate"),
    frequency: positive("frequency"),
    referenceVoltage: positive("referenceVoltage"),
    dipPct: positive("dipPct"),
    swellPct: positive("swellPct"),
    interruptionPct: num("interruptionPct", (v) => v >= 0, "a number >= 0"),
    hysteresisPct: num("hysteresisPct", (v) => v >= 0, "a number >= 0"),
  };
  try {
    validateRmsSettings(model);
  } catch (error) {
    throw new ModelError(`rms model: ${(error as Error).message}`);
  }
  const calibration = parseCalibration(o);
  if (calibration) model.calibration = calibration;
  return model;
}

function parseKlModel(o: Record<string, unknown>): KlModel {
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
  const model: KlModel = {
    version: 1,
    detector: "kl",
    threshold,
    rule,
    bins,
    window,
    samplingRate,
    trim,
    reference,
  };
  const calibration = parseCalibration(o);
  if (calibration) model.calibration = calibration;
  return model;
}

/** The KL window detector a KL model describes. */
export function detectorFromModel(model: KlModel): Detector {
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
export function tutorialDefaultModel(): KlModel {
  const { normal } = generateSample({ duration: 1, samplingRate: 1000, anomalyProbability: 0, seed: 0 });
  return {
    version: 1,
    detector: "kl",
    threshold: TUTORIAL_THRESHOLD,
    rule: "tutorial-hardcoded",
    bins: 50,
    window: 1000,
    samplingRate: 1000,
    trim: false,
    reference: Array.from(normal),
  };
}

/** The model as a KL model, or a ModelError saying that `what` needs one. */
export function requireKlModel(model: Model, what: string): KlModel {
  if (model.detector !== "kl") {
    throw new ModelError(
      `${what} needs a "kl" model, but the model names the "${model.detector}" detector; calibrate one with: bun scripts/calibrate.ts --detector kl`,
    );
  }
  return model;
}

/** One line naming the detector and its decision parameters (executor and dashboard headers). */
export function describeModel(model: Model): string {
  if (model.detector === "kl") return `threshold ${model.threshold} (${model.rule}), trim ${model.trim}`;
  const { referenceVoltage, dipPct, swellPct, interruptionPct, hysteresisPct, frequency } = model;
  return `rms: reference ${referenceVoltage} V at ${frequency} Hz, dip < ${dipPct} %, swell > ${swellPct} %, interruption < ${interruptionPct} %, hysteresis ${hysteresisPct} %`;
}
