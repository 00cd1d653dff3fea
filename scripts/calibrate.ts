/**
 * `bun scripts/calibrate.ts --detector rms|kl`: calibrates a detector on a labelled dataset, writes model.json with
 * the detector's kind and parameters, and prints event-level metrics on the calibration data. `--detector kl` is
 * the tutorial's step (scripts/calc_kl_div_threshold.ts) exactly, plus the event metrics. On a recording without
 * labels (COMTRADE .cfg/.cff, any other CSV; or the dataset with channels chosen) `--detector rms
 * --reference-voltage V` fits the model to the recording (its rate and line frequency, the declared voltage) and
 * lists what the polyphase detector finds on the chosen channels together.
 */
import {
  CliError,
  defineCommand,
  parseArgsOrHelp,
  plotFlags,
  plotTarget,
  recordingFlags,
  recordingOptions,
  runMain,
} from "../lib/cli/index.ts";
import { isLabelledDataset, readDatasetCsv } from "../lib/dataset-file.ts";
import { CALIBRATION_FILE_FLAGS, KL_CALIBRATION_FLAGS, runKlCalibration } from "../lib/kl-calibration.ts";
import { saveModel } from "../lib/model-file.ts";
import { openRecording } from "../lib/recording/index.ts";
import { calibrateRecording } from "../lib/recording-calibration.ts";
import { RATE_TOLERANCE, warningPrinter } from "../lib/recording-events.ts";
import {
  calibrateRms,
  DATASET_HEADER,
  DETECTOR_KINDS,
  eventScoreLines,
  RMS_DEFAULTS,
  type RmsModel,
  rootMeanSquare,
  samplingRateFromTime,
  scoreEvents,
  TimeStepChecker,
  truthFromLabels,
  type VoltageEvent,
  windowEvent,
  windowF1,
} from "../lib/signal/index.ts";

const positive = (v: number) => (v > 0 ? undefined : "must be greater than 0");
const percent = (v: number) => (v >= 0 && v <= 1000 ? undefined : "must be a percentage within [0, 1000]");
const DEFAULT_PLOTS = { kl: "kl_div_res.png", rms: "rms_events.png" };

const spec = defineCommand({
  usage: "bun scripts/calibrate.ts --detector rms|kl",
  summary:
    "Calibrate a detector (rms events or the tutorial's kl windows) on a labelled dataset, or rms on a recording (--reference-voltage); save model.json.",
  flags: {
    detector: {
      type: "string",
      default: "rms",
      description: `detector kind: ${DETECTOR_KINDS.join(" | ")}`,
      placeholder: "KIND",
      check: (v: string) =>
        (DETECTOR_KINDS as readonly string[]).includes(v)
          ? undefined
          : `must be one of ${DETECTOR_KINDS.join(", ")}`,
    },
    ...CALIBRATION_FILE_FLAGS,
    dataset: {
      ...CALIBRATION_FILE_FLAGS.dataset,
      description: "labelled CSV from gen_dataset.ts, or (rms) a recording: COMTRADE .cfg/.cff or CSV",
    },
    ...recordingFlags(),
    referenceVoltage: {
      type: "number",
      description: "rms on a recording without labels: the declared supply voltage U_din (V RMS)",
      placeholder: "V",
      check: positive,
    },
    ...plotFlags("", `PNG picture (default ${DEFAULT_PLOTS.rms} for rms, ${DEFAULT_PLOTS.kl} for kl)`),
    samplingRate: {
      type: "number",
      description: "samples per second (default: read from the time column)",
      check: positive,
    },
    frequency: {
      type: "number",
      description: "rms: nominal mains frequency (Hz; default: a COMTRADE file's line frequency, else 50)",
      check: positive,
    },
    dipPct: {
      type: "number",
      default: RMS_DEFAULTS.dipPct,
      description: "rms: dip threshold, % of reference",
      check: percent,
    },
    swellPct: {
      type: "number",
      default: RMS_DEFAULTS.swellPct,
      description: "rms: swell threshold, % of reference",
      check: percent,
    },
    interruptionPct: {
      type: "number",
      default: RMS_DEFAULTS.interruptionPct,
      description: "rms: interruption threshold, % of reference",
      check: percent,
    },
    hysteresisPct: {
      type: "number",
      default: RMS_DEFAULTS.hysteresisPct,
      description: "rms: hysteresis, % of reference",
      check: percent,
    },
    ...KL_CALIBRATION_FLAGS,
  },
});

type Flags = ReturnType<typeof parseArgsOrHelp<typeof spec.flags>>;

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const detector = flags.detector as "kl" | "rms";
  const plot = plotTarget(flags) === "" ? DEFAULT_PLOTS[detector] : plotTarget(flags);
  const choosing = [flags.channels, flags.phases, flags.timeColumn, flags.rate].some((v) => v !== undefined);
  if (!choosing && (await isLabelledDataset(flags.dataset))) {
    if (flags.referenceVoltage !== undefined)
      throw new CliError(
        `--reference-voltage is for recordings without labels; ${flags.dataset}'s reference is the RMS of its normal_wave`,
      );
    await calibrateOnDataset(flags, detector, plot);
  } else await calibrateOnRecording(flags, detector, plot);
});

/** The labelled dataset: the reference from normal_wave, events scored against is_anomaly. */
async function calibrateOnDataset(flags: Flags, detector: "kl" | "rms", plot: string | undefined) {
  const data = await readDatasetCsv(flags.dataset);
  const samplingRate = flags.samplingRate ?? samplingRateFromTime(data.time, flags.dataset);
  if (flags.samplingRate !== undefined) new TimeStepChecker(samplingRate, flags.dataset).check(data.time, 0);
  if (detector === "kl") {
    const result = await runKlCalibration(data, {
      ...flags,
      samplingRate,
      datasetPath: flags.dataset,
      modelPath: flags.model,
      plot,
    });
    const reference = rootMeanSquare(data.normal);
    const truth = truthFromLabels(data.normal, data.anomaly, data.labels, samplingRate, reference);
    const starts = Array.from(result.predictions).flatMap((p, k) => (p ? [k * flags.window] : []));
    const events = starts.map((s) =>
      windowEvent(
        s,
        s + flags.window,
        samplingRate,
        rootMeanSquare(data.anomaly.subarray(s, s + flags.window)),
        reference,
      ),
    );
    const score = scoreEvents(truth, events);
    for (const line of eventScoreLines(score, windowF1(events, data.labels, samplingRate, flags.window)))
      console.log(line);
    return;
  }
  const result = calibrateRms(data, {
    ...flags,
    frequency: flags.frequency ?? 50,
    samplingRate,
    window: Math.round(samplingRate),
  });
  const { model } = result;
  console.log(
    `Reference voltage (RMS of normal_wave): ${model.referenceVoltage.toFixed(3)} V; sampling rate ${samplingRate} Hz, frequency ${model.frequency} Hz`,
  );
  console.log(
    `Thresholds: dip < ${model.dipPct} %, swell > ${model.swellPct} %, interruption < ${model.interruptionPct} %, hysteresis ${model.hysteresisPct} %`,
  );
  for (const line of eventScoreLines(result.score, result.windowF1)) console.log(line);
  await saveRms(flags, model, plot, result);
}

/**
 * A recording without labels, rms only: the model takes the recording's rate and line frequency and the declared
 * voltage; the chosen channels are read together (IEC 61000-4-30's polyphase rules) and the events listed.
 */
async function calibrateOnRecording(flags: Flags, detector: "kl" | "rms", plot: string | undefined) {
  if (detector === "kl")
    throw new CliError(
      `--detector kl calibrates on the tutorial's labelled dataset (${DATASET_HEADER}); ${flags.dataset} has no labels: use --detector rms --reference-voltage V`,
    );
  if (flags.referenceVoltage === undefined)
    throw new CliError(
      `${flags.dataset} has no normal_wave to take the reference from: give the declared supply voltage with --reference-voltage V (e.g. 230; the thresholds are % of it)`,
    );
  const recording = await openRecording(flags.dataset, recordingOptions(flags));
  const printWarnings = warningPrinter(recording.info);
  printWarnings();
  const rate = recording.info.samplingRate;
  if (flags.samplingRate !== undefined && Math.abs(flags.samplingRate - rate) > RATE_TOLERANCE * rate)
    throw new CliError(
      `--sampling-rate ${flags.samplingRate} does not match ${flags.dataset}, sampled at ${rate.toPrecision(6)} Hz; leave it out to use the recording's`,
    );
  const result = await calibrateRecording(recording, {
    ...flags,
    referenceVoltage: flags.referenceVoltage,
    trace: Boolean(plot),
  }).finally(printWarnings);
  const { model, events, channels } = result;
  console.log(
    `Reference voltage (declared, --reference-voltage): ${model.referenceVoltage.toFixed(3)} V; sampling rate ${model.samplingRate} Hz, frequency ${model.frequency} Hz`,
  );
  console.log(thresholdsLine(model));
  console.log(
    `Channels ${channels.join(", ")} read together: ${events.length} event(s) in ${result.samples} samples; no labels to score them against`,
  );
  for (const e of events)
    console.log(
      `  ${e.kind.padEnd(12)} ${e.start_s.toFixed(3)}-${e.end_s.toFixed(3)} s, residual ${e.residual_pct.toFixed(1)} %, phases ${e.phases.join(", ")}`,
    );
  await saveRms(flags, model, plot, { events, trace: result.trace });
}

function thresholdsLine(model: RmsModel): string {
  return `Thresholds: dip < ${model.dipPct} %, swell > ${model.swellPct} %, interruption < ${model.interruptionPct} %, hysteresis ${model.hysteresisPct} %`;
}

/** Draws the U_rms(1/2) picture when asked for, writes model.json and says so. */
async function saveRms(
  flags: Flags,
  model: RmsModel,
  plot: string | undefined,
  result: { events: VoltageEvent[]; trace: { index: number[]; rms: number[]; channel?: string[] } },
) {
  if (plot) {
    const time = result.trace.index.map((i) => (i + 1) / model.samplingRate);
    // The plot stack (Observable Plot, linkedom, resvg) loads only when there is a picture to draw.
    const { rmsChartPng } = await import("../lib/plot/rms-chart.ts");
    const { channel } = result.trace;
    await Bun.write(
      plot,
      rmsChartPng({ time, rms: result.trace.rms, channel, events: result.events, model }),
    );
  }
  await saveModel(flags.model, { ...model, calibration: { dataset: flags.dataset, ...model.calibration } });
  console.log(plot ? `Saved ${plot} and ${flags.model}.` : `Saved ${flags.model}.`);
}
