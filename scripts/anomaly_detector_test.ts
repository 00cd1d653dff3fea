/**
 * The tutorial's anomaly_detector_test.py: one second of signal (anomaly probability 0.001), its own normal wave as
 * the reference, and one detection. Threshold, bins and trimming come from the model file (the tutorial's
 * hard-coded threshold, with a warning, when there is none).
 */
import { tutorialSample } from "../lib/anomaly/sample.ts";
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { defaultModelPath, loadModel } from "../lib/model-file.ts";
import { Detector, pythonFloatString, requireKlModel } from "../lib/signal/index.ts";

const spec = defineCommand({
  usage: "bun scripts/anomaly_detector_test.ts",
  summary: "Generate a one-second sample and check it for an anomaly, like the tutorial's snippet.",
  flags: {
    model: {
      type: "string",
      default: defaultModelPath(),
      description: "model file (env MODEL_PATH)",
      placeholder: "PATH",
    },
    seed: {
      type: "integer",
      description: "PRNG seed, 0..4294967295 (default: random, printed)",
      check: (v: number) => (v >= 0 && v <= 0xffffffff ? undefined : "must be within [0, 4294967295]"),
    },
    anomalyProbability: {
      type: "number",
      default: 0.001,
      description: "chance per sample that an anomaly starts",
      check: (v: number) => (v >= 0 && v <= 1 ? undefined : "must be within [0, 1]"),
    },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const loaded = await loadModel(flags.model);
  const { warning } = loaded;
  // The tutorial's snippet takes the sample's own normal wave as the KL reference: a KL-only check.
  const model = requireKlModel(loaded.model, "anomaly_detector_test.ts");
  if (warning) console.error(`warning: ${warning}`);
  const sample = tutorialSample(flags.anomalyProbability, flags.seed);
  const detector = new Detector({
    reference: sample.normal,
    threshold: model.threshold,
    bins: model.bins,
    trim: model.trim,
  });
  const { anomaly, klDivergence } = detector.detect(sample.anomaly);
  const starts = sample.anomalyStarts.length > 0 ? sample.anomalyStarts.join(", ") : "none";
  console.log(
    `Sample seed ${sample.seed}, anomaly starts at row(s): ${starts}; threshold ${model.threshold} (${model.rule})`,
  );
  console.log(`Anomaly detected: ${anomaly ? "True" : "False"}`);
  console.log(`KL Divergence: ${pythonFloatString(klDivergence)}`);
});
