/** A recording's report as terminal lines: the summary, one row per event, the EN 50160 tables. */
import { formatEventTable } from "../signal/index.ts";
import type { RecordingReport, ReportEvent } from "./report.ts";

const HEADERS = ["#", "kind", "phases", "start", "duration", "residual", "%"] as const;

export function formatReport(report: RecordingReport): string[] {
  const r = report.recording;
  const lines = [
    `recording ${r.id}`,
    `  source: ${r.source} (${r.format})`,
    `  channels: ${r.channels.map((c) => (c.phase === "" ? c.name : `${c.name} (phase ${c.phase})`)).join(", ")}`,
    `  sampling rate: ${r.sampling_rate} Hz, line frequency ${r.frequency} Hz, nominal voltage ${r.nominal_voltage} V`,
    `  start: ${r.start_time ?? "not given (times are seconds from the first sample)"}`,
    `  duration: ${r.duration_s === null ? "not known yet (still growing)" : `${seconds(r.duration_s)} s (${r.total_samples} samples)`}`,
    `  segments: ${r.segments.done} of ${r.segments.count ?? "?"} detected (${r.segments.stored} stored)${r.complete ? "" : ", recording not complete"}`,
  ];
  for (const c of r.channels)
    if (c.min_v !== null && c.max_v !== null)
      lines.push(`  U_rms(1/2) ${c.name}: ${c.min_v.toFixed(1)}-${c.max_v.toFixed(1)} V`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  lines.push("");
  if (!r.events_stitched) lines.push("events: not stitched yet (the stitch process has not stored them)");
  else {
    lines.push(`${report.events.length} event(s):`);
    if (report.events.length > 0) lines.push(...eventTable(report.events));
  }
  lines.push("", ...formatEventTable(report.tables.dips), "", ...formatEventTable(report.tables.swells));
  return lines;
}

/** Start as the wall-clock stamp, or `+S s` from the first sample when the recording has no stamp. */
export function eventStart(e: ReportEvent): string {
  return e.start_time ?? `+${seconds(e.start_s)} s`;
}

/** The short name of the i-th event (from 0) in pictures: "1 dip 75 %". */
export function eventLabel(e: ReportEvent, index: number): string {
  return `${index + 1} ${e.kind} ${e.residual_pct.toFixed(0)} %`;
}

function eventTable(events: readonly ReportEvent[]): string[] {
  const rows = events.map((e, i) => [
    String(i + 1),
    e.kind,
    e.phases.join(","),
    eventStart(e),
    `${(e.duration_s * 1000).toFixed(1)} ms`,
    `${e.residual_v.toFixed(1)} V`,
    `${e.residual_pct.toFixed(1)} %${e.cut ? " (cut)" : ""}`,
  ]);
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const right = new Set([0, 4, 5, 6]);
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ")}`.trimEnd();
  return [line(HEADERS), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function seconds(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}
