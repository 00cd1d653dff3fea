/**
 * The tutorial's calc_kl_div_threshold.py: scores every 1 s window of dataset.csv by KL divergence against the
 * first normal window, picks a threshold, prints the tutorial's metrics, writes kl_div_res.png and model.json.
 */
import { defineCommand, parseArgsOrHelp, plotFlags, plotTarget, runMain } from "../lib/cli/index.ts";
import { readDatasetCsv } from "../lib/dataset-file.ts";
import { CALIBRATION_FILE_FLAGS, KL_CALIBRATION_FLAGS, runKlCalibration } from "../lib/kl-calibration.ts";

const spec = defineCommand({
  usage: "bun scripts/calc_kl_div_threshold.ts",
  summary: "Calibrate the KL-divergence threshold on a labelled dataset and save the detector model.",
  flags: {
    ...CALIBRATION_FILE_FLAGS,
    ...plotFlags("kl_div_res.png", "PNG of KL per chunk and ground truth"),
    ...KL_CALIBRATION_FLAGS,
    samplingRate: {
      type: "number",
      default: 1000,
      description: "samples per second, recorded in the model",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const dataset = await readDatasetCsv(flags.dataset);
  await runKlCalibration(dataset, {
    ...flags,
    datasetPath: flags.dataset,
    modelPath: flags.model,
    plot: plotTarget(flags),
  });
});
