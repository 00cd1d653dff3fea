/** The committed samples, read by each reader and run through the polyphase RMS detector, hold the events placed in them. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openRecording } from "../../../lib/recording/open.ts";
import { RMS_DEFAULTS } from "../../../lib/signal/index.ts";
import { PolyphaseRmsDetector } from "../../../lib/signal/polyphase.ts";
import { repoRoot } from "../../support/stack.ts";

const cases: [string, object][] = [
  ["three-phase-1999-ascii.cfg", {}],
  ["three-phase-2013-binary.cfg", {}],
  ["three-phase-2013-float32.cff", {}],
  ["three-phase-timed.csv", { timeColumn: "timestamp" }],
];

// lib/recording/samples.ts: A at 60 % for 0.20–0.30 s; A at 70 % for 0.60–0.72 s and B at 50 % for 0.65–0.80 s
// (one polyphase dip from the first start to the last end, residual the lowest: 50 %); all three at 1 % for
// 1.10–1.25 s. U_rms(1/2) is a one-cycle window refreshed each half cycle, so a start is seen within about
// half a cycle (10 ms) and an end within about a cycle (20 ms) plus the refresh.
const expected = [
  { kind: "dip", phases: [0], start: 0.2, end: 0.3, residualPct: 60 },
  { kind: "dip", phases: [0, 1], start: 0.6, end: 0.8, residualPct: 50 },
  { kind: "interruption", phases: [0, 1, 2], start: 1.1, end: 1.25, residualPct: 1 },
];

describe("samples/ through the polyphase detector", () => {
  for (const [name, options] of cases) {
    test(`${name}: one single-phase dip, one two-phase dip, one three-phase interruption`, async () => {
      const recording = await openRecording(join(repoRoot, "samples", name), options);
      const names = recording.info.channels.map((c) => c.name);
      const detector = new PolyphaseRmsDetector(
        { ...RMS_DEFAULTS, samplingRate: recording.info.samplingRate, frequency: 50, referenceVoltage: 230 },
        names,
      );
      const events = [];
      for await (const block of recording.blocks()) events.push(...detector.push(block.channels));
      events.push(...detector.finish());
      expect(events.map((e): [string, string[]] => [e.kind, e.phases])).toEqual(
        expected.map((e) => [e.kind, e.phases.map((p) => names[p]!)]),
      );
      events.forEach((event, i) => {
        const want = expected[i] as (typeof expected)[number];
        expect(Math.abs(event.start_s - want.start)).toBeLessThan(0.015);
        expect(Math.abs(event.end_s - want.end)).toBeLessThan(0.025);
        expect(Math.abs(event.residual_pct - want.residualPct)).toBeLessThan(1);
      });
    });
  }
});
