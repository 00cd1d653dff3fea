import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadModel } from "../lib/model-file.ts";
import { parseDatasetCsv, requireKlModel } from "../lib/signal/index.ts";

const root = resolve(import.meta.dir, "..");
const dir = mkdtempSync(join(tmpdir(), "signal-scripts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(script: string, ...args: string[]) {
  const proc = Bun.spawn([process.execPath, join(root, "scripts", script), ...args], {
    cwd: dir,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, MODEL_PATH: undefined },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

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
      new RegExp(`^Wrote 20000 rows to ${out}: \\d+ anomalies injected, seed 7 \\(plot: ${plot}\\)\\n$`),
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
