import type { DatasetColumns } from "./dataset-csv.ts";
import { SignalError } from "./errors.ts";
import { type EventScore, scoreEvents, truthFromLabels, windowF1 } from "./event-metrics.ts";
import type { VoltageEvent } from "./events.ts";
import type { RmsModel } from "./model.ts";
import { detectVoltageEvents, RMS_DEFAULTS, rootMeanSquare } from "./rms.ts";
import { TimeStepChecker } from "./time-steps.ts";

/**
 * Samples per second from a time column (mean step over the whole column), rounded to a whole number of Hz
 * when it is within 1e-6 of one (float steps such as 0.001 do not divide exactly). Every step must match the
 * first one (TimeStepChecker): a gap or a repeated row is refused, naming its line in `source`.
 */
export function samplingRateFromTime(time: ArrayLike<number>, source = "the dataset"): number {
  if (time.length < 2)
    throw new SignalError("need at least two rows to read the sampling rate from the time column");
  const firstStep = time[1]! - time[0]!;
  if (!(firstStep > 0))
    throw new SignalError(
      `the time column does not increase (step ${firstStep}); cannot read a sampling rate`,
    );
  new TimeStepChecker(1 / firstStep, source).check(time, 0);
  const rate = (time.length - 1) / (time[time.length - 1]! - time[0]!);
  const whole = Math.round(rate);
  return Math.abs(rate - whole) <= 1e-6 * rate ? whole : rate;
}

export interface RmsCalibrationOptions {
  samplingRate: number;
  frequency: number;
  dipPct?: number;
  swellPct?: number;
  interruptionPct?: number;
  hysteresisPct?: number;
  /** Samples per window for the tutorial's window-level F1 (default: one second). */
  window?: number;
}

export interface RmsCalibration {
  model: RmsModel;
  events: VoltageEvent[];
  score: EventScore;
  windowF1: number;
  /** U_rms(1/2) values: window-end sample index and volts. */
  trace: { index: number[]; rms: number[] };
}

/** The reference voltage is the normal wave's RMS; events are found on the anomaly wave and scored on the labels. */
export function calibrateRms(data: DatasetColumns, options: RmsCalibrationOptions): RmsCalibration {
  const cycle = options.samplingRate / options.frequency;
  if (data.anomaly.length < 2 * cycle) {
    throw new SignalError(
      `${data.anomaly.length} rows are less than two cycles (${Math.ceil(2 * cycle)} rows at ` +
        `${options.samplingRate} Hz and ${options.frequency} Hz): calibrate on a longer recording`,
    );
  }
  const referenceVoltage = rootMeanSquare(data.normal);
  if (!(referenceVoltage > 0)) throw new SignalError("the normal wave is all zeros: no reference voltage");
  const model: RmsModel = {
    version: 1,
    detector: "rms",
    samplingRate: options.samplingRate,
    frequency: options.frequency,
    referenceVoltage,
    dipPct: options.dipPct ?? RMS_DEFAULTS.dipPct,
    swellPct: options.swellPct ?? RMS_DEFAULTS.swellPct,
    interruptionPct: options.interruptionPct ?? RMS_DEFAULTS.interruptionPct,
    hysteresisPct: options.hysteresisPct ?? RMS_DEFAULTS.hysteresisPct,
  };
  const trace = { index: [] as number[], rms: [] as number[] };
  const events = detectVoltageEvents(data.anomaly, model, {
    onRms: (index, rms) => {
      trace.index.push(index);
      trace.rms.push(rms);
    },
  });
  const truth = truthFromLabels(data.normal, data.anomaly, data.labels, model.samplingRate, referenceVoltage);
  const score = scoreEvents(truth, events, 3 / model.frequency);
  const window = options.window ?? Math.round(model.samplingRate);
  const f1 = windowF1(events, data.labels, model.samplingRate, window);
  model.calibration = {
    rows: data.anomaly.length,
    events: events.length,
    trueEvents: truth.length,
    precision: score.precision,
    recall: score.recall,
    f1: score.f1,
    medianStartErrorMs: score.medianStartErrorMs,
  };
  return { model, events, score, windowF1: f1, trace };
}
