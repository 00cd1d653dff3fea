import { describe, expect, test } from "bun:test";
import {
  confusionMetrics,
  Detector,
  findZeroCrossings,
  generateSample,
  histogram,
  klDivergence,
  pythonFloatString,
  smoothedHistogram,
  trimToZeroCrossings,
  tutorialThreshold,
  zeroCrossingBounds,
} from "../../../lib/signal/index.ts";
import golden from "../../fixtures/numerics.json";

/** Relative error <= 1e-12 where the golden value is not 0; otherwise |actual| <= 1e-12. */
function expectClose(actual: number, expected: number): void {
  if (expected === 0) {
    expect(Math.abs(actual)).toBeLessThanOrEqual(1e-12);
  } else {
    expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(1e-12);
  }
}

function expectAllClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i]!, expected[i]!);
}

describe("golden parity with numpy/scipy/sklearn", () => {
  test("time strings are Python str(float) of np.arange(0, 1, 1/1000)", () => {
    const { time } = generateSample({ duration: 1, anomalyProbability: 0, seed: 1 });
    expect(golden.time_first_12).toEqual(Array.from(time.subarray(0, 12), pythonFloatString));
    for (const [index, text] of Object.entries(golden.time_str_samples)) {
      expect(pythonFloatString(time[Number(index)]!)).toBe(text);
    }
  });

  test("normal wave samples (230 V RMS, 50 Hz, 1000 Hz)", () => {
    const { normal } = generateSample({ duration: 1, anomalyProbability: 0, seed: 1 });
    for (const [index, value] of Object.entries(golden.normal_wave_samples)) {
      const i = Number(index);
      // Values at zero crossings are rounding noise of sin(k * pi); compare them to the peak instead.
      if (Math.abs(value) < 1e-9) expect(Math.abs(normal[i]! - value)).toBeLessThan(325 * 1e-12);
      else expectClose(normal[i]!, value);
    }
  });

  test("the first KL case's reference is our normal wave", () => {
    const { normal } = generateSample({ duration: 1, anomalyProbability: 0, seed: 1 });
    const reference = golden.kl_cases[0]!.reference;
    for (let i = 0; i < reference.length; i++)
      expect(Math.abs(normal[i]! - reference[i]!)).toBeLessThan(1e-9);
  });

  for (const c of golden.kl_cases) {
    test(`KL case ${c.name}: histograms, edges and KL`, () => {
      const ref = smoothedHistogram(c.reference);
      const sample = smoothedHistogram(c.sample);
      expectAllClose(ref.density, c.ref_hist);
      expectAllClose(ref.edges, c.ref_edges);
      expectAllClose(sample.density, c.sample_hist);
      expectAllClose(sample.edges, c.sample_edges);
      expectClose(klDivergence(ref.density, sample.density), c.kl);
      expectClose(new Detector({ reference: c.reference, threshold: 0 }).klDivergence(c.sample), c.kl);
    });
  }

  test("the tutorial's printed result: drop at 489, 100 samples, x0.2 gives KL 0.09482433169355574", () => {
    const c = golden.kl_cases.find((k) => k.name === "drop_at_489_len_100_x0.2");
    expect(c?.kl).toBe(0.09482433169355574);
    const { normal } = generateSample({ duration: 1, anomalyProbability: 0, seed: 1 });
    const dropped = normal.slice();
    for (let i = 489; i < 589; i++) dropped[i]! *= 0.2;
    const kl = new Detector({ reference: normal, threshold: 0.010199148586751076 }).detect(dropped);
    expect(kl.anomaly).toBe(true);
    expectClose(kl.klDivergence, 0.09482433169355574);
  });

  test("histogram edge cases: all values equal, two points (last bin closed)", () => {
    for (const c of [golden.hist_constant_3, golden.hist_two_points]) {
      const h = histogram(c.input);
      expectAllClose(h.density, c.hist);
      expectAllClose(h.edges, c.edges);
    }
  });

  test("zero-crossing trimming", () => {
    const { normal } = generateSample({ duration: 1, anomalyProbability: 0, seed: 1 });
    const crossings = findZeroCrossings(normal);
    expect(crossings.slice(0, 5)).toEqual(golden.trim_normal.zero_crossings_first5);
    expect(crossings.length).toBe(golden.trim_normal.count);
    expect(zeroCrossingBounds(normal)).toEqual({
      start: golden.trim_normal.start,
      end: golden.trim_normal.end,
    });
    expect(trimToZeroCrossings(normal).length).toBe(golden.trim_normal.trimmed_len);
    const offset = Float64Array.from(golden.trim_offset.input);
    expect(zeroCrossingBounds(offset)).toEqual({
      start: golden.trim_offset.start,
      end: golden.trim_offset.end,
    });
    expect(trimToZeroCrossings(offset).length).toBe(golden.trim_offset.trimmed_len);
  });

  test("the tutorial's threshold rule: mean + 0.1 * population std", () => {
    expectClose(tutorialThreshold(golden.threshold_rule.kls), golden.threshold_rule.threshold);
  });

  test("metrics with sklearn zero_division=0", () => {
    for (const m of golden.metrics) {
      const result = confusionMetrics(m.truth, m.pred);
      expectClose(result.accuracy, m.accuracy);
      expectClose(result.precision, m.precision);
      expectClose(result.recall, m.recall);
      expectClose(result.f1, m.f1);
    }
  });
});
