/**
 * The ColonyOS side of a recording: one `detect-segment` process per segment, run in parallel by whatever
 * executors there are, and one `stitch-recording` process that depends on all of them. The executor type is
 * the anomaly executor's: the same executors take tutorial series and recording segments.
 */

import { storeUrl } from "../anomaly/args.ts";
import { DEFAULT_ANOMALY_EXECUTOR_TYPE } from "../anomaly/index.ts";
import { type FunctionSpec, funcSpec, type Process, type WorkflowSpec } from "../colonies-sdk/index.ts";
import { IngestError } from "./errors.ts";

export const DETECT_SEGMENT_FUNCNAME = "detect-segment";
export const STITCH_RECORDING_FUNCNAME = "stitch-recording";
export const RECORDING_FUNCNAMES: readonly string[] = [DETECT_SEGMENT_FUNCNAME, STITCH_RECORDING_FUNCNAME];

/**
 * Seconds an executor may hold a segment before the server gives it to another (a killed executor's segment
 * comes back after this), and how often that may happen before the segment fails.
 */
export const SEGMENT_MAXEXECTIME = 60;
export const SEGMENT_MAXRETRIES = 5;

export interface RecordingWorkflowOptions {
  colonyname: string;
  db: string;
  recording: string;
  /** The segments to detect; the stitch depends on all of them. */
  segments: readonly number[];
  executortype?: string;
  /** Seconds before a held segment goes to another executor (default SEGMENT_MAXEXECTIME). */
  maxexectime?: number;
}

export const segmentNodename = (n: number) => `segment-${n}`;

function spec(
  o: Omit<RecordingWorkflowOptions, "segments">,
  funcname: string,
  nodename: string,
  kwargs: Record<string, unknown>,
) {
  return funcSpec({
    funcname,
    nodename,
    kwargs: { db: o.db, recording: o.recording, ...kwargs },
    colonyname: o.colonyname,
    executortype: o.executortype ?? DEFAULT_ANOMALY_EXECUTOR_TYPE,
    maxexectime: o.maxexectime ?? SEGMENT_MAXEXECTIME,
    maxretries: SEGMENT_MAXRETRIES,
    label: `recording ${o.recording.slice(0, 12)}`,
  });
}

/** The stitch alone (a followed recording's last word, once every segment is done). */
export function stitchFuncSpec(o: Omit<RecordingWorkflowOptions, "segments">): FunctionSpec {
  return spec(o, STITCH_RECORDING_FUNCNAME, "stitch", {});
}

export function recordingWorkflow(o: RecordingWorkflowOptions): WorkflowSpec {
  const detect = o.segments.map((n) => spec(o, DETECT_SEGMENT_FUNCNAME, segmentNodename(n), { segment: n }));
  const stitch = stitchFuncSpec(o);
  stitch.conditions.dependencies = detect.map((s) => s.nodename as string);
  return { colonyname: o.colonyname, functionspecs: [...detect, stitch] };
}

export interface RecordingJob {
  funcname: string;
  db: string;
  recording: string;
  /** detect-segment only. */
  segment: number;
}

/** What a recording process asks for; bad kwargs are an IngestError naming the field. */
export function recordingJob(process: Pick<Process, "spec">, fallbackDb: string): RecordingJob {
  const { funcname, kwargs } = process.spec;
  const db = storeUrl(kwargs?.db, "kwargs: db") ?? fallbackDb;
  const recording = kwargs?.recording;
  if (typeof recording !== "string" || recording === "")
    throw new IngestError(`bad kwargs: recording must be a recording id, got ${JSON.stringify(recording)}`);
  const segment = kwargs?.segment ?? 0;
  if (funcname === DETECT_SEGMENT_FUNCNAME && (!Number.isInteger(segment) || (segment as number) < 0))
    throw new IngestError(
      `bad kwargs: segment must be a segment number >= 0, got ${JSON.stringify(segment)}`,
    );
  return { funcname, db, recording, segment: segment as number };
}
