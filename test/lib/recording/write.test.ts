import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCfg } from "../../../lib/recording/cfg.ts";
import { cfgText, writeComtrade } from "../../../lib/recording/comtrade-write.ts";
import { openRecording } from "../../../lib/recording/open.ts";
import type { ComtradeFileType } from "../../../lib/recording/types.ts";

const dir = mkdtempSync(join(tmpdir(), "recording-write-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RATE = 2000;
const N = 1000;
const wave = (shift: number, peak: number) =>
  Float64Array.from({ length: N }, (_, i) =>
    i === 17 ? Number.NaN : peak * Math.sin((2 * Math.PI * 50 * i) / RATE - shift),
  );
const channels = [
  { name: "UA", phase: "A", values: wave(0, 325) },
  { name: "UB", phase: "B", values: wave((2 * Math.PI) / 3, 300) },
  { name: "UC", phase: "C", values: wave((4 * Math.PI) / 3, 12000) },
];

const cases: [1999 | 2013, ComtradeFileType, "cfg" | "cff"][] = [
  [1999, "ASCII", "cfg"],
  [1999, "BINARY", "cfg"],
  [2013, "BINARY", "cff"],
  [2013, "ASCII", "cff"],
  [2013, "BINARY32", "cfg"],
  [2013, "FLOAT32", "cff"],
];

describe("writeComtrade → openRecording", () => {
  for (const [revision, fileType, container] of cases) {
    test(`${revision} ${fileType} .${container}: the same values within the quantisation step`, async () => {
      const path = join(dir, `${revision}-${fileType}.${container}`);
      const files = writeComtrade(
        path,
        {
          revision,
          fileType,
          station: "Sample station",
          device: "gen",
          lineFrequency: 50,
          samplingRate: RATE,
          startTime: "2026-01-05T10:00:00.000000",
        },
        channels,
      );
      expect(files.length).toBe(container === "cfg" ? 2 : 1);
      const recording = await openRecording(path, { blockSize: 300 });
      const { info } = recording;
      expect([info.revision, info.fileType, info.totalSamples, info.samplingRate]).toEqual([
        revision,
        fileType,
        N,
        RATE,
      ]);
      expect(info.startTime).toBe("2026-01-05T10:00:00.000000");
      expect(info.channels.map((c) => `${c.name}/${c.phase}/${c.units}`)).toEqual([
        "UA/A/V",
        "UB/B/V",
        "UC/C/V",
      ]);
      expect(info.warnings).toEqual([]);
      const got = channels.map(() => [] as number[]);
      const time: number[] = [];
      for await (const block of recording.blocks()) {
        block.channels.forEach((c, i) => {
          got[i]?.push(...c);
        });
        time.push(...block.time);
      }
      expect(time.length).toBe(N);
      expect(time[999]).toBeCloseTo(999 / RATE, 12);
      channels.forEach((channel, c) => {
        // The step a = full scale / 32767 (int16 and ASCII), / 2147483647 (int32); float32 keeps 24 bits.
        let fullScale = 0;
        for (const v of channel.values) if (!Number.isNaN(v)) fullScale = Math.max(fullScale, Math.abs(v));
        const tolerance =
          fileType === "FLOAT32"
            ? fullScale * 2 ** -23
            : fullScale / (fileType === "BINARY32" ? 2147483647 : 32767) / 2;
        const values = got[c] as number[];
        expect(values[17]).toBeNaN();
        let worst = 0;
        channel.values.forEach((v, i) => {
          if (i !== 17) worst = Math.max(worst, Math.abs((values[i] as number) - v));
        });
        expect(worst).toBeLessThanOrEqual(tolerance * (1 + 1e-9));
        expect(worst).toBeGreaterThan(0);
      });
    });
  }

  test("a recording longer than 2^32 µs gets a time multiplier so the stamps fit", () => {
    const header = {
      revision: 1999 as const,
      fileType: "BINARY" as const,
      station: "s",
      device: "d",
      lineFrequency: 50,
      samplingRate: 1,
      totalSamples: 9000,
      startTime: "2026-01-05T10:00:00.000000",
      channels: [{ name: "U", phase: "A", fullScale: 400 }],
    };
    // 8999 s = 8.999e9 µs; 8.999e9 / 4294967294 rounds up to 3.
    const cfg = parseCfg(cfgText(header), "long.cfg");
    expect(cfg.timeMultiplier).toBe(3);
    expect(cfg.analog[0]?.a).toBeCloseTo(400 / 32767, 15);
  });
});
