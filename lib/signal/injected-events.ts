import type { EventKind } from "./events.ts";
import { SUBSTREAMS, substreamSeed, Xoshiro128 } from "./random.ts";
import type { NumberOrRange, SampleOptions } from "./sample-options.ts";

/** An injected event: rows [start, end) (absolute indices, end exclusive) carry normal * factor. */
export interface TrueEvent {
  kind: EventKind;
  start: number;
  end: number;
  factor: number;
}

interface KindShape {
  kind: EventKind;
  factor: NumberOrRange;
  duration: NumberOrRange;
}

/**
 * Decides, row by row, where events start, which kind they are and their factor and length. One uniform draw per
 * row from the seed's main stream, as the tutorial's loop: when no event is in progress and the draw is below
 * p_dip + p_swell + p_interruption, an event starts here (a dip below p_dip, a swell below p_dip + p_swell, else
 * an interruption) and covers [i, min(i + duration, rows)); "in progress" is cleared at the first row past its
 * end, so the next can start one row later at the earliest. Factor and duration come from their own stream, so
 * with only dips at a fixed drop and duration this is the tutorial's injection exactly.
 * Zero-length events (duration 0) count as starts but are not reported in `events` (they touch no row).
 */
export class EventScheduler {
  private readonly starts: Xoshiro128;
  private readonly shapes: Xoshiro128;
  private readonly dipBelow: number;
  private readonly swellBelow: number;
  private readonly anyBelow: number;
  private readonly kinds: readonly [KindShape, KindShape, KindShape];
  private inEvent = false;
  private end = 0;
  private factor = 1;
  readonly counts: Record<EventKind, number> = { dip: 0, swell: 0, interruption: 0 };

  constructor(
    options: SampleOptions,
    private readonly rows: number,
  ) {
    this.starts = new Xoshiro128(options.seed);
    this.shapes = new Xoshiro128(substreamSeed(options.seed, SUBSTREAMS.eventShapes));
    this.dipBelow = options.anomalyProbability;
    this.swellBelow = this.dipBelow + options.swellProbability;
    this.anyBelow = this.swellBelow + options.interruptionProbability;
    this.kinds = [
      { kind: "dip", factor: options.anomalyDrop, duration: options.anomalyDuration },
      { kind: "swell", factor: options.swellRise, duration: options.swellDuration },
      { kind: "interruption", factor: options.interruptionFactor, duration: options.interruptionDuration },
    ];
  }

  /**
   * Labels rows [offset, offset + length) and writes anomaly = normal * factor inside events (= normal outside).
   * Appends the rows where events started to `starts` and the non-empty events to `events`.
   */
  apply(
    offset: number,
    length: number,
    normal: Float64Array,
    anomaly: Float64Array,
    labels: Uint8Array,
    starts: number[],
    events: TrueEvent[],
  ): void {
    const { dipBelow, swellBelow, anyBelow, rows } = this;
    const random = this.starts;
    let { inEvent, end, factor } = this;
    for (let k = 0; k < length; k++) {
      const i = offset + k;
      const draw = random.next();
      if (draw < anyBelow && !inEvent) {
        const shape = this.kinds[draw < dipBelow ? 0 : draw < swellBelow ? 1 : 2];
        factor = this.drawValue(shape.factor);
        end = Math.min(i + this.drawWhole(shape.duration), rows);
        inEvent = true;
        starts.push(i);
        this.counts[shape.kind]++;
        if (end > i) events.push({ kind: shape.kind, start: i, end, factor });
      } else if (i >= end) {
        inEvent = false;
      }
      const value = normal[k]!;
      if (i < end) {
        labels[k] = 1;
        anomaly[k] = value * factor;
      } else {
        labels[k] = 0;
        anomaly[k] = value;
      }
    }
    this.inEvent = inEvent;
    this.end = end;
    this.factor = factor;
  }

  private drawValue(value: NumberOrRange): number {
    if (typeof value === "number") return value;
    const [min, max] = value;
    return min + (max - min) * this.shapes.next();
  }

  private drawWhole(value: NumberOrRange): number {
    if (typeof value === "number") return value;
    const [min, max] = value;
    return min + Math.floor((max - min + 1) * this.shapes.next());
  }
}
