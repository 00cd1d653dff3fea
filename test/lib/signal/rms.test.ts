import { describe, expect, test } from "bun:test";
import {
  detectVoltageEvents,
  en50160Tables,
  generateSample,
  ModelError,
  parseModel,
  RMS_DEFAULTS,
  RmsEventDetector,
  type RmsSettings,
  SignalError,
  scoreEvents,
  seriesDetectorFromModel,
  truthFromLabels,
  tutorialDefaultModel,
  Xoshiro128,
} from "../../../lib/signal/index.ts";

const RATE = 1000;
const SETTINGS: RmsSettings = { samplingRate: RATE, frequency: 50, referenceVoltage: 230, ...RMS_DEFAULTS };
const PEAK = 230 * Math.SQRT2;

/** A 230 V sine; `shape(i)` scales each sample (1 = nominal). */
function wave(
  rows: number,
  shape: (i: number) => number = () => 1,
  frequency = 50,
  phase = 0.3,
): Float64Array {
  const x = new Float64Array(rows);
  for (let i = 0; i < rows; i++)
    x[i] = shape(i) * PEAK * Math.sin((2 * Math.PI * frequency * i) / RATE + phase);
  return x;
}

function rmsTrace(values: Float64Array, settings = SETTINGS): { index: number[]; rms: number[] } {
  const trace = { index: [] as number[], rms: [] as number[] };
  new RmsEventDetector(settings, {
    onRms: (i, v) => {
      trace.index.push(i);
      trace.rms.push(v);
    },
  }).push(values);
  return trace;
}

describe("U_rms(1/2)", () => {
  test("a 230 V sine reads 230 V, refreshed every half cycle (10 samples at 50 Hz / 1 kHz)", () => {
    const { index, rms } = rmsTrace(wave(2000));
    expect(index.slice(0, 4)).toEqual([20, 29, 39, 49]);
    for (const v of rms) expect(v).toBeCloseTo(230, 9);
  });

  test("hand-computed: a square wave of ±100 V reads 100 V; half a cycle at 0 reads sqrt(1/2) of it", () => {
    const square = new Float64Array(400).map((_, i) => (Math.floor(i / 10) % 2 === 0 ? 100 : -100));
    const { rms } = rmsTrace(square, { ...SETTINGS, referenceVoltage: 100 });
    for (const v of rms) expect(v).toBeCloseTo(100, 9);
    const gap = square.slice();
    gap.fill(0, 200, 210);
    const trace = rmsTrace(gap, { ...SETTINGS, referenceVoltage: 100 });
    // The window ending at sample 209 (samples 190..209, one 20-sample cycle) holds 10 zeros: 100 * sqrt(10/20).
    expect(trace.rms.some((v) => Math.abs(v - 100 * Math.sqrt(10 / 20)) < 1e-9)).toBe(true);
  });

  test("a ±0.1 Hz frequency drift does not bias it: 49.9 and 50.1 Hz sines within 0.1 % of their RMS", () => {
    for (const f of [49.9, 50.1]) {
      const { index, rms } = rmsTrace(wave(5000, () => 1, f));
      const settled = rms.filter((_, k) => index[k]! > 500);
      for (const v of settled) expect(Math.abs(v / 230 - 1)).toBeLessThan(0.001);
      // A fixed 20-sample window would be off by more than 0.1 %: this test can fail.
      let worst = 0;
      const x = wave(5000, () => 1, f);
      for (let e = 500; e < 5000; e++) {
        let s = 0;
        for (let k = 0; k < 20; k++) s += x[e - k]! ** 2;
        worst = Math.max(worst, Math.abs(Math.sqrt(s / 20) / 230 - 1));
      }
      expect(worst).toBeGreaterThan(0.001);
    }
  });
});

describe("events", () => {
  test("a dip of known depth at a known time: start, end and residual", () => {
    const x = wave(3000, (i) => (i >= 1234 && i < 1334 ? 0.4 : 1));
    const [dip, ...rest] = detectVoltageEvents(x, SETTINGS);
    expect(rest).toEqual([]);
    if (dip === undefined) throw new Error("no event detected");
    expect(dip.kind).toBe("dip");
    expect(dip.residual_v).toBeCloseTo(92, 6);
    expect(dip.residual_pct).toBeCloseTo(40, 6);
    expect(Math.abs(dip.start_s - 1.234)).toBeLessThan(0.003);
    expect(Math.abs(dip.end_s - 1.334)).toBeLessThan(0.005);
    expect(dip.duration_s).toBeCloseTo(dip.end_s - dip.start_s, 12);
    expect(dip.cut).toBe(false);
  });

  test("a dip hovering at the threshold with noise smaller than the hysteresis is one event, not many", () => {
    const random = new Xoshiro128(5);
    // 89.7 % ± 0.9 %, a new level every half cycle, for 2 s: around the 90 % threshold, never up to 92 %.
    const levels = Array.from({ length: 400 }, () => 0.897 + (random.next() - 0.5) * 0.018);
    const x = wave(4000, (i) => (i >= 1000 && i < 3000 ? levels[Math.floor(i / 10)]! : 1));
    const events = detectVoltageEvents(x, SETTINGS);
    expect(events.length).toBe(1);
    expect(events[0]!.kind).toBe("dip");
    // Without hysteresis the same wave chatters into many events (so the test can fail).
    const chatter = detectVoltageEvents(x, { ...SETTINGS, hysteresisPct: 0 });
    expect(chatter.length).toBeGreaterThan(1);
  });

  test("swells and interruptions: kind, highest / lowest value", () => {
    const x = wave(4000, (i) => (i >= 500 && i < 700 ? 1.25 : i >= 2000 && i < 2300 ? 0.02 : 1));
    const events = detectVoltageEvents(x, SETTINGS);
    expect(events.map((e) => e.kind)).toEqual(["swell", "interruption"]);
    expect(events[0]!.residual_pct).toBeCloseTo(125, 1);
    expect(events[1]!.residual_pct).toBeCloseTo(2, 1);
    expect(Math.abs(events[1]!.start_s - 2)).toBeLessThan(0.003);
    expect(Math.abs(events[1]!.end_s - 2.3)).toBeLessThan(0.005);
  });

  test("an event across block boundaries is one event, the same as in one piece", () => {
    const x = wave(5000, (i) => (i >= 1000 && i < 2600 ? 0.5 : 1));
    const whole = detectVoltageEvents(x, SETTINGS);
    for (const size of [1, 7, 333, 1024]) {
      const detector = new RmsEventDetector(SETTINGS);
      const events = [];
      for (let s = 0; s < x.length; s += size) events.push(...detector.push(x.subarray(s, s + size)));
      events.push(...detector.finish());
      expect(events).toEqual(whole);
    }
    expect(whole.length).toBe(1);
  });

  test("events running past the start or the end of a series are flagged cut", () => {
    const x = wave(1000, (i) => (i < 150 || i >= 900 ? 0.3 : 1));
    const events = detectVoltageEvents(x, SETTINGS);
    expect(events.length).toBe(2);
    expect(events[0]).toMatchObject({ kind: "dip", start_s: 0, cut: true });
    expect(Math.abs(events[0]!.end_s - 0.15)).toBeLessThan(0.005);
    expect(events[1]).toMatchObject({ kind: "dip", end_s: 1, cut: true });
    expect(Math.abs(events[1]!.start_s - 0.9)).toBeLessThan(0.003);
    // An event inside the data is not cut.
    expect(
      detectVoltageEvents(
        wave(1000, (i) => (i >= 300 && i < 500 ? 0.3 : 1)),
        SETTINGS,
      )[0]?.cut,
    ).toBe(false);
  });

  test("random dips of random depth and position (3 cycles or longer) are found with depth within 1 %", () => {
    const random = new Xoshiro128(2024);
    for (let trial = 0; trial < 200; trial++) {
      const factor = 0.1 + random.next() * 0.75;
      const length = 60 + Math.floor(random.next() * 900);
      const start = 100 + Math.floor(random.next() * 1500);
      const x = wave(3000, (i) => (i >= start && i < start + length ? factor : 1), 50, random.next() * 6.28);
      const events = detectVoltageEvents(x, SETTINGS);
      expect(events.length).toBe(1);
      expect(events[0]!.kind).toBe("dip");
      expect(Math.abs(events[0]!.residual_pct - factor * 100)).toBeLessThan(1);
      expect(Math.abs(events[0]!.start_s - start / RATE)).toBeLessThan(0.01);
    }
  });

  test("thresholds come from the settings: a 93 % sag is a dip only with dipPct 95", () => {
    const x = wave(2000, (i) => (i >= 500 && i < 1000 ? 0.93 : 1));
    expect(detectVoltageEvents(x, SETTINGS)).toEqual([]);
    expect(detectVoltageEvents(x, { ...SETTINGS, dipPct: 95 }).length).toBe(1);
  });

  test("bad settings are refused with a message", () => {
    expect(() => new RmsEventDetector({ ...SETTINGS, referenceVoltage: Number.NaN })).toThrow(SignalError);
    expect(() => new RmsEventDetector({ ...SETTINGS, samplingRate: 200 })).toThrow(/samples per/);
    expect(() => new RmsEventDetector({ ...SETTINGS, dipPct: 120 })).toThrow(/dipPct/);
  });
});

describe("model kinds and SeriesDetector", () => {
  const rmsJson = { version: 1, detector: "rms", ...SETTINGS };

  test("an rms model parses and detects events; anomaly = any event; no KL", () => {
    const model = parseModel(rmsJson);
    expect(model.detector).toBe("rms");
    const detector = seriesDetectorFromModel(model);
    expect(detector.kind).toBe("rms");
    const verdict = detector.detect(wave(1000, (i) => (i >= 300 && i < 400 ? 0.5 : 1)));
    expect(verdict.anomaly).toBe(true);
    expect(verdict.klDivergence).toBeNull();
    expect(verdict.events?.length).toBe(1);
    expect(detector.detect(wave(1000))).toEqual({ anomaly: false, klDivergence: null, events: [] });
  });

  test("a model without detector is kl (old files keep working); kl verdicts carry KL and no events", () => {
    const { detector: _kind, ...old } = tutorialDefaultModel();
    const model = parseModel(JSON.parse(JSON.stringify(old)));
    expect(model.detector).toBe("kl");
    const verdict = seriesDetectorFromModel(model).detect(wave(1000));
    expect(typeof verdict.klDivergence).toBe("number");
    expect(verdict.events).toBeNull();
  });

  test("bad model input gives a ModelError naming the problem", () => {
    expect(() => parseModel({ ...rmsJson, detector: "fft" })).toThrow(
      /"detector" must be one of "kl", "rms"/,
    );
    expect(() => parseModel({ ...rmsJson, referenceVoltage: Number.NaN })).toThrow(ModelError);
    expect(() => parseModel({ ...rmsJson, referenceVoltage: "230" })).toThrow(/referenceVoltage/);
    const { dipPct: _dip, ...missing } = rmsJson;
    expect(() => parseModel(missing)).toThrow(/dipPct/);
    expect(() => parseModel({ ...rmsJson, swellPct: 95 })).toThrow(ModelError);
  });
});

describe("event scoring and EN 50160 tables", () => {
  test("truth from labels: kinds from the anomaly/normal ratio; scoring matches kinds", () => {
    const sample = generateSample({ seed: 11, duration: 20 });
    const truth = truthFromLabels(sample.normal, sample.anomaly, sample.labels, RATE, 230);
    expect(truth.length).toBe(sample.events.length);
    expect(truth.every((t) => t.kind === "dip" && Math.abs(t.residual_pct - 20) < 1e-6)).toBe(true);
    const events = detectVoltageEvents(sample.anomaly, SETTINGS);
    const score = scoreEvents(truth, events);
    expect(score.f1).toBe(1);
    const asSwells = events.map((e) => ({ ...e, kind: "swell" as const }));
    expect(scoreEvents(truth, asSwells).f1).toBe(0);
    const asAnomalies = events.map((e) => ({ ...e, kind: "anomaly" as const }));
    expect(scoreEvents(truth, asAnomalies).recall).toBe(1);
  });

  test("events land in the EN 50160 cells by residual and duration", () => {
    const event = (kind: "dip" | "swell" | "interruption", pct: number, ms: number) => ({
      kind,
      start_s: 0,
      end_s: ms / 1000,
      duration_s: ms / 1000,
      residual_v: (pct / 100) * 230,
      residual_pct: pct,
      cut: false,
    });
    const { dips, swells } = en50160Tables([
      event("dip", 85, 100),
      event("dip", 20, 300),
      event("interruption", 1, 2000),
      event("swell", 125, 100),
      event("swell", 115, 7000),
      event("dip", 50, 5),
    ]);
    expect(dips.counts[0]![0]).toBe(1);
    expect(dips.counts[3]![1]).toBe(1);
    expect(dips.counts[4]![3]).toBe(1);
    expect(dips.outside).toBe(1);
    expect(swells.counts[0]![0]).toBe(1);
    expect(swells.counts[1]![2]).toBe(1);
  });
});
