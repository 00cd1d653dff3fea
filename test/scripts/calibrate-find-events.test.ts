import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { scriptsDir } from "../support/scripts-dir.ts";

const scripts = scriptsDir("rms-scripts-");
const { dir, run } = scripts;
afterAll(scripts.remove);

const data = join(dir, "data.csv");
const rmsModel = join(dir, "rms.json");

beforeAll(async () => {
  const gen = await run("gen_dataset.ts", "--seed", "3", "--duration", "30", "--out", data, "--no-plot");
  expect(gen.code).toBe(0);
  const cal = await run(
    "calibrate.ts",
    "--detector",
    "rms",
    "--dataset",
    data,
    "--model",
    rmsModel,
    "--no-plot",
  );
  expect(cal.code).toBe(0);
});

describe("calibrate.ts", () => {
  test("--detector rms writes an rms model from the data and prints event metrics", async () => {
    const model = await Bun.file(rmsModel).json();
    expect(model).toMatchObject({
      version: 1,
      detector: "rms",
      samplingRate: 1000,
      frequency: 50,
      dipPct: 90,
      swellPct: 110,
      interruptionPct: 5,
      hysteresisPct: 2,
    });
    expect(model.referenceVoltage).toBeCloseTo(230, 6);
    const plot = join(dir, "rms.png");
    const again = await run(
      "calibrate.ts",
      "--dataset",
      data,
      "--model",
      join(dir, "r2.json"),
      "--plot",
      plot,
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Event precision: 1\.0000 {2}recall: 1\.0000 {2}F1: 1\.0000/);
    expect(again.stdout).toMatch(/Start error: median \d+\.\d ms/);
    const png = new Uint8Array(await Bun.file(plot).arrayBuffer());
    expect(Array.from(png.slice(1, 4))).toEqual([0x50, 0x4e, 0x47]);
  });

  test("--detector kl writes exactly calc_kl_div_threshold.ts's model.json and prints its lines", async () => {
    const a = join(dir, "kl-a.json");
    const b = join(dir, "kl-b.json");
    const calibrated = await run(
      "calibrate.ts",
      "--detector",
      "kl",
      "--dataset",
      data,
      "--model",
      a,
      "--no-plot",
    );
    const tutorial = await run("calc_kl_div_threshold.ts", "--dataset", data, "--model", b, "--no-plot");
    expect(calibrated.code).toBe(0);
    expect(tutorial.code).toBe(0);
    const aText = (await Bun.file(a).text()).replace(a, "M");
    const bText = (await Bun.file(b).text()).replace(b, "M");
    expect(aText).toBe(bText);
    expect(calibrated.stdout.startsWith(tutorial.stdout.replace(b, a))).toBe(true);
    expect(calibrated.stdout).toContain("Event precision:");
  });

  test("an unknown detector kind is refused with exit 1", async () => {
    const { code, stderr } = await run("calibrate.ts", "--detector", "fft", "--dataset", data);
    expect(code).toBe(1);
    expect(stderr).toContain("--detector must be one of kl, rms");
  });
});

describe("find_events.ts", () => {
  test("--json prints one array of {kind, start_s, end_s, residual_pct}", async () => {
    const { code, stdout } = await run("find_events.ts", "--model", rmsModel, "--dataset", data, "--json");
    expect(code).toBe(0);
    const events = JSON.parse(stdout);
    expect(Array.isArray(events)).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.kind).toBe("dip");
      expect(typeof e.start_s).toBe("number");
      expect(e.end_s).toBeGreaterThan(e.start_s);
      expect(e.residual_pct).toBeCloseTo(20, 3);
    }
  });

  test("the list ends with the EN 50160 dip and swell tables", async () => {
    const { code, stdout } = await run("find_events.ts", "--model", rmsModel, "--dataset", data);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+ event\(s\) in /);
    expect(stdout).toContain("| 40 > u >= 5 ");
    expect(stdout).toContain("| 120 > u > 110 ");
  });

  test("a kl model reports flagged windows as 1 s events of kind anomaly", async () => {
    const kl = join(dir, "kl-find.json");
    expect(
      (await run("calibrate.ts", "--detector", "kl", "--dataset", data, "--model", kl, "--no-plot")).code,
    ).toBe(0);
    const { code, stdout } = await run("find_events.ts", "--model", kl, "--dataset", data, "--json");
    expect(code).toBe(0);
    const events = JSON.parse(stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.kind).toBe("anomaly");
      expect(e.end_s - e.start_s).toBeCloseTo(1, 9);
    }
  });

  /** The CSV without its line `line` (1-based; line 1 is the header). */
  const withoutLine = (text: string, line: number) =>
    text
      .split("\n")
      .filter((_, i) => i !== line - 1)
      .join("\n");

  const bad = async (name: string, text: string, ...args: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return run("find_events.ts", "--model", rmsModel, "--dataset", path, ...args);
  };

  test("bad CSV input: NaN, empty file, no rows, unknown column, wrong sampling rate, a gap -> message, exit 1", async () => {
    const header = "time,normal_wave,anomaly_wave,is_anomaly\n";
    const cases: [Awaited<ReturnType<typeof bad>>, RegExp][] = [
      [await bad("nan.csv", `${header}0.0,1.0,1.0,0\n0.001,1.0,nan,0\n`), /line 3: anomaly_wave is "nan"/],
      [await bad("empty.csv", ""), /is empty/],
      [await bad("header.csv", header), /header\.csv: fewer than two rows/],
      [
        await bad("col.csv", `${header}0.0,1.0,1.0,0\n`, "--column", "voltage"),
        /no channel "voltage"; its channels are: normal_wave, anomaly_wave, is_anomaly/,
      ],
      [await bad("rate.csv", `${header}0.0,1.0,1.0,0\n0.002,1.0,1.0,0\n`), /sampled at 500\.000 Hz.*1000 Hz/],
      [
        await bad("gap.csv", withoutLine(await Bun.file(data).text(), 5000)),
        /gap\.csv line 5000: time goes from 4\.997 to 4\.999/,
      ],
    ];
    for (const [result, message] of cases) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    }
  });

  test("bad model input: unknown detector kind, NaN, missing field -> message, exit 1", async () => {
    const good = await Bun.file(rmsModel).json();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...good, detector: "fft" }, /"detector" must be one of "kl", "rms"/],
      [{ ...good, referenceVoltage: "NaN" }, /referenceVoltage/],
      [{ ...good, hysteresisPct: undefined }, /hysteresisPct/],
    ];
    for (const [json, message] of cases) {
      const path = join(dir, "bad-model.json");
      writeFileSync(path, JSON.stringify(json));
      const result = await run("find_events.ts", "--model", path, "--dataset", data);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    writeFileSync(join(dir, "nan-model.json"), '{"version":1,"detector":"rms","referenceVoltage":NaN}');
    const nan = await run("find_events.ts", "--model", join(dir, "nan-model.json"), "--dataset", data);
    expect(nan.code).toBe(1);
    expect(nan.stderr).toContain("not valid JSON");
  });
});

describe("calibrate.ts bad input", () => {
  test("NaN, no rows, fewer than two cycles, a missing row -> message naming the problem, exit 1", async () => {
    const header = "time,normal_wave,anomaly_wave,is_anomaly\n";
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => `${i / 1000},${Math.sin(i / 3)},${Math.sin(i / 3)},0`).join("\n");
    const full = rows(200).split("\n");
    const cases: [string, RegExp][] = [
      [`${header}0.0,1.0,1.0,0\n0.001,nan,1.0,0\n`, /line 3: normal_wave is "nan"/],
      [header, /need at least two rows/],
      [`${header}${rows(30)}\n`, /30 rows are less than two cycles \(40 rows at 1000 Hz and 50 Hz\)/],
      [
        `${header}${[...full.slice(0, 99), ...full.slice(100)].join("\n")}\n`,
        /line 101: time goes from 0\.098 to 0\.1,/,
      ],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const path = join(dir, `cal-bad-${i}.csv`);
      writeFileSync(path, text);
      const model = join(dir, `cal-bad-${i}.json`);
      const result = await run(
        "calibrate.ts",
        "--detector",
        "rms",
        "--dataset",
        path,
        "--model",
        model,
        "--no-plot",
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(await Bun.file(model).exists()).toBe(false);
    }
  });
});
