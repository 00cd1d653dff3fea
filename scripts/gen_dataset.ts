/**
 * The tutorial's gen_dataset.py: a 230 V / 50 Hz wave with injected voltage drops, streamed to dataset.csv
 * (header time,normal_wave,anomaly_wave,is_anomaly), plus anomalies.png.
 */
import { defineCommand, ProgressBar, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { type WrittenDataset, writeDatasetCsv } from "../lib/dataset-file.ts";
import { anomaliesPng } from "../lib/plot/index.ts";
import { DATASET_DEFAULTS, sampleRange } from "../lib/signal/index.ts";

const positive = (v: number) => (v > 0 ? undefined : "must be greater than 0");
const nonNegative = (v: number) => (v >= 0 ? undefined : "must be 0 or more");

const spec = defineCommand({
  usage: "bun scripts/gen_dataset.ts",
  summary: "Generate the tutorial's dataset: a sine wave with injected voltage drops, labelled per row.",
  flags: {
    duration: {
      type: "number",
      default: DATASET_DEFAULTS.duration,
      description: "seconds of signal",
      check: positive,
    },
    samplingRate: {
      type: "number",
      default: DATASET_DEFAULTS.samplingRate,
      description: "samples per second (Hz)",
      check: positive,
    },
    frequency: {
      type: "number",
      default: DATASET_DEFAULTS.frequency,
      description: "wave frequency (Hz)",
      check: nonNegative,
    },
    amplitude: {
      type: "number",
      default: DATASET_DEFAULTS.amplitude,
      description: "RMS voltage (peak = amplitude * sqrt 2)",
      check: nonNegative,
    },
    anomalyProbability: {
      type: "number",
      default: DATASET_DEFAULTS.anomalyProbability,
      description: "chance per sample that an anomaly starts",
      check: (v: number) => (v >= 0 && v <= 1 ? undefined : "must be within [0, 1]"),
    },
    anomalyDuration: {
      type: "integer",
      default: DATASET_DEFAULTS.anomalyDuration,
      description: "anomaly length in samples",
      check: nonNegative,
    },
    anomalyDrop: {
      type: "number",
      default: DATASET_DEFAULTS.anomalyDrop,
      description: "factor during an anomaly (0.2 = 80 % drop)",
    },
    seed: {
      type: "integer",
      description: "PRNG seed, 0..4294967295 (default: random, printed)",
      check: (v: number) => (v >= 0 && v <= 0xffffffff ? undefined : "must be within [0, 4294967295]"),
    },
    out: { type: "string", default: "dataset.csv", description: "CSV file to write", placeholder: "PATH" },
    plot: {
      type: "string",
      default: "anomalies.png",
      description: "PNG picture of the first anomaly",
      placeholder: "PATH",
    },
  },
});

const PLOT_SECONDS = 2;

await runMain(() => {
  const { out, plot, ...options } = parseArgsOrHelp(spec);
  let progress: ProgressBar | undefined;
  const written = writeDatasetCsv(out, options, (done, total) => {
    progress ??= new ProgressBar(total, `Writing ${out}`);
    progress.update(done);
  });
  progress?.finish();
  writePlot(written, plot);
  console.log(
    `Wrote ${written.rows} rows to ${out}: ${written.anomalies} anomalies injected, seed ${written.seed} (plot: ${plot})`,
  );
});

/** A few seconds around the first anomaly (or the start), regenerated from the seed rather than kept in memory. */
function writePlot({ options, rows, firstAnomaly }: WrittenDataset, path: string): void {
  const rate = options.samplingRate;
  const length = Math.min(rows, Math.round(PLOT_SECONDS * rate));
  const start =
    firstAnomaly < 0 ? 0 : Math.max(0, Math.min(firstAnomaly - Math.round(rate / 2), rows - length));
  Bun.write(path, anomaliesPng(sampleRange(options, start, length), 1 / rate));
}
