import type { SamplingRate } from "./types.ts";

/**
 * Seconds from the first sample, per sample: from the sampling rates when the .cfg gives them (each rate runs
 * from the previous rate's end sample to its own), else from the .dat time stamps × the time multiplier (µs).
 */
export class SampleTiming {
  /** 0-based indexes where a new rate starts (blocks are cut there). */
  readonly boundaries: number[];
  private readonly starts: number[];
  private readonly startTimes: number[];
  private segment = 0;
  private firstStamp: number | undefined;

  constructor(
    private readonly rates: readonly SamplingRate[],
    private readonly timeMultiplier: number,
  ) {
    this.starts = [];
    this.startTimes = [];
    let start = 0;
    let time = 0;
    for (const { rate, endSample } of rates) {
      this.starts.push(start);
      this.startTimes.push(time);
      time += (endSample - start) / rate;
      start = endSample;
    }
    this.boundaries = this.starts.slice(1);
  }

  get fromStamps(): boolean {
    return this.rates.length === 0;
  }

  /** Samples must be asked for in order. */
  time(index: number, stamp: number): number {
    if (this.fromStamps) {
      this.firstStamp ??= stamp;
      return ((stamp - this.firstStamp) * this.timeMultiplier) / 1e6;
    }
    const { start, startTime, rate } = this.rateRun(index);
    return startTime + (index - start) / rate;
  }

  /**
   * Times of `count` samples from `index` into out[at..], as `time` gives them one by one; `stamps[k]` is sample
   * index + k's time stamp (read only when the times come from the stamps). The samples must not span a change
   * of rate (blocks are cut at `boundaries`).
   */
  fill(out: Float64Array, at: number, index: number, count: number, stamps: Float64Array): void {
    if (this.fromStamps) {
      for (let k = 0; k < count; k++) out[at + k] = this.time(index + k, stamps[k]!);
      return;
    }
    const { start, startTime, rate } = this.rateRun(index);
    for (let k = 0; k < count; k++) out[at + k] = startTime + (index + k - start) / rate;
  }

  /** The run of one sampling rate that sample `index` falls in (indexes only move forward). */
  private rateRun(index: number): { start: number; startTime: number; rate: number } {
    while (this.segment + 1 < this.starts.length && index >= this.starts[this.segment + 1]!) this.segment++;
    return {
      start: this.starts[this.segment]!,
      startTime: this.startTimes[this.segment]!,
      rate: this.rates[this.segment]!.rate,
    };
  }
}
