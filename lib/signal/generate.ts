import { SignalError } from "./errors.ts";
import type { EventKind } from "./events.ts";
import { EventScheduler, type TrueEvent } from "./injected-events.ts";
import { MainsWave } from "./mains-wave.ts";
import { resolveSampleOptions, type SampleOptions } from "./sample-options.ts";

export interface Sample {
  time: Float64Array;
  normal: Float64Array;
  anomaly: Float64Array;
  labels: Uint8Array;
  /** Rows where an event (of any kind) started, including zero-length ones. */
  anomalyStarts: number[];
  /** The injected events, in order. */
  events: TrueEvent[];
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
  /** Rows (absolute indices) where an event started inside this block. */
  anomalyStarts: number[];
  /** Events that started inside this block (absolute rows; `end` may lie in a later block). */
  events: TrueEvent[];
}

/** numpy `len(np.arange(0, duration, 1 / samplingRate))`. */
export function sampleCount(duration: number, samplingRate: number): number {
  return Math.ceil(duration / (1 / samplingRate));
}

/**
 * Streams the signal block by block in bounded memory: the normal wave from MainsWave (the tutorial's sine when
 * every realistic feature is off), events from EventScheduler (the tutorial's injection loop when only dips of a
 * fixed drop and duration are asked for). Anomalous rows are normal * the event's factor.
 */
export class SampleStream {
  readonly options: SampleOptions;
  readonly rows: number;
  private readonly wave: MainsWave;
  private readonly scheduler: EventScheduler;
  private position = 0;
  private started = 0;
  private buffers: SampleBlock | null = null;

  constructor(options: Partial<SampleOptions> = {}) {
    this.options = resolveSampleOptions(options);
    this.rows = sampleCount(this.options.duration, this.options.samplingRate);
    this.wave = new MainsWave(this.options);
    this.scheduler = new EventScheduler(this.options, this.rows);
  }

  get seed(): number {
    return this.options.seed;
  }

  /** Rows produced so far. */
  get produced(): number {
    return this.position;
  }

  /** Events (of any kind) started so far. */
  get anomalyCount(): number {
    return this.started;
  }

  /** Events started so far, by kind (zero-length ones included). */
  get eventCounts(): Readonly<Record<EventKind, number>> {
    return this.scheduler.counts;
  }

  /** The next block of at most `maxRows` rows, or null at the end. */
  next(maxRows = 65536): SampleBlock | null {
    const length = Math.min(maxRows, this.rows - this.position);
    if (length <= 0) return null;
    const block = this.blockBuffers(length);
    const offset = this.position;
    const starts: number[] = [];
    const events: TrueEvent[] = [];
    this.wave.fill(offset, length, block.time, block.normal);
    this.scheduler.apply(offset, length, block.normal, block.anomaly, block.labels, starts, events);
    this.position += length;
    this.started += starts.length;
    block.offset = offset;
    block.length = length;
    block.anomalyStarts = starts;
    block.events = events;
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
        events: [],
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
  if (!block)
    return { ...empty, labels: new Uint8Array(0), anomalyStarts: [], events: [], seed: stream.seed };
  return {
    time: block.time,
    normal: block.normal,
    anomaly: block.anomaly,
    labels: block.labels,
    anomalyStarts: block.anomalyStarts,
    events: block.events,
    seed: stream.seed,
  };
}

/**
 * Rows [start, start + length) of the sample the options describe, regenerated deterministically
 * (used to plot a window of a dataset that was streamed to disk). Events are those that started in the window.
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
    events: block.events,
    seed: stream.seed,
  };
}
