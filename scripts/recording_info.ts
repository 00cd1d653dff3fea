/** Prints what a recording holds (COMTRADE .cfg/.cff or CSV): channels, rates, start time, samples, warnings. */
import { CliError, defineCommand, helpText, parseFlags, runMain } from "../lib/cli/index.ts";
import { describeRecording, openRecording } from "../lib/recording/index.ts";

const list = (value: string | undefined) =>
  value
    ?.split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");

const spec = defineCommand({
  usage: "bun scripts/recording_info.ts FILE",
  summary: "Describe a recording: a COMTRADE .cfg (with its .dat) or .cff, or a CSV.",
  flags: {
    channels: {
      type: "string",
      placeholder: "A,B,..",
      description: "channels by name (default: the voltage channels)",
    },
    phases: { type: "string", placeholder: "A,B,..", description: "channels by the COMTRADE phase field" },
    timeColumn: {
      type: "string",
      placeholder: "NAME",
      description: "CSV: the time column (seconds or ISO times)",
    },
    rate: {
      type: "number",
      placeholder: "HZ",
      description: "CSV: samples per second when there is no time column",
    },
    json: { type: "boolean", default: false, description: "print the RecordingInfo as JSON" },
  },
});

await runMain(async () => {
  const argv = process.argv.slice(2);
  const [file, ...rest] = argv;
  const flags = argv.includes("--help") || argv.includes("-h") ? null : parseFlags(spec, rest);
  if (flags === null) {
    process.stdout.write(helpText(spec));
    return;
  }
  if (file === undefined || file.startsWith("-"))
    throw new CliError(`give the recording's file first: ${spec.usage} [options] (see --help)`);
  const recording = await openRecording(file, {
    channels: list(flags.channels),
    phases: list(flags.phases),
    timeColumn: flags.timeColumn,
    rate: flags.rate,
  });
  console.log(
    flags.json ? JSON.stringify(recording.info, null, 2) : describeRecording(recording.info).join("\n"),
  );
});
