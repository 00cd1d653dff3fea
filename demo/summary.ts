/** The demo's closing report: outcome of every process, detection quality against the labels, speed. */

import { percentile } from "../lib/percentile.ts";
import type { ProcessCounts } from "../lib/process-counts.ts";
import { type ConfusionMetrics, confusionMetrics, type EventScore } from "../lib/signal/index.ts";

export interface SampleOutcome {
  hasDrop: boolean;
  /** The store's flag after the executor's PATCH; null when the series was never checked. */
  flagged: boolean | null;
  /** Milliseconds from submission to the process being closed; null when it did not close. */
  latencyMs: number | null;
}

export interface DemoResult {
  counts: ProcessCounts;
  outcomes: SampleOutcome[];
  executors: number;
  /** From the first submission to the last process closed. */
  elapsedMs: number;
  /** What was injected: the tutorial's "drops", or a profile's "events". */
  injected?: "drops" | "events";
  /** Event-level scores of an rms run (stored events against injected ones). */
  events?: EventScore;
}

export interface DemoSummary {
  counts: ProcessCounts;
  executors: number;
  submitted: number;
  withDrops: number;
  flagged: number;
  unchecked: number;
  metrics: ConfusionMetrics;
  seriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  injected: "drops" | "events";
  events: EventScore | null;
}

export function summarise(result: DemoResult): DemoSummary {
  const { outcomes } = result;
  const latencies = outcomes.flatMap((o) => (o.latencyMs === null ? [] : [o.latencyMs]));
  const done = result.counts.successful + result.counts.failed;
  return {
    counts: result.counts,
    executors: result.executors,
    submitted: outcomes.length,
    withDrops: outcomes.filter((o) => o.hasDrop).length,
    flagged: outcomes.filter((o) => o.flagged === true).length,
    unchecked: outcomes.filter((o) => o.flagged === null).length,
    metrics: confusionMetrics(
      outcomes.map((o) => o.hasDrop),
      outcomes.map((o) => o.flagged === true),
    ),
    seriesPerSecond: result.elapsedMs > 0 ? done / (result.elapsedMs / 1000) : 0,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    injected: result.injected ?? "drops",
    events: result.events ?? null,
  };
}

export interface NextSteps {
  dashboardUrl: string;
  /** How to start the `colonies` commands against this run ("bun run colonies" unless port/keys differ). */
  coloniesCommand: string;
  kept: boolean;
  logDir: string;
}

const fixed3 = (x: number) => x.toFixed(3);
const ms = (x: number) => (Number.isNaN(x) ? "n/a" : `${Math.round(x)} ms`);

/** The rms run's event-level line, beside the per-series (window-level) detection line. */
function eventLine(e: EventScore): string {
  return (
    `  events       precision ${fixed3(e.precision)} · recall ${fixed3(e.recall)} · F1 ${fixed3(e.f1)}` +
    `   (${e.truthCount} injected · ${e.detectedCount} detected · ${e.found} found)`
  );
}

export function formatSummary(s: DemoSummary, next: NextSteps): string {
  const { executors } = s;
  const m = s.metrics;
  const lines = [
    "",
    "Summary",
    `  processes    successful ${s.counts.successful} · failed ${s.counts.failed} · running ${s.counts.running} · waiting ${s.counts.waiting}`,
    `  series       ${s.submitted} submitted · ${s.withDrops} with injected ${s.injected} · ${s.flagged} flagged anomalous` +
      (s.unchecked > 0 ? ` · ${s.unchecked} never checked` : ""),
    `  detection    precision ${fixed3(m.precision)} · recall ${fixed3(m.recall)} · F1 ${fixed3(m.f1)}` +
      `   (TP ${m.truePositives} · FP ${m.falsePositives} · FN ${m.falseNegatives} · TN ${m.trueNegatives})`,
    ...(s.events ? [eventLine(s.events)] : []),
    `  throughput   ${s.seriesPerSecond.toFixed(1)} series/s end to end with ${executors} executor${executors === 1 ? "" : "s"}`,
    `  latency      p50 ${ms(s.p50Ms)} · p99 ${ms(s.p99Ms)} (submitted → closed)`,
    "",
    "Where to look next",
    `  dashboard    ${next.dashboardUrl}${next.kept ? "" : "   (run with --keep to keep it up)"}`,
    `  processes    ${next.coloniesCommand} process pss`,
    `  logs         ${next.coloniesCommand} log search --text Anom`,
    `  child logs   ${next.logDir}`,
    "",
  ];
  return lines.join("\n");
}
