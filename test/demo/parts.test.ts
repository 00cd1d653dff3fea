/** The demo's pure parts: the seeded batch, the summary's figures, and both progress outputs. */
import { describe, expect, test } from "bun:test";
import { PlainProgress, type ProgressCounts, TerminalProgress } from "../../demo/progress.ts";
import { formatSummary, summarise } from "../../demo/summary.ts";
import { labelFile, makeWorkload } from "../../demo/workload.ts";
import { percentile } from "../../lib/percentile.ts";

describe("workload", () => {
  test("a seed fixes the samples and their drops; the run id only changes the series ids", () => {
    const a = makeWorkload({ count: 20, seed: 5, anomalyProbability: 0.001, runId: "a" });
    const b = makeWorkload({ count: 20, seed: 5, anomalyProbability: 0.001, runId: "b" });
    expect(a.map((s) => s.drops)).toEqual(b.map((s) => s.drops));
    expect(Array.from(a[3]!.sample.anomaly)).toEqual(Array.from(b[3]!.sample.anomaly));
    expect(a.map((s) => s.tsId)).not.toEqual(b.map((s) => s.tsId));
    expect(new Set(a.map((s) => s.tsId)).size).toBe(20);
    for (const s of a) expect(s.tsId).toMatch(/^[0-9a-f]{64}$/);
  });

  test("the default probability gives a mix, and labels match the injected drops", () => {
    const batch = makeWorkload({ count: 50, seed: 42, anomalyProbability: 0.001, runId: "x" });
    const withDrops = batch.filter((s) => s.hasDrop);
    expect(withDrops.length).toBeGreaterThan(10);
    expect(withDrops.length).toBeLessThan(40);
    for (const s of batch) {
      expect(s.hasDrop).toBe(s.drops.length > 0);
      for (const [start, end] of s.drops) {
        expect(s.sample.anomalyStarts).toContain(start);
        for (let i = start; i < end; i++) expect(s.sample.labels[i]).toBe(1);
      }
    }
    expect(Object.keys(labelFile(batch))).toEqual(batch.map((s) => s.tsId));
  });
});

describe("summary", () => {
  test("percentile is nearest-rank", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        99,
      ),
    ).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });

  test("precision, recall and F1 compare the flags with the injected drops; throughput uses closed processes", () => {
    const outcomes = [
      { hasDrop: true, flagged: true, latencyMs: 100 },
      { hasDrop: true, flagged: false, latencyMs: 200 },
      { hasDrop: false, flagged: true, latencyMs: 300 },
      { hasDrop: false, flagged: false, latencyMs: 400 },
      { hasDrop: true, flagged: null, latencyMs: null },
    ];
    const summary = summarise({
      counts: { waiting: 1, running: 0, successful: 4, failed: 0 },
      outcomes,
      executors: 2,
      elapsedMs: 2000,
    });
    expect(summary.metrics.precision).toBe(0.5);
    expect(summary.metrics.recall).toBeCloseTo(1 / 3, 12);
    expect(summary.metrics.f1).toBeCloseTo(0.4, 12);
    expect(summary.flagged).toBe(2);
    expect(summary.unchecked).toBe(1);
    expect(summary.withDrops).toBe(3);
    expect(summary.seriesPerSecond).toBe(2);
    expect(summary.p50Ms).toBe(200);
    expect(summary.p99Ms).toBe(400);
    const text = formatSummary(summary, {
      dashboardUrl: "http://127.0.0.1:8000/",
      coloniesCommand: "bun run colonies",
      kept: false,
      logDir: "data/demo/logs",
    });
    expect(text).toContain("precision 0.500 · recall 0.333 · F1 0.400");
    expect(text).toContain("1 never checked");
    expect(text).toContain("2.0 series/s end to end with 2 executors");
    expect(text).toContain("p50 200 ms · p99 400 ms");
    expect(text).toContain("bun run colonies process pss");
    expect(text).toContain("(run with --keep to keep it up)");
  });
});

describe("progress", () => {
  const counts = (successful: number, submitted = 100): ProgressCounts => ({
    total: 100,
    submitted,
    waiting: 100 - successful,
    running: 0,
    successful,
    failed: 0,
  });

  test("plain output prints a line only when a tenth more is submitted or done", () => {
    const lines: string[] = [];
    const progress = new PlainProgress({ write: (text) => lines.push(text) });
    progress.step("Submitting");
    for (let done = 0; done <= 100; done++) progress.counts(counts(done));
    expect(lines[0]).toBe("-> Submitting\n");
    expect(lines).toHaveLength(1 + 11);
    expect(lines.every((line) => line.endsWith("\n") && !line.includes("\r"))).toBe(true);
    expect(lines.at(-1)).toContain("successful 100");
  });

  test("terminal output redraws one row in place and ends it before the next step", () => {
    let screen = "";
    const progress = new TerminalProgress({ write: (text) => (screen += text) }, () => 60);
    progress.counts(counts(50));
    progress.counts(counts(100));
    progress.step("Done");
    const redraws = screen.split("\r\x1b[2K").slice(1);
    expect(redraws).toHaveLength(2);
    expect(redraws[0]!.length).toBeLessThanOrEqual(59);
    expect(redraws[1]).toContain("100%");
    expect(screen.endsWith("\n• Done\n")).toBe(true);
  });
});
