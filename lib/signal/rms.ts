import { SignalError } from "./errors.ts";
import type { EventKind, VoltageEvent } from "./events.ts";
import { HalfCycleRms, MEASURE_CHUNK, measuredChunk, NOT_READY, REFRESH } from "./half-cycle-rms.ts";

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
  private readonly meter: HalfCycleRms;
  private readonly chunk = measuredChunk();
  private readonly refSq: number;
  private readonly dipSq: number;
  private readonly dipEndSq: number;
  private readonly swellSq: number;
  private readonly swellEndSq: number;
  private readonly interruptionV: number;

  /** Samples seen so far (the absolute index of the next sample). */
  private n = 0;

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
    this.meter = new HalfCycleRms(samplingRate, frequency, ref);
    const level = (pct: number) => ((pct / 100) * ref) ** 2;
    this.refSq = ref * ref;
    this.dipSq = level(settings.dipPct);
    this.dipEndSq = level(settings.dipPct + settings.hysteresisPct);
    this.swellSq = level(settings.swellPct);
    this.swellEndSq = level(settings.swellPct - settings.hysteresisPct);
    this.interruptionV = (settings.interruptionPct / 100) * ref;
  }

  /** Samples consumed so far. */
  get samples(): number {
    return this.n;
  }

  /** The tracked mains frequency (Hz). */
  get frequency(): number {
    return this.meter.frequency;
  }

  /** Feeds the next samples; returns the events that ended inside them (an open event waits for later blocks). */
  push(block: ArrayLike<number>): VoltageEvent[] {
    const out: VoltageEvent[] = [];
    const { meter, chunk } = this;
    const { ms: msChunk, kind: kindChunk } = chunk;
    const len = block.length;
    for (let from = 0; from < len; from += MEASURE_CHUNK) {
      const to = Math.min(len, from + MEASURE_CHUNK);
      meter.measure(block, from, to, chunk);
      for (let k = 0; k < to - from; k++) {
        const i = this.n;
        const kind = kindChunk[k]!;
        if (kind !== NOT_READY) {
          const ms = msChunk[k]!;
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
          if (kind === REFRESH) this.refresh(ms, i, chunk.period[k]!, chunk.preceding[k]!, out);
        }
        this.n = i + 1;
      }
    }
    return out;
  }

  /** Ends the data: an event still open is closed at the last sample and flagged cut. */
  finish(): VoltageEvent[] {
    if (this.state === NONE) return [];
    const event = this.makeEvent(this.n, true, this.meter.period);
    this.state = NONE;
    return [event];
  }

  /** A U_rms(1/2) value `ms` ending at sample i; `period` is the cycle length then, `pre` the value 1.5 cycles back. */
  private refresh(ms: number, i: number, period: number, pre: number, out: VoltageEvent[]): void {
    this.onRms?.(i, Math.sqrt(ms));
    if (this.state === DIP) {
      if (ms < this.extremeMs) this.extremeMs = ms;
      if (ms >= this.dipEndSq) out.push(this.close(i, period));
    } else if (this.state === SWELL) {
      if (ms > this.extremeMs) this.extremeMs = ms;
      if (ms <= this.swellEndSq) out.push(this.close(i, period));
    }
    if (this.state === NONE) {
      if (ms < this.dipSq) this.open(DIP, ms, i, this.lastNotBelowDip, period, pre);
      else if (ms > this.swellSq) this.open(SWELL, ms, i, this.lastNotAboveSwell, period, pre);
    }
  }

  private open(state: number, ms: number, i: number, lastOutside: number, period: number, pre: number): void {
    this.state = state;
    this.extremeMs = ms;
    this.slidingExtreme = ms;
    this.lastInside = i;
    // No sliding window was outside the event before it: it began before the data.
    this.openedFirst = lastOutside < 0;
    // The value three refreshes back (1.5 cycles) ends before the event began; fall back to the reference.
    const normal = pre >= this.dipEndSq && pre <= this.swellEndSq;
    this.preMs = normal ? pre : this.refSq;
    this.startIndex = Math.max(lastOutside + 1, Math.floor(period));
  }

  private close(i: number, period: number): VoltageEvent {
    // First sample whose sliding window was back across the end level.
    const back = Math.min(this.lastInside + 1, i);
    const event = this.makeEvent(back, false, period);
    this.state = NONE;
    this.lastNotBelowDip = i;
    this.lastNotAboveSwell = i;
    return event;
  }

  /** Builds the event; `endCross` is the first sample past it (cut) or where its window recovered. */
  private makeEvent(endCross: number, cut: boolean, period: number): VoltageEvent {
    const { samplingRate, referenceVoltage } = this.settings;
    const swell = this.state === SWELL;
    const threshold = swell ? this.swellSq : this.dipSq;
    const endLevel = swell ? this.swellEndSq : this.dipEndSq;
    const inner = this.slidingExtreme;
    const span = this.preMs - inner;
    const fraction = (level: number) =>
      Math.abs(span) < 1e-12 ? 1 : Math.min(1, Math.max(0, (this.preMs - level) / span));
    let start = this.startIndex + 1 - fraction(threshold) * period;
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
      end = Math.max(start, Math.min(this.n, endCross + 1 - q * period));
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
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s / values.length);
}
