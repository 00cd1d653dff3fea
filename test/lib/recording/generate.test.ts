import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeGeneratedComtrade } from "../../../lib/recording/generated-comtrade.ts";
import { openRecording } from "../../../lib/recording/open.ts";
import { PolyphaseSampleStream } from "../../../lib/recording/polyphase-sample.ts";
import { generateSample } from "../../../lib/signal/index.ts";

const dir = mkdtempSync(join(tmpdir(), "recording-generate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PEAK = 230 * Math.SQRT2;

describe("PolyphaseSampleStream", () => {
  test("phase A is the generator's anomaly wave; B and C lag by 120° and 240°; events only where asked", () => {
    const options = { duration: 0.5, seed: 3, anomalyProbability: 0.01 };
    const stream = new PolyphaseSampleStream(options, {
      phases: ["A", "B", "C"],
      eventPhases: ["A"],
      placed: [{ kind: "dip", start: 10, end: 20, factor: 0.5, phases: ["B"] }],
    });
    const block = stream.next(10_000);
    const [a, b, c] = block?.channels ?? [];
    expect(Array.from(a ?? [])).toEqual(Array.from(generateSample(options).anomaly));
    // Row 0: sin(-120°) = -√3/2, sin(-240°) = +√3/2; row 5 at 1 kHz is a quarter cycle: sin(90° - 120°) = -1/2.
    expect(b?.[0]).toBeCloseTo((-PEAK * Math.sqrt(3)) / 2, 9);
    expect(c?.[0]).toBeCloseTo((PEAK * Math.sqrt(3)) / 2, 9);
    expect(b?.[5]).toBeCloseTo(-PEAK / 2, 9);
    // The placed dip halves B on rows 10..19 only: row 15 is 3/4 cycle, sin(270° - 120°) = 1/2, halved;
    // row 25 is 1 1/4 cycles, undisturbed.
    expect(b?.[15]).toBeCloseTo(PEAK / 4, 9);
    expect(b?.[25]).toBeCloseTo(-PEAK / 2, 9);
    expect(stream.progress().started).toBeGreaterThan(0);
    const firstRandom = block?.events[0];
    if (!firstRandom) throw new Error("seed 3 should inject a dip");
    const i = firstRandom.start;
    // The random dip touches A only: B there is the clean wave.
    expect(b?.[i]).toBeCloseTo(PEAK * Math.sin((2 * Math.PI * 50 * i) / 1000 - (2 * Math.PI) / 3), 9);
  });

  test("drift on several phases and an unknown event phase are refused", () => {
    expect(() => new PolyphaseSampleStream({ frequencyDrift: 0.1, seed: 1 }, { phases: ["A", "B"] })).toThrow(
      "frequency drift is generated for one phase only",
    );
    expect(() => new PolyphaseSampleStream({ seed: 1 }, { phases: ["A"], eventPhases: ["B"] })).toThrow(
      'event phase "B" is not one of the phases A',
    );
  });
});

describe("writeGeneratedComtrade", () => {
  test("a 2013 BINARY .cff of three phases reads back within one int16 step", async () => {
    const path = join(dir, "gen.cff");
    const options = { duration: 0.2, seed: 5, anomalyProbability: 0.005 };
    const written = writeGeneratedComtrade(
      path,
      options,
      { phases: ["A", "B", "C"] },
      { revision: 2013, fileType: "BINARY" },
    );
    expect(written.rows).toBe(200);
    const recording = await openRecording(path);
    expect(recording.info.channels.map((ch) => ch.name)).toEqual(["UA", "UB", "UC"]);
    const expected =
      new PolyphaseSampleStream(options, { phases: ["A", "B", "C"] }).next(1000)?.channels ?? [];
    const step = PEAK / 32767;
    for await (const block of recording.blocks())
      block.channels.forEach((values, c) => {
        values.forEach((v, k) => {
          expect(Math.abs(v - (expected[c]?.[block.offset + k] ?? Number.NaN))).toBeLessThanOrEqual(
            step / 2 + 1e-9,
          );
        });
      });
  });
});
