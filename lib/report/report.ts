/**
 * One recording's report (issue 15): what the recording is, its stitched voltage events with wall-clock
 * starts and residuals in volts and in % of the nominal voltage, the EN 50160 dip and swell tables, and the
 * range of each channel's U_rms(1/2) read from the store's envelope. Pure: the store's replies in, plain data
 * out (scripts/report.ts prints it or writes it as JSON; the dashboard shows it).
 */
import { type EventTable, en50160Tables, type VoltageEvent } from "../signal/index.ts";
import type { MergedEnvelope, PhaseEventWire, Recording } from "../timeseries/recordings.ts";
import { stampMicros, wallClock } from "./wall-clock.ts";

export interface ReportChannel {
  name: string;
  phase: string;
  units: string;
  /** Lowest and highest U_rms(1/2) over the envelope's columns; null when no result covers the channel. */
  min_v: number | null;
  max_v: number | null;
}

export interface ReportSummary {
  id: string;
  source: string;
  format: "comtrade" | "csv";
  channels: ReportChannel[];
  sampling_rate: number;
  frequency: number;
  /** As the file wrote it (ISO 8601, no zone); null when the file gave none. */
  start_time: string | null;
  /** total_samples / sampling_rate; null while the recording is still growing. */
  duration_s: number | null;
  total_samples: number | null;
  /** U_din, the declared voltage EN 50160 counts in: the reference of every % in the report. */
  nominal_voltage: number;
  segments: { count: number | null; stored: number; done: number };
  complete: boolean;
  /** False until the stitcher has stored the recording's events. */
  events_stitched: boolean;
  warnings: string[];
}

export interface ReportEvent {
  kind: VoltageEvent["kind"];
  phases: string[];
  /** Seconds from the recording's first sample. */
  start_s: number;
  end_s: number;
  duration_s: number;
  /** start_s after the recording's start stamp, to the microsecond; null when it has none. */
  start_time: string | null;
  /** Lowest U_rms(1/2) of a dip or interruption, highest of a swell, volts. */
  residual_v: number;
  /** residual_v in % of the nominal voltage. */
  residual_pct: number;
  /** The event runs past the start or the end of the recording. */
  cut: boolean;
}

export interface RecordingReport {
  recording: ReportSummary;
  events: ReportEvent[];
  tables: { dips: EventTable; swells: EventTable };
}

/**
 * The report of `recording` (GET /recordings/{id}) with its stitched `events` and its merged `envelope`
 * (GET /recordings/{id}/envelope). Residuals are re-expressed against the recording's nominal voltage, the
 * reference EN 50160 tables count in, whatever reference the detector used.
 */
export function buildReport(
  recording: Recording,
  events: readonly PhaseEventWire[],
  envelope: MergedEnvelope,
): RecordingReport {
  const nominal = recording.nominal_voltage;
  const warnings = [...recording.warnings];
  let startMicros: number | null = null;
  if (recording.start_time !== null) {
    startMicros = stampMicros(recording.start_time);
    if (startMicros === null)
      warnings.push(
        `start time ${JSON.stringify(recording.start_time)} is not an ISO 8601 stamp: events are timed in seconds from the first sample`,
      );
  }
  const reported = [...events]
    .sort((a, b) => a.start_s - b.start_s)
    .map(
      (e): ReportEvent => ({
        kind: e.kind,
        phases: [...e.phases],
        start_s: e.start_s,
        end_s: e.end_s,
        duration_s: e.duration_s,
        start_time: startMicros === null ? null : wallClock(startMicros, e.start_s),
        residual_v: e.residual_v,
        residual_pct: (100 * e.residual_v) / nominal,
        cut: e.cut,
      }),
    );
  return {
    recording: {
      id: recording.id,
      source: recording.source,
      format: recording.format,
      channels: recording.channels.map((c) => ({
        name: c.name,
        phase: c.phase,
        units: c.units,
        ...channelRange(envelope, c.name),
      })),
      sampling_rate: recording.sampling_rate,
      frequency: recording.frequency,
      start_time: recording.start_time,
      duration_s: recording.total_samples === null ? null : recording.total_samples / recording.sampling_rate,
      total_samples: recording.total_samples,
      nominal_voltage: nominal,
      segments: {
        count: recording.segment_count,
        stored: recording.segments_stored,
        done: recording.segments_done,
      },
      complete: recording.complete,
      events_stitched: recording.events !== null,
      warnings,
    },
    events: reported,
    // One pair of tables per recording: a polyphase event counts once, by its residual (IEC 61000-4-30 §5.4).
    tables: en50160Tables(reported),
  };
}

function channelRange(
  envelope: MergedEnvelope,
  name: string,
): { min_v: number | null; max_v: number | null } {
  const c = envelope.channels.indexOf(name);
  if (c < 0) return { min_v: null, max_v: null };
  return { min_v: extreme(envelope.min[c] ?? [], Math.min), max_v: extreme(envelope.max[c] ?? [], Math.max) };
}

function extreme(values: readonly (number | null)[], pick: (a: number, b: number) => number): number | null {
  let found: number | null = null;
  for (const v of values) if (v !== null) found = found === null ? v : pick(found, v);
  return found;
}
