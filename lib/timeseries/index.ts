/** Client-side API of the time-series store (no server code: safe to import from scripts and the executor). */
export { parseBooleanText, pythonBool } from "./boolean-text.ts";
export {
  defaultStoreToken,
  defaultStoreUrl,
  type ListOptions,
  TimeSeriesApiError,
  TimeSeriesClient,
  TimeSeriesConnectionError,
} from "./client.ts";
export { toWireEvent } from "./events.ts";
export * from "./limits.ts";
export type {
  ChannelWire,
  MergedEnvelope,
  PhaseEventWire,
  Recording,
  RecordingMeta,
  RecordingPage,
  RecordingPatch,
  RecordingSummary,
  Samples,
  SegmentResultBody,
  StoredSegmentResult,
} from "./recordings.ts";
export { RecordingsClient, type SegmentSamples } from "./recordings-client.ts";
export { pointValues, sampleToPoints } from "./samples.ts";
export {
  decodeSegment,
  encodeSegment,
  floatChannels,
  type Int16Scale,
  type Int16Values,
  type SegmentValues,
} from "./segment-bytes.ts";
export type {
  AnomalyUpdate,
  ErrorBody,
  Health,
  Message,
  StoredEventKind,
  TimePoint,
  TimeSeries,
  TimeSeriesBody,
  TimeSeriesPage,
  TimeSeriesSummary,
  VoltageEventWire,
} from "./types.ts";
export { EVENT_KINDS } from "./types.ts";
