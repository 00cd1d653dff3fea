/**
 * `bun scripts/find_events.ts --model M --dataset FILE [--channels A,B,C | --phases A,B,C] [--json]`: the voltage
 * events in a recording (a COMTRADE .cfg with its .dat, a .cff, or a CSV: the tutorial's dataset or any CSV with
 * a time column or --rate), found by the detector the model names, streamed in bounded memory. Prints a list and
 * the EN 50160 dip and swell tables, or with --json one JSON array of events, each naming its `phases`.
 */
import {
  CliError,
  defineCommand,
  parseArgsOrHelp,
  recordingFlags,
  recordingOptions,
  runMain,
} from "../lib/cli/index.ts";
import { defaultModelPath, loadModel } from "../lib/model-file.ts";
import { openRecording } from "../lib/recording/index.ts";
import { findRecordingEvents, warningPrinter } from "../lib/recording-events.ts";
import { en50160Tables, formatEventLine, formatEventTable } from "../lib/signal/index.ts";

const spec = defineCommand({
  usage: "bun scripts/find_events.ts --model M --dataset FILE",
  summary:
    "List the voltage dips, swells and interruptions (or KL-flagged windows) in a recording: COMTRADE .cfg/.cff or CSV.",
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
      description: "the recording: a COMTRADE .cfg (its .dat beside it) or .cff, or a CSV with a header line",
      placeholder: "PATH",
    },
    column: {
      type: "string",
      description: "one CSV column (the same as --channels NAME; the dataset's default: anomaly_wave)",
      placeholder: "NAME",
    },
    ...recordingFlags(),
    json: { type: "boolean", default: false, description: "print one JSON array of events" },
  },
});

await runMain(async () => {
  const flags = parseArgsOrHelp(spec);
  if (flags.column !== undefined && (flags.channels !== undefined || flags.phases !== undefined))
    throw new CliError("--column names one channel: give it or --channels/--phases, not both");
  const { model, warning } = await loadModel(flags.model);
  if (warning) console.error(`warning: ${warning}`);
  const options = recordingOptions({ ...flags, channels: flags.column ?? flags.channels });
  const recording = await openRecording(flags.dataset, options);
  const printWarnings = warningPrinter(recording.info);
  printWarnings();
  const found = await findRecordingEvents(recording, model).finally(printWarnings);
  const { events, channels } = found;
  if (flags.json) {
    console.log(JSON.stringify(events));
    return;
  }
  console.log(
    `${events.length} event(s) in ${flags.dataset} (${channels.join(", ")}, ${model.detector} detector):`,
  );
  for (const e of events) console.log(formatEventLine(e, channels.length > 1));
  const { dips, swells } = en50160Tables(events);
  console.log("");
  for (const line of formatEventTable(dips)) console.log(line);
  console.log("");
  for (const line of formatEventTable(swells)) console.log(line);
});
