/** Kinds of voltage event and the event a detector reports (IEC 61000-4-30 terms, EN 50160 tables). */
export type EventKind = "dip" | "swell" | "interruption";

export const EVENT_KINDS: readonly EventKind[] = ["dip", "swell", "interruption"];

/** A detected voltage event, as power-quality practice reports it (IEC 61000-4-30, EN 50160). */
export interface VoltageEvent {
  /** "anomaly" only for KL windows reported as events. */
  kind: EventKind | "anomaly";
  /** Seconds from the start of the analysed data (a series: from its first sample). */
  start_s: number;
  end_s: number;
  /** end_s - start_s */
  duration_s: number;
  /** Lowest U_rms(1/2) during the event (highest for a swell), volts. */
  residual_v: number;
  /** residual_v in % of the model's reference voltage. */
  residual_pct: number;
  /** True when the event runs past the start or the end of the data. */
  cut: boolean;
}

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === "string" && (EVENT_KINDS as readonly string[]).includes(value);
}

/**
 * One event as the scripts list it: kind, span, duration and residual, then (when the recording has several
 * channels) the phases it touched; one channel prints exactly as before phases existed.
 */
export function formatEventLine(
  e: VoltageEvent & { phases?: readonly string[] },
  showPhases: boolean,
): string {
  const phases = showPhases && e.phases ? `, phases ${e.phases.join(", ")}` : "";
  return `  ${e.kind.padEnd(12)} ${e.start_s.toFixed(3)}-${e.end_s.toFixed(3)} s (${(e.duration_s * 1000).toFixed(0)} ms), residual ${e.residual_v.toFixed(1)} V = ${e.residual_pct.toFixed(1)} %${phases}${e.cut ? ", cut by the data's edge" : ""}`;
}
