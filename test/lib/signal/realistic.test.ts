/** The realistic-mains generator: waveform features, ranged events, swells and interruptions, profiles. */
import { describe, expect, test } from "bun:test";
import { profileSample, sampleSeeds, tutorialSample } from "../../../lib/anomaly/sample.ts";
import {
  generateSample,
  MainsWave,
  PROFILE_NAMES,
  parseProfileName,
  profileOptions,
  profileWith,
  rangeBounds,
  resolveSampleOptions,
  type Sample,
  type SampleOptions,
  SampleStream,
  SignalError,
  sampleRange,
  withEventRate,
} from "../../../lib/signal/index.ts";

const PEAK = 230 * Math.SQRT2;
const quiet = { anomalyProbability: 0 } as const;

function rms(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]! * values[i]!;
  return Math.sqrt(sum / (to - from));
}

/** RMS of the DFT component at `bin` of values[0..n) (n a whole number of periods of that frequency). */
function dftRms(values: Float64Array, bin: number): { rms: number; phase: number } {
  const n = values.length;
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    re += values[i]! * Math.cos((2 * Math.PI * bin * i) / n);
    im -= values[i]! * Math.sin((2 * Math.PI * bin * i) / n);
  }
  return { rms: (2 * Math.hypot(re, im)) / n / Math.SQRT2, phase: Math.atan2(im, re) };
}

/** Times (s) of upward zero crossings, linearly interpolated. */
function upwardCrossings(values: Float64Array, step: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) {
    if (values[i - 1]! < 0 && values[i]! >= 0)
      out.push((i - 1 + values[i - 1]! / (values[i - 1]! - values[i]!)) * step);
  }
  return out;
}

describe("waveform features", () => {
  test("noise: the RMS of normal minus the clean wave is the requested % of the nominal RMS", () => {
    for (const noisePct of [0.5, 2]) {
      const clean = generateSample({ ...quiet, duration: 20, seed: 11 });
      const noisy = generateSample({ ...quiet, duration: 20, seed: 11, noisePct });
      const noise = noisy.normal.map((v, i) => v - clean.normal[i]!);
      expect(Math.abs(rms(noise) / (230 * (noisePct / 100)) - 1)).toBeLessThan(0.03);
      expect(Math.abs(noise.reduce((a, b) => a + b, 0) / noise.length)).toBeLessThan(
        230 * (noisePct / 100) * 0.05,
      );
    }
  });

  test("harmonics: each DFT bin holds the requested % of the fundamental's RMS, phase-locked", () => {
    const harmonics = [
      { order: 3, pct: 3 },
      { order: 5, pct: 2 },
      { order: 7, pct: 1 },
    ];
    const { normal } = generateSample({ ...quiet, duration: 1, seed: 1, harmonics });
    const fundamental = dftRms(normal, 50);
    expect(fundamental.rms).toBeCloseTo(230, 6);
    for (const { order, pct } of harmonics) {
      const bin = dftRms(normal, 50 * order);
      expect(bin.rms / fundamental.rms).toBeCloseTo(pct / 100, 9);
      expect(bin.phase).toBeCloseTo(fundamental.phase, 6); // sin(h * phi): both start at -pi/2
    }
    expect(dftRms(normal, 100).rms).toBeLessThan(1e-9); // nothing at an order not asked for
    // With noise on top, the bins stay within a few % of the request.
    const noisy = generateSample({ ...quiet, duration: 1, seed: 1, harmonics, noisePct: 0.5 });
    for (const { order, pct } of harmonics) {
      expect(Math.abs(dftRms(noisy.normal, 50 * order).rms / 230 / (pct / 100) - 1)).toBeLessThan(0.05);
    }
  });

  test("frequency offset: zero crossings come at frequency + offset", () => {
    const { normal } = generateSample({ ...quiet, duration: 10, seed: 3, frequencyOffset: -0.2 });
    const crossings = upwardCrossings(normal, 0.001);
    const measured = (crossings.length - 1) / (crossings[crossings.length - 1]! - crossings[0]!);
    expect(measured).toBeCloseTo(49.8, 3);
  });

  test("frequency drift stays within ±drift, moves, and the wave has no jumps", () => {
    const drift = 0.5;
    const options = resolveSampleOptions({ ...quiet, duration: 200, seed: 5, frequencyDrift: drift });
    const wave = new MainsWave(options);
    let lowest = Number.POSITIVE_INFINITY;
    let highest = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < 1000; t += 0.05) {
      const f = wave.frequencyAt(t);
      lowest = Math.min(lowest, f);
      highest = Math.max(highest, f);
    }
    expect(lowest).toBeGreaterThanOrEqual(50 - drift);
    expect(highest).toBeLessThanOrEqual(50 + drift);
    expect(highest - lowest).toBeGreaterThan(drift * 0.3); // it does drift

    const { normal } = generateSample(options);
    // Per-cycle frequency from zero crossings stays within the bound (plus interpolation error).
    const crossings = upwardCrossings(normal, 0.001);
    let minF = Number.POSITIVE_INFINITY;
    let maxF = 0;
    let worstMismatch = 0;
    for (let c = 1; c < crossings.length; c++) {
      const f = 1 / (crossings[c]! - crossings[c - 1]!);
      minF = Math.min(minF, f);
      maxF = Math.max(maxF, f);
      const expected = wave.frequencyAt((crossings[c]! + crossings[c - 1]!) / 2);
      worstMismatch = Math.max(worstMismatch, Math.abs(f - expected));
    }
    expect(worstMismatch).toBeLessThan(0.005); // the wave follows the drift, cycle by cycle
    expect(minF).toBeGreaterThan(50 - drift - 0.05);
    expect(maxF).toBeLessThan(50 + drift + 0.05);
    expect(maxF - minF).toBeGreaterThan(0.1);
    // Continuity: no step is larger than the steepest slope of a sine at the highest frequency allows.
    const maxStep = PEAK * 2 * Math.PI * (50 + drift) * 0.001;
    let largest = 0;
    for (let i = 1; i < normal.length; i++)
      largest = Math.max(largest, Math.abs(normal[i]! - normal[i - 1]!));
    expect(largest).toBeLessThanOrEqual(maxStep);
    expect(largest).toBeGreaterThan(maxStep * 0.9);
    // And the peaks stay at the nominal peak (phase integration does not distort the amplitude).
    expect(Math.max(...normal)).toBeCloseTo(PEAK, 0);
  });

  test("amplitude wander: per-cycle RMS stays within ±wander % and moves", () => {
    const wander = 2;
    const { normal } = generateSample({ ...quiet, duration: 300, seed: 8, amplitudeWander: wander });
    let lowest = Number.POSITIVE_INFINITY;
    let highest = 0;
    for (let start = 0; start + 20 <= normal.length; start += 20) {
      const cycle = rms(normal, start, start + 20);
      lowest = Math.min(lowest, cycle);
      highest = Math.max(highest, cycle);
    }
    expect(lowest).toBeGreaterThanOrEqual(230 * (1 - wander / 100) - 0.01);
    expect(highest).toBeLessThanOrEqual(230 * (1 + wander / 100) + 0.01);
    expect(highest - lowest).toBeGreaterThan(230 * (wander / 100) * 0.5);
  });
});

/** Checks every invariant that ties events, labels and the two waves together; returns nothing, throws on a miss. */
function checkEvents(sample: Sample, options: Partial<SampleOptions>): void {
  const resolved = resolveSampleOptions({ ...options, seed: sample.seed });
  const rows = sample.labels.length;
  const inEvent = new Uint8Array(rows);
  let previousEnd = -1;
  for (const event of sample.events) {
    expect(event.start).toBeGreaterThan(previousEnd); // in order, never overlapping, one free row between
    expect(event.end).toBeGreaterThan(event.start);
    expect(event.end).toBeLessThanOrEqual(rows);
    previousEnd = event.end;
    const [factorRange, durationRange] = (
      {
        dip: [resolved.anomalyDrop, resolved.anomalyDuration],
        swell: [resolved.swellRise, resolved.swellDuration],
        interruption: [resolved.interruptionFactor, resolved.interruptionDuration],
      } as const
    )[event.kind];
    const [fMin, fMax] = rangeBounds(factorRange);
    expect(event.factor).toBeGreaterThanOrEqual(fMin);
    expect(event.factor).toBeLessThanOrEqual(fMax);
    if (event.kind === "dip") expect(event.factor).toBeLessThan(1);
    if (event.kind === "swell") expect(event.factor).toBeGreaterThan(1);
    if (event.kind === "interruption") expect(event.factor).toBeLessThan(0.05);
    const [dMin, dMax] = rangeBounds(durationRange);
    const length = event.end - event.start;
    expect(length).toBeLessThanOrEqual(dMax);
    if (event.end < rows) expect(length).toBeGreaterThanOrEqual(dMin);
    for (let i = event.start; i < event.end; i++) {
      inEvent[i] = 1;
      if (sample.anomaly[i] !== sample.normal[i]! * event.factor) {
        throw new Error(`row ${i}: anomaly ${sample.anomaly[i]} is not normal * ${event.factor}`);
      }
    }
  }
  for (let i = 0; i < rows; i++) {
    if (sample.labels[i] !== inEvent[i]) throw new Error(`row ${i}: label ${sample.labels[i]} vs events`);
    if (!inEvent[i] && sample.anomaly[i] !== sample.normal[i])
      throw new Error(`row ${i}: outside events differs`);
  }
  expect(sample.anomalyStarts).toEqual(sample.events.map((e) => e.start));
}

describe("events", () => {
  test("realistic profile: factors, kinds, durations, labels and waves agree, for 10 seeds", () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) {
      const options = profileOptions("realistic");
      const sample = generateSample({ ...options, seed });
      checkEvents(sample, options);
      expect(sample.events.length).toBeGreaterThanOrEqual(5);
      expect(sample.events.length).toBeLessThanOrEqual(30);
      for (const e of sample.events) kinds.add(e.kind);
    }
    expect([...kinds].sort()).toEqual(["dip", "interruption", "swell"]);
  });

  test("dense events of every kind, cut at the end of the signal", () => {
    const options: Partial<SampleOptions> = {
      duration: 5,
      anomalyProbability: 0.3,
      anomalyDrop: [0.1, 0.85],
      anomalyDuration: [1, 30],
      swellProbability: 0.3,
      swellRise: [1.12, 1.4],
      swellDuration: [5, 50],
      interruptionProbability: 0.3,
      interruptionDuration: [10, 20],
      noisePct: 1,
      harmonics: [{ order: 3, pct: 5 }],
    };
    for (const seed of [1, 2, 3]) {
      const sample = generateSample({ ...options, seed });
      expect(sample.events.length).toBeGreaterThan(100);
      checkEvents(sample, options);
      expect(sample.labels[sample.labels.length - 1]).toBe(1); // an event runs past the end and is cut
    }
  });

  test("ranges are used: drawn factors and durations spread over the range", () => {
    const sample = generateSample({
      duration: 100,
      anomalyProbability: 0.01,
      anomalyDrop: [0.1, 0.85],
      anomalyDuration: [20, 60],
      seed: 4,
    });
    const factors = sample.events.map((e) => e.factor);
    const lengths = sample.events.filter((e) => e.end < 100000).map((e) => e.end - e.start);
    expect(Math.min(...factors)).toBeLessThan(0.2);
    expect(Math.max(...factors)).toBeGreaterThan(0.75);
    expect(Math.min(...lengths)).toBe(20);
    expect(Math.max(...lengths)).toBe(60);
  });

  test("waveform features never move the events: the noisy profile's events are the tutorial's", () => {
    for (const seed of [1, 2, 3]) {
      const tutorial = generateSample({ seed });
      const noisy = generateSample({ ...profileOptions("noisy"), seed });
      expect(noisy.events).toEqual(tutorial.events);
      expect(noisy.labels).toEqual(tutorial.labels);
      expect(noisy.normal).not.toEqual(tutorial.normal);
    }
  });

  test("streaming in any block size gives the same rows and events as one block; sampleRange matches", () => {
    const options = { ...profileOptions("realistic"), duration: 30, seed: 9 };
    const whole = generateSample(options);
    for (const blockRows of [1000, 4097, 65536]) {
      const stream = new SampleStream(options);
      const normal = new Float64Array(stream.rows);
      const anomaly = new Float64Array(stream.rows);
      const events = [];
      for (let block = stream.next(blockRows); block; block = stream.next(blockRows)) {
        normal.set(block.normal, block.offset);
        anomaly.set(block.anomaly, block.offset);
        events.push(...block.events);
        for (const e of block.events) expect(e.start).toBeGreaterThanOrEqual(block.offset);
      }
      expect([...normal]).toEqual([...whole.normal]);
      expect([...anomaly]).toEqual([...whole.anomaly]);
      expect(events).toEqual(whole.events);
    }
    const window = sampleRange(resolveSampleOptions(options), 12345, 2000);
    expect(window.anomaly).toEqual(whole.anomaly.slice(12345, 14345));
  });

  test("bad options are refused with the option's name", () => {
    const cases: [Partial<SampleOptions>, string][] = [
      [{ swellRise: 0.9 }, "swellRise must be above 1"],
      [{ swellRise: [1.2, 1.1] }, "swellRise range must have min <= max"],
      [{ interruptionFactor: [0, 0.1] }, "interruptionFactor must be within [0, 0.05)"],
      [{ anomalyDuration: [10, 20.5] }, "anomalyDuration must be a whole number of samples"],
      [
        { anomalyDrop: [0.1] as unknown as [number, number] },
        "anomalyDrop must be a number or a [min, max] range",
      ],
      [{ anomalyProbability: 0.6, swellProbability: 0.6 }, "must be <= 1"],
      [{ amplitudeWander: 11 }, "amplitudeWander must be within [0, 10]"],
      [{ noisePct: -1 }, "noisePct must be within [0, 100]"],
      [{ frequencyDrift: -0.1 }, "frequencyDrift must be >= 0"],
      [{ frequencyOffset: -60 }, "frequency + frequencyOffset - frequencyDrift must be >= 0"],
      [{ harmonics: [{ order: 1, pct: 3 }] }, "harmonic order must be a whole number >= 2"],
      [
        {
          harmonics: [
            { order: 3, pct: 3 },
            { order: 3, pct: 1 },
          ],
        },
        "harmonic order 3 is given twice",
      ],
      [{ harmonics: [{ order: 11, pct: 1 }] }, "above the Nyquist frequency 500 Hz"],
    ];
    for (const [options, message] of cases) {
      expect(() => generateSample({ duration: 1, ...options })).toThrow(SignalError);
      expect(() => generateSample({ duration: 1, ...options })).toThrow(message);
    }
  });
});

describe("profiles", () => {
  test("names, parsing and an unknown name listing the valid ones", () => {
    expect([...PROFILE_NAMES]).toEqual(["tutorial", "noisy", "realistic", "shallow", "short", "swells"]);
    expect(parseProfileName("shallow")).toBe("shallow");
    expect(() => parseProfileName("loud")).toThrow(
      'unknown profile "loud"; valid profiles: tutorial, noisy, realistic, shallow, short, swells',
    );
    expect(() => profileOptions("loud" as never)).toThrow(SignalError);
    expect(profileOptions("tutorial")).toEqual({});
    // A fresh copy each time: changing one does not change the profile.
    const copy = profileOptions("realistic");
    (copy.harmonics as { order: number; pct: number }[]).push({ order: 9, pct: 1 });
    expect(profileOptions("realistic").harmonics).toHaveLength(3);
  });

  test("each profile gives the events it promises", () => {
    for (const name of PROFILE_NAMES) {
      const options = profileOptions(name);
      const sample = generateSample({ ...options, seed: 21 });
      checkEvents(sample, options);
      const kinds = new Set(sample.events.map((e) => e.kind));
      if (name === "swells") expect([...kinds]).toEqual(["swell"]);
      else expect(kinds.has("dip")).toBe(true);
      if (name === "shallow") for (const e of sample.events) expect(e.factor).toBeGreaterThanOrEqual(0.6);
      if (name === "short") for (const e of sample.events) expect(e.end - e.start).toBeLessThanOrEqual(60);
    }
  });

  test("explicit values beat the profile; undefined ones do not unset it", () => {
    const merged = profileWith("shallow", { anomalyDrop: 0.3, noisePct: undefined });
    expect(merged.anomalyDrop).toBe(0.3);
    expect(merged.noisePct).toBe(0.5);
  });

  test("withEventRate keeps the mix and sets the total; submit's samples follow it", () => {
    expect(withEventRate({}, 0.001)).toEqual({ anomalyProbability: 0.001 });
    const realistic = withEventRate(profileOptions("realistic"), 0.002);
    const total =
      (realistic.anomalyProbability ?? 0) +
      (realistic.swellProbability ?? 0) +
      (realistic.interruptionProbability ?? 0);
    expect(total).toBeCloseTo(0.002, 12);
    expect((realistic.swellProbability ?? 0) / (realistic.anomalyProbability ?? 1)).toBeCloseTo(0.3, 12);
    expect(profileSample("tutorial", 0.001, 5)).toEqual(tutorialSample(0.001, 5));
    const [seed] = sampleSeeds(1, 5);
    const sample = profileSample("realistic", 0.002, seed);
    expect(sample.time).toHaveLength(1000);
    expect(sample.normal).not.toEqual(tutorialSample(0.002, seed).normal);
  });
});
