import type { Xoshiro128 } from "./random.ts";

const COMPONENTS = 3;
const MIN_PERIOD_S = 20;
const MAX_PERIOD_S = 200;

/**
 * A slow, smooth random excursion in [-1, 1]: a weighted sum of three sinusoids with random periods of
 * 20–200 s and random phases, divided by the sum of the weights (so the bound holds by construction).
 * Used for the grid's frequency drift and RMS wander, which move over tens of seconds, not within a cycle.
 */
export class SlowWander {
  private readonly angular: Float64Array;
  private readonly phase: Float64Array;
  private readonly weight: Float64Array;

  constructor(random: Xoshiro128) {
    this.angular = new Float64Array(COMPONENTS);
    this.phase = new Float64Array(COMPONENTS);
    this.weight = new Float64Array(COMPONENTS);
    let total = 0;
    for (let c = 0; c < COMPONENTS; c++) {
      const period = MIN_PERIOD_S + (MAX_PERIOD_S - MIN_PERIOD_S) * random.next();
      this.angular[c] = (2 * Math.PI) / period;
      this.phase[c] = 2 * Math.PI * random.next();
      this.weight[c] = 0.5 + 0.5 * random.next();
      total += this.weight[c]!;
    }
    for (let c = 0; c < COMPONENTS; c++) this.weight[c]! /= total;
  }

  /** Value at time t (seconds), within [-1, 1]. */
  at(t: number): number {
    let sum = 0;
    for (let c = 0; c < COMPONENTS; c++)
      sum += this.weight[c]! * Math.sin(this.angular[c]! * t + this.phase[c]!);
    return sum;
  }
}
