/**
 * `bun scripts/ingest.ts RECORDING`: a COMTRADE (.cfg with its .dat, or .cff) or CSV recording, cut into
 * overlapping segments, stored in the store (/recordings) and submitted as one ColonyOS workflow: a
 * `detect-segment` process per segment, run in parallel by the executors there are, and a `stitch-recording`
 * process after all of them that writes the recording's events. Ingesting the same files again replaces them.
 * `--wait` waits for the stitch and prints the events. `--follow` reads a recording still being written (a growing
 * file, or standard input as `-`) and submits each segment as soon as it is full.
 *
 * Env: COLONIES_SERVER_HOST/PORT/TLS, COLONIES_COLONY_NAME, COLONIES_PRVKEY (the submitting user);
 * STORE_URL for --db (default http://127.0.0.1:8000).
 */
import { waitForProcesses } from "../lib/anomaly/wait.ts";
import {
  CliError,
  defineCommand,
  parseArgAndFlags,
  recordingFlags,
  recordingOptions,
  runMain,
} from "../lib/cli/index.ts";
import { ColoniesClient, loadColoniesConfig, ProcessState, requireKeys } from "../lib/colonies-sdk/index.ts";
import { followRecording, ingestRecording, SEGMENT_MAXEXECTIME } from "../lib/ingest/index.ts";
import { formatEventLine } from "../lib/signal/index.ts";
import { defaultStoreUrl, type Recording, RecordingsClient } from "../lib/timeseries/index.ts";

const spec = defineCommand({
  usage: "bun scripts/ingest.ts RECORDING",
  summary: "Store a recording in segments and detect its events on ColonyOS, one process per segment.",
  flags: {
    ...recordingFlags(),
    segment: {
      type: "number",
      default: 10,
      placeholder: "SECONDS",
      description: "seconds of recording per segment (a whole number of samples)",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    nominalVoltage: {
      type: "number",
      default: 230,
      placeholder: "V",
      description: "declared voltage U_din (RMS); thresholds are % of it (EN 50160: 230 V)",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    frequency: {
      type: "number",
      placeholder: "HZ",
      description: "nominal line frequency (default: the COMTRADE file's, else 50)",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    db: {
      type: "string",
      default: defaultStoreUrl(),
      placeholder: "URL",
      description: "store URL (env STORE_URL)",
    },
    executorType: {
      type: "string",
      placeholder: "TYPE",
      description: "executor type that runs the segments (default: anomaly-executor)",
    },
    maxexectime: {
      type: "integer",
      default: SEGMENT_MAXEXECTIME,
      placeholder: "SECONDS",
      description: "seconds an executor may hold a segment before ColonyOS gives it to another",
      check: (v: number) => (v >= 1 ? undefined : "must be at least 1"),
    },
    wait: { type: "boolean", default: false, description: "wait for the stitch and print the events" },
    follow: {
      type: "boolean",
      default: false,
      description: "follow a recording still being written (a growing CSV or .dat, or - for standard input)",
    },
    idle: {
      type: "number",
      default: 10,
      placeholder: "SECONDS",
      description: "with --follow: the feed has ended when the file has not grown for this long",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
    timeout: {
      type: "number",
      default: 600,
      placeholder: "SECONDS",
      description: "with --wait: give up after this long",
      check: (v: number) => (v > 0 ? undefined : "must be greater than 0"),
    },
  },
});

await runMain(async () => {
  const { arg: file, flags } = parseArgAndFlags(spec, "the recording's file (or - with --follow)");
  if (file === "-" && !flags.follow)
    throw new CliError("standard input (-) is read with --follow: its length is not known before it ends");
  const config = requireKeys(loadColoniesConfig(), "prvkey");
  const client = ColoniesClient.fromConfig(config);
  const store = new RecordingsClient(flags.db);
  const common = {
    path: file,
    open: recordingOptions(flags),
    segmentSeconds: flags.segment,
    nominalVoltage: flags.nominalVoltage,
    frequency: flags.frequency,
    db: flags.db,
    store,
    colonies: { client, colonyname: config.colonyName, prvkey: config.prvkey },
    executortype: flags.executorType,
    maxexectime: flags.maxexectime,
  };
  const started = performance.now();
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);

  if (flags.follow) {
    console.log(
      `Following ${file === "-" ? "standard input" : file}: a segment every ${flags.segment} s of data`,
    );
    const followed = await followRecording({
      ...common,
      idleMs: flags.idle * 1000,
      finishTimeoutMs: flags.timeout * 1000,
      onSegment: (id, n, graph) =>
        console.log(`Recording ${id}: segment ${n} stored, workflow ${graph} submitted`),
    });
    for (const warning of followed.info.warnings) console.error(`warning: ${warning}`);
    if (followed.finalStitch.state !== ProcessState.Successful)
      throw new CliError(`the final stitch failed: ${followed.finalStitch.errors.join("; ")}`);
    console.log(
      `Recording ${followed.id}: the feed ended after ${followed.totalSamples} samples in ${followed.segments} segments`,
    );
    printEvents(await store.get(followed.id), `${elapsed()} s`);
    return;
  }

  const ingested = await ingestRecording(common);
  const { info, layout } = ingested;
  for (const warning of info.warnings) console.error(`warning: ${warning}`);
  const seconds = (layout.totalSamples ?? 0) / layout.samplingRate;
  console.log(
    `Recording ${ingested.id} (${info.source}): ${info.channels.map((c) => c.name).join(", ")} at ${layout.samplingRate} Hz, ` +
      `${layout.totalSamples} samples (${seconds.toFixed(1)} s)${ingested.replaced ? ", replacing the stored one" : ""}`,
  );
  console.log(
    `Stored ${ingested.segments} segments of ${flags.segment} s (${layout.overlapSamples} samples of overlap) in ${elapsed()} s`,
  );
  console.log(
    `Workflow ${ingested.graph.processgraphid} submitted: ${ingested.segments} detect-segment processes, then stitch-recording ${ingested.stitchProcessId}`,
  );
  if (!flags.wait) return;

  const [stitch] = await waitForProcesses(client, [ingested.stitchProcessId], config.prvkey, {
    timeoutMs: flags.timeout * 1000,
  });
  if (stitch?.state !== ProcessState.Successful)
    throw new CliError(
      `the stitch process ${ingested.stitchProcessId} failed: ${(stitch?.errors ?? []).join("; ")}`,
    );
  const took = elapsed();
  printEvents(await store.get(ingested.id), `${took} s (${(seconds / Number(took)).toFixed(0)}× real time)`);
});

function printEvents(recording: Recording, took: string): void {
  const events = recording.events ?? [];
  console.log(`${events.length} events in ${took}`);
  for (const e of events) console.log(formatEventLine(e, recording.channels.length > 1));
  console.log(`The report: bun scripts/report.ts ${recording.id}`);
}
