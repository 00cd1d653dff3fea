/**
 * Frequency tracking: an upward zero crossing counts once the wave has been below -band and then above +band
 * (band = 5 % of the reference peak, far above ordinary noise, below the peak of a dip to 10 %). The cycle
 * length is the mean interval over the last TRACK_CYCLES crossings; an interval outside 0.8..1.25 nominal
 * periods (lost crossings during an interruption) restarts the average.
 */
const ZERO_BAND = 0.05;
const TRACK_CYCLES = 10;
/** The running sum of squares is recomputed exactly every this many refreshes (bounds rounding drift). */
const RESYNC_REFRESHES = 64;

/** What `measure` says about each sample's value. */
export const NOT_READY = 0;
export const SLIDING = 1;
export const REFRESH = 2;
/** Samples per `measure` call the detectors use: bounds their scratch memory whatever the block size. */
export const MEASURE_CHUNK = 4096;

/** What `measure` writes, one slot per sample of the chunk; `period` and `preceding` only at REFRESH slots. */
export interface MeasuredChunk {
  /** The sliding one-cycle mean square ending at the sample. */
  ms: Float64Array;
  /** NOT_READY, SLIDING or REFRESH. */
  kind: Uint8Array;
  /** The cycle length (samples, fractional) in use at the refresh. */
  period: Float64Array;
  /** The U_rms(1/2)² three refreshes before this one, or -1 when there were fewer. */
  preceding: Float64Array;
}

export function measuredChunk(): MeasuredChunk {
  return {
    ms: new Float64Array(MEASURE_CHUNK),
    kind: new Uint8Array(MEASURE_CHUNK),
    period: new Float64Array(MEASURE_CHUNK),
    preceding: new Float64Array(MEASURE_CHUNK),
  };
}

/**
 * One channel's U_rms(1/2) (IEC 61000-4-30 5.4.1: the RMS over one cycle, refreshed every half cycle), sample
 * by sample. A running sum of squares over a ring buffer makes it O(1) per sample with no allocation. The
 * window is one *measured* cycle long: its fractional part weights the oldest sample, so a drifting frequency
 * does not bias the value. Besides the half-cycle values it gives the per-sample sliding value, which event
 * detectors use to place an event's start and end to the sample.
 */
export class HalfCycleRms {
  private readonly ring: Float64Array;
  private readonly mask: number;
  private readonly nominalPeriod: number;
  private readonly band: number;
  private readonly samplingRate: number;

  /** Samples seen so far (the absolute index of the next sample). */
  private n = 0;
  private sum = 0;
  /** Current cycle length in samples (fractional) = whole + frac. */
  private cycle: number;
  private wholeSamples: number;
  private frac: number;
  private nextRefresh: number;
  private refreshes = 0;

  // zero-crossing tracker
  private prev = 0;
  private armed = false;
  private candidate = -1;
  private readonly crossings = new Float64Array(TRACK_CYCLES + 1);
  /** findCrossings' answer for the chunk being measured. */
  private readonly crossingAt = new Int32Array(MEASURE_CHUNK);
  private readonly crossingTime = new Float64Array(MEASURE_CHUNK);
  private crossingCount = 0;
  private lastCrossing = -1;

  /** The latest three U_rms(1/2)² values, newest first. */
  private readonly history = new Float64Array(3);
  private historyCount = 0;

  /** `referenceVoltage` (RMS volts) sets the zero-crossing band; the settings are validated by the caller. */
  constructor(samplingRate: number, frequency: number, referenceVoltage: number) {
    this.samplingRate = samplingRate;
    this.nominalPeriod = samplingRate / frequency;
    let size = 1;
    while (size < 2 * this.nominalPeriod + 8) size *= 2;
    this.ring = new Float64Array(size);
    this.mask = size - 1;
    this.cycle = this.nominalPeriod;
    this.wholeSamples = Math.floor(this.cycle);
    this.frac = this.cycle - this.wholeSamples;
    this.nextRefresh = this.cycle;
    this.band = ZERO_BAND * referenceVoltage * Math.SQRT2;
  }

  /** Current cycle length in samples (fractional). */
  get period(): number {
    return this.cycle;
  }

  /** Whole samples in the current window. */
  get whole(): number {
    return this.wholeSamples;
  }

  /** The tracked mains frequency (Hz). */
  get frequency(): number {
    return this.samplingRate / this.cycle;
  }

  /**
   * Feeds block[from..to) (at most MEASURE_CHUNK samples); sample k's results go to slot k - from of `out`:
   * NOT_READY before the first full cycle, SLIDING, or REFRESH when the value is also a U_rms(1/2) refresh
   * (every half cycle).
   *
   * Two passes, for speed (one loop doing both kept too many values live and ran several times slower): the
   * zero crossings depend on the samples alone, so they are found first; the window then runs with its length
   * fixed from one crossing to the next, each crossing applied at the sample that confirmed it, exactly as a
   * single sample-by-sample loop would.
   */
  measure(block: ArrayLike<number>, from: number, to: number, out: MeasuredChunk): void {
    const crossings = this.findCrossings(block, from, to);
    const { crossingAt, crossingTime } = this;
    let k = from;
    for (let j = 0; j < crossings; j++) {
      const at = crossingAt[j]!;
      this.window(block, k, at, from, out);
      k = at;
      this.crossing(crossingTime[j]!, this.n);
    }
    this.window(block, k, to, from, out);
  }

  /**
   * The band-confirmed upward crossings in block[from..to): how many, with the block index confirming each in
   * `crossingAt` and its interpolated time (absolute, fractional samples) in `crossingTime`.
   */
  private findCrossings(block: ArrayLike<number>, from: number, to: number): number {
    const { band, crossingAt, crossingTime } = this;
    const base = this.n - from;
    let prev = this.prev;
    let armed = this.armed;
    let candidate = this.candidate;
    let found = 0;
    for (let k = from; k < to; k++) {
      const x = block[k] as number;
      if (prev <= 0 && x > 0) candidate = base + k - 1 + -prev / (x - prev);
      if (x < -band) armed = true;
      else if (armed && x > band && candidate >= 0) {
        armed = false;
        crossingAt[found] = k;
        crossingTime[found++] = candidate;
      }
      prev = x;
    }
    this.prev = prev;
    this.armed = armed;
    this.candidate = candidate;
    return found;
  }

  /** Runs the window over block[from..to) with the cycle length as it is; slot k - chunkStart of `out`. */
  private window(
    block: ArrayLike<number>,
    from: number,
    to: number,
    chunkStart: number,
    out: MeasuredChunk,
  ): void {
    const { ring, mask } = this;
    const { ms, kind } = out;
    // The state lives in locals inside the loops (several times faster than fields).
    let n = this.n;
    let sum = this.sum;
    const whole = this.wholeSamples;
    const frac = this.frac;
    const cycle = this.cycle;
    let k = from;
    // The first cycle of the stream: no full window yet.
    for (; k < to && n < whole; k++, n++) {
      const x = block[k] as number;
      const sq = x * x;
      sum += sq;
      ring[n & mask] = sq;
      kind[k - chunkStart] = NOT_READY;
    }
    while (k < to) {
      const run = k;
      const nextRefresh = this.nextRefresh;
      // Sliding values up to the next refresh.
      for (; k < to && n + 1 < nextRefresh; k++, n++) {
        const x = block[k] as number;
        const sq = x * x;
        const old = ring[(n - whole) & mask] as number;
        sum += sq - old;
        ring[n & mask] = sq;
        ms[k - chunkStart] = (sum + frac * old) / cycle;
      }
      kind.fill(SLIDING, run - chunkStart, k - chunkStart);
      if (k === to) break;
      const x = block[k] as number;
      const sq = x * x;
      const old = ring[(n - whole) & mask] as number;
      sum += sq - old;
      ring[n & mask] = sq;
      const value = (sum + frac * old) / cycle;
      this.n = n;
      this.sum = sum;
      this.refresh(value, k - chunkStart, out);
      sum = this.sum;
      k++;
      n++;
    }
    this.n = n;
    this.sum = sum;
  }

  /** A U_rms(1/2) refresh: `value` ends at sample this.n, in slot `at`. */
  private refresh(value: number, at: number, out: MeasuredChunk): void {
    const h = this.history;
    out.ms[at] = value;
    out.kind[at] = REFRESH;
    out.period[at] = this.cycle;
    out.preceding[at] = this.historyCount >= 3 ? (h[2] as number) : -1;
    this.nextRefresh += this.cycle / 2;
    this.refreshes++;
    if (this.refreshes % RESYNC_REFRESHES === 0) this.resync(this.n);
    h[2] = h[1] as number;
    h[1] = h[0] as number;
    h[0] = value;
    this.historyCount++;
  }

  /** A confirmed upward crossing at fractional sample `t` (seen at sample i, before it enters the sum). */
  private crossing(t: number, i: number): void {
    const last = this.lastCrossing;
    this.lastCrossing = t;
    const interval = t - last;
    const nominal = this.nominalPeriod;
    if (last < 0 || interval < 0.8 * nominal || interval > 1.25 * nominal) {
      this.crossingCount = 0;
      this.crossings[0] = t;
      return;
    }
    const c = this.crossings;
    const count = Math.min(this.crossingCount + 1, TRACK_CYCLES);
    if (this.crossingCount + 1 > TRACK_CYCLES) c.copyWithin(0, 1);
    c[count] = t;
    this.crossingCount = count;
    if (count < 2) return;
    this.setPeriod((c[count] - c[0]!) / count, i);
  }

  private setPeriod(period: number, i: number): void {
    const whole = Math.floor(period);
    this.cycle = period;
    this.frac = period - whole;
    if (whole !== this.wholeSamples) {
      this.wholeSamples = whole;
      this.resync(i - 1);
    }
  }

  /** Recomputes the running sum over the current whole-sample window ending at sample i. */
  private resync(i: number): void {
    const { ring, mask, wholeSamples: whole } = this;
    let s = 0;
    const from = Math.max(0, i - whole + 1);
    for (let j = from; j <= i; j++) s += ring[j & mask]!;
    this.sum = s;
  }
}
