/** Prints what a recording holds (COMTRADE .cfg/.cff or CSV): channels, rates, start time, samples, warnings. */
import {
  defineCommand,
  parseArgAndFlags,
  recordingFlags,
  recordingOptions,
  runMain,
} from "../lib/cli/index.ts";
import { describeRecording, openRecording } from "../lib/recording/index.ts";

const spec = defineCommand({
  usage: "bun scripts/recording_info.ts FILE",
  summary: "Describe a recording: a COMTRADE .cfg (with its .dat) or .cff, or a CSV.",
  flags: {
    ...recordingFlags(),
    json: { type: "boolean", default: false, description: "print the RecordingInfo as JSON" },
  },
});

await runMain(async () => {
  const { arg: file, flags } = parseArgAndFlags(spec, "the recording's file");
  const recording = await openRecording(file, recordingOptions(flags));
  console.log(
    flags.json ? JSON.stringify(recording.info, null, 2) : describeRecording(recording.info).join("\n"),
  );
});
