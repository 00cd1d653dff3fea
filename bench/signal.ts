/**
 * Signal-side benchmarks (run by hand: `bun bench/signal.ts [--profile NAME]`; BENCH_BIG_ROWS overrides the 10^7
 * run). Prints: detector throughput on one core, dataset generation (rows/s streamed in memory, 10^5 to CSV
 * in-process, 10^7 in a child process for its peak RSS), calibration time for 10^5 rows, and what each threshold
 * rule gives over 20 seeds. --profile picks the generator's option set for the generation and rule runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defineCommand, parseArgsOrHelp, profileFlag } from "../lib/cli/index.ts";
import { readDatasetCsv, writeDatasetCsv } from "../lib/dataset-file.ts";
import { anomaliesPng, klChartPng } from "../lib/plot/index.ts";
import {
  calibrate,
  chunks,
  Detector,
  generateSample,
  parseProfileName,
  profileOptions,
  resolveSampleOptions,
  SampleStream,
  sampleRange,
  THRESHOLD_RULES,
  type ThresholdRule,
  TUTORIAL_THRESHOLD,
} from "../lib/signal/index.ts";

const flags = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/signal.ts",
    summary: "Signal benchmarks: detector, generation, calibration, plots and threshold rules.",
    flags: {
      profile: profileFlag("generator profile for the generation and rule runs"),
    },
  }),
);
const profile = parseProfileName(flags.profile);
const profiled = profileOptions(profile);

const dir = mkdtempSync(join(tmpdir(), "bench-signal-"));
const root = resolve(import.meta.dir, "..");
const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(52)} ${value}`);
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Best of a few runs, in seconds. */
function best(runs: number, fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, (performance.now() - t0) / 1000);
  }
  return min;
}

try {
  // 1. Detector throughput (first, before the generation runs fill the heap): 1000-sample windows per second on one core.
  const sample = generateSample({ duration: 100, seed: 2 });
  const windows = chunks(sample.anomaly, 1000);
  for (const trim of [false, true]) {
    const detector = new Detector({
      reference: sample.normal.subarray(0, 1000),
      threshold: TUTORIAL_THRESHOLD,
      trim,
    });
    for (let warm = 0; warm < 20; warm++) for (const w of windows) detector.detect(w);
    let perSecond = 0;
    for (let round = 0; round < 3; round++) {
      let count = 0;
      const start = performance.now();
      while (performance.now() - start < 1000) {
        for (const w of windows) detector.detect(w);
        count += windows.length;
      }
      perSecond = Math.max(perSecond, count / ((performance.now() - start) / 1000));
    }
    report(
      `detector, 1000-sample windows/s, best 1 s of 3 (trim=${trim})`,
      Math.round(perSecond).toLocaleString("en-US"),
    );
  }

  // 2. Generation: 10^6 rows streamed in memory (no formatting), then 10^5 rows streamed to CSV.
  const streamed = best(5, () => {
    const stream = new SampleStream({ ...profiled, duration: 1000, seed: 1 });
    while (stream.next(8192));
  });
  report(
    `generate 10^6 rows in memory, profile ${profile} (best of 5)`,
    `${Math.round(1e6 / streamed).toLocaleString("en-US")} rows/s`,
  );
  const smallCsv = join(dir, "small.csv");
  const genSmall = best(5, () => writeDatasetCsv(smallCsv, { ...profiled, duration: 100, seed: 1 }));
  report(
    `generate + write 10^5 rows, profile ${profile} (in-process, best of 5)`,
    `${genSmall.toFixed(3)} s`,
  );

  // 3. 10^7 rows through the real script in a child process, for its peak RSS.
  const bigRows = Number(process.env.BENCH_BIG_ROWS ?? 1e7);
  const t0 = performance.now();
  const child = Bun.spawn(
    [
      process.execPath,
      join(root, "scripts/gen_dataset.ts"),
      "--duration",
      String(bigRows / 1000),
      "--seed",
      "1",
    ].concat(["--profile", profile, "--out", join(dir, "big.csv"), "--plot", join(dir, "big.png")]),
    { stdout: "pipe", stderr: "inherit" },
  );
  const childOut = await new Response(child.stdout).text();
  if ((await child.exited) !== 0) throw new Error(`gen_dataset.ts failed: ${childOut}`);
  const bigSeconds = (performance.now() - t0) / 1000;
  const usage = child.resourceUsage();
  report(
    `gen_dataset.ts ${bigRows.toExponential(0)} rows (child, incl. startup + plot)`,
    `${bigSeconds.toFixed(2)} s`,
  );
  report(`  peak RSS of that child`, usage ? mb(usage.maxRSS) : "n/a");
  rmSync(join(dir, "big.csv"), { force: true });

  // 4. Calibration of 10^5 rows.
  const data = await readDatasetCsv(smallCsv);
  const calibrateOnly = best(5, () => calibrate(data));
  let parseAndCalibrate = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    calibrate(await readDatasetCsv(smallCsv));
    parseAndCalibrate = Math.min(parseAndCalibrate, (performance.now() - start) / 1000);
  }
  report("calibrate 10^5 rows (in memory, best of 5)", `${calibrateOnly.toFixed(4)} s`);
  report("read CSV (papaparse) + calibrate 10^5 rows (best of 5)", `${parseAndCalibrate.toFixed(3)} s`);
  const scriptStart = performance.now();
  const script = Bun.spawn(
    [process.execPath, join(root, "scripts/calc_kl_div_threshold.ts"), "--dataset", smallCsv].concat([
      "--model",
      join(dir, "model.json"),
      "--plot",
      join(dir, "kl.png"),
    ]),
    { stdout: "ignore", stderr: "inherit" },
  );
  await script.exited;
  report(
    "calc_kl_div_threshold.ts 10^5 rows (child, incl. startup + plot)",
    `${((performance.now() - scriptStart) / 1000).toFixed(2)} s`,
  );

  // Plots: first render (includes font loading) and a warm one.
  const window = sampleRange(resolveSampleOptions({ seed: 1 }), 9000, 2000);
  const firstPlot = best(1, () => anomaliesPng(window, 0.001));
  const warmPlot = best(3, () => anomaliesPng(window, 0.001));
  report("render anomalies.png (first / warm)", `${firstPlot.toFixed(2)} s / ${warmPlot.toFixed(2)} s`);
  const calibration = calibrate(data);
  const klPlot = best(3, () =>
    klChartPng({
      kls: calibration.kls,
      threshold: calibration.threshold,
      truth: calibration.truth,
      rule: calibration.rule,
    }),
  );
  report("render kl_div_res.png (warm)", `${klPlot.toFixed(2)} s`);

  // 5. Threshold rules over 20 seeds of the default dataset.
  const f1: Record<ThresholdRule, number[]> = { tutorial: [], "f1-max": [], "normal-margin": [] };
  const recall: Record<ThresholdRule, number[]> = { tutorial: [], "f1-max": [], "normal-margin": [] };
  for (let seed = 1; seed <= 20; seed++) {
    const result = calibrate(generateSample({ ...profiled, seed }));
    for (const rule of Object.keys(f1) as ThresholdRule[]) {
      f1[rule].push(result.metricsByRule[rule].f1);
      recall[rule].push(result.metricsByRule[rule].recall);
    }
  }
  for (const rule of Object.keys(f1) as ThresholdRule[]) {
    const meanF1 = f1[rule].reduce((a, b) => a + b, 0) / f1[rule].length;
    const perfect = f1[rule].filter((v) => v === 1).length;
    report(
      `rule ${rule}: F1 over seeds 1..20 (${profile})`,
      `mean ${meanF1.toFixed(4)}, min ${Math.min(...f1[rule]).toFixed(4)}, min recall ${Math.min(...recall[rule]).toFixed(4)}, F1 = 1 in ${perfect}/20`,
    );
  }
  console.log(`\nrules: ${JSON.stringify(THRESHOLD_RULES)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
