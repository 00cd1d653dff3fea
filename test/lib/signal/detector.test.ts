import { describe, expect, test } from "bun:test";
import {
  calibrate,
  chunkLabels,
  chunkStarts,
  confusionMetrics,
  Detector,
  detectorFromModel,
  f1MaximisingThreshold,
  formatDatasetRows,
  generateSample,
  histogram,
  klDivergence,
  ModelError,
  normalMarginThreshold,
  parseDatasetCsv,
  parseModel,
  pythonFixed,
  pythonFloatString,
  requireKlModel,
  SampleStream,
  SignalError,
  TUTORIAL_THRESHOLD,
  tutorialDefaultModel,
} from "../../../lib/signal/index.ts";

describe("pythonFloatString", () => {
  test("matches Python str(float)", () => {
    const cases: [number, string][] = [
      [0, "0.0"],
      [-0, "-0.0"],
      [0.001, "0.001"],
      [9 * 0.001, "0.009000000000000001"],
      [1e-5, "1e-05"],
      [0.0001, "0.0001"],
      [1.5e-7, "1.5e-07"],
      [100, "100.0"],
      [-325.2691193458119, "-325.2691193458119"],
      [1e16, "1e+16"],
      [1234567890123456, "1234567890123456.0"],
      [1.5e300, "1.5e+300"],
      [-1.5973858492044117e-13, "-1.5973858492044117e-13"],
      [Number.NaN, "nan"],
      [Number.POSITIVE_INFINITY, "inf"],
    ];
    for (const [value, text] of cases) expect(pythonFloatString(value)).toBe(text);
  });

  test("pythonFixed rounds exact ties to even like Python's format", () => {
    expect(pythonFixed(0.03125, 4)).toBe("0.0312");
    expect(pythonFixed(0.94736842, 4)).toBe("0.9474");
    expect(pythonFixed(1, 4)).toBe("1.0000");
  });
});

describe("histogram and KL input checks", () => {
  test("NaN and infinite input are errors with a clear message", () => {
    expect(() => histogram([1, Number.NaN, 2])).toThrow("NaN at index 1");
    expect(() => histogram([Number.NaN, 1])).toThrow("NaN at index 0");
    expect(() => histogram([1, Number.POSITIVE_INFINITY])).toThrow("not finite");
    expect(() => histogram([1, 2], 0)).toThrow(SignalError);
    expect(() => klDivergence([1, 2], [1])).toThrow("equal lengths");
    expect(() => klDivergence([1, -1], [1, 1])).toThrow("non-negative");
  });

  test("KL is 0 for identical distributions and Infinity where q has no mass", () => {
    expect(klDivergence([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(klDivergence([1, 1], [1, 0])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("chunks", () => {
  test("every complete window is used (the tutorial drops the last one)", () => {
    expect(chunkStarts(100000, 1000)).toHaveLength(100);
    expect(chunkStarts(2500, 1000)).toEqual([0, 1000]);
    expect(chunkStarts(999, 1000)).toEqual([]);
    expect(Array.from(chunkLabels([0, 0, 1, 0, 0, 0, 0], 3))).toEqual([1, 0]);
  });
});

describe("Detector", () => {
  const reference = generateSample({ duration: 1, anomalyProbability: 0, seed: 1 }).normal;

  test("agrees with histogram + KL computed from scratch, and trims when asked", () => {
    const sample = generateSample({ duration: 1, anomalyProbability: 0.003, seed: 5 }).anomaly;
    const detector = new Detector({ reference, threshold: TUTORIAL_THRESHOLD });
    const p = histogram(reference).density.map((v) => v + 1e-10);
    const q = histogram(sample).density.map((v) => v + 1e-10);
    expect(detector.klDivergence(sample)).toBe(klDivergence(p, q));
    const trimmed = new Detector({ reference, threshold: 0, trim: true });
    expect(trimmed.klDivergence(sample)).not.toBe(detector.klDivergence(sample));
    expect(trimmed.klDivergence(Array.from(sample))).toBe(trimmed.klDivergence(sample));
  });

  test("rejects empty and NaN samples", () => {
    const detector = new Detector({ reference, threshold: 0.01 });
    expect(() => detector.detect(new Float64Array(0))).toThrow("sample is empty");
    expect(() => detector.detect([1, Number.NaN])).toThrow("NaN");
    expect(() => new Detector({ reference: [], threshold: 0 })).toThrow("reference wave is empty");
  });
});

describe("threshold rules and calibration", () => {
  test("f1-max and normal-margin rules", () => {
    expect(f1MaximisingThreshold([0.1, 0.2, 0.9, 1.0], [0, 0, 1, 1])).toBeCloseTo(0.55, 12);
    expect(f1MaximisingThreshold([0.1, 0.2, 0.25, 0.9], [0, 0, 1, 1])).toBeCloseTo(0.225, 12);
    expect(f1MaximisingThreshold([0.1, 0.5], [0, 0])).toBe(1.5);
    expect(normalMarginThreshold([0.001, 0.002])).toBe(0.004);
    expect(normalMarginThreshold([0, 0])).toBe(1e-6);
    expect(() => normalMarginThreshold([])).toThrow("fewer rows than one window");
  });

  test("calibration on a generated dataset finds its anomalies and records a usable model", () => {
    const sample = generateSample({ duration: 30, anomalyProbability: 0.0003, seed: 11 });
    const result = calibrate(sample, { rule: "normal-margin" });
    expect(result.kls).toHaveLength(30);
    expect(result.metrics).toEqual(confusionMetrics(result.truth, result.predictions));
    expect(result.truth.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(result.metrics.recall).toBeGreaterThan(0.5);
    const detector = detectorFromModel(
      requireKlModel(parseModel(JSON.parse(JSON.stringify(result.model))), "this test"),
    );
    for (let k = 0; k < 30; k++) {
      const verdict = detector.detect(sample.anomaly.subarray(k * 1000, k * 1000 + 1000));
      expect(verdict.klDivergence).toBe(result.kls[k]!);
      expect(verdict.anomaly ? 1 : 0).toBe(result.predictions[k]!);
    }
    expect(() =>
      calibrate({ normal: new Float64Array(10), anomaly: new Float64Array(10), labels: new Uint8Array(10) }),
    ).toThrow("fewer than one window");
  });
});

describe("model", () => {
  test("the tutorial default model reproduces the snippet's detector", () => {
    const model = tutorialDefaultModel();
    expect(model.threshold).toBe(0.010199148586751076);
    expect(model.trim).toBe(false);
    expect(model.reference).toHaveLength(1000);
    expect(parseModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });

  test("malformed models are rejected naming the field", () => {
    const good = tutorialDefaultModel();
    expect(() => parseModel(null)).toThrow(ModelError);
    expect(() => parseModel({ ...good, threshold: "x" })).toThrow('"threshold"');
    expect(() => parseModel({ ...good, bins: 0 })).toThrow('"bins"');
    expect(() => parseModel({ ...good, reference: [1, "a"] })).toThrow('"reference"');
    expect(() => parseModel({ ...good, trim: "yes" })).toThrow('"trim"');
  });
});

describe("dataset CSV", () => {
  test("formatted rows parse back to the same columns", () => {
    const stream = new SampleStream({ duration: 2, anomalyProbability: 0.002, seed: 3 });
    const block = stream.next(5000);
    if (!block) throw new Error("no block");
    const text = `time,normal_wave,anomaly_wave,is_anomaly\n${formatDatasetRows(block)}`;
    const parsed = parseDatasetCsv(text);
    expect(parsed.anomaly).toEqual(block.anomaly);
    expect(parsed.labels).toEqual(block.labels);
    expect(text.split("\n")[10]).toBe("0.009000000000000001,100.51368562322875,100.51368562322875,0");
  });

  test("bad CSV gives a clear error", () => {
    expect(() => parseDatasetCsv("a,b\n1,2", "x.csv")).toThrow("missing column(s) normal_wave");
    expect(() => parseDatasetCsv("normal_wave,anomaly_wave,is_anomaly\n1,oops,0", "x.csv")).toThrow(
      'x.csv line 2: anomaly_wave is "oops"',
    );
    expect(() => parseDatasetCsv("normal_wave,anomaly_wave,is_anomaly\n1,1,3")).toThrow(
      "is_anomaly must be 0 or 1",
    );
  });
});
