export { type CutResult, type CutSegment, cutSegments } from "./cutter.ts";
export {
  BUCKET_SECONDS,
  bucketSamples,
  detectSegment,
  type RecordingElectrical,
  recordingRmsSettings,
  type SegmentDetection,
} from "./detect-segment.ts";
export { IngestError } from "./errors.ts";
export { type Followed, type FollowOptions, followRecording } from "./follow.ts";
export { type GrowingFileOptions, growingFile } from "./growing-file.ts";
export { type Ingested, type IngestOptions, ingestRecording, recordingMeta, singleRate } from "./ingest.ts";
export { layoutOf, runDetectSegment, runStitch, type SegmentOutcome, type StitchOutcome } from "./jobs.ts";
export {
  OVERLAP_CYCLES,
  ownedRange,
  type SampleRange,
  type SegmentLayout,
  segmentCount,
  segmentLayout,
  storedRange,
} from "./layout.ts";
export { recordingId } from "./recording-id.ts";
export { type SegmentEvents, stitchEvents } from "./stitch.ts";
export {
  DETECT_SEGMENT_FUNCNAME,
  RECORDING_FUNCNAMES,
  type RecordingJob,
  type RecordingWorkflowOptions,
  recordingJob,
  recordingWorkflow,
  SEGMENT_MAXEXECTIME,
  SEGMENT_MAXRETRIES,
  STITCH_RECORDING_FUNCNAME,
  segmentNodename,
  stitchFuncSpec,
} from "./workflow.ts";
