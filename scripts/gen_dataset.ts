/**
 * The tutorial's gen_dataset.py: a 230 V / 50 Hz wave with injected voltage drops, streamed to dataset.csv
 * (header time,normal_wave,anomaly_wave,is_anomaly), plus anomalies.png. `--profile` and the realistic-mains
 * flags add noise, harmonics, frequency drift, RMS wander, ranged dips, swells and interruptions.
 */
import {
  comtradeFlags,
  defineCommand,
  eachEnd,
  type FlagValues,
  ProgressBar,
  parseArgsOrHelp,
  parseHarmonics,
  plotFlags,
  plotTarget,
  profileFlag,
  runMain,
} from "../lib/cli/index.ts";
import { type WrittenDataset, writeDatasetCsv } from "../lib/dataset-file.ts";
import { parseGeneratedFormat, writeGeneratedComtrade } from "../lib/recording/index.ts";
import {
  DATASET_DEFAULTS,
  EVENT_KINDS,
  MAX_AMPLITUDE_WANDER,
  type NumberOrRange,
  parseProfileName,
  profileWith,
  sampleRange,
} from "../lib/signal/index.ts";

const positive = (v: number) => (v > 0 ? undefined : "must be greater than 0");
const nonNegative = (v: number) => (v >= 0 ? undefined : "must be 0 or more");
const probability = (v: number) => (v >= 0 && v <= 1 ? undefined : "must be within [0, 1]");
const percent = (max: number) => (v: number) =>
  v >= 0 && v <= max ? undefined : `must be within [0, ${max}]`;
const wholeSamples = eachEnd((v) =>
  Number.isInteger(v) && v >= 0 ? undefined : "must be whole samples >= 0",
);
const shown = (v: NumberOrRange) => (typeof v === "number" ? String(v) : v.join(".."));
const tutorial = (key: keyof typeof DATASET_DEFAULTS) =>
  ` (default: ${shown(DATASET_DEFAULTS[key] as NumberOrRange)} unless --profile sets it)`;

const spec = defineCommand({
  usage: "bun scripts/gen_dataset.ts",
  summary:
    "Generate the tutorial's dataset: a sine wave with injected voltage drops, labelled per row; " +
    "--profile and the flags below make the mains realistic. Explicit flags override the profile.",
  flags: {
    profile: profileFlag("option set"),
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
      placeholder: "P",
      description: `chance per sample that a dip starts${tutorial("anomalyProbability")}`,
      check: probability,
    },
    anomalyDuration: {
      type: "range",
      placeholder: "N|MIN..MAX",
      description: `dip length in samples, drawn per dip${tutorial("anomalyDuration")}`,
      check: wholeSamples,
    },
    anomalyDrop: {
      type: "range",
      placeholder: "F|MIN..MAX",
      description: `factor during a dip (0.2 = 80 % drop; 0.10..0.85 = 15–90 % depth)${tutorial("anomalyDrop")}`,
    },
    swellProbability: {
      type: "number",
      placeholder: "P",
      description: `chance per sample that a swell starts${tutorial("swellProbability")}`,
      check: probability,
    },
    swellRise: {
      type: "range",
      placeholder: "F|MIN..MAX",
      description: `factor during a swell, above 1${tutorial("swellRise")}`,
      check: eachEnd((v) => (v > 1 ? undefined : "must be above 1")),
    },
    swellDuration: {
      type: "range",
      placeholder: "N|MIN..MAX",
      description: `swell length in samples${tutorial("swellDuration")}`,
      check: wholeSamples,
    },
    interruptionProbability: {
      type: "number",
      placeholder: "P",
      description: `chance per sample that an interruption starts${tutorial("interruptionProbability")}`,
      check: probability,
    },
    interruptionFactor: {
      type: "range",
      placeholder: "F|MIN..MAX",
      description: `factor during an interruption, in [0, 0.05)${tutorial("interruptionFactor")}`,
      check: eachEnd((v) => (v >= 0 && v < 0.05 ? undefined : "must be within [0, 0.05)")),
    },
    interruptionDuration: {
      type: "range",
      placeholder: "N|MIN..MAX",
      description: `interruption length in samples${tutorial("interruptionDuration")}`,
      check: wholeSamples,
    },
    noise: {
      type: "number",
      placeholder: "PCT",
      description: "white Gaussian noise, RMS as % of the nominal RMS (default: 0 unless --profile sets it)",
      check: percent(100),
    },
    harmonics: {
      type: "string",
      placeholder: "H:PCT,...",
      description: "harmonics as order:percent of the fundamental's RMS, e.g. 3:3,5:2 (default: none)",
    },
    frequencyOffset: {
      type: "number",
      placeholder: "HZ",
      description: "constant offset from --frequency (default: 0)",
    },
    frequencyDrift: {
      type: "number",
      placeholder: "HZ",
      description: "slow frequency wander within ±HZ (default: 0 unless --profile sets it)",
      check: nonNegative,
    },
    amplitudeWander: {
      type: "number",
      placeholder: "PCT",
      description: `slow RMS wander within ±PCT %, up to ${MAX_AMPLITUDE_WANDER} (real grids: under 2; default: 0 unless --profile sets it)`,
      check: percent(MAX_AMPLITUDE_WANDER),
    },
    seed: {
      type: "integer",
      description: "PRNG seed, 0..4294967295 (default: random, printed)",
      check: (v: number) => (v >= 0 && v <= 0xffffffff ? undefined : "must be within [0, 4294967295]"),
    },
    out: {
      type: "string",
      default: "dataset.csv",
      description: "CSV file to write (comtrade: dataset.cfg unless given)",
      placeholder: "PATH",
    },
    ...comtradeFlags(),
    ...plotFlags("anomalies.png", "PNG picture of the first anomaly"),
  },
});

type Flags = FlagValues<typeof spec.flags>;

const PLOT_SECONDS = 2;

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const plot = plotTarget(flags);
  const options = sampleOptionsFromFlags(flags);
  if (flags.format === "comtrade") return writeComtradeDataset(flags, options, plot);
  let progress: ProgressBar | undefined;
  const written = writeDatasetCsv(flags.out, options, (done, total) => {
    progress ??= new ProgressBar(total, `Writing ${flags.out}`);
    progress.update(done);
  });
  progress?.finish();
  if (plot) await writePlot(written, plot);
  const kinds = EVENT_KINDS.map((kind) => plural(written.eventCounts[kind], kind)).join(", ");
  console.log(
    `Wrote ${written.rows} rows to ${flags.out}: ${written.anomalies} anomalies injected (${kinds}), seed ${written.seed} (plot: ${plot ?? "none"})`,
  );
});

async function writeComtradeDataset(
  flags: Flags,
  options: ReturnType<typeof sampleOptionsFromFlags>,
  plot?: string,
) {
  const { out, polyphase, format } = parseGeneratedFormat(flags);
  let progress: ProgressBar | undefined;
  const written = writeGeneratedComtrade(out, options, polyphase, format, (done, total) => {
    progress ??= new ProgressBar(total, `Writing ${out}`);
    progress.update(done);
  });
  progress?.finish();
  if (plot) await writePlot(written, plot);
  const kinds = EVENT_KINDS.map((kind) => plural(written.eventCounts[kind], kind)).join(", ");
  console.log(
    `Wrote ${written.rows} samples of phases ${written.phases.join(", ")} to ${written.files.join(" and ")} ` +
      `(COMTRADE ${format.revision} ${format.fileType}): ${written.anomalies} anomalies injected (${kinds}) on phases ` +
      `${(polyphase.eventPhases ?? written.phases).join(", ")}, seed ${written.seed} (plot: ${plot ?? "none"})`,
  );
}

function plural(count: number, kind: string): string {
  return `${count} ${kind}${count === 1 ? "" : "s"}`;
}

function sampleOptionsFromFlags(flags: Flags) {
  const {
    profile,
    noise,
    harmonics,
    out: _out,
    plot: _plot,
    noPlot: _noPlot,
    format: _format,
    phases: _phases,
    eventPhases: _eventPhases,
    comtradeType: _comtradeType,
    revision: _revision,
    ...options
  } = flags;
  return profileWith(parseProfileName(profile), {
    ...options,
    noisePct: noise,
    harmonics: harmonics === undefined ? undefined : parseHarmonics(harmonics),
  });
}

/** A few seconds around the first anomaly (or the start), regenerated from the seed rather than kept in memory. */
async function writePlot({ options, rows, firstAnomaly }: WrittenDataset, path: string): Promise<void> {
  // The plot stack (Observable Plot, linkedom, resvg) loads only when there is a picture to draw.
  const { anomaliesPng } = await import("../lib/plot/anomalies-chart.ts");
  const rate = options.samplingRate;
  const length = Math.min(rows, Math.round(PLOT_SECONDS * rate));
  const start =
    firstAnomaly < 0 ? 0 : Math.max(0, Math.min(firstAnomaly - Math.round(rate / 2), rows - length));
  await Bun.write(path, anomaliesPng(sampleRange(options, start, length), 1 / rate));
}
