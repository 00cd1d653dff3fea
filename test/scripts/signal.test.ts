import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../../lib/model-file.ts";
import { parseDatasetCsv, requireKlModel } from "../../lib/signal/index.ts";
import { scriptsDir } from "../support/scripts-dir.ts";

const scripts = scriptsDir("signal-scripts-");
const { dir, run } = scripts;
afterAll(scripts.remove);

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

async function isPng(path: string): Promise<boolean> {
  const bytes = new Uint8Array(await Bun.file(path).arrayBuffer());
  return PNG_MAGIC.every((b, i) => bytes[i] === b) && bytes.length > 10000;
}

describe("gen_dataset.ts", () => {
  test("writes the CSV, the picture and a one-line summary", async () => {
    const out = join(dir, "data.csv");
    const plot = join(dir, "anomalies.png");
    const seeded = (csv: string, png: string) =>
      run(
        "gen_dataset.ts",
        "--duration",
        "20",
        "--anomaly-probability",
        "0.0005",
        "--seed",
        "7",
        "--out",
        csv,
        "--plot",
        png,
      );
    const result = await seeded(out, plot);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(""); // no progress bar when stderr is not a terminal
    expect(result.stdout).toMatch(
      new RegExp(
        `^Wrote 20000 rows to ${out}: (\\d+) anomalies injected \\(\\1 dips, 0 swells, 0 interruptions\\), seed 7 \\(plot: ${plot}\\)\\n$`,
      ),
    );
    const text = await Bun.file(out).text();
    const lines = text.split("\n");
    expect(lines[0]).toBe("time,normal_wave,anomaly_wave,is_anomaly");
    expect(lines[1]).toBe("0.0,0.0,0.0,0");
    expect(lines[10]).toMatch(/^0\.009000000000000001,/);
    expect(lines).toHaveLength(20002); // header, rows, final newline
    const parsed = parseDatasetCsv(text);
    expect(parsed.labels.some((l) => l === 1)).toBe(true);
    expect(await isPng(plot)).toBe(true);
    const again = await seeded(join(dir, "again.csv"), join(dir, "again.png"));
    expect(again.code).toBe(0);
    expect(await Bun.file(join(dir, "again.csv")).text()).toBe(text);
  });

  test("bad flags exit non-zero with a clear message", async () => {
    const cases: [string[], string][] = [
      [["--duration", "-5"], "--duration must be greater than 0"],
      [["--anomaly-probability", "1.5"], "--anomaly-probability must be within [0, 1]"],
      [["--frobnicate"], "unknown flag --frobnicate"],
      [["--sampling-rate", "abc"], '--sampling-rate must be a number, got "abc"'],
      [["--seed"], "--seed needs a value"],
    ];
    for (const [args, message] of cases) {
      const result = await run("gen_dataset.ts", ...args, "--out", join(dir, "never.csv"));
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(message);
    }
    expect(existsSync(join(dir, "never.csv"))).toBe(false);
  });

  test("--help lists every flag", async () => {
    const result = await run("gen_dataset.ts", "--help");
    expect(result.code).toBe(0);
    for (const flag of [
      "--duration",
      "--sampling-rate",
      "--frequency",
      "--amplitude",
      "--anomaly-probability",
      "--anomaly-duration",
      "--anomaly-drop",
      "--seed",
      "--out",
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});

describe("calc_kl_div_threshold.ts", () => {
  test("prints the tutorial's lines, writes the plot and a model the detector loads", async () => {
    const data = join(dir, "calib.csv");
    expect(
      (
        await run(
          "gen_dataset.ts",
          "--duration",
          "40",
          "--anomaly-probability",
          "0.0003",
          "--seed",
          "3",
          "--out",
          data,
          "--plot",
          join(dir, "a.png"),
        )
      ).code,
    ).toBe(0);
    const model = join(dir, "model.json");
    const plot = join(dir, "kl.png");
    const result = await run("calc_kl_div_threshold.ts", "--dataset", data, "--model", model, "--plot", plot);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toStartWith("Threshold rule: normal-margin");
    expect(lines[1]).toMatch(/^Anomaly detection threshold \(KL Divergence\): \d\.\d+(e-\d+)?$/);
    expect(lines[2]).toMatch(/^Accuracy: \d\.\d{4}$/);
    expect(lines[3]).toMatch(/^Precision: \d\.\d{4}$/);
    expect(lines[4]).toMatch(/^Recall: \d\.\d{4}$/);
    expect(lines[5]).toMatch(/^F1-Score: \d\.\d{4}$/);
    expect(lines).toContainEqual(expect.stringMatching(/^Detected \d+ anomalies out of 40 chunks\.$/));
    expect(await isPng(plot)).toBe(true);

    const loaded = await loadModel(model);
    expect(loaded.fromFile).toBe(true);
    const kl = requireKlModel(loaded.model, "this test");
    expect(kl.rule).toBe("normal-margin");
    expect(kl.trim).toBe(true);
    expect(lines[1]).toContain(String(kl.threshold));

    const tutorial = await run(
      "calc_kl_div_threshold.ts",
      "--dataset",
      data,
      "--model",
      join(dir, "m2.json"),
      "--plot",
      plot,
      "--rule",
      "tutorial",
    );
    expect(tutorial.stdout).toStartWith("Threshold rule: tutorial");

    const detect = await run("anomaly_detector_test.ts", "--model", model, "--seed", "3");
    expect(detect.code).toBe(0);
    expect(detect.stdout).toMatch(/\nAnomaly detected: (True|False)\nKL Divergence: \d/);
  });

  test("missing or malformed dataset gives a clear error", async () => {
    const missing = await run("calc_kl_div_threshold.ts", "--dataset", join(dir, "absent.csv"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("absent.csv not found; create it with: bun scripts/gen_dataset.ts");
    await Bun.write(join(dir, "bad.csv"), "time,normal_wave,anomaly_wave,is_anomaly\n0.0,1,x,0\n");
    const bad = await run("calc_kl_div_threshold.ts", "--dataset", join(dir, "bad.csv"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.csv line 2: anomaly_wave is "x", not a finite number');
    expect((await run("calc_kl_div_threshold.ts", "--rule", "magic")).stderr).toContain(
      "--rule must be one of",
    );
  });
});

describe("anomaly_detector_test.ts", () => {
  test("without a model it warns and uses the tutorial's threshold, printing the snippet's two lines", async () => {
    const result = await run("anomaly_detector_test.ts", "--seed", "3", "--model", join(dir, "none.json"));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("using the tutorial's hard-coded threshold 0.010199148586751076");
    // Seed 3 puts a 100-sample drop at row 247: the tutorial's printed KL.
    expect(result.stdout).toContain("anomaly starts at row(s): 247");
    expect(result.stdout).toEndWith("Anomaly detected: True\nKL Divergence: 0.09482433169355574\n");
  });

  test("a malformed model file is an error, not a silent fallback", async () => {
    await Bun.write(join(dir, "broken.json"), '{"threshold": "high"}');
    const result = await run("anomaly_detector_test.ts", "--model", join(dir, "broken.json"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('model field "threshold" must be a finite number');
  });
});

describe("gen_dataset.ts realistic mains", () => {
  /** The dip/swell/interruption factors seen in a CSV: anomaly_wave / normal_wave on labelled rows. */
  function ratios(text: string): number[] {
    const { normal, anomaly, labels } = parseDatasetCsv(text);
    const out: number[] = [];
    for (let i = 0; i < labels.length; i++)
      if (labels[i] && Math.abs(normal[i]!) > 50) out.push(anomaly[i]! / normal[i]!);
    return out;
  }

  test("--profile realistic writes noisy mains with events of every kind and counts them by kind", async () => {
    const out = join(dir, "realistic.csv");
    const result = await run(
      "gen_dataset.ts",
      "--profile",
      "realistic",
      "--seed",
      "3",
      "--out",
      out,
      "--no-plot",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `Wrote 100000 rows to ${out}: 10 anomalies injected (4 dips, 5 swells, 1 interruption), seed 3 (plot: none)\n`,
    );
    const text = await Bun.file(out).text();
    expect(text.split("\n")[0]).toBe("time,normal_wave,anomaly_wave,is_anomaly");
    const seen = ratios(text);
    expect(seen.some((r) => r > 1.12)).toBe(true);
    expect(seen.some((r) => r < 0.05)).toBe(true);
    expect(seen.some((r) => r > 0.1 && r < 0.9)).toBe(true);
  });

  test("explicit flags override the profile; ranges and harmonics are taken", async () => {
    const out = join(dir, "override.csv");
    const args = ["--profile", "shallow", "--anomaly-drop", "0.3", "--anomaly-probability", "0.001"];
    const result = await run(
      "gen_dataset.ts",
      ...args,
      "--duration",
      "10",
      "--seed",
      "1",
      "--out",
      out,
      "--no-plot",
    );
    expect(result.code).toBe(0);
    const seen = ratios(await Bun.file(out).text());
    expect(seen.length).toBeGreaterThan(100);
    for (const r of seen) expect(r).toBeCloseTo(0.3, 9);

    const ranged = join(dir, "ranged.csv");
    const flags = [
      "--harmonics",
      "3:3,5:2",
      "--noise",
      "0.5",
      "--frequency-drift",
      "0.1",
      "--amplitude-wander",
      "1",
    ];
    const swells = ["--anomaly-probability", "0", "--swell-probability", "0.001", "--swell-rise", "1.2..1.3"];
    const again = await run(
      "gen_dataset.ts",
      ...flags,
      ...swells,
      "--duration",
      "10",
      "--out",
      ranged,
      "--no-plot",
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/anomalies injected \(0 dips, \d+ swells?, 0 interruptions\)/);
    const rises = ratios(await Bun.file(ranged).text());
    expect(Math.min(...rises)).toBeGreaterThanOrEqual(1.2 - 1e-9);
    expect(Math.max(...rises)).toBeLessThanOrEqual(1.3 + 1e-9);
  });

  test("--no-plot writes no picture; --plot=false is refused instead of writing a file named false", async () => {
    const sub = mkdtempSync(join(dir, "plots-"));
    const out = join(sub, "d.csv");
    const none = await run(
      "gen_dataset.ts",
      "--duration",
      "2",
      "--out",
      out,
      "--plot",
      join(sub, "p.png"),
      "--no-plot",
    );
    expect(none.code).toBe(0);
    expect(existsSync(join(sub, "p.png"))).toBe(false);
    expect(none.stdout).toContain("(plot: none)");
    const refused = await run("gen_dataset.ts", "--duration", "2", "--out", out, "--plot=false");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "error: --plot takes a PNG path (use --no-plot to skip the picture), got false\n",
    );
    expect(existsSync(join(dir, "false"))).toBe(false);

    const model = join(sub, "m.json");
    const calib = await run("calc_kl_div_threshold.ts", "--dataset", out, "--model", model, "--no-plot");
    expect(calib.code).toBe(0);
    expect(calib.stdout).toContain(`Saved ${model}.`);
    expect(existsSync(join(dir, "kl_div_res.png"))).toBe(false);
    const calibRefused = await run("calc_kl_div_threshold.ts", "--dataset", out, "--plot=false");
    expect(calibRefused.code).toBe(1);
    expect(calibRefused.stderr).toContain("--plot takes a PNG path (use --no-plot to skip the picture)");
  });

  test("bad realistic flags exit 1 with a clear message", async () => {
    const cases: [string[], string][] = [
      [["--harmonics", "x"], 'error: --harmonics must be order:percent pairs like 3:3,5:2, got "x"'],
      [["--harmonics", "3:3,5"], 'error: --harmonics must be order:percent pairs like 3:3,5:2, got "3:3,5"'],
      [["--harmonics", "1:3"], "harmonic order must be a whole number >= 2"],
      [["--anomaly-drop", "0.9..0.1"], 'error: --anomaly-drop range must have MIN <= MAX, got "0.9..0.1"'],
      [
        ["--anomaly-drop", "a..b"],
        'error: --anomaly-drop must be a number or a range MIN..MAX like 0.1..0.85, got "a..b"',
      ],
      [
        ["--anomaly-duration", "10..20.5"],
        "error: --anomaly-duration must be whole samples >= 0, got 10..20.5",
      ],
      [["--swell-rise", "0.9..1.2"], "error: --swell-rise must be above 1, got 0.9..1.2"],
      [["--interruption-factor", "0.1"], "error: --interruption-factor must be within [0, 0.05), got 0.1"],
      [["--amplitude-wander", "12"], "error: --amplitude-wander must be within [0, 10], got 12"],
      [["--noise", "-1"], "error: --noise must be within [0, 100], got -1"],
      [
        ["--profile", "loud"],
        "error: --profile must be one of tutorial, noisy, realistic, shallow, short, swells",
      ],
      [["--anomaly-probability", "0.7", "--swell-probability", "0.7"], "must be <= 1"],
    ];
    for (const [args, message] of cases) {
      const result = await run("gen_dataset.ts", ...args, "--out", join(dir, "never.csv"), "--no-plot");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
    }
    expect(existsSync(join(dir, "never.csv"))).toBe(false);
  });

  test("--help lists the realistic flags and the profiles", async () => {
    const result = await run("gen_dataset.ts", "--help");
    expect(result.code).toBe(0);
    for (const flag of [
      "--profile",
      "--noise",
      "--harmonics",
      "--frequency-offset",
      "--frequency-drift",
      "--amplitude-wander",
      "--swell-probability",
      "--swell-rise",
      "--swell-duration",
      "--interruption-probability",
      "--interruption-factor",
      "--interruption-duration",
      "--no-plot",
      "tutorial | noisy | realistic | shallow | short | swells",
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});
