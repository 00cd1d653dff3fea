/**
 * find_events.ts on any recording: the committed samples (COMTRADE 1999 ASCII, 2013 BINARY, 2013 FLOAT32 .cff, a
 * CSV with ISO times) through the polyphase detector, channel choice, the tutorial's dataset giving exactly what
 * the single-channel detector gave before, and every refusal with its message.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readDatasetCsv } from "../../lib/dataset-file.ts";
import { type OpenOptions, openRecording, RecordingError } from "../../lib/recording/index.ts";
import {
  en50160Tables,
  eventFinderFromModel,
  formatEventTable,
  type Model,
  parseModel,
  type VoltageEvent,
} from "../../lib/signal/index.ts";
import { rmsTestModel } from "../support/rms.ts";
import { scriptsDir } from "../support/scripts-dir.ts";
import { repoRoot } from "../support/stack.ts";

const scripts = scriptsDir("find-events-recording-");
const { dir, run } = scripts;
afterAll(scripts.remove);

const sample = (name: string) => join(repoRoot, "samples", name);
const COMTRADE_SAMPLES = [
  "three-phase-1999-ascii.cfg",
  "three-phase-2013-binary.cfg",
  "three-phase-2013-float32.cff",
];
const CSV_SAMPLE = ["three-phase-timed.csv", "--time-column", "timestamp"] as const;

/** The detector's defaults against the samples' 230 V (lib/recording/samples.ts). */
const rmsModel = (samplingRate: number) => ({ ...rmsTestModel, samplingRate });
const model2k = join(dir, "rms-2000.json");
const model1k = join(dir, "rms-1000.json");

beforeAll(() => {
  writeFileSync(model2k, JSON.stringify(rmsModel(2000)));
  writeFileSync(model1k, JSON.stringify(rmsModel(1000)));
});

interface Expected {
  kind: string;
  start: number;
  end: number;
  residualPct: number;
  phases: string[];
}

/**
 * The samples' events (lib/recording/samples.ts), worked out by hand from IEC 61000-4-30's polyphase rules:
 * A to 60 % at 0.20-0.30 s; A to 70 % at 0.60-0.72 s overlapping B to 50 % at 0.65-0.80 s, one dip from the
 * first crossing to the last recovery with the lowest residual (B's 50 %); all three to 1 % at 1.10-1.25 s.
 */
const samplesEvents = (a: string, b: string, c: string): Expected[] => [
  { kind: "dip", start: 0.2, end: 0.3, residualPct: 60, phases: [a] },
  { kind: "dip", start: 0.6, end: 0.8, residualPct: 50, phases: [a, b] },
  { kind: "interruption", start: 1.1, end: 1.25, residualPct: 1, phases: [a, b, c] },
];

/** Start and end within a quarter cycle at 50 Hz, residual within half a percent of the reference. */
function expectEvents(events: (VoltageEvent & { phases: string[] })[], expected: Expected[]): void {
  expect(events.map((e) => [e.kind as string, e.phases])).toEqual(expected.map((e) => [e.kind, e.phases]));
  events.forEach((event, k) => {
    const want = expected[k] as Expected;
    expect(Math.abs(event.start_s - want.start)).toBeLessThan(0.005);
    expect(Math.abs(event.end_s - want.end)).toBeLessThan(0.005);
    expect(Math.abs(event.residual_pct - want.residualPct)).toBeLessThan(0.5);
    expect(event.cut).toBe(false);
  });
}

async function jsonEvents(model: string, ...args: string[]) {
  const result = await run("find_events.ts", "--model", model, "--dataset", ...args, "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe("the samples, three phases at once", () => {
  test.each(COMTRADE_SAMPLES)(
    "%s: a dip on A, one dip on A+B, an interruption of all three",
    async (name) => {
      expectEvents(await jsonEvents(model2k, sample(name)), samplesEvents("UA", "UB", "UC"));
    },
  );

  test("the CSV with ISO times gives the same events on its columns ua, ub, uc", async () => {
    const [file, ...flags] = CSV_SAMPLE;
    expectEvents(await jsonEvents(model1k, sample(file), ...flags), samplesEvents("ua", "ub", "uc"));
  });

  test("the text names the phases of each event when there are several channels", async () => {
    const { code, stdout } = await run(
      "find_events.ts",
      "--model",
      model2k,
      "--dataset",
      sample(COMTRADE_SAMPLES[1] as string),
    );
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(
      `3 event(s) in ${sample(COMTRADE_SAMPLES[1] as string)} (UA, UB, UC, rms detector):`,
    );
    expect(lines[1]).toMatch(
      /^ {2}dip {10}0\.200-0\.300 s \(100 ms\), residual 13\d\.\d V = (59\.\d|60\.\d) %, phases UA$/,
    );
    expect(lines[2]).toMatch(/, phases UA, UB$/);
    expect(lines[3]).toMatch(/^ {2}interruption .*, phases UA, UB, UC$/);
  });
});

describe("channel choice", () => {
  test("--phases A,B: the interruption is every chosen channel's, the A+B dip stays one", async () => {
    const events = await jsonEvents(model2k, sample("three-phase-2013-binary.cfg"), "--phases", "A,B");
    expectEvents(events, [
      { kind: "dip", start: 0.2, end: 0.3, residualPct: 60, phases: ["UA"] },
      { kind: "dip", start: 0.6, end: 0.8, residualPct: 50, phases: ["UA", "UB"] },
      { kind: "interruption", start: 1.1, end: 1.25, residualPct: 1, phases: ["UA", "UB"] },
    ]);
  });

  test("--channels ub on the CSV: B's own dip (0.65-0.80 s, 50 %) and the interruption", async () => {
    const [file, ...flags] = CSV_SAMPLE;
    const events = await jsonEvents(model1k, sample(file), ...flags, "--channels", "ub");
    expectEvents(events, [
      { kind: "dip", start: 0.65, end: 0.8, residualPct: 50, phases: ["ub"] },
      { kind: "interruption", start: 1.1, end: 1.25, residualPct: 1, phases: ["ub"] },
    ]);
  });

  test("--channels UC: one channel prints no phases in the text, only the interruption", async () => {
    const cff = sample("three-phase-2013-float32.cff");
    const { code, stdout } = await run(
      "find_events.ts",
      "--model",
      model2k,
      "--dataset",
      cff,
      "--channels",
      "UC",
    );
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`1 event(s) in ${cff} (UC, rms detector):`);
    expect(lines[1]).toMatch(/^ {2}interruption 1\.10\d-1\.25\d s \(1\d\d ms\), residual 2\.\d V = 1\.0 %$/);
  });
});

describe("a kl model reads one channel", () => {
  /** One 2000-sample window of a 230 V, 50 Hz sine as reference; threshold 0 flags any window unlike it. */
  const klModel = join(dir, "kl-2000.json");
  beforeAll(() => {
    const reference = Array.from(
      { length: 2000 },
      (_, i) => 230 * Math.SQRT2 * Math.sin((2 * Math.PI * 50 * i) / 2000),
    );
    const model = {
      version: 1,
      detector: "kl",
      threshold: 0,
      rule: "tutorial",
      bins: 50,
      window: 2000,
      samplingRate: 2000,
      trim: false,
      reference,
    };
    writeFileSync(klModel, JSON.stringify(model));
  });

  test("three channels are refused, saying how to choose one", async () => {
    const cfg = sample("three-phase-2013-binary.cfg");
    const { code, stderr } = await run("find_events.ts", "--model", klModel, "--dataset", cfg);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `error: a kl model scores one channel, but 3 are chosen from ${cfg} (UA, UB, UC); choose one with --channels NAME or --phases P, or calibrate an rms model (bun scripts/calibrate.ts --detector rms) for several phases\n`,
    );
  });

  test("--channels UA: the one complete window (3000 samples, window 2000) is flagged, phases [UA]", async () => {
    const events = await jsonEvents(klModel, sample("three-phase-2013-binary.cfg"), "--channels", "UA");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "anomaly", start_s: 0, end_s: 1, phases: ["UA"] });
  });
});

describe("the tutorial's dataset CSV gives what the single-channel detector gave", () => {
  const data = join(dir, "dataset.csv");
  const models = { rms: join(dir, "tutorial-rms.json"), kl: join(dir, "tutorial-kl.json") };
  beforeAll(async () => {
    expect(
      (
        await run(
          "gen_dataset.ts",
          "--profile",
          "realistic",
          "--seed",
          "7",
          "--duration",
          "60",
          "--out",
          data,
          "--no-plot",
        )
      ).code,
    ).toBe(0);
    for (const [kind, path] of Object.entries(models))
      expect(
        (await run("calibrate.ts", "--detector", kind, "--dataset", data, "--model", path, "--no-plot")).code,
      ).toBe(0);
  });

  /** What find_events.ts computed before recordings: RmsEventDetector / the KL windows over anomaly_wave. */
  async function before(modelPath: string): Promise<{ model: Model; events: VoltageEvent[] }> {
    const model = parseModel(JSON.parse(readFileSync(modelPath, "utf8")));
    const { anomaly } = await readDatasetCsv(data);
    const finder = eventFinderFromModel(model);
    const events: VoltageEvent[] = [];
    for (let from = 0; from < anomaly.length; from += 8192)
      events.push(...finder.push(anomaly.subarray(from, from + 8192)));
    events.push(...finder.finish());
    return { model, events };
  }

  /** The text find_events.ts printed before recordings, line for line. */
  function beforeText(events: VoltageEvent[], detector: string): string {
    const lines = [`${events.length} event(s) in ${data} (anomaly_wave, ${detector} detector):`];
    for (const e of events)
      lines.push(
        `  ${e.kind.padEnd(12)} ${e.start_s.toFixed(3)}-${e.end_s.toFixed(3)} s (${(e.duration_s * 1000).toFixed(0)} ms), residual ${e.residual_v.toFixed(1)} V = ${e.residual_pct.toFixed(1)} %${e.cut ? ", cut by the data's edge" : ""}`,
      );
    const { dips, swells } = en50160Tables(events);
    return [...lines, "", ...formatEventTable(dips), "", ...formatEventTable(swells), ""].join("\n");
  }

  test.each(["rms", "kl"] as const)(
    '%s model: --json byte for byte plus "phases", text unchanged',
    async (kind) => {
      const { model, events } = await before(models[kind]);
      if (kind === "rms") expect(events.length).toBeGreaterThan(5);
      const json = await run("find_events.ts", "--model", models[kind], "--dataset", data, "--json");
      expect(json.code).toBe(0);
      for (const event of JSON.parse(json.stdout)) expect(event.phases).toEqual(["anomaly_wave"]);
      expect(json.stdout.replaceAll(',"phases":["anomaly_wave"]', "")).toBe(`${JSON.stringify(events)}\n`);
      const text = await run("find_events.ts", "--model", models[kind], "--dataset", data);
      expect(text.code).toBe(0);
      expect(text.stdout).toBe(beforeText(events, model.detector));
      expect(text.stderr).toBe("");
    },
  );

  test("--column anomaly_wave is the default; --column normal_wave reads the clean wave (no events)", async () => {
    const onData = (...args: string[]) =>
      run("find_events.ts", "--model", models.rms, "--dataset", data, ...args);
    expect((await onData("--column", "anomaly_wave")).stdout).toBe((await onData()).stdout);
    expect((await onData("--column", "normal_wave", "--json")).stdout).toBe("[]\n");
  });
});

describe("refusals: the message, exit 1", () => {
  /** The reader's own message for a file (RecordingError from opening or reading it). */
  async function readerMessage(path: string, options: OpenOptions = {}): Promise<string> {
    try {
      const recording = await openRecording(path, options);
      for await (const _ of recording.blocks());
    } catch (error) {
      expect(error).toBeInstanceOf(RecordingError);
      return (error as Error).message;
    }
    throw new Error(`${path} was read without an error`);
  }

  const copySample = (name: string, to: string) => {
    copyFileSync(sample(name), join(dir, to));
    return join(dir, to);
  };

  test("bad files: the reader's message is printed as it is", async () => {
    const noDat = copySample("three-phase-2013-binary.cfg", "no-dat.cfg");
    const cff = readFileSync(sample("three-phase-2013-float32.cff"));
    const truncated = join(dir, "truncated.cff");
    writeFileSync(truncated, cff.subarray(0, cff.length - 7));
    const asciiCfg = copySample("three-phase-1999-ascii.cfg", "text.cfg");
    const dat = readFileSync(sample("three-phase-1999-ascii.dat"), "latin1").split("\r\n");
    dat[10] = dat[10]?.replace(/,(-?\d+)$/, ",12x") ?? "";
    writeFileSync(asciiCfg.replace(/cfg$/, "dat"), dat.join("\r\n"));
    const unknown = sample("three-phase-2013-binary.cfg");
    const cases: [string, string[]][] = [
      [noDat, []],
      [truncated, []],
      [asciiCfg, []],
      [unknown, ["--channels", "UX"]],
    ];
    for (const [file, flags] of cases) {
      const message = await readerMessage(file, flags.length ? { channels: ["UX"] } : {});
      const { code, stderr, stdout } = await run(
        "find_events.ts",
        "--model",
        model2k,
        "--dataset",
        file,
        ...flags,
      );
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toBe(`error: ${message}\n`);
    }
  });

  test("a model at another rate: both rates named, and what to do", async () => {
    const cfg = sample("three-phase-1999-ascii.cfg");
    const { code, stderr } = await run("find_events.ts", "--model", model1k, "--dataset", cfg);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `error: ${cfg} is sampled at 2000.00 Hz, but the model was calibrated at 1000 Hz; calibrate a model on data at this rate\n`,
    );
  });

  test("two sampling rates in one COMTRADE file are refused, naming them", async () => {
    const cfg = join(dir, "two-rates.cfg");
    writeFileSync(
      cfg,
      readFileSync(sample("three-phase-1999-ascii.cfg"), "latin1").replace(
        "\n1\r\n2000,3000\r\n",
        "\n2\r\n2000,1000\r\n1000,3000\r\n",
      ),
    );
    copyFileSync(sample("three-phase-1999-ascii.dat"), join(dir, "two-rates.dat"));
    const { code, stderr } = await run("find_events.ts", "--model", model2k, "--dataset", cfg);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `error: ${cfg} changes its sampling rate (2000 Hz for samples 1-1000, 1000 Hz for samples 1001-3000); the detector needs one rate throughout: export the recording at one rate, or split it where the rate changes\n`,
    );
  });

  test("a COMTRADE file timed by its stamps: events as with the rates; a missing record refused by number", async () => {
    const cfg = readFileSync(sample("three-phase-1999-ascii.cfg"), "latin1").replace(
      "\n1\r\n2000,3000\r\n",
      "\n0\r\n0,3000\r\n",
    );
    const records = readFileSync(sample("three-phase-1999-ascii.dat"), "latin1").split("\r\n");
    const write = (name: string, dat: string[]) => {
      writeFileSync(join(dir, `${name}.cfg`), cfg);
      writeFileSync(join(dir, `${name}.dat`), dat.join("\r\n"));
      return join(dir, `${name}.cfg`);
    };
    const stamps = write("stamps", records);
    const timed = await run("find_events.ts", "--model", model2k, "--dataset", stamps, "--json");
    expect(timed.code).toBe(0);
    expectEvents(JSON.parse(timed.stdout), samplesEvents("UA", "UB", "UC"));
    // Without record 1001 (stamp 500000 us), the 1001st sample read is stamped 0.5005 s after 0.4995 s.
    const gap = write("gap", [...records.slice(0, 1000), ...records.slice(1001)]);
    const { code, stderr } = await run("find_events.ts", "--model", model2k, "--dataset", gap);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `error: ${gap} sample 1001: time goes from 0.4995 to 0.5005, not by one sample (0.0005 s at 2000 Hz)`,
    );
  });

  test("a missing sample (a blank CSV cell) is refused with its line", async () => {
    const csv = readFileSync(sample(CSV_SAMPLE[0]), "utf8").split("\n");
    csv[100] = (csv[100] as string).replace(/,[^,]*$/, ",");
    const path = join(dir, "blank.csv");
    writeFileSync(path, csv.join("\n"));
    const { code, stderr } = await run(
      "find_events.ts",
      "--model",
      model1k,
      "--dataset",
      path,
      ...CSV_SAMPLE.slice(1),
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      `error: ${path} line 101: uc has no value (a missing sample); the detector needs every sample: fill the gap or cut the recording there\n`,
    );
  });

  test("the reader's warnings go to stderr, one line each, and the events still come", async () => {
    const cfg = join(dir, "lower.cfg");
    writeFileSync(
      cfg,
      readFileSync(sample("three-phase-1999-ascii.cfg"), "latin1").replace("\nASCII\r\n", "\nascii\r\n"),
    );
    const dat = readFileSync(sample("three-phase-1999-ascii.dat"));
    writeFileSync(join(dir, "lower.dat"), Buffer.concat([dat, Buffer.from([0x1a, 0x1a, 0x1a])]));
    const recording = await openRecording(cfg);
    for await (const _ of recording.blocks());
    expect(recording.info.warnings.length).toBe(2);
    const { code, stderr, stdout } = await run(
      "find_events.ts",
      "--model",
      model2k,
      "--dataset",
      cfg,
      "--json",
    );
    expect(code).toBe(0);
    expect(stderr).toBe(recording.info.warnings.map((w) => `warning: ${w}\n`).join(""));
    expectEvents(JSON.parse(stdout), samplesEvents("UA", "UB", "UC"));
  });
});
