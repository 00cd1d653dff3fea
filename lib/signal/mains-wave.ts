import { Gaussian, SUBSTREAMS, substreamSeed, Xoshiro128 } from "./random.ts";
import type { SampleOptions } from "./sample-options.ts";
import { SlowWander } from "./slow-wander.ts";

const TWO_PI = 2 * Math.PI;

/**
 * The undisturbed ("normal") wave, row by row. With every realistic feature off this is exactly the tutorial's
 * amplitude * sqrt(2) * sin(2 * pi * frequency * i / rate). Otherwise:
 *   wave = peak * (1 + wander% * W_a(t)) * (sin(phi) + sum_h pct_h% * sin(h * phi)) + noise
 * where phi is the integral of 2 * pi * (frequency + offset + drift * W_f(t)) (so the wave stays continuous
 * while the frequency moves), W_a, W_f are SlowWander excursions in [-1, 1] and noise ~ N(0, (noise% * amplitude)^2).
 * Rows must be requested in order (the phase and the noise are sequential).
 */
export class MainsWave {
  private readonly step: number;
  private readonly peak: number;
  private readonly angular: number;
  private readonly orders: Float64Array;
  private readonly ratios: Float64Array;
  private readonly drift: number;
  private readonly driftWander: SlowWander | null;
  private readonly wanderDepth: number;
  private readonly amplitudeWander: SlowWander | null;
  private readonly noiseSigma: number;
  private readonly noise: Gaussian | null;
  /** Fundamental phase of the next row when the frequency drifts (kept within [0, 2 pi)). */
  private phase = 0;

  constructor(options: SampleOptions) {
    const { samplingRate, amplitude, frequency, frequencyOffset, frequencyDrift, seed } = options;
    this.step = 1 / samplingRate;
    this.peak = amplitude * Math.SQRT2;
    this.angular = 2 * Math.PI * (frequency + frequencyOffset);
    this.orders = Float64Array.from(options.harmonics, (h) => h.order);
    this.ratios = Float64Array.from(options.harmonics, (h) => h.pct / 100);
    const stream = (index: number) => new Xoshiro128(substreamSeed(seed, index));
    this.drift = frequencyDrift;
    this.driftWander = frequencyDrift > 0 ? new SlowWander(stream(SUBSTREAMS.frequency)) : null;
    this.wanderDepth = options.amplitudeWander / 100;
    this.amplitudeWander = options.amplitudeWander > 0 ? new SlowWander(stream(SUBSTREAMS.amplitude)) : null;
    this.noiseSigma = (amplitude * options.noisePct) / 100;
    this.noise = options.noisePct > 0 ? new Gaussian(stream(SUBSTREAMS.noise)) : null;
  }

  /** Fills time and the normal wave for rows [offset, offset + length). */
  fill(offset: number, length: number, time: Float64Array, normal: Float64Array): void {
    const { step, peak, angular, orders, ratios, driftWander, amplitudeWander, noise } = this;
    const harmonicCount = orders.length;
    let phase = this.phase;
    for (let k = 0; k < length; k++) {
      const t = (offset + k) * step;
      time[k] = t;
      const phi = driftWander ? phase : angular * t;
      let value = Math.sin(phi);
      for (let h = 0; h < harmonicCount; h++) value += ratios[h]! * Math.sin(orders[h]! * phi);
      value = amplitudeWander ? peak * (1 + this.wanderDepth * amplitudeWander.at(t)) * value : peak * value;
      if (noise) value += this.noiseSigma * noise.next();
      normal[k] = value;
      if (driftWander) {
        phase += (angular + TWO_PI * this.drift * driftWander.at(t)) * step;
        if (phase >= TWO_PI) phase %= TWO_PI;
      }
    }
    this.phase = phase;
  }

  /** Instantaneous frequency (Hz) at time t: nominal + offset + the drift's excursion. */
  frequencyAt(t: number): number {
    const base = this.angular / TWO_PI;
    return this.driftWander ? base + this.drift * this.driftWander.at(t) : base;
  }
}
