/**
 * The tutorial's calc_kl_div_threshold.py: scores every 1 s window of dataset.csv by KL divergence against the
 * first normal window, picks a threshold, prints the tutorial's metrics, writes kl_div_res.png and model.json.
 */
import { defineCommand, parseArgsOrHelp, plotFlags, plotTarget, runMain } from "../lib/cli/index.ts";
import { readDatasetCsv } from "../lib/dataset-file.ts";
import { defaultModelPath, saveModel } from "../lib/model-file.ts";
import { klChartPng } from "../lib/plot/index.ts";
import {
  calibrate,
  pythonFixed,
  pythonFloatString,
  THRESHOLD_RULES,
  type ThresholdRule,
} from "../lib/signal/index.ts";

const rules = Object.keys(THRESHOLD_RULES) as ThresholdRule[];

const spec = defineCommand({
  usage: "bun scripts/calc_kl_div_threshold.ts",
  summary: "Calibrate the KL-divergence threshold on a labelled dataset and save the detector model.",
  flags: {
    dataset: {
      type: "string",
      default: "dataset.csv",
      description: "labelled CSV from gen_dataset.ts",
      placeholder: "PATH",
    },
    model: {
      type: "string",
      default: defaultModelPath(),
      description: "model file to write (env MODEL_PATH)",
      placeholder: "PATH",
    },
    ...plotFlags("kl_div_res.png", "PNG of KL per chunk and ground truth"),
    rule: {
      type: "string",
      default: "normal-margin",
      description: `threshold rule: ${rules.join(" | ")}`,
      placeholder: "RULE",
      check: (v: string) =>
        rules.includes(v as ThresholdRule) ? undefined : `must be one of ${rules.join(", ")}`,
    },
    window: {
      type: "integer",
      default: 1000,
      description: "samples per chunk",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    samplingRate: {
      type: "number",
      default: 1000,
      description: "samples per second, recorded in the model",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    bins: {
      type: "integer",
      default: 50,
      description: "histogram bins",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    trim: {
      type: "boolean",
      default: true,
      description: "trim chunks to zero crossings (--trim=false to skip)",
    },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const dataset = await readDatasetCsv(flags.dataset);
  const rule = flags.rule as ThresholdRule;
  const result = calibrate(dataset, {
    window: flags.window,
    bins: flags.bins,
    trim: flags.trim,
    samplingRate: flags.samplingRate,
    rule,
  });
  const { metrics } = result;
  const other: ThresholdRule = rule === "tutorial" ? "normal-margin" : "tutorial";
  console.log(`Threshold rule: ${rule} (${THRESHOLD_RULES[rule]})`);
  console.log(`Anomaly detection threshold (KL Divergence): ${pythonFloatString(result.threshold)}`);
  console.log(`Accuracy: ${pythonFixed(metrics.accuracy, 4)}`);
  console.log(`Precision: ${pythonFixed(metrics.precision, 4)}`);
  console.log(`Recall: ${pythonFixed(metrics.recall, 4)}`);
  console.log(`F1-Score: ${pythonFixed(metrics.f1, 4)}`);
  console.log(
    `(The ${other} rule would give threshold ${pythonFloatString(result.thresholds[other])}, F1-Score ${pythonFixed(result.metricsByRule[other].f1, 4)}.)`,
  );
  const plot = plotTarget(flags);
  if (plot)
    await Bun.write(
      plot,
      klChartPng({ kls: result.kls, threshold: result.threshold, truth: result.truth, rule }),
    );
  await saveModel(flags.model, {
    ...result.model,
    calibration: { dataset: flags.dataset, ...result.model.calibration },
  });
  console.log(
    `Detected ${result.predictions.reduce((a, b) => a + b, 0)} anomalies out of ${result.kls.length} chunks.`,
  );
  console.log(plot ? `Saved ${plot} and ${flags.model}.` : `Saved ${flags.model}.`);
});
