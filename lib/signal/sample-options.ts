import { SignalError } from "./errors.ts";
import { randomSeed } from "./random.ts";

/** Inclusive [min, max]; a value is drawn uniformly from it per event. */
export type NumberRange = readonly [min: number, max: number];
/** A fixed value or a range drawn per event. */
export type NumberOrRange = number | NumberRange;

/** One harmonic: its RMS as a percentage of the fundamental's RMS. */
export interface Harmonic {
  order: number;
  pct: number;
}

export interface SampleOptions {
  /** Seconds of signal. */
  duration: number;
  /** Samples per second (Hz). */
  samplingRate: number;
  /** Mains frequency (Hz). */
  frequency: number;
  /** RMS voltage; the sine's peak is amplitude * sqrt(2). */
  amplitude: number;
  /** Chance per sample that a dip starts (when no event is in progress). */
  anomalyProbability: number;
  /** Dip length in samples, fixed or drawn per dip (cut at the end of the signal). */
  anomalyDuration: NumberOrRange;
  /** Factor applied during a dip, fixed or drawn per dip: 0.2 is an 80 % drop. */
  anomalyDrop: NumberOrRange;
  /** PRNG seed (uint32); picked at random and reported when absent. */
  seed: number;
  /** White Gaussian noise, RMS as % of the nominal RMS (amplitude). */
  noisePct: number;
  /** Harmonics, phase-locked to the fundamental. */
  harmonics: readonly Harmonic[];
  /** Constant offset from the nominal frequency (Hz). */
  frequencyOffset: number;
  /** Slow smooth frequency wander, bounded by ±this many Hz around frequency + frequencyOffset. */
  frequencyDrift: number;
  /** Slow smooth RMS wander, bounded by ±this % (0..10; real grids stay within about 2). */
  amplitudeWander: number;
  /** Chance per sample that a swell starts. */
  swellProbability: number;
  /** Factor during a swell (each value > 1). */
  swellRise: NumberOrRange;
  /** Swell length in samples. */
  swellDuration: NumberOrRange;
  /** Chance per sample that an interruption starts. */
  interruptionProbability: number;
  /** Factor during an interruption (each value in [0, 0.05)). */
  interruptionFactor: NumberOrRange;
  /** Interruption length in samples. */
  interruptionDuration: NumberOrRange;
}

/** The tutorial's `gen_dataset.py` values; every realistic-mains feature off. */
export const DATASET_DEFAULTS: Omit<SampleOptions, "seed"> = {
  duration: 100,
  samplingRate: 1000,
  frequency: 50,
  amplitude: 230,
  anomalyProbability: 0.00009,
  anomalyDuration: 100,
  anomalyDrop: 0.2,
  noisePct: 0,
  harmonics: [],
  frequencyOffset: 0,
  frequencyDrift: 0,
  amplitudeWander: 0,
  swellProbability: 0,
  swellRise: [1.12, 1.4],
  swellDuration: [20, 1000],
  interruptionProbability: 0,
  interruptionFactor: [0, 0.02],
  interruptionDuration: [20, 1000],
};

/** Largest amplitudeWander accepted (%). */
export const MAX_AMPLITUDE_WANDER = 10;

/** [min, max] of a fixed value or a range. */
export function rangeBounds(value: NumberOrRange): NumberRange {
  return typeof value === "number" ? [value, value] : value;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Checks a value-or-range: finite, min <= max, each bound passing `bound` (which returns a problem or undefined). */
function checkRange(
  name: string,
  value: NumberOrRange,
  bound: (v: number) => string | undefined = () => undefined,
): void {
  const isRange = Array.isArray(value) && value.length === 2;
  if (typeof value !== "number" && !isRange) {
    throw new SignalError(`${name} must be a number or a [min, max] range, got ${show(value)}`);
  }
  const [min, max] = rangeBounds(value);
  for (const v of [min, max]) {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new SignalError(`${name} must be finite, got ${show(value)}`);
    const problem = bound(v);
    if (problem) throw new SignalError(`${name} ${problem}, got ${show(value)}`);
  }
  if (min > max) throw new SignalError(`${name} range must have min <= max, got ${show(value)}`);
}

const wholeSamples = (v: number) =>
  Number.isInteger(v) && v >= 0 ? undefined : "must be a whole number of samples >= 0";

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new SignalError(`${name} must be within [0, 1], got ${p}`);
}

function checkPercent(name: string, v: number, max: number): void {
  if (!(Number.isFinite(v) && v >= 0 && v <= max))
    throw new SignalError(`${name} must be within [0, ${max}] %, got ${v}`);
}

/** Fills in defaults and rejects values the generator cannot use; messages name the option and the rule. */
export function resolveSampleOptions(options: Partial<SampleOptions> = {}): SampleOptions {
  const resolved: SampleOptions = {
    ...DATASET_DEFAULTS,
    seed: options.seed ?? randomSeed(),
    ...definedOnly(options),
  };
  const { duration, samplingRate, frequency, amplitude, seed } = resolved;
  const positive = (name: string, v: number) => {
    if (!Number.isFinite(v) || v <= 0) throw new SignalError(`${name} must be a positive number, got ${v}`);
  };
  positive("duration", duration);
  positive("samplingRate", samplingRate);
  if (!Number.isFinite(frequency) || frequency < 0)
    throw new SignalError(`frequency must be >= 0, got ${frequency}`);
  if (!Number.isFinite(amplitude) || amplitude < 0)
    throw new SignalError(`amplitude must be >= 0, got ${amplitude}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SignalError(`seed must be an integer in [0, 4294967295], got ${seed}`);
  }
  checkEvents(resolved);
  checkWaveform(resolved);
  return resolved;
}

function checkEvents(o: SampleOptions): void {
  checkProbability("anomalyProbability", o.anomalyProbability);
  checkProbability("swellProbability", o.swellProbability);
  checkProbability("interruptionProbability", o.interruptionProbability);
  const total = o.anomalyProbability + o.swellProbability + o.interruptionProbability;
  if (total > 1) {
    throw new SignalError(
      `anomalyProbability + swellProbability + interruptionProbability must be <= 1, got ${total}`,
    );
  }
  checkRange("anomalyDuration", o.anomalyDuration, wholeSamples);
  checkRange("anomalyDrop", o.anomalyDrop);
  checkRange("swellDuration", o.swellDuration, wholeSamples);
  checkRange("swellRise", o.swellRise, (v) =>
    v > 1 ? undefined : "must be above 1 (a swell raises the RMS)",
  );
  checkRange("interruptionDuration", o.interruptionDuration, wholeSamples);
  checkRange("interruptionFactor", o.interruptionFactor, (v) =>
    v >= 0 && v < 0.05 ? undefined : "must be within [0, 0.05) (an interruption leaves under 5 %)",
  );
}

function checkWaveform(o: SampleOptions): void {
  checkPercent("noisePct", o.noisePct, 100);
  checkPercent("amplitudeWander", o.amplitudeWander, MAX_AMPLITUDE_WANDER);
  if (!Number.isFinite(o.frequencyOffset))
    throw new SignalError(`frequencyOffset must be finite, got ${o.frequencyOffset}`);
  if (!(Number.isFinite(o.frequencyDrift) && o.frequencyDrift >= 0))
    throw new SignalError(`frequencyDrift must be >= 0 Hz, got ${o.frequencyDrift}`);
  const lowest = o.frequency + o.frequencyOffset - o.frequencyDrift;
  if (lowest < 0) {
    throw new SignalError(
      `frequency + frequencyOffset - frequencyDrift must be >= 0 Hz, got ${o.frequency} + ${o.frequencyOffset} - ${o.frequencyDrift}`,
    );
  }
  if (!Array.isArray(o.harmonics)) throw new SignalError(`harmonics must be a list of {order, pct}`);
  const highest = o.frequency + o.frequencyOffset + o.frequencyDrift;
  const seen = new Set<number>();
  for (const h of o.harmonics) {
    if (!(Number.isInteger(h?.order) && h.order >= 2))
      throw new SignalError(`harmonic order must be a whole number >= 2, got ${show(h?.order)}`);
    if (seen.has(h.order)) throw new SignalError(`harmonic order ${h.order} is given twice`);
    seen.add(h.order);
    checkPercent(`harmonic ${h.order} pct`, h.pct, 100);
    if (h.order * highest >= o.samplingRate / 2) {
      throw new SignalError(
        `harmonic ${h.order} reaches ${h.order * highest} Hz, at or above the Nyquist frequency ${o.samplingRate / 2} Hz; raise samplingRate or drop it`,
      );
    }
  }
}

/** The options without the keys whose value is undefined (so spreading them never unsets a value). */
export function definedOnly(options: Partial<SampleOptions>): Partial<SampleOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
