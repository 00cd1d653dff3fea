/**
 * `ingest.ts --follow`: a recording still being written (a growing file, or standard input) is cut as it
 * comes; each segment, as soon as it is full, is stored and submitted as a small workflow (its detection, then
 * a stitch of everything detected so far), so the recording's events follow the feed a segment behind. When
 * the feed ends the recording is finished (its length stored), and once every segment is detected a last
 * stitch writes the final events.
 */

import { waitForProcesses } from "../anomaly/wait.ts";
import type { ColoniesClient, Process } from "../colonies-sdk/index.ts";
import { type OpenOptions, openRecording, type RecordingInfo, recordingFiles } from "../recording/index.ts";
import type { RecordingsClient } from "../timeseries/index.ts";
import { type SegmentValues, segmentBody } from "../timeseries/segment-bytes.ts";
import { cutSegments } from "./cutter.ts";
import { IngestError } from "./errors.ts";
import { growingFile } from "./growing-file.ts";
import { recordingMeta, singleRate } from "./ingest.ts";
import { segmentLayout } from "./layout.ts";
import { recordingWorkflow, stitchFuncSpec } from "./workflow.ts";

/**
 * Samples per block the reader hands on: it passes a block on once full, so small blocks keep a live feed
 * moving (at 1 kHz a quarter second; the bound is a segment plus 2 s).
 */
const FOLLOW_BLOCK_SAMPLES = 256;

export interface FollowOptions {
  /** A CSV or a .cfg whose .dat grows; "-" reads a CSV from standard input. */
  path: string;
  open: OpenOptions;
  segmentSeconds: number;
  nominalVoltage: number;
  frequency?: number;
  /** The feed has ended when a growing file has not grown for this long. */
  idleMs: number;
  db: string;
  store: RecordingsClient;
  colonies: { client: ColoniesClient; colonyname: string; prvkey: string };
  executortype?: string;
  maxexectime?: number;
  /** Called as each segment is submitted. */
  onSegment?(id: string, n: number, processgraphid: string): void;
  /** How long to wait for the last segments before the final stitch. */
  finishTimeoutMs: number;
}

export interface Followed {
  id: string;
  info: RecordingInfo;
  segments: number;
  totalSamples: number;
  finalStitch: Process;
}

function feed(path: string, idleMs: number): AsyncIterable<Uint8Array> {
  if (path === "-") return Bun.stdin.stream();
  const files = recordingFiles(path);
  const data = files[files.length - 1] as string;
  if (files.length === 1 && path.toLowerCase().endsWith(".cfg"))
    throw new IngestError(
      `${path}: its .dat is not there yet; start following once the recorder has created it`,
    );
  return growingFile(data, { idleMs });
}

/** The id of a followed recording: its source and first segment (the whole content is not known yet). */
async function followedId(source: string, first: SegmentValues): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(`follow\n${source}\n`);
  // The segment's wire bytes: channel after channel.
  hasher.update(segmentBody(first).bytes);
  return hasher.digest("hex");
}

export async function followRecording(o: FollowOptions): Promise<Followed> {
  const source = o.path === "-" ? "stdin" : o.path;
  const recording = await openRecording(o.path === "-" ? "stdin.csv" : o.path, {
    ...o.open,
    blockSize: FOLLOW_BLOCK_SAMPLES,
    bytes: feed(o.path, o.idleMs),
  });
  const { info } = recording;
  const frequency = o.frequency ?? info.lineFrequency ?? 50;
  const layout = segmentLayout(singleRate(info), frequency, o.segmentSeconds, null);
  const job = {
    colonyname: o.colonies.colonyname,
    db: o.db,
    executortype: o.executortype,
    maxexectime: o.maxexectime,
  };
  const detectIds: string[] = [];
  let id: string | undefined;

  const cut = cutSegments(recording.blocks(), layout, info.channels.length);
  let next = await cut.next();
  for (; !next.done; next = await cut.next()) {
    const segment = next.value;
    if (id === undefined) {
      id = await followedId(source, segment.values);
      await o.store.put(id, { ...recordingMeta(info, layout, o, frequency), source });
    }
    await o.store.putSegment(id, segment.index, segment.values, segment.start);
    const graph = await o.colonies.client.submitWorkflowSpec(
      recordingWorkflow({ ...job, recording: id, segments: [segment.index] }),
      o.colonies.prvkey,
    );
    detectIds.push(...graph.rootprocessids);
    o.onSegment?.(id, segment.index, graph.processgraphid);
  }
  if (id === undefined) throw new IngestError(`${source} ended before its first sample`);
  const { totalSamples } = next.value;
  const segments = Math.ceil(totalSamples / layout.segmentSamples);
  await o.store.patch(id, { total_samples: totalSamples, segment_count: segments, complete: true });
  await waitForProcesses(o.colonies.client, detectIds, o.colonies.prvkey, { timeoutMs: o.finishTimeoutMs });
  const stitch = await o.colonies.client.submitFunctionSpec(
    stitchFuncSpec({ ...job, recording: id }),
    o.colonies.prvkey,
  );
  const [finalStitch] = await waitForProcesses(o.colonies.client, [stitch.processid], o.colonies.prvkey, {
    timeoutMs: o.finishTimeoutMs,
  });
  return { id, info, segments, totalSamples, finalStitch: finalStitch as Process };
}
