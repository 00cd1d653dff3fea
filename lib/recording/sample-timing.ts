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
    while (this.segment + 1 < this.starts.length && index >= (this.starts[this.segment + 1] ?? 0))
      this.segment++;
    const rate = this.rates[this.segment]?.rate ?? 1;
    return (this.startTimes[this.segment] ?? 0) + (index - (this.starts[this.segment] ?? 0)) / rate;
  }
}
