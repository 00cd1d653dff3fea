/**
 * The tutorial's calibration step, shared by scripts/calc_kl_div_threshold.ts and `scripts/calibrate.ts
 * --detector kl`: one implementation, so both write the same model.json and print the same lines.
 */
import type { FlagDef } from "./cli/index.ts";
import { defaultModelPath, saveModel } from "./model-file.ts";
import {
  type Calibration,
  calibrate,
  type DatasetColumns,
  pythonFixed,
  pythonFloatString,
  THRESHOLD_RULES,
  type ThresholdRule,
} from "./signal/index.ts";

const rules = Object.keys(THRESHOLD_RULES) as ThresholdRule[];
const positive = (v: number) => (v > 0 ? undefined : "must be greater than 0");

/** --dataset (labelled CSV in) and --model (model.json out), as every calibration script takes them. */
export const CALIBRATION_FILE_FLAGS = {
  dataset: {
    type: "string",
    default: "dataset.csv",
    description: "labelled CSV from gen_dataset.ts",
    placeholder: "PATH",
  } as FlagDef<"string"> & { default: string },
  model: {
    type: "string",
    default: defaultModelPath(),
    description: "model file to write (env MODEL_PATH)",
    placeholder: "PATH",
  } as FlagDef<"string"> & { default: string },
};

/** The KL calibration's own flags (rule, window, bins, trim). */
export const KL_CALIBRATION_FLAGS = {
  rule: {
    type: "string",
    default: "normal-margin",
    description: `threshold rule: ${rules.join(" | ")}`,
    placeholder: "RULE",
    check: (v: string) =>
      rules.includes(v as ThresholdRule) ? undefined : `must be one of ${rules.join(", ")}`,
  } as FlagDef<"string"> & { default: string },
  window: {
    type: "integer",
    default: 1000,
    description: "samples per chunk",
    check: positive,
  } as FlagDef<"integer"> & { default: number },
  bins: {
    type: "integer",
    default: 50,
    description: "histogram bins",
    check: positive,
  } as FlagDef<"integer"> & { default: number },
  trim: {
    type: "boolean",
    default: true,
    description: "trim chunks to zero crossings (--trim=false to skip)",
  } as FlagDef<"boolean"> & { default: boolean },
};

export interface KlCalibrationRun {
  datasetPath: string;
  modelPath: string;
  /** PNG to write, or undefined for none. */
  plot?: string;
  rule: string;
  window: number;
  bins: number;
  trim: boolean;
  samplingRate: number;
}

/** Calibrates, prints the tutorial's lines, writes the plot and model.json; returns the calibration. */
export async function runKlCalibration(
  dataset: DatasetColumns,
  run: KlCalibrationRun,
  print: (line: string) => void = console.log,
): Promise<Calibration> {
  const rule = run.rule as ThresholdRule;
  const result = calibrate(dataset, {
    window: run.window,
    bins: run.bins,
    trim: run.trim,
    samplingRate: run.samplingRate,
    rule,
  });
  const { metrics } = result;
  const other: ThresholdRule = rule === "tutorial" ? "normal-margin" : "tutorial";
  print(`Threshold rule: ${rule} (${THRESHOLD_RULES[rule]})`);
  print(`Anomaly detection threshold (KL Divergence): ${pythonFloatString(result.threshold)}`);
  print(`Accuracy: ${pythonFixed(metrics.accuracy, 4)}`);
  print(`Precision: ${pythonFixed(metrics.precision, 4)}`);
  print(`Recall: ${pythonFixed(metrics.recall, 4)}`);
  print(`F1-Score: ${pythonFixed(metrics.f1, 4)}`);
  print(
    `(The ${other} rule would give threshold ${pythonFloatString(result.thresholds[other])}, F1-Score ${pythonFixed(result.metricsByRule[other].f1, 4)}.)`,
  );
  if (run.plot) {
    // The plot stack (Observable Plot, linkedom, resvg) loads only when there is a picture to draw.
    const { klChartPng } = await import("./plot/kl-chart.ts");
    await Bun.write(
      run.plot,
      klChartPng({ kls: result.kls, threshold: result.threshold, truth: result.truth, rule }),
    );
  }
  await saveModel(run.modelPath, {
    ...result.model,
    calibration: { dataset: run.datasetPath, ...result.model.calibration },
  });
  print(
    `Detected ${result.predictions.reduce((a, b) => a + b, 0)} anomalies out of ${result.kls.length} chunks.`,
  );
  print(run.plot ? `Saved ${run.plot} and ${run.modelPath}.` : `Saved ${run.modelPath}.`);
  return result;
}
