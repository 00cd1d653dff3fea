import type { EventKind } from "./events.ts";
import { NOT_READY } from "./half-cycle-rms.ts";

/** What one channel's U_rms(1/2) meter said at the latest refresh instant, as the trackers read it. */
export interface ChannelReadings {
  /** 1 when the channel refreshed at this instant. */
  refreshed: Uint8Array;
  /** Each channel's latest U_rms(1/2)² (NaN before its first). */
  latest: Float64Array;
  /** Each channel's cycle length (samples) at its latest refresh. */
  period: Float64Array;
  /** Each channel's U_rms(1/2)² three refreshes before its latest (-1 when fewer). */
  preceding: Float64Array;
  /** Each channel's sliding one-cycle mean square at this sample (NaN before its first full cycle). */
  sliding: Float64Array;
}

/** An event as the tracker closes it: sample positions, before conversion to seconds. */
export interface TrackedEvent {
  kind: EventKind;
  start: number;
  end: number;
  residualMs: number;
  startCut: boolean;
  /** Indexes of the channels past the threshold at some refresh during the event, ascending. */
  channels: number[];
}

export interface TrackerLevels {
  /** +1 for dips (values below the levels are inside), -1 for swells (above). */
  sign: 1 | -1;
  /** Start threshold and end level (threshold ± hysteresis), both squared volts. */
  thresholdSq: number;
  endSq: number;
  /** The band a value three refreshes before the event must lie in to be taken as its "before" level. */
  normalLowSq: number;
  normalHighSq: number;
  /** The "before" level otherwise: the reference voltage squared. */
  referenceSq: number;
  /** Dips: the interruption threshold (volts); null for swells. */
  interruptionV: number | null;
}

/**
 * One kind of polyphase event (dip or swell) over N channels, on their U_rms(1/2) values. Swells run the dip
 * logic on negated mean squares (negation is exact, so both share one code path bit for bit).
 *
 * The rules, in the words of the project's power-quality notes (/work/shared/power-quality.md):
 * - IEC 61000-4-30 5.4.2.2, dips: "On a polyphase system a dip begins when the U_rms(1/2) of one or more
 *   channels falls below the dip threshold, and ends when the U_rms(1/2) of every measured channel is equal to
 *   or above the dip threshold plus the hysteresis. The residual voltage is the lowest U_rms(1/2) on any
 *   channel during the dip; the duration runs from the start to the end so defined."
 * - IEC 61000-4-30 5.4.3.2, swells: "A swell likewise: begins when one or more channels rise above the swell
 *   threshold, ends when every channel is at or below the threshold minus the hysteresis; its extreme is the
 *   highest U_rms(1/2) on any channel."
 * Dips and swells are tracked independently (a fault can dip one phase and swell the others at once).
 *
 * Placing start and end to the sample (as RmsEventDetector does for one channel): the start is the earliest
 * of the starts refined on each channel that crossed the threshold, the end the latest of the ends refined on
 * each channel that was inside the end level, each from that channel's own sliding window and depth.
 */
export class PolyphaseTracker {
  /** True while an event is open. */
  isOpen = false;
  /** Per channel: in its own event of this kind (its own hysteresis: entered below the threshold, left at the end level). */
  readonly own: Uint8Array;

  private readonly levels: TrackerLevels;
  private readonly threshold: number;
  private readonly endLevel: number;
  private readonly channelCount: number;
  // per channel
  private readonly lastOutside: Float64Array;
  private readonly touched: Uint8Array;
  private readonly startIndex: Float64Array;
  private readonly openedFirst: Uint8Array;
  private readonly pre: Float64Array;
  private readonly lastInside: Float64Array;
  private readonly slidingExtreme: Float64Array;
  // the open event
  private extreme = 0;
  private interrupted = false;

  constructor(levels: TrackerLevels, channelCount: number) {
    this.levels = levels;
    this.threshold = levels.sign * levels.thresholdSq;
    this.endLevel = levels.sign * levels.endSq;
    this.channelCount = channelCount;
    this.own = new Uint8Array(channelCount);
    this.lastOutside = new Float64Array(channelCount).fill(-1);
    this.touched = new Uint8Array(channelCount);
    this.startIndex = new Float64Array(channelCount);
    this.openedFirst = new Uint8Array(channelCount);
    this.pre = new Float64Array(channelCount);
    this.lastInside = new Float64Array(channelCount).fill(-1);
    this.slidingExtreme = new Float64Array(channelCount);
  }

  /**
   * Channel c's sliding mean squares `ms[k]` for k in [from, to], sample index `first + k - from`; slots whose
   * `kind` is NOT_READY are skipped. No refresh instant may fall inside the run before `to` (the tracker's state
   * is the same for every sample of it, so a run is one tight loop). `otherOwn`: the channel is in its own
   * event of the other kind, where it counts as outside this one (a dip straight after a swell starts where
   * the swell ended).
   */
  sampleRun(
    c: number,
    first: number,
    ms: Float64Array,
    kind: Uint8Array,
    from: number,
    to: number,
    otherOwn: number,
  ): void {
    const { sign } = this.levels;
    const { threshold, endLevel, isOpen } = this;
    if (!isOpen) {
      // Only the last sample outside matters, and with no event open nearly every sample is: scanning back
      // from the run's end finds it at once (the same index the forward loop below would end with).
      for (let k = to; k >= from; k--) {
        if (kind[k] === NOT_READY) continue;
        if (otherOwn !== 0 || sign * (ms[k] as number) >= threshold) {
          this.lastOutside[c] = first + k - from;
          return;
        }
      }
      return;
    }
    const outsideCounts = this.touched[c] === 0;
    let lastOutside = this.lastOutside[c] as number;
    let lastInside = this.lastInside[c] as number;
    let extreme = this.slidingExtreme[c] as number;
    for (let k = from; k <= to; k++) {
      if (kind[k] === NOT_READY) continue;
      const v = sign * (ms[k] as number);
      const i = first + k - from;
      if (outsideCounts && (v >= threshold || otherOwn !== 0)) lastOutside = i;
      if (v < endLevel) lastInside = i;
      if (v < extreme) extreme = v;
    }
    this.lastOutside[c] = lastOutside;
    this.lastInside[c] = lastInside;
    this.slidingExtreme[c] = extreme;
  }

  /** A refresh instant at sample i (one or more channels refreshed); an event that ends here goes to `out`. */
  instant(i: number, readings: ChannelReadings, out: TrackedEvent[]): void {
    const { sign } = this.levels;
    const { refreshed, latest } = readings;
    const n = this.channelCount;
    for (let c = 0; c < n; c++) {
      if (refreshed[c] === 0) continue;
      const v = sign * latest[c]!;
      if (this.own[c] === 0 ? v < this.threshold : !(v < this.endLevel)) this.own[c]! ^= 1;
    }
    if (this.isOpen) {
      for (let c = 0; c < n; c++)
        if (refreshed[c] !== 0 && sign * latest[c]! < this.extreme) this.extreme = sign * latest[c]!;
      let allBack = true;
      for (let c = 0; c < n; c++) if (sign * latest[c]! < this.endLevel) allBack = false;
      if (allBack) out.push(this.close(i, readings));
      else {
        this.touchCrossed(readings);
        this.checkInterruption(latest);
      }
    }
    if (!this.isOpen) {
      let crossed = false;
      for (let c = 0; c < n; c++)
        if (refreshed[c] !== 0 && sign * latest[c]! < this.threshold) crossed = true;
      if (crossed) this.open(i, readings);
    }
  }

  /** The data ended with an event open: it is closed at sample `n`, flagged cut. */
  finish(n: number, periods: Float64Array): TrackedEvent | null {
    if (!this.isOpen) return null;
    const event = this.makeEvent(n, n, true, periods);
    this.isOpen = false;
    return event;
  }

  private open(i: number, readings: ChannelReadings): void {
    const { sign } = this.levels;
    const { refreshed, latest, sliding } = readings;
    this.isOpen = true;
    this.interrupted = false;
    this.extreme = Number.POSITIVE_INFINITY;
    for (let c = 0; c < this.channelCount; c++) {
      if (refreshed[c] !== 0 && sign * latest[c]! < this.extreme) this.extreme = sign * latest[c]!;
      this.touched[c] = 0;
      this.pre[c] = this.beforeLevel(readings.preceding[c]!);
      const v = sign * sliding[c]!;
      this.slidingExtreme[c] = Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
      this.lastInside[c] = v < this.endLevel ? i : -1;
    }
    this.touchCrossed(readings);
    this.checkInterruption(latest);
  }

  /** Channels refreshed now that are past the threshold for the first time in this event. */
  private touchCrossed(readings: ChannelReadings): void {
    const { sign } = this.levels;
    for (let c = 0; c < this.channelCount; c++) {
      if (readings.refreshed[c] === 0 || this.touched[c] !== 0) continue;
      if (!(sign * readings.latest[c]! < this.threshold)) continue;
      this.touched[c] = 1;
      const lastOutside = this.lastOutside[c]!;
      // No sliding window was outside the event before it: it began before the data.
      this.openedFirst[c] = lastOutside < 0 ? 1 : 0;
      this.startIndex[c] = Math.max(lastOutside + 1, Math.floor(readings.period[c]!));
      this.pre[c] = this.beforeLevel(readings.preceding[c]!);
    }
  }

  /**
   * Interruptions, IEC 61000-4-30 5.5 (the notes' words): "An interruption on a polyphase system begins when
   * the U_rms(1/2) of all channels falls below the interruption threshold and ends when any channel is at or
   * above it plus the hysteresis." As RmsEventDetector does for one channel, the interruption is not split
   * out of the dip around it: a dip during which every channel was below the threshold at one instant is
   * reported once, as kind "interruption", over the whole dip span. A dip that takes two phases to zero while
   * the third stays up remains a dip.
   */
  private checkInterruption(latest: Float64Array): void {
    const limit = this.levels.interruptionV;
    if (limit === null || this.interrupted) return;
    for (let c = 0; c < this.channelCount; c++) if (!(Math.sqrt(latest[c]!) < limit)) return;
    this.interrupted = true;
  }

  private beforeLevel(preceding: number): number {
    const { normalLowSq, normalHighSq, referenceSq, sign } = this.levels;
    // The value three refreshes back (1.5 cycles) ends before the event began; fall back to the reference.
    return sign * (preceding >= normalLowSq && preceding <= normalHighSq ? preceding : referenceSq);
  }

  private close(i: number, readings: ChannelReadings): TrackedEvent {
    const event = this.makeEvent(i, i, false, readings.period);
    this.isOpen = false;
    for (let c = 0; c < this.channelCount; c++) {
      this.lastOutside[c] = i;
      this.lastInside[c] = -1;
    }
    return event;
  }

  /** `i`: the closing refresh (or the end of the data when cut); `n`: samples consumed before it. */
  private makeEvent(i: number, n: number, cut: boolean, periods: Float64Array): TrackedEvent {
    const { sign, interruptionV } = this.levels;
    const channels: number[] = [];
    let start = Number.POSITIVE_INFINITY;
    let startCut = false;
    for (let c = 0; c < this.channelCount; c++) {
      if (this.touched[c] === 0) continue;
      channels.push(c);
      let s = this.startIndex[c]! + 1 - this.startFraction(c) * periods[c]!;
      if (this.openedFirst[c] !== 0) {
        s = 0;
        startCut = true;
      }
      start = Math.min(start, Math.max(0, s));
    }
    let end = cut ? n : start;
    if (!cut) {
      for (let c = 0; c < this.channelCount; c++) {
        if (this.lastInside[c]! < 0) continue;
        // First sample whose sliding window was back across the end level; the window that recovered holds a
        // fraction q of post-event samples, q = (level - inner) / (pre - inner).
        const back = Math.min(this.lastInside[c]! + 1, i);
        const span = this.pre[c]! - this.slidingExtreme[c]!;
        const q =
          Math.abs(span) < 1e-12
            ? 0
            : Math.min(1, Math.max(0, (this.endLevel - this.slidingExtreme[c]!) / span));
        end = Math.max(end, Math.max(start, Math.min(n, back + 1 - q * periods[c]!)));
      }
    }
    const residualMs = sign * this.extreme;
    let kind: EventKind = sign < 0 ? "swell" : "dip";
    if (this.interrupted && interruptionV !== null) kind = "interruption";
    return { kind, start, end, residualMs, startCut, channels };
  }

  /** The window first past the threshold holds p = (pre - threshold) / (pre - inner) of event samples. */
  private startFraction(c: number): number {
    const span = this.pre[c]! - this.slidingExtreme[c]!;
    if (Math.abs(span) < 1e-12) return 1;
    return Math.min(1, Math.max(0, (this.pre[c]! - this.threshold) / span));
  }
}
