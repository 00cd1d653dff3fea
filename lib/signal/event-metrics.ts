import { chunkLabels, chunkStarts } from "./chunks.ts";
import { SignalError } from "./errors.ts";
import type { EventKind, VoltageEvent } from "./events.ts";
import type { TrueEvent } from "./injected-events.ts";
import { confusionMetrics } from "./metrics.ts";

/** A labelled event in seconds, with its residual in % of the reference voltage. */
export interface TruthEvent {
  kind: EventKind;
  start_s: number;
  end_s: number;
  residual_pct: number;
}

/** Ratio below which a labelled run is an interruption (EN 50160: u < 5 %), as in the generator. */
const INTERRUPTION_RATIO = 0.05;

function runRms(values: ArrayLike<number>, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s / Math.max(1, end - start));
}

/**
 * True events of a dataset CSV: each contiguous run of is_anomaly = 1, its factor the least-squares ratio
 * sum(a·n) / sum(n²) of the anomaly wave to the normal wave over the run (robust to noise and to samples near
 * zero); below 0.05 an interruption, below 1 a dip, above 1 a swell.
 */
export function truthFromLabels(
  normal: ArrayLike<number>,
  anomaly: ArrayLike<number>,
  labels: ArrayLike<number>,
  samplingRate: number,
  referenceVoltage: number,
): TruthEvent[] {
  const events: TruthEvent[] = [];
  let i = 0;
  const n = labels.length;
  while (i < n) {
    if (!labels[i]) {
      i++;
      continue;
    }
    const start = i;
    let cross = 0;
    let energy = 0;
    while (i < n && labels[i]) {
      cross += anomaly[i]! * normal[i]!;
      energy += normal[i]! * normal[i]!;
      i++;
    }
    const factor = energy > 0 ? cross / energy : 1;
    const kind: EventKind = factor < INTERRUPTION_RATIO ? "interruption" : factor < 1 ? "dip" : "swell";
    events.push(truthEvent(kind, start, i, factor, normal, samplingRate, referenceVoltage));
  }
  return events;
}

/** True events from the generator's list (rows [start, end)), residuals measured on the normal wave. */
export function truthFromSample(
  events: readonly TrueEvent[],
  normal: ArrayLike<number>,
  samplingRate: number,
  referenceVoltage: number,
): TruthEvent[] {
  return events.map((e) =>
    truthEvent(e.kind, e.start, e.end, e.factor, normal, samplingRate, referenceVoltage),
  );
}

function truthEvent(
  kind: EventKind,
  start: number,
  end: number,
  factor: number,
  normal: ArrayLike<number>,
  samplingRate: number,
  referenceVoltage: number,
): TruthEvent {
  return {
    kind,
    start_s: start / samplingRate,
    end_s: end / samplingRate,
    residual_pct: (100 * Math.abs(factor) * runRms(normal, start, end)) / referenceVoltage,
  };
}

export interface EventScore {
  truthCount: number;
  detectedCount: number;
  /** True events overlapped by a detected event of the same kind ("anomaly" matches any kind). */
  found: number;
  /** Detected events that overlap a true event of their kind. */
  correctDetections: number;
  precision: number;
  recall: number;
  f1: number;
  /** True events matched by more than one detected event (an event split in two). */
  split: number;
  /** |detected start - true start| of each found event, ms (first overlapping detection). */
  startErrorsMs: number[];
  medianStartErrorMs: number;
  p95StartErrorMs: number;
  /** |detected residual - true residual| in % of the reference, for found events of at least the minimum length. */
  residualErrorsPct: number[];
  medianResidualErrorPct: number;
}

function overlaps(d: VoltageEvent, t: TruthEvent): boolean {
  return d.start_s < t.end_s && t.start_s < d.end_s && (d.kind === "anomaly" || d.kind === t.kind);
}

/** The q-quantile (linear interpolation, numpy's default); NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Event-level scores. Residual errors count only events lasting at least `minResidualSeconds` (3 cycles at
 * 50 Hz by default: shorter events are smeared by the one-cycle window, IEC 61000-4-30 notes as much).
 */
export function scoreEvents(
  truth: readonly TruthEvent[],
  detected: readonly VoltageEvent[],
  minResidualSeconds = 0.06,
): EventScore {
  const startErrorsMs: number[] = [];
  const residualErrors: number[] = [];
  let found = 0;
  let split = 0;
  for (const t of truth) {
    const hits = detected.filter((d) => overlaps(d, t));
    const first = hits[0];
    if (first === undefined) continue;
    found++;
    if (hits.length > 1) split++;
    startErrorsMs.push(Math.abs(first.start_s - t.start_s) * 1000);
    if (first.kind !== "anomaly" && t.end_s - t.start_s >= minResidualSeconds - 1e-9) {
      const extreme = hits.reduce(
        (best, d) => (t.kind === "swell" ? Math.max(best, d.residual_pct) : Math.min(best, d.residual_pct)),
        first.residual_pct,
      );
      residualErrors.push(Math.abs(extreme - t.residual_pct));
    }
  }
  const correctDetections = detected.filter((d) => truth.some((t) => overlaps(d, t))).length;
  const precision = detected.length === 0 ? 0 : correctDetections / detected.length;
  const recall = truth.length === 0 ? 0 : found / truth.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truthCount: truth.length,
    detectedCount: detected.length,
    found,
    correctDetections,
    precision,
    recall,
    f1,
    split,
    startErrorsMs,
    medianStartErrorMs: quantile(startErrorsMs, 0.5),
    p95StartErrorMs: quantile(startErrorsMs, 0.95),
    residualErrorsPct: residualErrors,
    medianResidualErrorPct: quantile(residualErrors, 0.5),
  };
}

/**
 * The tutorial's window-level F1: complete windows of `window` samples, truth = any label in the window,
 * prediction = any detected event overlapping the window.
 */
export function windowF1(
  detected: readonly VoltageEvent[],
  labels: ArrayLike<number>,
  samplingRate: number,
  window: number,
): number {
  const truth = chunkLabels(labels, window);
  const starts = chunkStarts(labels.length, window);
  const predictions = new Uint8Array(starts.length);
  for (const d of detected) {
    const first = Math.max(0, Math.floor((d.start_s * samplingRate) / window));
    const last = Math.min(starts.length - 1, Math.ceil((d.end_s * samplingRate) / window) - 1);
    for (let k = first; k <= last; k++) predictions[k] = 1;
  }
  return confusionMetrics(truth, predictions).f1;
}

/** Rows [start, end) as the "anomaly" event a KL window verdict reports (KL gives no depth). */
export function windowEvent(
  start: number,
  end: number,
  samplingRate: number,
  residualV: number,
  referenceV: number,
) {
  if (!(samplingRate > 0)) throw new SignalError(`samplingRate must be positive, got ${samplingRate}`);
  const start_s = start / samplingRate;
  const end_s = end / samplingRate;
  const event: VoltageEvent = {
    kind: "anomaly",
    start_s,
    end_s,
    duration_s: end_s - start_s,
    residual_v: residualV,
    residual_pct: (100 * residualV) / referenceV,
    cut: false,
  };
  return event;
}

const ms = (v: number) => (Number.isNaN(v) ? "n/a" : `${v.toFixed(1)} ms`);

/** The event-level scores as printed by calibrate.ts. */
export function eventScoreLines(score: EventScore, windowLevelF1: number): string[] {
  const residual = Number.isNaN(score.medianResidualErrorPct)
    ? "n/a"
    : `${score.medianResidualErrorPct.toFixed(2)} % of the reference`;
  return [
    `Events: ${score.detectedCount} detected, ${score.truthCount} labelled, ${score.found} found${score.split > 0 ? `, ${score.split} split in two or more` : ""}`,
    `Event precision: ${score.precision.toFixed(4)}  recall: ${score.recall.toFixed(4)}  F1: ${score.f1.toFixed(4)}`,
    `Start error: median ${ms(score.medianStartErrorMs)}, p95 ${ms(score.p95StartErrorMs)}; residual error (events >= 3 cycles): median ${residual}`,
    `Window-level F1 (the tutorial's 1 s windows): ${windowLevelF1.toFixed(4)}`,
  ];
}
