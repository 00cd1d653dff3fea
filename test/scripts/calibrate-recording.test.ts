/**
 * calibrate.ts on a recording without labels (the committed COMTRADE and CSV samples): the rms model takes the
 * recording's rate and line frequency and the declared voltage, the chosen channels are read together, and the
 * model it writes finds the samples' events through find_events.ts.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rmsTestModel } from "../support/rms.ts";
import { scriptsDir } from "../support/scripts-dir.ts";
import { repoRoot } from "../support/stack.ts";

const scripts = scriptsDir("calibrate-recording-");
const { dir, run } = scripts;
afterAll(scripts.remove);

const sample = (name: string) => join(repoRoot, "samples", name);
const binaryCfg = sample("three-phase-2013-binary.cfg");

async function calibrated(modelName: string, ...args: string[]) {
  const model = join(dir, modelName);
  const result = await run("calibrate.ts", "--model", model, "--no-plot", ...args);
  return { ...result, model, json: result.code === 0 ? await Bun.file(model).json() : null };
}

describe("calibrate.ts --detector rms on a recording", () => {
  test("the model: the recording's rate and line frequency, the declared voltage, the defaults' thresholds", async () => {
    const { code, stdout, json } = await calibrated(
      "cfg.json",
      "--dataset",
      binaryCfg,
      "--reference-voltage",
      "230",
    );
    expect(code).toBe(0);
    // The detector's defaults (the shared test model's) at the recording's rate and the declared 230 V.
    expect(json).toMatchObject({
      ...rmsTestModel,
      samplingRate: 2000,
      calibration: { dataset: binaryCfg, channels: ["UA", "UB", "UC"], samples: 3000, events: 3 },
    });
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(
      "Reference voltage (declared, --reference-voltage): 230.000 V; sampling rate 2000 Hz, frequency 50 Hz",
    );
    expect(lines[2]).toBe(
      "Channels UA, UB, UC read together: 3 event(s) in 3000 samples; no labels to score them against",
    );
    expect(lines.slice(3, 6).map((l) => l.replace(/^ {2}(\S+) .*, phases (.*)$/, "$1: $2"))).toEqual([
      "dip: UA",
      "dip: UA, UB",
      "interruption: UA, UB, UC",
    ]);
  });

  test("the model it writes finds the samples' events in the other COMTRADE files", async () => {
    const { model } = await calibrated("round.json", "--dataset", binaryCfg, "--reference-voltage", "230");
    for (const other of ["three-phase-1999-ascii.cfg", "three-phase-2013-float32.cff"]) {
      const found = await run("find_events.ts", "--model", model, "--dataset", sample(other), "--json");
      expect(found.code).toBe(0);
      const events = JSON.parse(found.stdout);
      expect(events.map((e: { phases: string[] }) => e.phases)).toEqual([
        ["UA"],
        ["UA", "UB"],
        ["UA", "UB", "UC"],
      ]);
    }
  });

  test("the line frequency comes from the .cfg; --frequency overrides it", async () => {
    const cfg = join(dir, "sixty.cfg");
    writeFileSync(cfg, readFileSync(binaryCfg, "latin1").replace("\n50\r\n", "\n60\r\n"));
    writeFileSync(join(dir, "sixty.dat"), readFileSync(binaryCfg.replace(/cfg$/, "dat")));
    const fromCfg = await calibrated("sixty.json", "--dataset", cfg, "--reference-voltage", "230");
    expect(fromCfg.json.frequency).toBe(60);
    const given = await calibrated(
      "fifty.json",
      "--dataset",
      cfg,
      "--reference-voltage",
      "230",
      "--frequency",
      "50",
    );
    expect(given.json.frequency).toBe(50);
  });

  test("the CSV with ISO times: 1000 Hz exactly (not 1 / 0.001 s), the chosen channels only", async () => {
    const csv = sample("three-phase-timed.csv");
    const { code, json } = await calibrated(
      "csv.json",
      "--dataset",
      csv,
      "--time-column",
      "timestamp",
      "--channels",
      "ub",
      "--reference-voltage",
      "230",
    );
    expect(code).toBe(0);
    expect(json.samplingRate).toBe(1000);
    expect(json.calibration).toMatchObject({ channels: ["ub"], events: 2 });
  });

  test("--plot draws one U_rms(1/2) line per channel into a PNG", async () => {
    const plot = join(dir, "phases.png");
    const model = join(dir, "plot.json");
    const args = ["--dataset", binaryCfg, "--reference-voltage", "230", "--model", model, "--plot", plot];
    const { code, stdout } = await run("calibrate.ts", ...args);
    expect(code).toBe(0);
    expect(stdout).toContain(`Saved ${plot} and ${model}.`);
    const png = new Uint8Array(await Bun.file(plot).arrayBuffer());
    expect(Array.from(png.slice(1, 4))).toEqual([0x50, 0x4e, 0x47]);
  });
});

describe("calibrate.ts refusals on a recording", () => {
  test("no declared voltage, kl, a wrong --sampling-rate, --reference-voltage on the labelled dataset", async () => {
    const data = join(dir, "dataset.csv");
    expect(
      (await run("gen_dataset.ts", "--seed", "2", "--duration", "3", "--out", data, "--no-plot")).code,
    ).toBe(0);
    const cases: [string[], string][] = [
      [
        ["--dataset", binaryCfg],
        `${binaryCfg} has no normal_wave to take the reference from: give the declared supply voltage with --reference-voltage V (e.g. 230; the thresholds are % of it)`,
      ],
      [
        ["--dataset", binaryCfg, "--detector", "kl"],
        `--detector kl calibrates on the tutorial's labelled dataset (time,normal_wave,anomaly_wave,is_anomaly); ${binaryCfg} has no labels: use --detector rms --reference-voltage V`,
      ],
      [
        ["--dataset", binaryCfg, "--reference-voltage", "230", "--sampling-rate", "1000"],
        `--sampling-rate 1000 does not match ${binaryCfg}, sampled at 2000.00 Hz; leave it out to use the recording's`,
      ],
      [
        ["--dataset", data, "--reference-voltage", "230"],
        `--reference-voltage is for recordings without labels; ${data}'s reference is the RMS of its normal_wave`,
      ],
    ];
    for (const [i, [args, message]] of cases.entries()) {
      const model = join(dir, `refused-${i}.json`);
      const result = await run("calibrate.ts", "--model", model, "--no-plot", ...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`error: ${message}\n`);
      expect(await Bun.file(model).exists()).toBe(false);
    }
  });

  test("the dataset with a channel chosen is a recording: the declared voltage, no scoring", async () => {
    const data = join(dir, "dataset-channel.csv");
    expect(
      (await run("gen_dataset.ts", "--seed", "2", "--duration", "3", "--out", data, "--no-plot")).code,
    ).toBe(0);
    const { code, json } = await calibrated(
      "channel.json",
      "--dataset",
      data,
      "--channels",
      "normal_wave",
      "--reference-voltage",
      "230",
    );
    expect(code).toBe(0);
    expect(json).toMatchObject({
      samplingRate: 1000,
      referenceVoltage: 230,
      calibration: { channels: ["normal_wave"], events: 0 },
    });
  });
});
