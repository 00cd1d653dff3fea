/**
 * The recording jobs in the executor: `detect-segment` and `stitch-recording` (lib/ingest/), with one log
 * line each to the Colonies server.
 */

import type { Process } from "../lib/colonies-sdk/index.ts";
import {
  DETECT_SEGMENT_FUNCNAME,
  RECORDING_FUNCNAMES,
  recordingJob,
  runDetectSegment,
  runStitch,
} from "../lib/ingest/index.ts";
import { RecordingsClient } from "../lib/timeseries/index.ts";
import type { LogForwarder } from "./log-forwarder.ts";
import { perUrl } from "./per-url.ts";

export const isRecordingJob = (funcname: string) => RECORDING_FUNCNAMES.includes(funcname);

const storeAt = perUrl((url) => new RecordingsClient(url));

/** The process's output entry; throws with a message the process is closed failed with. */
export async function runRecordingJob(
  process: Process,
  fallbackDb: string,
  logs: LogForwarder,
  print: (line: string) => void,
): Promise<unknown> {
  const job = recordingJob(process, fallbackDb);
  const store = storeAt(job.db);
  if (job.funcname === DETECT_SEGMENT_FUNCNAME) {
    const outcome = await runDetectSegment(store, job.recording, job.segment, process.processid);
    const line = `Segment ${job.segment} of recording ${job.recording}: ${outcome.events} events`;
    logs.add(line);
    print(line);
    return outcome;
  }
  const outcome = await runStitch(store, job.recording, process.processid);
  const line = `Recording ${job.recording}: ${outcome.events} events stitched from ${outcome.segments} segments`;
  logs.add(line);
  print(line);
  return outcome;
}
