import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeDatasetCsv } from "../../../lib/dataset-file.ts";
import { openRecording } from "../../../lib/recording/open.ts";
import type { Recording, SampleBlock } from "../../../lib/recording/types.ts";
import { generateSample } from "../../../lib/signal/index.ts";

const dir = mkdtempSync(join(tmpdir(), "recording-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all(recording: Recording): Promise<SampleBlock[]> {
  const blocks: SampleBlock[] = [];
  for await (const block of recording.blocks()) blocks.push(block);
  return blocks;
}
const column = (blocks: SampleBlock[], c: number) => blocks.flatMap((b) => Array.from(b.channels[c] ?? []));
const times = (blocks: SampleBlock[]) => blocks.flatMap((b) => Array.from(b.time));

describe("CSV recordings", () => {
  test("the tutorial's dataset: anomaly_wave by default, the rate from the time column", async () => {
    const options = { duration: 0.3, seed: 7, anomalyProbability: 0.01 };
    const path = join(dir, "dataset.csv");
    writeDatasetCsv(path, options);
    const expected = generateSample(options);
    const recording = await openRecording(path, { blockSize: 64 });
    expect(recording.info.format).toBe("csv");
    expect(recording.info.samplingRate).toBeCloseTo(1000, 6);
    expect(recording.info.channels).toEqual([
      { name: "anomaly_wave", phase: "", units: "V", quantity: "voltage" },
    ]);
    expect(recording.info.totalSamples).toBeNull();
    const blocks = await all(recording);
    expect(blocks.map((b) => b.offset)).toEqual([0, 64, 128, 192, 256]);
    expect(column(blocks, 0)).toEqual(Array.from(expected.anomaly));
    expect(times(blocks)).toEqual(Array.from(expected.time));
  });

  test("ISO time strings in a named column: rate and start time from them; channels by name", async () => {
    const path = join(dir, "iso.csv");
    writeFileSync(
      path,
      "stamp,ua,ub\n2026-01-05T10:00:00.000000,1,2\n2026-01-05T10:00:00.000250,3,4\n2026-01-05T10:00:00.000500,5,6\n",
    );
    const recording = await openRecording(path, { timeColumn: "stamp", channels: ["ub", "ua"] });
    expect(recording.info.samplingRate).toBeCloseTo(4000, 6);
    expect(recording.info.startTime).toBe("2026-01-05T10:00:00.000000");
    const blocks = await all(recording);
    expect(column(blocks, 0)).toEqual([2, 4, 6]);
    expect(column(blocks, 1)).toEqual([1, 3, 5]);
    const t = times(blocks);
    expect(t[1]).toBeCloseTo(0.00025, 9);
    expect(t[2]).toBeCloseTo(0.0005, 9);
  });

  test("no time column but a rate: every column by default, semicolons, a blank line, small chunks through `bytes`", async () => {
    const text = new TextEncoder().encode('"a";"b"\r\n1;10\r\n\r\n2;20\r\n3;\r\n');
    async function* chunks() {
      for (let i = 0; i < text.length; i += 3) yield text.subarray(i, i + 3);
    }
    const recording = await openRecording("live.csv", { bytes: chunks(), rate: 10 });
    expect(recording.info.channels.map((c) => c.name)).toEqual(["a", "b"]);
    const blocks = await all(recording);
    expect(column(blocks, 0)).toEqual([1, 2, 3]);
    expect(column(blocks, 1)).toEqual([10, 20, Number.NaN]);
    expect(times(blocks)).toEqual([0, 0.1, 0.2]);
  });

  test("a live feed: opening takes only the chunks holding the header and two rows", async () => {
    let pulledSecond = false;
    async function* feed() {
      yield new TextEncoder().encode("time,u\n0,1\n0.5,2\n");
      pulledSecond = true;
      yield new TextEncoder().encode("1,3\n");
    }
    const recording = await openRecording("feed.csv", { bytes: feed() });
    expect(pulledSecond).toBe(false);
    expect(recording.info.samplingRate).toBe(2);
    expect(column(await all(recording), 0)).toEqual([1, 2, 3]);
  });

  test("errors: no time nor rate, an unknown channel, a non-numeric cell", async () => {
    const path = join(dir, "plain.csv");
    writeFileSync(path, "x,y\n1,2\n\n3,oops\n");
    await expect(openRecording(path)).rejects.toThrow(
      `${path} has no "time" column: name the time column (--time-column NAME) or give the rate (--rate HZ); its columns are: x, y`,
    );
    await expect(openRecording(path, { rate: 5, channels: ["z"] })).rejects.toThrow(
      `${path} has no channel "z"; its channels are: x, y`,
    );
    await expect(all(await openRecording(path, { rate: 5 }))).rejects.toThrow(
      `${path} line 4: y is "oops", not a number`,
    );
    await expect(openRecording(join(dir, "absent.csv"))).rejects.toThrow(
      `${join(dir, "absent.csv")} not found`,
    );
  });
});
