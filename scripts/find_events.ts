/**
 * `bun scripts/find_events.ts --model M --dataset F.csv [--column NAME] [--json]`: the voltage events in any CSV
 * of the dataset's format, found by the detector the model names, streamed in bounded memory. Prints a list and the
 * EN 50160 dip and swell tables, or with --json one JSON array of events.
 */
import { defineCommand, parseArgsOrHelp, runMain } from "../lib/cli/index.ts";
import { streamDatasetColumn } from "../lib/dataset-stream.ts";
import { defaultModelPath, loadModel } from "../lib/model-file.ts";
import {
  DatasetError,
  en50160Tables,
  eventFinderFromModel,
  formatEventTable,
  TimeStepChecker,
  type VoltageEvent,
} from "../lib/signal/index.ts";

const spec = defineCommand({
  usage: "bun scripts/find_events.ts --model M --dataset F.csv",
  summary: "List the voltage dips, swells and interruptions (or KL-flagged windows) in a CSV recording.",
  flags: {
    model: {
      type: "string",
      default: defaultModelPath(),
      description: "model file from calibrate.ts (env MODEL_PATH)",
      placeholder: "PATH",
    },
    dataset: {
      type: "string",
      default: "dataset.csv",
      description: "CSV with a header line",
      placeholder: "PATH",
    },
    column: {
      type: "string",
      default: "anomaly_wave",
      description: "column holding the voltage",
      placeholder: "NAME",
    },
    json: { type: "boolean", default: false, description: "print one JSON array of events" },
  },
});

/** Relative mismatch between the data's and the model's sampling rate that is refused. */
const RATE_TOLERANCE = 1e-3;

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  const { model, warning } = await loadModel(flags.model);
  if (warning) console.error(`warning: ${warning}`);
  const finder = eventFinderFromModel(model);
  const events: VoltageEvent[] = [];
  let checked = false;
  let firstTime = 0;
  const steps = new TimeStepChecker(model.samplingRate, flags.dataset);
  await streamDatasetColumn(flags.dataset, flags.column, ({ values, time, offset }) => {
    if (time && !checked) {
      // The step between the first two rows (they may arrive in different blocks).
      if (offset === 0) firstTime = time[0];
      const second: number | undefined = offset === 0 ? time[1] : time[0];
      if (second !== undefined) {
        checkRate(second - firstTime, model.samplingRate, flags.dataset);
        checked = true;
      }
    }
    if (time) steps.check(time, offset);
    for (const e of finder.push(values)) events.push(e);
  });
  for (const e of finder.finish()) events.push(e);
  if (flags.json) {
    console.log(JSON.stringify(events));
    return;
  }
  console.log(`${events.length} event(s) in ${flags.dataset} (${flags.column}, ${model.detector} detector):`);
  for (const e of events) {
    console.log(
      `  ${e.kind.padEnd(12)} ${e.start_s.toFixed(3)}-${e.end_s.toFixed(3)} s (${(e.duration_s * 1000).toFixed(0)} ms), residual ${e.residual_v.toFixed(1)} V = ${e.residual_pct.toFixed(1)} %${e.cut ? ", cut by the data's edge" : ""}`,
    );
  }
  const { dips, swells } = en50160Tables(events);
  console.log("");
  for (const line of formatEventTable(dips)) console.log(line);
  console.log("");
  for (const line of formatEventTable(swells)) console.log(line);
});

function checkRate(step: number, modelRate: number, path: string): void {
  const rate = 1 / step;
  if (!(step > 0) || Math.abs(rate - modelRate) > RATE_TOLERANCE * modelRate) {
    throw new DatasetError(
      `${path} is sampled at ${step > 0 ? `${rate.toPrecision(6)} Hz` : "a non-increasing time"}, but the model was calibrated at ${modelRate} Hz; calibrate a model on data at this rate`,
    );
  }
}
