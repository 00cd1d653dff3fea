import { SignalError } from "./errors.ts";
import type { VoltageEvent } from "./events.ts";
import {
  HalfCycleRms,
  MEASURE_CHUNK,
  type MeasuredChunk,
  measuredChunk,
  NOT_READY,
  REFRESH,
} from "./half-cycle-rms.ts";
import { type ChannelReadings, PolyphaseTracker, type TrackedEvent } from "./polyphase-tracker.ts";
import { type RmsSettings, validateRmsSettings } from "./rms.ts";

/** A voltage event on a polyphase system, naming the channels (phases) that went past the threshold. */
export type PhaseEvent = VoltageEvent & { phases: string[] };

export interface PolyphaseRmsDetectorOptions {
  /** Receives every U_rms(1/2) value: the channel's index, the index of the window's last sample, volts. */
  onRms?(channel: number, sampleIndex: number, rmsV: number): void;
}

/**
 * Dips, swells and interruptions over several channels at once (IEC 61000-4-30 5.4.2.2, 5.4.3.2, 5.5 on
 * polyphase systems; the rules are in polyphase-tracker.ts). Each channel has its own U_rms(1/2) meter (its own
 * frequency tracking and half-cycle refreshes, as RmsEventDetector); the event logic runs on all of them
 * together. With one channel it gives exactly RmsEventDetector's events, plus `phases`.
 */
export class PolyphaseRmsDetector {
  readonly settings: RmsSettings;
  readonly channelNames: readonly string[];
  private readonly onRms?: (channel: number, sampleIndex: number, rmsV: number) => void;
  private readonly meters: HalfCycleRms[];
  private readonly chunks: MeasuredChunk[];
  private readonly readings: ChannelReadings;
  private readonly dips: PolyphaseTracker;
  private readonly swells: PolyphaseTracker;
  /** Samples seen so far (the absolute index of the next sample). */
  private n = 0;

  constructor(settings: RmsSettings, channelNames: string[], options: PolyphaseRmsDetectorOptions = {}) {
    validateRmsSettings(settings);
    if (channelNames.length === 0)
      throw new SignalError("a polyphase detector needs at least one channel name");
    const duplicate = channelNames.find((name, k) => channelNames.indexOf(name) !== k);
    if (duplicate !== undefined)
      throw new SignalError(`channel names must be distinct; "${duplicate}" repeats`);
    this.settings = { ...settings };
    this.channelNames = [...channelNames];
    this.onRms = options.onRms;
    const { samplingRate, frequency, referenceVoltage: ref } = settings;
    const count = channelNames.length;
    this.meters = channelNames.map(() => new HalfCycleRms(samplingRate, frequency, ref));
    this.chunks = channelNames.map(() => measuredChunk());
    this.readings = {
      refreshed: new Uint8Array(count),
      latest: new Float64Array(count).fill(Number.NaN),
      period: new Float64Array(count).fill(samplingRate / frequency),
      preceding: new Float64Array(count).fill(-1),
      sliding: new Float64Array(count).fill(Number.NaN),
    };
    const level = (pct: number) => ((pct / 100) * ref) ** 2;
    const normal = {
      normalLowSq: level(settings.dipPct + settings.hysteresisPct),
      normalHighSq: level(settings.swellPct - settings.hysteresisPct),
      referenceSq: ref * ref,
    };
    this.dips = new PolyphaseTracker(
      {
        sign: 1,
        thresholdSq: level(settings.dipPct),
        endSq: level(settings.dipPct + settings.hysteresisPct),
        interruptionV: (settings.interruptionPct / 100) * ref,
        ...normal,
      },
      count,
    );
    this.swells = new PolyphaseTracker(
      {
        sign: -1,
        thresholdSq: level(settings.swellPct),
        endSq: level(settings.swellPct - settings.hysteresisPct),
        interruptionV: null,
        ...normal,
      },
      count,
    );
  }

  /** Samples consumed so far (per channel). */
  get samples(): number {
    return this.n;
  }

  /**
   * Feeds the next samples, one array per channel in `channelNames` order, all the same length; returns the
   * events that ended inside them (an open event waits for later blocks). Float32 samples (a stored
   * recording segment) are read as they are, without a float64 copy.
   */
  push(channels: readonly (Float64Array | Float32Array)[]): PhaseEvent[] {
    const count = this.meters.length;
    if (channels.length !== count) {
      throw new SignalError(
        `push() got ${channels.length} channel arrays for ${count} channels (${this.channelNames.join(", ")})`,
      );
    }
    const len = channels[0]!.length;
    for (let c = 1; c < count; c++) {
      if (channels[c]!.length !== len) {
        throw new SignalError(
          `channel ${this.channelNames[c]} has ${channels[c]!.length} samples in this block, ${this.channelNames[0]} has ${len}; give every channel the same samples`,
        );
      }
    }
    const { meters, chunks, readings, dips, swells } = this;
    const closed: TrackedEvent[] = [];
    const { refreshed, latest, period, preceding, sliding } = readings;
    // Per channel: the next REFRESH slot at or after the run's start (MEASURE_CHUNK when none is left).
    const nextRefresh = new Int32Array(count);
    for (let from = 0; from < len; from += MEASURE_CHUNK) {
      const to = Math.min(len, from + MEASURE_CHUNK);
      const slots = to - from;
      for (let c = 0; c < count; c++) meters[c]!.measure(channels[c]!, from, to, chunks[c]!);
      nextRefresh.fill(-1);
      const first = this.n;
      // Runs of samples up to the next refresh instant (any channel refreshing): between instants the trackers'
      // state does not change, so each channel's run is fed in one go, then the instant is handled.
      for (let start = 0; start < slots; ) {
        let instant = slots;
        for (let c = 0; c < count; c++) {
          if (nextRefresh[c]! < start) nextRefresh[c] = nextSlot(chunks[c]!.kind, start, slots);
          if (nextRefresh[c]! < instant) instant = nextRefresh[c]!;
        }
        const end = Math.min(instant, slots - 1);
        for (let c = 0; c < count; c++) {
          const { ms, kind } = chunks[c]!;
          dips.sampleRun(c, first + start, ms, kind, start, end, swells.own[c]!);
          swells.sampleRun(c, first + start, ms, kind, start, end, dips.own[c]!);
        }
        if (instant < slots) {
          const i = first + instant;
          for (let c = 0; c < count; c++) {
            const chunk = chunks[c]!;
            const kind = chunk.kind[instant]!;
            sliding[c] = kind === NOT_READY ? Number.NaN : chunk.ms[instant]!;
            refreshed[c] = kind === REFRESH ? 1 : 0;
            if (kind !== REFRESH) continue;
            latest[c] = chunk.ms[instant]!;
            period[c] = chunk.period[instant]!;
            preceding[c] = chunk.preceding[instant]!;
          }
          if (this.onRms)
            for (let c = 0; c < count; c++) if (refreshed[c]) this.onRms(c, i, Math.sqrt(latest[c]!));
          dips.instant(i, readings, closed);
          swells.instant(i, readings, closed);
        }
        start = end + 1;
      }
      this.n = first + slots;
    }
    return closed.map((event) => this.toPhaseEvent(event, false));
  }

  /** Ends the data: events still open are closed at the last sample and flagged cut. */
  finish(): PhaseEvent[] {
    const periods = Float64Array.from(this.meters, (meter) => meter.period);
    const events: PhaseEvent[] = [];
    for (const tracker of [this.dips, this.swells]) {
      const event = tracker.finish(this.n, periods);
      if (event) events.push(this.toPhaseEvent(event, true));
    }
    return events.sort((a, b) => a.start_s - b.start_s);
  }

  private toPhaseEvent(event: TrackedEvent, cut: boolean): PhaseEvent {
    const { samplingRate, referenceVoltage } = this.settings;
    const residual = Math.sqrt(event.residualMs);
    const start_s = event.start / samplingRate;
    const end_s = event.end / samplingRate;
    return {
      kind: event.kind,
      start_s,
      end_s,
      duration_s: end_s - start_s,
      residual_v: residual,
      residual_pct: (100 * residual) / referenceVoltage,
      cut: cut || event.startCut,
      phases: event.channels.map((c) => this.channelNames[c]!),
    };
  }
}

/** The first slot from `start` below `end` whose kind is REFRESH, or `end` when there is none. */
function nextSlot(kind: Uint8Array, start: number, end: number): number {
  for (let k = start; k < end; k++) if (kind[k] === REFRESH) return k;
  return end;
}

/** Events in whole series (one array per channel): an event running past the start or end is flagged `cut`. */
export function detectPhaseEvents(
  channels: Float64Array[],
  settings: RmsSettings,
  channelNames: string[],
  options: PolyphaseRmsDetectorOptions = {},
): PhaseEvent[] {
  const detector = new PolyphaseRmsDetector(settings, channelNames, options);
  const events = detector.push(channels);
  for (const event of detector.finish()) events.push(event);
  return events;
}
