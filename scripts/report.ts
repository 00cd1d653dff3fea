/**
 * `bun scripts/report.ts ID [--json] [--png F] [--db URL]`: one stored recording's report (issue 15): what it
 * is, its events with wall-clock starts, residuals in V and % of the nominal voltage, the EN 50160 tables; with
 * --png the picture of each phase's U_rms(1/2) over the whole recording with the events marked.
 */
import { CliError, defineCommand, parseArgAndFlags, runMain } from "../lib/cli/index.ts";
import { buildReport, eventLabel, formatReport, type RecordingReport } from "../lib/report/index.ts";
import { defaultStoreUrl, TimeSeriesApiError } from "../lib/timeseries/client.ts";
import { TS_ID_PATTERN } from "../lib/timeseries/limits.ts";
import type { MergedEnvelope } from "../lib/timeseries/recordings.ts";
import { RecordingsClient } from "../lib/timeseries/recordings-client.ts";

/** The picture's plot area is 1,120 pixels wide (1,200 less its margins): one envelope column per pixel. */
const PICTURE_COLUMNS = 1120;

const spec = defineCommand({
  usage: "bun scripts/report.ts ID",
  summary: "Print the report of a recording in the store, by the id ingest.ts stored it under.",
  flags: {
    db: {
      type: "string",
      default: defaultStoreUrl(),
      description: "store URL (env STORE_URL)",
      placeholder: "URL",
    },
    json: { type: "boolean", default: false, description: "print the report as JSON" },
    png: {
      type: "string",
      description: "write the U_rms(1/2) picture with the events to this PNG",
      placeholder: "PATH",
    },
  },
});

await runMain(async () => {
  const { arg: id, flags } = parseArgAndFlags(spec, "the recording's id");
  if (!new RegExp(TS_ID_PATTERN).test(id))
    throw new CliError(
      `"${id}" is not a recording id (1-128 characters from A-Z a-z 0-9 _ - . ~, not starting with a dot)`,
    );
  const client = new RecordingsClient(flags.db, { token: "" });
  const [recording, envelope] = await Promise.all([
    client.get(id),
    client.envelope(id, PICTURE_COLUMNS),
  ]).catch((error: unknown) => {
    if (error instanceof TimeSeriesApiError && error.status === 404)
      throw new CliError(
        `no recording "${id}" in the store at ${flags.db} (its ids: GET ${flags.db}/recordings/)`,
      );
    throw error;
  });
  const report = buildReport(recording, recording.events ?? [], envelope);
  console.log(flags.json ? JSON.stringify(report, null, 2) : formatReport(report).join("\n"));
  if (flags.png !== undefined) {
    await Bun.write(flags.png, await picture(report, envelope));
    console.error(`wrote ${flags.png}`);
  }
});

async function picture(report: RecordingReport, envelope: MergedEnvelope): Promise<Uint8Array> {
  const { envelopeChartPng } = await import("../lib/plot/envelope-chart.ts");
  const r = report.recording;
  return envelopeChartPng({
    title: `${r.source}: ${report.events.length} event(s), from ${r.start_time ?? "the first sample"}`,
    channels: envelope.channels,
    samplingRate: r.sampling_rate,
    samplesPerColumn: envelope.samples_per_column,
    min: envelope.min,
    max: envelope.max,
    nominalVoltage: r.nominal_voltage,
    events: report.events.map((e, i) => ({
      kind: e.kind,
      start_s: e.start_s,
      end_s: e.end_s,
      phases: e.phases,
      label: eventLabel(e, i),
    })),
  });
}
