/**
 * `bun scripts/calibrate.ts --detector rms|kl`: calibrates a detector on a labelled dataset, writes model.json with
 * the detector's kind and parameters, and prints event-level metrics on the calibration data. `--detector kl` is
 * the tutorial's step (scripts/calc_kl_div_threshold.ts) exactly, plus the event metrics.
 */
import { defineCommand, parseArgsOrHelp, plotFlags, plotTarget, runMain } from "../lib/cli/index.ts";
import { readDatasetCsv } from "../lib/dataset-file.ts";
import { CALIBRATION_FILE_FLAGS, KL_CALIBRATION_FLAGS, runKlCalibration } from "../lib/kl-calibration.ts";
import { saveModel } from "../lib/model-file.ts";
import {
  calibrateRms,
  DETECTOR_KINDS,
  eventScoreLines,
  RMS_DEFAULTS,
  rootMeanSquare,
  samplingRateFromTime,
  scoreEvents,
  TimeStepChecker,
  truthFromLabels,
  windowEvent,
  windowF1,
} from "../lib/signal/index.ts";

const positive = (v: number) => (v > 0 ? undefined : "must be greater than 0");
const percent = (v: number) => (v >= 0 && v <= 1000 ? undefined : "must be a percentage within [0, 1000]");
const DEFAULT_PLOTS = { kl: "kl_div_res.png", rms: "rms_events.png" };

const spec = defineCommand({
  usage: "bun scripts/calibrate.ts --detector rms|kl",
  summary:
    "Calibrate a detector (rms events or the tutorial's kl windows) on a labelled dataset; save model.json.",
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
    ...plotFlags("", `PNG picture (default ${DEFAULT_PLOTS.rms} for rms, ${DEFAULT_PLOTS.kl} for kl)`),
    samplingRate: {
      type: "number",
      description: "samples per second (default: read from the time column)",
      check: positive,
    },
    frequency: {
      type: "number",
      default: 50,
      description: "rms: nominal mains frequency (Hz)",
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

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const detector = flags.detector as "kl" | "rms";
  const data = await readDatasetCsv(flags.dataset);
  const samplingRate = flags.samplingRate ?? samplingRateFromTime(data.time, flags.dataset);
  if (flags.samplingRate !== undefined) new TimeStepChecker(samplingRate, flags.dataset).check(data.time, 0);
  const plot = plotTarget(flags) === "" ? DEFAULT_PLOTS[detector] : plotTarget(flags);
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
  const result = calibrateRms(data, { ...flags, samplingRate, window: Math.round(samplingRate) });
  const { model } = result;
  console.log(
    `Reference voltage (RMS of normal_wave): ${model.referenceVoltage.toFixed(3)} V; sampling rate ${samplingRate} Hz, frequency ${model.frequency} Hz`,
  );
  console.log(
    `Thresholds: dip < ${model.dipPct} %, swell > ${model.swellPct} %, interruption < ${model.interruptionPct} %, hysteresis ${model.hysteresisPct} %`,
  );
  for (const line of eventScoreLines(result.score, result.windowF1)) console.log(line);
  if (plot) {
    const time = result.trace.index.map((i) => (i + 1) / samplingRate);
    // The plot stack (Observable Plot, linkedom, resvg) loads only when there is a picture to draw.
    const { rmsChartPng } = await import("../lib/plot/rms-chart.ts");
    await Bun.write(plot, rmsChartPng({ time, rms: result.trace.rms, events: result.events, model }));
  }
  await saveModel(flags.model, { ...model, calibration: { dataset: flags.dataset, ...model.calibration } });
  console.log(plot ? `Saved ${plot} and ${flags.model}.` : `Saved ${flags.model}.`);
});
