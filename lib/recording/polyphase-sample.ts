/**
 * Generated three-phase (or one-phase) mains: the generator's wave per phase, phases 120° apart, with the
 * generator's injected events applied to the phases asked for and explicitly placed events on top. Phase A is
 * exactly the single-phase generator's anomaly wave when the events apply to it.
 */
import {
  type EventKind,
  EventScheduler,
  MainsWave,
  resolveSampleOptions,
  type SampleOptions,
  SignalError,
  sampleCount,
  substreamSeed,
  type TrueEvent,
} from "../signal/index.ts";

/** An event placed by hand: rows [start, end) of the listed phases carry the wave times `factor`. */
export interface PlacedEvent {
  kind: EventKind;
  start: number;
  end: number;
  factor: number;
  phases: string[];
}

export interface PolyphaseOptions {
  /** Phase names in order, each 120° (one third of a cycle) behind the previous: ["A", "B", "C"] or ["A"]. */
  phases: string[];
  /** The phases the generator's random events apply to (default: all). */
  eventPhases?: string[];
  /** Events placed by hand, applied on top. */
  placed?: PlacedEvent[];
}

export interface PolyphaseBlock {
  offset: number;
  length: number;
  /** One array per phase (fresh per block). */
  channels: Float64Array[];
  /** Random events that started in this block. */
  events: TrueEvent[];
}

/** Streams the phases block by block; memory bounded by the block size. */
export class PolyphaseSampleStream {
  readonly options: SampleOptions;
  readonly rows: number;
  readonly phases: string[];
  private readonly waves: MainsWave[];
  private readonly shifts: number[];
  private readonly scheduler: EventScheduler;
  private readonly randomHits: boolean[];
  private readonly placed: PlacedEvent[];
  private position = 0;
  private started = 0;

  constructor(sample: Partial<SampleOptions>, polyphase: PolyphaseOptions) {
    this.options = resolveSampleOptions(sample);
    const { frequency, samplingRate, frequencyDrift } = this.options;
    this.phases = polyphase.phases;
    if (this.phases.length === 0) throw new SignalError("at least one phase is needed");
    if (this.phases.length > 1 && frequencyDrift > 0)
      throw new SignalError(
        "frequency drift is generated for one phase only (the phases would drift apart): use one phase or no drift",
      );
    const hit = polyphase.eventPhases ?? this.phases;
    for (const name of [...hit, ...(polyphase.placed ?? []).flatMap((e) => e.phases)])
      if (!this.phases.includes(name))
        throw new SignalError(`event phase "${name}" is not one of the phases ${this.phases.join(", ")}`);
    this.randomHits = this.phases.map((p) => hit.includes(p));
    this.placed = polyphase.placed ?? [];
    this.rows = sampleCount(this.options.duration, samplingRate);
    // Phase p lags by p/3 of a cycle: the same wave read p/3 of a period earlier (harmonics rotate with it).
    // Phases after A draw their noise and wander from their own seeds.
    this.waves = this.phases.map(
      (_, p) =>
        new MainsWave(
          p === 0 ? this.options : { ...this.options, seed: substreamSeed(this.options.seed, 100 + p) },
        ),
    );
    this.shifts = this.phases.map((_, p) => (frequency > 0 ? (p * samplingRate) / (3 * frequency) : 0));
    this.scheduler = new EventScheduler(this.options, this.rows);
  }

  /** Rows produced so far, random events started so far (zero-length ones included) and their kinds. */
  progress(): { rows: number; started: number; counts: Readonly<Record<EventKind, number>> } {
    return { rows: this.position, started: this.started, counts: this.scheduler.counts };
  }

  next(maxRows = 65536): PolyphaseBlock | null {
    const length = Math.min(maxRows, this.rows - this.position);
    if (length <= 0) return null;
    const offset = this.position;
    const ones = new Float64Array(length).fill(1);
    const factors = new Float64Array(length);
    const starts: number[] = [];
    const events: TrueEvent[] = [];
    this.scheduler.apply(offset, length, ones, factors, new Uint8Array(length), starts, events);
    const time = new Float64Array(length);
    const channels = this.waves.map((wave, p) => {
      const values = new Float64Array(length);
      wave.fill(offset - this.shifts[p]!, length, time, values);
      if (this.randomHits[p])
        for (let k = 0; k < length; k++) values[k] = (values[k] as number) * (factors[k] as number);
      for (const e of this.placed) {
        if (!e.phases.includes(this.phases[p] as string)) continue;
        for (let i = Math.max(e.start, offset); i < Math.min(e.end, offset + length); i++)
          values[i - offset] = (values[i - offset] as number) * e.factor;
      }
      return values;
    });
    this.position += length;
    this.started += starts.length;
    return { offset, length, channels, events };
  }
}
