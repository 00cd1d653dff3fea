import { describe, expect, test } from "bun:test";
import {
  detectVoltageEvents,
  generateSample,
  PROFILE_NAMES,
  profileOptions,
  RMS_DEFAULTS,
  RmsEventDetector,
  type RmsSettings,
  rootMeanSquare,
  SignalError,
  Xoshiro128,
} from "../../../lib/signal/index.ts";
import { detectPhaseEvents, type PhaseEvent, PolyphaseRmsDetector } from "../../../lib/signal/polyphase.ts";

const RATE = 1000;
const SETTINGS: RmsSettings = { samplingRate: RATE, frequency: 50, referenceVoltage: 230, ...RMS_DEFAULTS };
const PEAK = 230 * Math.SQRT2;
const PHASES = ["A", "B", "C"];

type Shape = (i: number) => number;
const steady: Shape = () => 1;
/** `level` of nominal on samples [from, to), nominal elsewhere. */
const sag =
  (from: number, to: number, level: number): Shape =>
  (i) =>
    i >= from && i < to ? level : 1;

/** One 230 V, 50 Hz sine; `shape(i)` scales each sample (1 = nominal). */
function sine(rows: number, shape: Shape = steady, phase = 0.3, frequency = 50): Float64Array {
  const x = new Float64Array(rows);
  for (let i = 0; i < rows; i++)
    x[i] = shape(i) * PEAK * Math.sin((2 * Math.PI * frequency * i) / RATE + phase);
  return x;
}

/** Three sines 120° apart (A, B, C), each with its own shape. */
function threePhase(rows: number, shapes: Partial<Record<"A" | "B" | "C", Shape>> = {}): Float64Array[] {
  return PHASES.map((name, k) =>
    sine(rows, shapes[name as "A" | "B" | "C"] ?? steady, 0.3 - (k * 2 * Math.PI) / 3),
  );
}

function detect(channels: Float64Array[], settings = SETTINGS): PhaseEvent[] {
  return detectPhaseEvents(channels, settings, PHASES.slice(0, channels.length));
}

describe("one channel gives exactly RmsEventDetector's events", () => {
  function expectSame(x: Float64Array, settings: RmsSettings, name = "U1"): number {
    const single: [number, number][] = [];
    const poly: [number, number][] = [];
    const expected = detectVoltageEvents(x, settings, { onRms: (i, v) => single.push([i, v]) });
    const got = detectPhaseEvents([x], settings, [name], {
      onRms: (c, i, v) => {
        expect(c).toBe(0);
        poly.push([i, v]);
      },
    });
    expect(got).toEqual(expected.map((event) => ({ ...event, phases: [name] })));
    expect(poly).toEqual(single);
    return expected.length;
  }

  test("on the single-channel test signals, with their settings", () => {
    const random = new Xoshiro128(5);
    const hover = Array.from({ length: 400 }, () => 0.897 + (random.next() - 0.5) * 0.018);
    const signals: [Float64Array, RmsSettings][] = [
      [sine(3000, sag(1234, 1334, 0.4)), SETTINGS],
      [sine(4000, (i) => (i >= 1000 && i < 3000 ? hover[Math.floor(i / 10)]! : 1)), SETTINGS],
      [
        sine(4000, (i) => (i >= 1000 && i < 3000 ? hover[Math.floor(i / 10)]! : 1)),
        { ...SETTINGS, hysteresisPct: 0 },
      ],
      [sine(4000, (i) => (i >= 500 && i < 700 ? 1.25 : i >= 2000 && i < 2300 ? 0.02 : 1)), SETTINGS],
      [sine(5000, sag(1000, 2600, 0.5)), SETTINGS],
      [sine(1000, (i) => (i < 150 || i >= 900 ? 0.3 : 1)), SETTINGS],
      [sine(2000, sag(500, 1000, 0.93)), { ...SETTINGS, dipPct: 95 }],
      [sine(5000, sag(2000, 2600, 0.5), 0.3, 49.9), SETTINGS],
      [sine(5000, sag(2000, 2600, 1.2), 0.3, 50.1), SETTINGS],
      // a swell straight into a dip and back: the other kind's hysteresis state matters here
      [
        sine(3000, (i) => (i >= 1000 && i < 1300 ? 1.2 : i >= 1300 && i < 1600 ? 0.5 : i < 1900 ? 1 : 1.3)),
        SETTINGS,
      ],
    ];
    let events = 0;
    for (const [x, settings] of signals) events += expectSame(x, settings);
    expect(events).toBeGreaterThan(12);
  });

  test("on the generator's data, every profile", () => {
    let events = 0;
    for (const profile of PROFILE_NAMES) {
      for (const seed of [1, 2]) {
        const sample = generateSample({ ...profileOptions(profile), duration: 20, seed });
        const settings = { ...SETTINGS, referenceVoltage: rootMeanSquare(sample.normal) };
        events += expectSame(sample.anomaly, settings, "anomaly_wave");
      }
    }
    expect(events).toBeGreaterThan(10);
  });

  test("on random dips and swells placed anywhere, pushed in random blocks", () => {
    const random = new Xoshiro128(77);
    for (let trial = 0; trial < 40; trial++) {
      const events: [number, number, number][] = [];
      for (let k = 0; k < 3; k++) {
        const start = 200 + Math.floor(random.next() * 5000);
        events.push([start, start + 15 + Math.floor(random.next() * 600), 0.01 + random.next() * 1.35]);
      }
      const x = sine(6000, (i) => events.find(([s, e]) => i >= s && i < e)?.[2] ?? 1, random.next() * 6.28);
      const single = new RmsEventDetector(SETTINGS);
      const poly = new PolyphaseRmsDetector(SETTINGS, ["L1"]);
      const a = [];
      const b = [];
      for (let s = 0; s < x.length; ) {
        const size = 1 + Math.floor(random.next() * 900);
        a.push(...single.push(x.subarray(s, s + size)));
        b.push(...poly.push([x.subarray(s, s + size)]));
        s += size;
      }
      a.push(...single.finish());
      b.push(...poly.finish());
      expect(b).toEqual(a.map((event) => ({ ...event, phases: ["L1"] })));
    }
  });
});

describe("three phases (IEC 61000-4-30 polyphase rules)", () => {
  test("the helper's phases are 120° apart and each reads 230 V", () => {
    const [a, b, c] = threePhase(1000) as [Float64Array, Float64Array, Float64Array];
    // Balanced three-phase voltages sum to zero at every instant.
    for (let i = 0; i < 1000; i++) expect(Math.abs(a[i]! + b[i]! + c[i]!)).toBeLessThan(1e-9);
    for (const x of [a, b, c]) expect(rootMeanSquare(x)).toBeCloseTo(230, 6);
    expect(detect(threePhase(3000))).toEqual([]);
  });

  test("a dip on one phase: one event naming that phase, residual that phase's level", () => {
    const events = detect(threePhase(3000, { B: sag(1234, 1334, 0.4) }));
    expect(events.length).toBe(1);
    const dip = events[0]!;
    expect(dip).toMatchObject({ kind: "dip", phases: ["B"], cut: false });
    expect(dip.residual_pct).toBeCloseTo(40, 6);
    expect(dip.residual_v).toBeCloseTo(92, 6);
    expect(Math.abs(dip.start_s - 1.234)).toBeLessThan(0.003);
    expect(Math.abs(dip.end_s - 1.334)).toBeLessThan(0.005);
    expect(dip.duration_s).toBeCloseTo(dip.end_s - dip.start_s, 12);
  });

  test("overlapping dips on two phases are one event: first start, last end, lowest residual, both phases", () => {
    // A at 60 % over 1.000-1.300 s, C at 30 % over 1.200-1.600 s.
    const channels = threePhase(3000, { A: sag(1000, 1300, 0.6), C: sag(1200, 1600, 0.3) });
    const events = detect(channels);
    expect(events.length).toBe(1);
    expect(events[0]).toMatchObject({ kind: "dip", phases: ["A", "C"], cut: false });
    expect(events[0]!.residual_pct).toBeCloseTo(30, 6);
    expect(Math.abs(events[0]!.start_s - 1.0)).toBeLessThan(0.003);
    expect(Math.abs(events[0]!.end_s - 1.6)).toBeLessThan(0.005);
    // Each phase alone has its own dip (so the merging is the polyphase rule's doing).
    expect(detectVoltageEvents(channels[0]!, SETTINGS).length).toBe(1);
    expect(detectVoltageEvents(channels[2]!, SETTINGS).length).toBe(1);
  });

  test("a dip lasts until every phase is at or above threshold + hysteresis (92 %), not only the ones that dipped", () => {
    // A dips to 50 % over 1.0-1.2 s; B sags to 91 % (not a dip by itself: above 90 %) over 1.0-1.5 s.
    const events = detect(threePhase(3000, { A: sag(1000, 1200, 0.5), B: sag(1000, 1500, 0.91) }));
    expect(events.length).toBe(1);
    expect(events[0]!.phases).toEqual(["A"]);
    expect(Math.abs(events[0]!.start_s - 1.0)).toBeLessThan(0.003);
    expect(Math.abs(events[0]!.end_s - 1.5)).toBeLessThan(0.005);
    // B at 93 % (above the end level) does not hold the dip open: it ends with A at 1.2 s.
    const shorter = detect(threePhase(3000, { A: sag(1000, 1200, 0.5), B: sag(1000, 1500, 0.93) }));
    expect(shorter.length).toBe(1);
    expect(Math.abs(shorter[0]!.end_s - 1.2)).toBeLessThan(0.005);
  });

  test("two phases near zero with the third up is a dip; all three below 5 % is an interruption", () => {
    const two = detect(threePhase(4000, { A: sag(1000, 1500, 0.01), B: sag(1000, 1500, 0.01) }));
    expect(two.length).toBe(1);
    expect(two[0]).toMatchObject({ kind: "dip", phases: ["A", "B"] });
    expect(two[0]!.residual_pct).toBeCloseTo(1, 6);
    // One of those phases alone would be an interruption (single-channel rule), so this can fail.
    expect(detectVoltageEvents(sine(4000, sag(1000, 1500, 0.01)), SETTINGS)[0]?.kind).toBe("interruption");

    const all = detect(
      threePhase(4000, { A: sag(1000, 1500, 0.01), B: sag(1000, 1500, 0.01), C: sag(1100, 1400, 0.02) }),
    );
    expect(all.length).toBe(1);
    expect(all[0]).toMatchObject({ kind: "interruption", phases: ["A", "B", "C"] });
    expect(all[0]!.residual_pct).toBeCloseTo(1, 6);
    // Reported over the whole dip span around it (as the single-channel detector does).
    expect(Math.abs(all[0]!.start_s - 1.0)).toBeLessThan(0.003);
    expect(Math.abs(all[0]!.end_s - 1.5)).toBeLessThan(0.005);
  });

  test("swells: one or more phases above 110 %, the highest value, every phase back at or below 108 %", () => {
    // A at 120 % over 0.5-0.8 s, C at 115 % over 0.7-0.9 s: one swell.
    const events = detect(threePhase(3000, { A: sag(500, 800, 1.2), C: sag(700, 900, 1.15) }));
    expect(events.length).toBe(1);
    expect(events[0]).toMatchObject({ kind: "swell", phases: ["A", "C"], cut: false });
    expect(events[0]!.residual_pct).toBeCloseTo(120, 2);
    expect(Math.abs(events[0]!.start_s - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(events[0]!.end_s - 0.9)).toBeLessThan(0.005);
    // A swell on one phase alone.
    const one = detect(threePhase(3000, { B: sag(1000, 1200, 1.3) }));
    expect(one.map((e) => [e.kind, e.phases])).toEqual([["swell", ["B"]]]);
    expect(one[0]!.residual_pct).toBeCloseTo(130, 2);
  });

  test("a dip on one phase and a swell on the others at the same time are two events", () => {
    const events = detect(
      threePhase(3000, { A: sag(1000, 1400, 0.3), B: sag(1000, 1400, 1.2), C: sag(1000, 1400, 1.2) }),
    );
    const byKind = Object.fromEntries(events.map((e) => [e.kind, e]));
    expect(events.length).toBe(2);
    expect(byKind.dip?.phases).toEqual(["A"]);
    expect(byKind.dip?.residual_pct).toBeCloseTo(30, 6);
    expect(byKind.swell?.phases).toEqual(["B", "C"]);
    expect(byKind.swell?.residual_pct).toBeCloseTo(120, 2);
    for (const e of events) expect(Math.abs(e.start_s - 1.0)).toBeLessThan(0.003);
  });

  test("events running past the end are cut and come out of finish()", () => {
    const detector = new PolyphaseRmsDetector(SETTINGS, PHASES);
    expect(detector.push(threePhase(2000, { A: sag(1500, 2000, 0.5), B: sag(1800, 2000, 1.2) }))).toEqual([]);
    const events = detector.finish();
    expect(events.map((e) => [e.kind, e.phases, e.cut, e.end_s])).toEqual([
      ["dip", ["A"], true, 2],
      ["swell", ["B"], true, 2],
    ]);
  });

  test("pushing in blocks of any size gives the same events as one push", () => {
    const channels = threePhase(8000, {
      A: (i) => (i >= 1000 && i < 1300 ? 0.6 : i >= 5000 && i < 5600 ? 0.02 : 1),
      B: (i) => (i >= 1200 && i < 2600 ? 0.3 : i >= 5000 && i < 5600 ? 0.03 : 1),
      C: (i) => (i >= 3000 && i < 3500 ? 1.2 : i >= 5000 && i < 5600 ? 0.01 : 1),
    });
    const whole = detect(channels);
    expect(whole.map((e) => e.kind)).toEqual(["dip", "swell", "interruption"]);
    for (const size of [1, 7, 333, 4096, 5000]) {
      const detector = new PolyphaseRmsDetector(SETTINGS, PHASES);
      const events = [];
      for (let s = 0; s < 8000; s += size)
        events.push(...detector.push(channels.map((x) => x.subarray(s, s + size))));
      events.push(...detector.finish());
      expect(events).toEqual(whole);
    }
  });

  test("bad input is refused with a message saying what to give", () => {
    expect(() => new PolyphaseRmsDetector(SETTINGS, [])).toThrow(/at least one channel/);
    expect(() => new PolyphaseRmsDetector(SETTINGS, ["A", "A"])).toThrow(/"A" repeats/);
    expect(() => new PolyphaseRmsDetector({ ...SETTINGS, dipPct: 120 }, PHASES)).toThrow(SignalError);
    const detector = new PolyphaseRmsDetector(SETTINGS, PHASES);
    expect(() => detector.push(threePhase(10).slice(0, 2))).toThrow(/2 channel arrays for 3 channels/);
    expect(() => detector.push([new Float64Array(5), new Float64Array(5), new Float64Array(4)])).toThrow(
      /channel C has 4 samples/,
    );
  });
});
