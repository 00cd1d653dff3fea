import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { openRecording } from "../../lib/recording/open.ts";
import { scriptsDir } from "../support/scripts-dir.ts";
import { repoRoot } from "../support/stack.ts";

const scripts = scriptsDir("recording-scripts-");
const { dir, run } = scripts;
afterAll(() => scripts.remove());

const SAMPLES = join(repoRoot, "samples");

/** RMS of each channel over one 50 Hz cycle starting at `at` seconds. */
async function cycleRms(path: string, at: number, options = {}): Promise<number[]> {
  const recording = await openRecording(path, options);
  const rate = recording.info.samplingRate;
  const first = Math.round(at * rate);
  const count = Math.round(rate / 50);
  const sums = recording.info.channels.map(() => 0);
  for await (const block of recording.blocks())
    block.channels.forEach((values, c) => {
      values.forEach((v, k) => {
        const i = block.offset + k;
        if (i >= first && i < first + count) sums[c] = (sums[c] ?? 0) + v * v;
      });
    });
  return sums.map((s) => Math.sqrt(s / count));
}

describe("samples/", () => {
  test("make_samples.ts writes exactly the committed samples, each under 200 KB", async () => {
    const result = await run("make_samples.ts", "--out", "made");
    expect(result.code).toBe(0);
    const committed = readdirSync(SAMPLES)
      .filter((f) => !f.endsWith(".md"))
      .sort();
    expect(readdirSync(join(dir, "made")).sort()).toEqual(committed);
    for (const name of committed) {
      expect(statSync(join(SAMPLES, name)).size).toBeLessThan(200 * 1024);
      expect(readFileSync(join(dir, "made", name)).equals(readFileSync(join(SAMPLES, name)))).toBe(true);
    }
  });

  // 230 V with a 2 % third harmonic: 230 × √(1 + 0.02²) = 230.05 V RMS; the events scale it.
  const nominal = 230 * Math.sqrt(1 + 0.02 ** 2);
  const cases: [string, object][] = [
    ["three-phase-1999-ascii.cfg", {}],
    ["three-phase-2013-binary.cfg", {}],
    ["three-phase-2013-float32.cff", {}],
    ["three-phase-timed.csv", { timeColumn: "timestamp" }],
  ];
  for (const [name, options] of cases) {
    test(`${name}: a dip on A (60 %), overlapping dips on A (70 %) and B (50 %), all three interrupted (1 %)`, async () => {
      const path = join(SAMPLES, name);
      const expectNear = (got: number[], factors: number[]) => {
        factors.forEach((f, c) => {
          expect(Math.abs((got[c] as number) - f * nominal)).toBeLessThan(0.01 * nominal * Math.max(f, 0.1));
        });
      };
      expectNear(await cycleRms(path, 0.1, options), [1, 1, 1]);
      expectNear(await cycleRms(path, 0.22, options), [0.6, 1, 1]);
      expectNear(await cycleRms(path, 0.66, options), [0.7, 0.5, 1]);
      expectNear(await cycleRms(path, 0.75, options), [1, 0.5, 1]);
      expectNear(await cycleRms(path, 1.15, options), [0.01, 0.01, 0.01]);
    });
  }
});

describe("gen_dataset.ts --format comtrade", () => {
  test("three phases by default to dataset.cfg + dataset.dat, readable, the same events as the CSV", async () => {
    const result = await run(
      "gen_dataset.ts",
      "--format",
      "comtrade",
      "--seed",
      "1",
      "--duration",
      "10",
      "--no-plot",
    );
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(
      "Wrote 10000 samples of phases A, B, C to dataset.cfg and dataset.dat (COMTRADE 2013 BINARY): " +
        "1 anomalies injected (1 dip, 0 swells, 0 interruptions) on phases A, B, C, seed 1 (plot: none)",
    );
    const csv = await run("gen_dataset.ts", "--seed", "1", "--duration", "10", "--no-plot");
    expect(csv.stdout).toContain("1 anomalies injected (1 dip, 0 swells, 0 interruptions), seed 1");
    const recording = await openRecording(join(dir, "dataset.cfg"));
    expect(recording.info.channels.map((c) => c.name)).toEqual(["UA", "UB", "UC"]);
    expect(recording.info.totalSamples).toBe(10000);
  });

  test("one phase, ASCII 1999 in a .cff; bad choices exit 1 with the reason", async () => {
    const result = await run(
      "gen_dataset.ts",
      ...["--format", "comtrade", "--phases", "1", "--comtrade-type", "ascii", "--revision", "1999"],
      ...["--out", "one.cff", "--duration", "1", "--seed", "2", "--no-plot"],
    );
    expect(result.code).toBe(0);
    const recording = await openRecording(join(dir, "one.cff"));
    expect([recording.info.fileType, recording.info.revision, recording.info.channels.length]).toEqual([
      "ASCII",
      1999,
      1,
    ]);
    const bad = await run("gen_dataset.ts", "--format", "comtrade", "--event-phases", "D", "--no-plot");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: --event-phases: "D" is not one of A, B, C\n');
    const badOut = await run("gen_dataset.ts", "--format", "comtrade", "--out", "x.csv", "--no-plot");
    expect(badOut.stderr).toBe("error: --out for comtrade must end in .cfg or .cff, got x.csv\n");
  });
});

describe("recording_info.ts", () => {
  test("prints the channels, rate, start, samples and that values are primary volts", async () => {
    const result = await run(
      "recording_info.ts",
      join(SAMPLES, "three-phase-2013-binary.cfg"),
      "--phases",
      "B,C",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("COMTRADE 2013 BINARY");
    expect(result.stdout).toContain("sampling rate: 2000 Hz");
    expect(result.stdout).toContain("samples: 3000 (1.5 s)");
    expect(result.stdout).toContain("values in primary volts");
    expect(result.stdout).toMatch(/UB +phase B {2}V {2}voltage\n {2}UC +phase C/);
    const json = await run(
      "recording_info.ts",
      join(SAMPLES, "three-phase-timed.csv"),
      "--time-column",
      "timestamp",
      "--json",
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ format: "csv", samplingRate: 1000, totalSamples: null });
  });

  test("a bad file exits 1 with the reader's message", async () => {
    await Bun.write(join(dir, "bad.cfg"), "S,D,1999\n1,1A,0D\n1,U,A,,V,1,0,0,-1,1,1,1,P\n50\n1\n1000,1\n");
    const result = await run("recording_info.ts", "bad.cfg");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: bad.cfg ends before the start time line (line 7)\n");
  });
});
