/**
 * `scripts/ingest.ts`'s work: a recording file → a stored recording (meta and segments) → one ColonyOS
 * workflow that detects every segment in parallel and stitches the events. Streams: memory is a few segments
 * whatever the file's length.
 */
import type { ColoniesClient, ProcessGraph } from "../colonies-sdk/index.ts";
import { CsvRowCounter, type OpenOptions, openRecording, type RecordingInfo } from "../recording/index.ts";
import type { Int16Scale, RecordingMeta, RecordingsClient } from "../timeseries/index.ts";
import { cutSegments } from "./cutter.ts";
import { IngestError } from "./errors.ts";
import { type SegmentLayout, segmentCount, segmentLayout } from "./layout.ts";
import { recordingId } from "./recording-id.ts";
import { recordingWorkflow } from "./workflow.ts";

/** Segment uploads in flight at once. */
const UPLOADS_IN_FLIGHT = 4;

export interface IngestOptions {
  path: string;
  open: OpenOptions;
  segmentSeconds: number;
  nominalVoltage: number;
  /** Nominal line frequency; default the COMTRADE file's, else 50 Hz. */
  frequency?: number;
  /** Store URL the executors read from (kwargs.db). */
  db: string;
  store: RecordingsClient;
  colonies: { client: ColoniesClient; colonyname: string; prvkey: string };
  executortype?: string;
  maxexectime?: number;
  onSegment?(stored: number, total: number | null): void;
}

export interface Ingested {
  id: string;
  info: RecordingInfo;
  layout: SegmentLayout;
  segments: number;
  /** The recording was stored before: its segments, results and events were replaced. */
  replaced: boolean;
  graph: ProcessGraph;
  stitchProcessId: string;
}

export function singleRate(info: RecordingInfo): number {
  const rates = new Set(info.rates.map((r) => r.rate).filter((rate) => rate > 0));
  if (rates.size > 1)
    throw new IngestError(
      `${info.source} has several sampling rates (${[...rates].join(", ")} Hz): ingest cuts recordings of one rate; ` +
        "resample it, or run scripts/find_events.ts on it",
    );
  return info.samplingRate;
}

/**
 * Each channel's int16 scale for a COMTRADE BINARY file (opened with `rawInt16`, so its blocks hold raw values
 * and its segments keep them); undefined for any other file.
 */
export function int16Scales(info: RecordingInfo): Int16Scale[] | undefined {
  if (info.fileType !== "BINARY") return undefined;
  return info.channels.map((channel) => {
    if (!channel.int16) throw new IngestError(`${info.source}: channel ${channel.name} has no int16 scale`);
    return channel.int16;
  });
}

export function recordingMeta(
  info: RecordingInfo,
  layout: SegmentLayout,
  o: Pick<IngestOptions, "segmentSeconds" | "nominalVoltage">,
  frequency: number,
): RecordingMeta {
  const count = segmentCount(layout);
  return {
    source: info.source,
    format: info.format,
    channels: info.channels.map(({ name, phase, units, quantity }) => ({ name, phase, units, quantity })),
    sampling_rate: layout.samplingRate,
    start_time: info.startTime,
    nominal_voltage: o.nominalVoltage,
    frequency,
    segment_seconds: o.segmentSeconds,
    overlap_samples: layout.overlapSamples,
    total_samples: layout.totalSamples,
    segment_count: count,
    complete: count !== null,
    warnings: info.warnings,
  };
}

export async function ingestRecording(o: IngestOptions): Promise<Ingested> {
  // The cutter copies every block into its segments at once; a BINARY file's raw values go into int16 segments.
  const recording = await openRecording(o.path, { ...o.open, reuseBlocks: true, rawInt16: true });
  const { info } = recording;
  // Knowing the length up front lets the workflow go in first, so executors detect while segments upload;
  // a CSV's rows are counted in the pass that hashes it.
  const counter = info.totalSamples === null && info.format === "csv" ? new CsvRowCounter() : undefined;
  const id = await recordingId(o.path, counter && ((chunk) => counter.push(chunk)));
  const known = info.totalSamples ?? counter?.samples() ?? null;
  const frequency = o.frequency ?? info.lineFrequency ?? 50;
  const layout = segmentLayout(singleRate(info), frequency, o.segmentSeconds, known);
  const { created } = await o.store.put(id, recordingMeta(info, layout, o, frequency));
  const submit = (segments: number) =>
    o.colonies.client.submitWorkflowSpec(
      recordingWorkflow({
        colonyname: o.colonies.colonyname,
        db: o.db,
        recording: id,
        segments: Array.from({ length: segments }, (_, n) => n),
        executortype: o.executortype,
        maxexectime: o.maxexectime,
      }),
      o.colonies.prvkey,
    );
  // Submitted while the segments upload (a detection waits for its segment); a refusal stops the upload, as
  // `refusal` rejects with it in the uploads' race (and never settles otherwise).
  const early = known === null ? undefined : submit(segmentCount(layout) as number);
  const refusal = early?.then(() => new Promise<never>(() => undefined));
  refusal?.catch(() => undefined);

  const inFlight = new Set<Promise<unknown>>();
  let stored = 0;
  const cut = cutSegments(recording.blocks(), layout, info.channels.length, int16Scales(info));
  let next = await cut.next();
  for (; !next.done; next = await cut.next()) {
    const segment = next.value;
    const upload = o.store.putSegment(id, segment.index, segment.values, segment.start).then(() => {
      inFlight.delete(upload);
      o.onSegment?.(++stored, segmentCount(layout));
    });
    inFlight.add(upload);
    if (inFlight.size >= UPLOADS_IN_FLIGHT) await Promise.race(refusal ? [...inFlight, refusal] : inFlight);
  }
  await Promise.all(inFlight);
  const totalSamples = next.value.totalSamples;
  const segments = Math.ceil(totalSamples / layout.segmentSamples);
  if (layout.totalSamples === null)
    await o.store.patch(id, { total_samples: totalSamples, segment_count: segments, complete: true });

  const graph = (await early) ?? (await submit(segments));
  const roots = new Set(graph.rootprocessids);
  const stitchProcessId = graph.processids.find((pid) => !roots.has(pid));
  if (stitchProcessId === undefined)
    throw new IngestError(
      `the Colonies server returned workflow ${graph.processgraphid} without its stitch process`,
    );
  return {
    id,
    info,
    layout: { ...layout, totalSamples },
    segments,
    replaced: !created,
    graph,
    stitchProcessId,
  };
}
