import { describe, expect, test } from "bun:test";
import {
  generateSample,
  SampleStream,
  SignalError,
  sampleRange,
  Xoshiro128,
} from "../../../lib/signal/index.ts";

/** The tutorial's loop written out literally (one draw per row, slices), as an oracle for the streaming generator. */
function tutorialLabels(rows: number, probability: number, duration: number, seed: number): Uint8Array {
  const random = new Xoshiro128(seed);
  const labels = new Uint8Array(rows);
  let inAnomaly = false;
  for (let i = 0; i < rows; i++) {
    if (random.next() < probability && !inAnomaly) {
      const end = Math.min(i + duration, rows);
      labels.fill(1, i, end);
      inAnomaly = true;
    } else if (labels[i] === 0) {
      inAnomaly = false;
    }
  }
  return labels;
}

describe("generateSample", () => {
  test("the same seed gives the same sample; another seed a different one", () => {
    const a = generateSample({ duration: 20, anomalyProbability: 0.001, seed: 42 });
    const b = generateSample({ duration: 20, anomalyProbability: 0.001, seed: 42 });
    const c = generateSample({ duration: 20, anomalyProbability: 0.001, seed: 43 });
    expect(a.seed).toBe(42);
    expect(b.anomaly).toEqual(a.anomaly);
    expect(b.anomalyStarts).toEqual(a.anomalyStarts);
    expect(c.anomalyStarts).not.toEqual(a.anomalyStarts);
  });

  test("without a seed one is picked and reported, and replays the run", () => {
    const first = generateSample({ duration: 5, anomalyProbability: 0.01 });
    expect(Number.isInteger(first.seed)).toBe(true);
    expect(generateSample({ duration: 5, anomalyProbability: 0.01, seed: first.seed }).anomaly).toEqual(
      first.anomaly,
    );
  });

  test("labels follow the tutorial's injection loop exactly, for several probabilities and durations", () => {
    for (const [probability, duration] of [
      [0.01, 100],
      [0.3, 5],
      [1, 3],
      [0.5, 0],
    ] as const) {
      const sample = generateSample({
        duration: 3,
        anomalyProbability: probability,
        anomalyDuration: duration,
        seed: 7,
      });
      expect(sample.labels).toEqual(tutorialLabels(3000, probability, duration, 7));
    }
  });

  test("anomalies: drop factor applied, cut at the end, next one starts only after the previous ended", () => {
    const sample = generateSample({
      duration: 2,
      anomalyProbability: 1,
      anomalyDuration: 100,
      anomalyDrop: 0.2,
      seed: 1,
    });
    // With probability 1 an anomaly starts at 0, and the next one on the first row after each ends (+1 gap row).
    expect(sample.anomalyStarts.slice(0, 3)).toEqual([0, 101, 202]);
    expect(sample.labels[100]).toBe(0);
    for (let i = 0; i < sample.labels.length; i++) {
      const expected = sample.labels[i] ? sample.normal[i]! * 0.2 : sample.normal[i];
      expect(sample.anomaly[i]).toBe(expected);
    }
    const last = sample.anomalyStarts[sample.anomalyStarts.length - 1]!;
    expect(last + 100).toBeGreaterThan(2000); // 1919 + 100 runs past the end and is cut
    expect(sample.labels[1999]).toBe(1);
  });

  test("time is i / rate like np.arange, peak is amplitude * sqrt(2)", () => {
    const { time, normal } = generateSample({
      duration: 1,
      samplingRate: 1000,
      anomalyProbability: 0,
      seed: 1,
    });
    expect(time.length).toBe(1000);
    expect(time[9]).toBe(9 * (1 / 1000));
    expect(Math.max(...normal)).toBeCloseTo(230 * Math.SQRT2, 9);
  });

  test("streaming in small blocks gives the same rows as one block", () => {
    const options = { duration: 3, anomalyProbability: 0.005, anomalyDuration: 150, seed: 9 };
    const whole = generateSample(options);
    const stream = new SampleStream(options);
    const labels: number[] = [];
    const anomaly: number[] = [];
    const starts: number[] = [];
    for (let block = stream.next(7); block; block = stream.next(7)) {
      labels.push(...block.labels);
      anomaly.push(...block.anomaly);
      starts.push(...block.anomalyStarts);
    }
    expect(labels).toEqual(Array.from(whole.labels));
    expect(anomaly).toEqual(Array.from(whole.anomaly));
    expect(starts).toEqual(whole.anomalyStarts);
    expect(stream.anomalyCount).toBe(whole.anomalyStarts.length);
    const range = sampleRange(stream.options, 1234, 500);
    expect(range.anomaly).toEqual(whole.anomaly.slice(1234, 1734));
  });

  test("bad options are rejected with a clear message", () => {
    expect(() => generateSample({ duration: -1 })).toThrow(SignalError);
    expect(() => generateSample({ anomalyProbability: 1.5 })).toThrow(
      "anomalyProbability must be within [0, 1]",
    );
    expect(() => generateSample({ anomalyDuration: 2.5 })).toThrow("anomalyDuration");
    expect(() => generateSample({ seed: -3 })).toThrow("seed");
  });

  test("the PRNG is uniform enough on [0, 1)", () => {
    const random = new Xoshiro128(123);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100000; i++) {
      const x = random.next();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(sum / 100000).toBeCloseTo(0.5, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });
});
