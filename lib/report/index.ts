/** A recording's report (issue 15): built from the store's replies, rendered as text or JSON. */
export { eventLabel, eventStart, formatReport } from "./format.ts";
export {
  buildReport,
  type RecordingReport,
  type ReportChannel,
  type ReportEvent,
  type ReportSummary,
} from "./report.ts";
export { stampMicros, wallClock } from "./wall-clock.ts";
export { type SampleWindow, waveformWindow } from "./waveform-window.ts";
