import { SignalError } from "./errors.ts";
import { randomSeed, Xoshiro128 } from "./random.ts";

export interface SampleOptions {
  /** Seconds of signal. */
  duration: number;
  /** Samples per second (Hz). */
  samplingRate: number;
  /** Mains frequency (Hz). */
  frequency: number;
  /** RMS voltage; the sine's peak is amplitude * sqrt(2). */
  amplitude: number;
  /** Chance per sample that an anomaly starts (when none is in progress). */
  anomalyProbability: number;
  /** Anomaly length in samples (cut at the end of the signal). */
  anomalyDuration: number;
  /** Factor applied during an anomaly: 0.2 is an 80 % drop. */
  anomalyDrop: number;
  /** PRNG seed (uint32); picked at random and reported when absent. */
  seed: number;
}

/** The tutorial's `gen_dataset.py` values. */
export const DATASET_DEFAULTS: Omit<SampleOptions, "seed"> = {
  duration: 100,
  samplingRate: 1000,
  frequency: 50,
  amplitude: 230,
  anomalyProbability: 0.00009,
  anomalyDuration: 100,
  anomalyDrop: 0.2,
};

export interface Sample {
  time: Float64Array;
  normal: Float64Array;
  anomaly: Float64Array;
  labels: Uint8Array;
  anomalyStarts: number[];
  seed: number;
}

/** One block of a streamed sample; arrays are reused by the next call, so copy what you keep. */
export interface SampleBlock {
  /** Row index of the block's first row. */
  offset: number;
  length: number;
  time: Float64Array;
  normal: Float64Array;
  anomaly: Float64Array;
  labels: Uint8Array;
  /** Rows (absolute indices) where an anomaly started inside this block. */
  anomalyStarts: number[];
}

/** Fills in defaults and rejects values the tutorial's formula cannot use. */
export function resolveSampleOptions(options: Partial<SampleOptions> = {}): SampleOptions {
  const resolved: SampleOptions = {
    ...DATASET_DEFAULTS,
    seed: options.seed ?? randomSeed(),
    ...definedOnly(options),
  };
  const {
    duration,
    samplingRate,
    frequency,
    amplitude,
    anomalyProbability,
    anomalyDuration,
    anomalyDrop,
    seed,
  } = resolved;
  const positive = (name: string, v: number) => {
    if (!Number.isFinite(v) || v <= 0) throw new SignalError(`${name} must be a positive number, got ${v}`);
  };
  positive("duration", duration);
  positive("samplingRate", samplingRate);
  if (!Number.isFinite(frequency) || frequency < 0)
    throw new SignalError(`frequency must be >= 0, got ${frequency}`);
  if (!Number.isFinite(amplitude) || amplitude < 0)
    throw new SignalError(`amplitude must be >= 0, got ${amplitude}`);
  if (!(anomalyProbability >= 0 && anomalyProbability <= 1)) {
    throw new SignalError(`anomalyProbability must be within [0, 1], got ${anomalyProbability}`);
  }
  if (!Number.isInteger(anomalyDuration) || anomalyDuration < 0) {
    throw new SignalError(`anomalyDuration must be a whole number of samples >= 0, got ${anomalyDuration}`);
  }
  if (!Number.isFinite(anomalyDrop))
    throw new SignalError(`anomalyDrop must be a finite factor, got ${anomalyDrop}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SignalError(`seed must be an integer in [0, 4294967295], got ${seed}`);
  }
  return resolved;
}

function definedOnly(options: Partial<SampleOptions>): Partial<SampleOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** numpy `len(np.arange(0, duration, 1 / samplingRate))`. */
export function sampleCount(duration: number, samplingRate: number): number {
  return Math.ceil(duration / (1 / samplingRate));
}

/**
 * Streams the tutorial's signal block by block in bounded memory. Per row: time = i * (1 / rate) (numpy arange),
 * normal = amplitude * sqrt(2) * sin(2 * pi * frequency * time). One uniform draw per row, as the tutorial's loop:
 * if draw < probability and no anomaly is in progress, an anomaly starts here and covers
 * [i, min(i + duration, rows)); "in progress" is cleared at the first row past its end, so the next one can
 * start one row later at the earliest. Anomalous rows are normal * drop.
 */
export class SampleStream {
  readonly options: SampleOptions;
  readonly rows: number;
  private readonly random: Xoshiro128;
  private readonly step: number;
  private readonly peak: number;
  private readonly angular: number;
  private position = 0;
  private inAnomaly = false;
  private anomalyEnd = 0;
  private started = 0;
  private buffers: SampleBlock | null = null;

  constructor(options: Partial<SampleOptions> = {}) {
    this.options = resolveSampleOptions(options);
    const { duration, samplingRate, amplitude, frequency, seed } = this.options;
    this.rows = sampleCount(duration, samplingRate);
    this.random = new Xoshiro128(seed);
    this.step = 1 / samplingRate;
    this.peak = amplitude * Math.SQRT2;
    this.angular = 2 * Math.PI * frequency;
  }

  get seed(): number {
    return this.options.seed;
  }

  /** Rows produced so far. */
  get produced(): number {
    return this.position;
  }

  /** Anomalies started so far. */
  get anomalyCount(): number {
    return this.started;
  }

  /** The next block of at most `maxRows` rows, or null at the end. */
  next(maxRows = 65536): SampleBlock | null {
    const length = Math.min(maxRows, this.rows - this.position);
    if (length <= 0) return null;
    const block = this.blockBuffers(length);
    const { time, normal, anomaly, labels } = block;
    const starts: number[] = [];
    const { anomalyProbability, anomalyDuration, anomalyDrop } = this.options;
    const { step, peak, angular, random, rows } = this;
    let { inAnomaly, anomalyEnd } = this;
    const offset = this.position;
    for (let k = 0; k < length; k++) {
      const i = offset + k;
      const t = i * step;
      const value = peak * Math.sin(angular * t);
      time[k] = t;
      normal[k] = value;
      if (random.next() < anomalyProbability && !inAnomaly) {
        anomalyEnd = Math.min(i + anomalyDuration, rows);
        inAnomaly = true;
        starts.push(i);
      } else if (i >= anomalyEnd) {
        inAnomaly = false;
      }
      const isAnomaly = i < anomalyEnd;
      labels[k] = isAnomaly ? 1 : 0;
      anomaly[k] = isAnomaly ? value * anomalyDrop : value;
    }
    this.inAnomaly = inAnomaly;
    this.anomalyEnd = anomalyEnd;
    this.position += length;
    this.started += starts.length;
    block.offset = offset;
    block.length = length;
    block.anomalyStarts = starts;
    return block;
  }

  private blockBuffers(length: number): SampleBlock {
    if (!this.buffers || this.buffers.time.length < length) {
      this.buffers = {
        offset: 0,
        length,
        time: new Float64Array(length),
        normal: new Float64Array(length),
        anomaly: new Float64Array(length),
        labels: new Uint8Array(length),
        anomalyStarts: [],
      };
    }
    const b = this.buffers;
    if (b.time.length === length) return b;
    return {
      ...b,
      time: b.time.subarray(0, length),
      normal: b.normal.subarray(0, length),
      anomaly: b.anomaly.subarray(0, length),
      labels: b.labels.subarray(0, length),
    };
  }
}

/** The whole sample in memory (fine up to a few million rows; stream with SampleStream beyond that). */
export function generateSample(options: Partial<SampleOptions> = {}): Sample {
  const stream = new SampleStream(options);
  const block = stream.next(Math.max(stream.rows, 1));
  const empty = { time: new Float64Array(0), normal: new Float64Array(0), anomaly: new Float64Array(0) };
  if (!block) return { ...empty, labels: new Uint8Array(0), anomalyStarts: [], seed: stream.seed };
  return {
    time: block.time,
    normal: block.normal,
    anomaly: block.anomaly,
    labels: block.labels,
    anomalyStarts: block.anomalyStarts,
    seed: stream.seed,
  };
}

/**
 * Rows [start, start + length) of the sample the options describe, regenerated deterministically
 * (used to plot a window of a dataset that was streamed to disk).
 */
export function sampleRange(options: SampleOptions, start: number, length: number): Sample {
  const stream = new SampleStream(options);
  while (stream.produced < start) stream.next(Math.min(65536, start - stream.produced));
  const block = stream.next(length);
  if (!block) throw new SignalError(`row ${start} is past the end of the sample (${stream.rows} rows)`);
  return {
    time: block.time.slice(),
    normal: block.normal.slice(),
    anomaly: block.anomaly.slice(),
    labels: block.labels.slice(),
    anomalyStarts: block.anomalyStarts,
    seed: stream.seed,
  };
}
