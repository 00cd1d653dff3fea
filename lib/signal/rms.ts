import { SignalError } from "./errors.ts";
import type { EventKind, VoltageEvent } from "./events.ts";

/** What the RMS event detector needs; an RmsModel carries exactly these fields. */
export interface RmsSettings {
  /** Samples per second of the data. */
  samplingRate: number;
  /** Nominal mains frequency (Hz); the detector tracks the actual frequency around it. */
  frequency: number;
  /** Declared voltage U_din (RMS volts); every threshold is a percentage of it. */
  referenceVoltage: number;
  dipPct: number;
  swellPct: number;
  interruptionPct: number;
  hysteresisPct: number;
}

/**
 * The usual settings. Dip start 90 % and swell start 110 % of the declared voltage, interruption below 5 %:
 * EN 50160:2010 clause 3 (definitions of supply voltage dip, swell and interruption) and IEC 61000-4-30:2015
 * 5.4.2 / 5.4.3 / 5.5; hysteresis 2 % of the declared voltage is the typical value IEC 61000-4-30 5.4.2.1 gives.
 */
export const RMS_DEFAULTS = { dipPct: 90, swellPct: 110, interruptionPct: 5, hysteresisPct: 2 } as const;

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

const NONE = 0;
const DIP = 1;
const SWELL = 2;

export interface RmsEventDetectorOptions {
  /** Receives every U_rms(1/2) value: the index of the window's last sample and the value in volts. */
  onRms?: (sampleIndex: number, rmsV: number) => void;
}

export function validateRmsSettings(s: RmsSettings): void {
  const positive = (name: keyof RmsSettings) => {
    const v = s[name];
    if (!Number.isFinite(v) || v <= 0) throw new SignalError(`${name} must be a positive number, got ${v}`);
  };
  for (const name of ["samplingRate", "frequency", "referenceVoltage", "dipPct", "swellPct"] as const)
    positive(name);
  for (const name of ["interruptionPct", "hysteresisPct"] as const) {
    const v = s[name];
    if (!Number.isFinite(v) || v < 0) throw new SignalError(`${name} must be a number >= 0, got ${v}`);
  }
  if (s.samplingRate / s.frequency < 8) {
    throw new SignalError(
      `samplingRate ${s.samplingRate} Hz gives fewer than 8 samples per ${s.frequency} Hz cycle; U_rms(1/2) needs more`,
    );
  }
  if (!(s.interruptionPct < s.dipPct && s.dipPct < 100 && s.swellPct > 100)) {
    throw new SignalError(
      `thresholds must satisfy interruptionPct < dipPct < 100 < swellPct, got ${s.interruptionPct}, ${s.dipPct}, ${s.swellPct}`,
    );
  }
  if (s.dipPct + s.hysteresisPct >= s.swellPct - s.hysteresisPct) {
    throw new SignalError("hysteresisPct is too large: the dip end and swell end levels overlap");
  }
}

/**
 * Streaming dip / swell / interruption detector on U_rms(1/2) (IEC 61000-4-30 5.4.1: the RMS over one cycle,
 * refreshed every half cycle). A running sum of squares over a ring buffer makes it O(1) per sample with no
 * allocation. The window is one *measured* cycle long: its fractional part weights the oldest sample, so a
 * drifting frequency does not bias the value (a 50.1 Hz sine reads within 0.03 % where a fixed 20-sample
 * window is off by 0.1 %).
 *
 * Events (thresholds in % of the reference, all from the settings): a dip starts when U_rms(1/2) < dipPct and
 * ends when it is >= dipPct + hysteresisPct; a swell starts above swellPct and ends <= swellPct - hysteresisPct.
 * Rule for interruptions: a dip whose residual went below interruptionPct is reported once, as kind
 * "interruption", over the whole dip span (EN 50160 counts such events in the dip table's "5 > u" row), so an
 * interruption is never also reported as a dip, nor split into dip + interruption + dip.
 *
 * Timing: the state machine runs on the half-cycle values; start and end are then refined to the sample from
 * the per-sample sliding window: the window first below the threshold holds a fraction
 * p = (pre - threshold²) / (pre - residual²) of event samples, so the event began p cycles before it.
 */
export class RmsEventDetector {
  readonly settings: RmsSettings;
  private readonly onRms?: (sampleIndex: number, rmsV: number) => void;
  private readonly ring: Float64Array;
  private readonly mask: number;
  private readonly nominalPeriod: number;
  private readonly refSq: number;
  private readonly dipSq: number;
  private readonly dipEndSq: number;
  private readonly swellSq: number;
  private readonly swellEndSq: number;
  private readonly interruptionV: number;
  private readonly band: number;

  /** Samples seen so far (the absolute index of the next sample). */
  private n = 0;
  private sum = 0;
  /** Current cycle length in samples (fractional) = whole + frac. */
  private period: number;
  private whole: number;
  private frac: number;
  private nextRefresh: number;
  private refreshes = 0;

  // zero-crossing tracker
  private prev = 0;
  private armed = false;
  private candidate = -1;
  private readonly crossings = new Float64Array(TRACK_CYCLES + 1);
  private crossingCount = 0;
  private lastCrossing = -1;

  // three last U_rms(1/2)² values, for the level before an event
  private readonly history = new Float64Array(3);
  private historyCount = 0;

  // event state
  private state = NONE;
  private lastNotBelowDip = -1;
  private lastNotAboveSwell = -1;
  private lastInside = -1;
  private extremeMs = 0;
  private slidingExtreme = 0;
  private startIndex = 0;
  private preMs = 0;
  private openedFirst = false;

  constructor(settings: RmsSettings, options: RmsEventDetectorOptions = {}) {
    validateRmsSettings(settings);
    this.settings = { ...settings };
    this.onRms = options.onRms;
    const { samplingRate, frequency, referenceVoltage: ref } = settings;
    this.nominalPeriod = samplingRate / frequency;
    let size = 1;
    while (size < 2 * this.nominalPeriod + 8) size *= 2;
    this.ring = new Float64Array(size);
    this.mask = size - 1;
    this.period = this.nominalPeriod;
    this.whole = Math.floor(this.period);
    this.frac = this.period - this.whole;
    this.nextRefresh = this.period;
    const level = (pct: number) => ((pct / 100) * ref) ** 2;
    this.refSq = ref * ref;
    this.dipSq = level(settings.dipPct);
    this.dipEndSq = level(settings.dipPct + settings.hysteresisPct);
    this.swellSq = level(settings.swellPct);
    this.swellEndSq = level(settings.swellPct - settings.hysteresisPct);
    this.interruptionV = (settings.interruptionPct / 100) * ref;
    this.band = ZERO_BAND * ref * Math.SQRT2;
  }

  /** Samples consumed so far. */
  get samples(): number {
    return this.n;
  }

  /** The tracked mains frequency (Hz). */
  get frequency(): number {
    return this.settings.samplingRate / this.period;
  }

  /** Feeds the next samples; returns the events that ended inside them (an open event waits for later blocks). */
  push(block: ArrayLike<number>): VoltageEvent[] {
    const out: VoltageEvent[] = [];
    const { ring, mask, band } = this;
    const len = block.length;
    for (let k = 0; k < len; k++) {
      const x = block[k];
      const i = this.n;
      // upward zero crossing (with a band against noise) for frequency tracking
      const prev = this.prev;
      if (prev <= 0 && x > 0) this.candidate = i - 1 + -prev / (x - prev);
      if (x < -band) this.armed = true;
      else if (this.armed && x > band && this.candidate >= 0) {
        this.armed = false;
        this.crossing(this.candidate, i);
      }
      this.prev = x;

      const sq = x * x;
      const whole = this.whole;
      let old = 0;
      if (i >= whole) {
        old = ring[(i - whole) & mask];
        this.sum += sq - old;
      } else this.sum += sq;
      ring[i & mask] = sq;

      if (i >= whole) {
        const ms = (this.sum + this.frac * old) / this.period;
        const state = this.state;
        if (state === NONE) {
          if (ms >= this.dipSq) this.lastNotBelowDip = i;
          if (ms <= this.swellSq) this.lastNotAboveSwell = i;
        } else if (state === DIP) {
          if (ms < this.dipEndSq) this.lastInside = i;
          if (ms < this.slidingExtreme) this.slidingExtreme = ms;
        } else {
          if (ms > this.swellEndSq) this.lastInside = i;
          if (ms > this.slidingExtreme) this.slidingExtreme = ms;
        }
        if (i + 1 >= this.nextRefresh) this.refresh(ms, i, out);
      }
      this.n = i + 1;
    }
    return out;
  }

  /** Ends the data: an event still open is closed at the last sample and flagged cut. */
  finish(): VoltageEvent[] {
    if (this.state === NONE) return [];
    const event = this.makeEvent(this.n, true);
    this.state = NONE;
    return [event];
  }

  private refresh(ms: number, i: number, out: VoltageEvent[]): void {
    this.nextRefresh += this.period / 2;
    this.refreshes++;
    if (this.refreshes % RESYNC_REFRESHES === 0) this.resync(i);
    this.onRms?.(i, Math.sqrt(ms));
    if (this.state === DIP) {
      if (ms < this.extremeMs) this.extremeMs = ms;
      if (ms >= this.dipEndSq) out.push(this.close(i));
    } else if (this.state === SWELL) {
      if (ms > this.extremeMs) this.extremeMs = ms;
      if (ms <= this.swellEndSq) out.push(this.close(i));
    }
    if (this.state === NONE) {
      if (ms < this.dipSq) this.open(DIP, ms, i, this.lastNotBelowDip);
      else if (ms > this.swellSq) this.open(SWELL, ms, i, this.lastNotAboveSwell);
    }
    const h = this.history;
    h[2] = h[1];
    h[1] = h[0];
    h[0] = ms;
    this.historyCount++;
  }

  private open(state: number, ms: number, i: number, lastOutside: number): void {
    this.state = state;
    this.extremeMs = ms;
    this.slidingExtreme = ms;
    this.lastInside = i;
    // No sliding window was outside the event before it: it began before the data.
    this.openedFirst = lastOutside < 0;
    // The value three refreshes back (1.5 cycles) ends before the event began; fall back to the reference.
    const pre = this.history[2];
    const normal = this.historyCount >= 3 && pre >= this.dipEndSq && pre <= this.swellEndSq;
    this.preMs = normal ? pre : this.refSq;
    this.startIndex = Math.max(lastOutside + 1, this.whole);
  }

  private close(i: number): VoltageEvent {
    // First sample whose sliding window was back across the end level.
    const back = Math.min(this.lastInside + 1, i);
    const event = this.makeEvent(back, false);
    this.state = NONE;
    this.lastNotBelowDip = i;
    this.lastNotAboveSwell = i;
    return event;
  }

  /** Builds the event; `endCross` is the first sample past it (cut) or where its window recovered. */
  private makeEvent(endCross: number, cut: boolean): VoltageEvent {
    const { samplingRate, referenceVoltage } = this.settings;
    const swell = this.state === SWELL;
    const threshold = swell ? this.swellSq : this.dipSq;
    const endLevel = swell ? this.swellEndSq : this.dipEndSq;
    const inner = this.slidingExtreme;
    const span = this.preMs - inner;
    const fraction = (level: number) =>
      Math.abs(span) < 1e-12 ? 1 : Math.min(1, Math.max(0, (this.preMs - level) / span));
    let start = this.startIndex + 1 - fraction(threshold) * this.period;
    let startCut = false;
    if (this.openedFirst) {
      start = 0;
      startCut = true;
    }
    start = Math.max(0, start);
    let end: number;
    if (cut) end = this.n;
    else {
      // The window that recovered holds a fraction q of post-event samples, q = (level - inner) / (pre - inner).
      const q = Math.abs(span) < 1e-12 ? 0 : Math.min(1, Math.max(0, (endLevel - inner) / span));
      end = Math.max(start, Math.min(this.n, endCross + 1 - q * this.period));
    }
    const residual = Math.sqrt(this.extremeMs);
    let kind: EventKind = swell ? "swell" : "dip";
    if (!swell && residual < this.interruptionV) kind = "interruption";
    const start_s = start / samplingRate;
    const end_s = end / samplingRate;
    return {
      kind,
      start_s,
      end_s,
      duration_s: end_s - start_s,
      residual_v: residual,
      residual_pct: (100 * residual) / referenceVoltage,
      cut: cut || startCut,
    };
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
    this.setPeriod((c[count] - c[0]) / count, i);
  }

  private setPeriod(period: number, i: number): void {
    const whole = Math.floor(period);
    this.period = period;
    this.frac = period - whole;
    if (whole !== this.whole) {
      this.whole = whole;
      this.resync(i - 1);
    }
  }

  /** Recomputes the running sum over the current whole-sample window ending at sample i. */
  private resync(i: number): void {
    const { ring, mask, whole } = this;
    let s = 0;
    const from = Math.max(0, i - whole + 1);
    for (let j = from; j <= i; j++) s += ring[j & mask];
    this.sum = s;
  }
}

/** Events in one whole series: an event running past its start or end is flagged `cut`. */
export function detectVoltageEvents(
  values: ArrayLike<number>,
  settings: RmsSettings,
  options: RmsEventDetectorOptions = {},
): VoltageEvent[] {
  const detector = new RmsEventDetector(settings, options);
  const events = detector.push(values);
  for (const event of detector.finish()) events.push(event);
  return events;
}

/** RMS of a whole series (volts). */
export function rootMeanSquare(values: ArrayLike<number>): number {
  if (values.length === 0) throw new SignalError("cannot take the RMS of no values");
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return Math.sqrt(s / values.length);
}
