import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRecording } from "../../../lib/recording/open.ts";
import { type Recording, RecordingError, type SampleBlock } from "../../../lib/recording/types.ts";

const dir = mkdtempSync(join(tmpdir(), "recording-dat-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cfgText(o: {
  analog: string[];
  status?: string[];
  rates: string[];
  type: string;
  mult?: string;
}): string {
  const status = o.status ?? [];
  return [
    "Test station,Test device,1999",
    `${o.analog.length + status.length},${o.analog.length}A,${status.length}D`,
    ...o.analog,
    ...status,
    "50",
    ...o.rates,
    "05/01/2026,10:00:00.000000",
    "05/01/2026,10:00:00.000000",
    o.type,
    o.mult ?? "1",
  ].join("\n");
}

function write(name: string, cfg: string, dat: string | Uint8Array): string {
  writeFileSync(join(dir, `${name}.cfg`), cfg);
  writeFileSync(join(dir, `${name}.dat`), dat);
  return join(dir, `${name}.cfg`);
}

async function all(recording: Recording): Promise<SampleBlock[]> {
  const blocks: SampleBlock[] = [];
  for await (const block of recording.blocks()) blocks.push(block);
  return blocks;
}

const joined = (blocks: SampleBlock[], pick: (b: SampleBlock) => Float64Array) =>
  blocks.flatMap((b) => Array.from(pick(b)));

const TWO_VOLTAGES = ["1,UA,A,,kV,0.5,1,0,-99999,99999,1,1,P", "2,UB,B,,V,2,0,0,-99999,99999,400,100,S"];

describe("ASCII .dat", () => {
  const cfg = cfgText({
    analog: TWO_VOLTAGES,
    status: ["1,CB,,,0"],
    rates: ["2", "1000,3", "500,5"],
    type: "ASCII",
  });
  const dat = "1,0,10,5,0\r\n2,1000,20,,1\r\n3,2000,-4,7,0\r\n4,3000,0,1,0\r\n5,5000,2,-1,1\r\n\x1a\x1a\x1a";
  const path = write("ascii", cfg, dat);

  test("values a·raw + b in primary volts, rates changing, blocks cut at the change, padding warned", async () => {
    const recording = await openRecording(path, { blockSize: 2 });
    const blocks = await all(recording);
    expect(blocks.map((b) => [b.offset, b.time.length])).toEqual([
      [0, 2],
      [2, 1],
      [3, 2],
    ]);
    // UA kV: (0.5 * raw + 1) * 1000; UB secondary with ratio 4: 2 * raw * 4; an empty field is NaN.
    expect(joined(blocks, (b) => b.channels[0] as Float64Array)).toEqual([6000, 11000, -1000, 1000, 2000]);
    expect(joined(blocks, (b) => b.channels[1] as Float64Array)).toEqual([40, Number.NaN, 56, 8, -8]);
    const time = joined(blocks, (b) => b.time);
    [0, 0.001, 0.002, 0.003, 0.005].forEach((t, i) => {
      expect(time[i]).toBeCloseTo(t, 12);
    });
    expect(recording.info.rates).toEqual([
      { rate: 1000, endSample: 3 },
      { rate: 500, endSample: 5 },
    ]);
    expect(recording.info.samplingRate).toBe(1000);
    expect(recording.info.totalSamples).toBe(5);
    expect(recording.info.channels).toEqual([
      { name: "UA", phase: "A", units: "V", quantity: "voltage" },
      { name: "UB", phase: "B", units: "V", quantity: "voltage" },
    ]);
    expect(recording.info.warnings).toEqual([
      `${join(dir, "ascii.dat")}: trailing SUB (0x1a) padding skipped`,
    ]);
  });

  test("one-byte chunks through `bytes` give the same samples (records cut anywhere)", async () => {
    const bytes = new TextEncoder().encode(dat);
    async function* oneByOne() {
      for (const b of bytes) yield Uint8Array.of(b);
    }
    const recording = await openRecording(path, { bytes: oneByOne(), channels: ["UB"] });
    // A stream's length is known at its end only.
    expect(recording.info.totalSamples).toBeNull();
    const blocks = await all(recording);
    expect(joined(blocks, (b) => b.channels[0] as Float64Array)).toEqual([40, Number.NaN, 56, 8, -8]);
  });

  test("a record with the wrong channel count names the line", async () => {
    const p = write("short", cfg, "1,0,10,5,0\n2,1000,20,1\n");
    await expect(all(await openRecording(p))).rejects.toThrow(
      `${join(dir, "short.dat")} line 2: 4 fields where the .cfg gives 5 (sample number, time stamp, 2 analog, 1 status)`,
    );
  });

  test("a non-numeric field names the line and channel", async () => {
    const p = write("nan", cfg, "1,0,10,5,0\n2,1000,20,x5,0\n");
    await expect(all(await openRecording(p))).rejects.toThrow(
      `${join(dir, "nan.dat")} line 2: analog channel UB is "x5", not a number`,
    );
  });

  test("times from the stamps × the time multiplier when no rate is given", async () => {
    const c = cfgText({ analog: [TWO_VOLTAGES[0] as string], rates: ["0", "0,3"], type: "ASCII", mult: "2" });
    const p = write("stamps", c, "1,0,0\n2,250,0\n3,500,0\n");
    const recording = await openRecording(p);
    const time = joined(await all(recording), (b) => b.time);
    expect(time).toEqual([0, 0.0005, 0.001]);
    // 250 × 2 µs = 0.5 ms per sample.
    expect(recording.info.samplingRate).toBe(2000);
    expect(recording.info.rates).toEqual([]);
    expect(recording.info.warnings).toEqual([
      `${p}: no sampling rate given; times from the .dat time stamps (2000 Hz from the first two)`,
    ]);
  });
});

/** The bytes as a stream of `size`-byte copies (the last one shorter); one view of them when no size is given. */
async function* inChunks(bytes: Uint8Array, size?: number): AsyncGenerator<Uint8Array> {
  if (size === undefined) {
    yield bytes;
    return;
  }
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

function binaryRecords(
  type: "BINARY" | "BINARY32" | "FLOAT32",
  rows: { n: number; t: number; analog: number[]; status: number[] }[],
): Uint8Array {
  const width = type === "BINARY" ? 2 : 4;
  const first = rows[0] as (typeof rows)[number];
  const size = 8 + first.analog.length * width + first.status.length * 2;
  const view = new DataView(new ArrayBuffer(size * rows.length));
  rows.forEach((row, r) => {
    let at = r * size;
    view.setUint32(at, row.n, true);
    view.setUint32(at + 4, row.t, true);
    at += 8;
    for (const v of row.analog) {
      if (type === "BINARY") view.setInt16(at, v, true);
      else if (type === "BINARY32") view.setInt32(at, v, true);
      else view.setFloat32(at, v, true);
      at += width;
    }
    for (const word of row.status) {
      view.setUint16(at, word, true);
      at += 2;
    }
  });
  return new Uint8Array(view.buffer);
}

describe("binary .dat", () => {
  // 17 status channels: two status words per record.
  const status = Array.from({ length: 17 }, (_, i) => `${i + 1},S${i + 1},,,0`);
  const cfgOf = (type: string) => cfgText({ analog: TWO_VOLTAGES, status, rates: ["1", "4000,3"], type });

  test("BINARY: int16 values, 0x8000 missing, two status words per record", async () => {
    const bytes = binaryRecords("BINARY", [
      { n: 1, t: 0, analog: [100, -32768], status: [0, 1] },
      { n: 2, t: 250, analog: [-100, 1000], status: [65535, 0] },
      { n: 3, t: 500, analog: [32767, -1], status: [0, 0] },
    ]);
    const recording = await openRecording(write("bin16", cfgOf("BINARY"), bytes));
    const blocks = await all(recording);
    // UA: (0.5 raw + 1) kV; UB: 2 raw × 400/100.
    expect(joined(blocks, (b) => b.channels[0] as Float64Array)).toEqual([51000, -49000, 16384500]);
    expect(joined(blocks, (b) => b.channels[1] as Float64Array)).toEqual([Number.NaN, 8000, -8]);
    expect(joined(blocks, (b) => b.time)).toEqual([0, 0.00025, 0.0005]);
    expect(recording.info.fileType).toBe("BINARY");
  });

  test("BINARY with rawInt16: the raw values (0x8000 kept), each channel's scale in its info", async () => {
    const rows = [
      { n: 1, t: 0, analog: [100, -32768], status: [0, 1] },
      { n: 2, t: 250, analog: [-100, 1000], status: [65535, 0] },
      { n: 3, t: 500, analog: [32767, -1], status: [0, 0] },
    ];
    const path = write("bin16-raw", cfgOf("BINARY"), binaryRecords("BINARY", rows));
    const recording = await openRecording(path, { rawInt16: true });
    const blocks = await all(recording);
    expect(joined(blocks, (b) => b.channels[0] as Float64Array)).toEqual([100, -100, 32767]);
    expect(joined(blocks, (b) => b.channels[1] as Float64Array)).toEqual([-32768, 1000, -1]);
    // UA: (0.5 raw + 1) kV in V; UB: 2 raw × 400/100 (secondary to primary).
    expect(recording.info.channels.map((c) => c.int16)).toEqual([
      { gain: 500, offset: 1000 },
      { gain: 8, offset: 0 },
    ]);
    // Scaled as the channel says, a raw value gives what the reader delivers without rawInt16.
    const scaled = await all(await openRecording(path));
    const { gain, offset } = recording.info.channels[0]!.int16!;
    expect(joined(blocks, (b) => b.channels[0] as Float64Array).map((r) => gain * r + offset)).toEqual(
      joined(scaled, (b) => b.channels[0] as Float64Array),
    );
  });

  test("rawInt16 leaves other file types scaled, their channels without int16", async () => {
    const rows = [{ n: 1, t: 0, analog: [100000, 7], status: [0, 0] }];
    const path = write("bin32-raw", cfgOf("BINARY32"), binaryRecords("BINARY32", rows));
    const recording = await openRecording(path, { rawInt16: true });
    expect(joined(await all(recording), (b) => b.channels[0] as Float64Array)).toEqual([50001000]);
    expect(recording.info.channels.map((c) => c.int16)).toEqual([undefined, undefined]);
  });
  test("BINARY in chunks cutting records anywhere, blocks smaller than a chunk: the same values", async () => {
    const rows = Array.from({ length: 7 }, (_, r) => ({
      n: r + 1,
      t: 250 * r,
      analog: [r * 3 - 10, r === 4 ? -32768 : 1000 - r],
      status: [r, 0],
    }));
    const bytes = binaryRecords("BINARY", rows);
    const path = write(
      "bin16-chunks",
      cfgText({ analog: TWO_VOLTAGES, status, rates: ["1", "4000,7"], type: "BINARY" }),
      bytes,
    );
    // UA: (0.5 raw + 1) kV; UB: 2 raw × 400/100; UB's 0x8000 in record 5 is missing.
    const ua = rows.map((r) => (0.5 * (r.analog[0] as number) + 1) * 1000);
    const ub = rows.map((r, i) => (i === 4 ? Number.NaN : 8 * (r.analog[1] as number)));
    for (const chunk of [1, 5, 16, 17, 1000]) {
      for (const blockSize of [2, 3, 8192]) {
        const recording = await openRecording(path, { bytes: inChunks(bytes, chunk), blockSize });
        const blocks = await all(recording);
        const what = `chunks of ${chunk} bytes, blocks of ${blockSize}`;
        expect({ what, offsets: blocks.map((b) => b.offset) }).toEqual({
          what,
          offsets: Array.from({ length: Math.ceil(7 / blockSize) }, (_, k) => k * blockSize),
        });
        expect({ what, ua: joined(blocks, (b) => b.channels[0] as Float64Array) }).toEqual({ what, ua });
        expect({ what, ub: joined(blocks, (b) => b.channels[1] as Float64Array) }).toEqual({ what, ub });
        expect({ what, time: joined(blocks, (b) => b.time) }).toEqual({
          what,
          time: rows.map((_, i) => i / 4000),
        });
      }
    }
  });

  test("reuseBlocks: the same values block by block, every block a view of the same arrays", async () => {
    const rows = Array.from({ length: 7 }, (_, r) => ({ n: r + 1, t: 0, analog: [r, -r], status: [0, 0] }));
    const cfg = cfgText({ analog: TWO_VOLTAGES, status, rates: ["1", "4000,7"], type: "BINARY" });
    const path = write("bin16-reuse", cfg, binaryRecords("BINARY", rows));
    const copied = async (reuseBlocks: boolean) => {
      const out: { offset: number; ua: number[]; time: number[]; buffer: ArrayBufferLike }[] = [];
      for await (const b of (await openRecording(path, { blockSize: 3, reuseBlocks })).blocks())
        out.push({
          offset: b.offset,
          ua: [...(b.channels[0] as Float64Array)],
          time: [...b.time],
          buffer: b.time.buffer,
        });
      return out;
    };
    const fresh = await copied(false);
    const reused = await copied(true);
    expect(reused.map(({ buffer: _, ...rest }) => rest)).toEqual(fresh.map(({ buffer: _, ...rest }) => rest));
    expect(new Set(reused.map((b) => b.buffer)).size).toBe(1);
    expect(new Set(fresh.map((b) => b.buffer)).size).toBe(3);
  });

  test("BINARY times from the stamps × the time multiplier when no rate is given", async () => {
    const bytes = binaryRecords("BINARY", [
      { n: 1, t: 10, analog: [0, 0], status: [0, 0] },
      { n: 2, t: 135, analog: [0, 0], status: [0, 0] },
      { n: 3, t: 260, analog: [0, 0], status: [0, 0] },
    ]);
    const c = cfgText({ analog: TWO_VOLTAGES, status, rates: ["0", "0,3"], type: "BINARY", mult: "4" });
    const recording = await openRecording(write("bin16-stamps", c, bytes), { blockSize: 2 });
    // 125 × 4 µs = 0.5 ms per sample.
    expect(joined(await all(recording), (b) => b.time)).toEqual([0, 0.0005, 0.001]);
    expect(recording.info.samplingRate).toBe(2000);
  });

  // No status channels: 16- and 12-byte records, so whole chunks are read through typed views and records
  // after a cut at an odd byte through the byte-by-byte path; both must give the same values.
  for (const type of ["BINARY", "BINARY32", "FLOAT32"] as const) {
    test(`${type} without status channels, in chunks cutting records anywhere: the same values`, async () => {
      const missing = type === "BINARY" ? -32768 : type === "BINARY32" ? -2147483648 : Number.NaN;
      const rows = Array.from({ length: 9 }, (_, r) => ({
        n: r + 1,
        t: 250 * r,
        analog: [type === "FLOAT32" ? r * 1.5 - 4 : r * 3 - 10, r === 6 ? missing : 1000 - r],
        status: [],
      }));
      const bytes = binaryRecords(type, rows);
      const path = write(
        `${type}-no-status`,
        cfgText({ analog: TWO_VOLTAGES, rates: ["1", "4000,9"], type }),
        bytes,
      );
      const ua = rows.map((r) => (0.5 * (r.analog[0] as number) + 1) * 1000);
      const ub = rows.map((r, i) => (i === 6 ? Number.NaN : 8 * (r.analog[1] as number)));
      for (const chunk of [3, 7, 16, 33, 1000]) {
        // An odd start inside one buffer as well: the views must not assume a chunk starts aligned.
        const padded = new Uint8Array(bytes.length + 1);
        padded.set(bytes, 1);
        const sources = {
          chunked: inChunks(bytes, chunk),
          "one odd-placed buffer": inChunks(padded.subarray(1)),
        };
        for (const [name, source] of Object.entries(sources)) {
          const recording = await openRecording(path, { bytes: source, blockSize: 4 });
          const blocks = await all(recording);
          const what = `${name}, chunks of ${chunk} bytes`;
          expect({ what, ua: joined(blocks, (b) => b.channels[0] as Float64Array) }).toEqual({ what, ua });
          expect({ what, ub: joined(blocks, (b) => b.channels[1] as Float64Array) }).toEqual({ what, ub });
        }
      }
    });
  }

  test("BINARY32: int32 values, 0x80000000 missing", async () => {
    const bytes = binaryRecords("BINARY32", [
      { n: 1, t: 0, analog: [100000, -2147483648], status: [0, 0] },
      { n: 2, t: 250, analog: [-2, 7], status: [0, 0] },
      { n: 3, t: 500, analog: [0, 0], status: [0, 0] },
    ]);
    const blocks = await all(await openRecording(write("bin32", cfgOf("BINARY32"), bytes)));
    expect(joined(blocks, (b) => b.channels[0] as Float64Array)).toEqual([50001000, 0, 1000]);
    expect(joined(blocks, (b) => b.channels[1] as Float64Array)).toEqual([Number.NaN, 56, 0]);
  });

  test("FLOAT32: float values scaled", async () => {
    const bytes = binaryRecords("FLOAT32", [
      { n: 1, t: 0, analog: [0.25, 1.5], status: [0, 0] },
      { n: 2, t: 250, analog: [-2, Number.NaN], status: [0, 0] },
      { n: 3, t: 500, analog: [4, 0], status: [0, 0] },
    ]);
    const blocks = await all(await openRecording(write("f32", cfgOf("FLOAT32"), bytes)));
    expect(joined(blocks, (b) => b.channels[0] as Float64Array)).toEqual([1125, 0, 3000]);
    expect(joined(blocks, (b) => b.channels[1] as Float64Array)).toEqual([12, Number.NaN, 0]);
  });

  test("a truncated record names the record; SUB padding after whole records is only a warning", async () => {
    const bytes = binaryRecords("BINARY", [
      { n: 1, t: 0, analog: [1, 1], status: [0, 0] },
      { n: 2, t: 250, analog: [1, 1], status: [0, 0] },
    ]);
    const cut = write("cut", cfgOf("BINARY"), bytes.subarray(0, bytes.length - 3));
    await expect(all(await openRecording(cut))).rejects.toThrow(
      `${join(dir, "cut.dat")} record 2: truncated, 13 of 16 bytes`,
    );
    const padded = new Uint8Array(bytes.length + 5).fill(0x1a);
    padded.set(bytes);
    const recording = await openRecording(write("padded", cfgOf("BINARY"), padded));
    expect((await all(recording)).length).toBe(1);
    expect(recording.info.warnings).toEqual([
      `${join(dir, "padded.dat")}: trailing SUB (0x1a) padding skipped`,
      `${join(dir, "padded.dat")} holds 2 samples where the .cfg's last endsamp says 3`,
    ]);
  });
});

describe("opening", () => {
  test("a missing .dat is named", async () => {
    writeFileSync(
      join(dir, "lonely.cfg"),
      cfgText({ analog: TWO_VOLTAGES, rates: ["1", "1000,1"], type: "ASCII" }),
    );
    await expect(openRecording(join(dir, "lonely.cfg"))).rejects.toThrow(
      `${join(dir, "lonely.cfg")}: its data file ${join(dir, "lonely.dat")} is missing`,
    );
  });

  test("a status-only file opens with a warning and no channels; asking for one lists none", async () => {
    const p = write(
      "status",
      cfgText({ analog: [], status: ["1,CB,,,0"], rates: ["1", "1000,2"], type: "ASCII" }),
      "1,0,0\n2,1,1\n",
    );
    const recording = await openRecording(p);
    expect(recording.info.channels).toEqual([]);
    expect(recording.info.warnings).toEqual([
      `${p}: no analog channels (a status-only recording): nothing to deliver`,
    ]);
    const blocks = await all(recording);
    expect(joined(blocks, (b) => b.time)).toEqual([0, 0.001]);
    await expect(openRecording(p, { channels: ["UA"] })).rejects.toThrow(
      `${p} has no channel "UA"; its channels are: none (no analog channels: a status-only recording)`,
    );
  });

  test("channels by name and by phase; an unknown name lists the channels", async () => {
    const analog = [...TWO_VOLTAGES, "3,IA,A,,A,1,0,0,-1,1,1,1,P"];
    const p = write("choice", cfgText({ analog, rates: ["1", "1000,1"], type: "ASCII" }), "1,0,1,2,3\n");
    const byName = await openRecording(p, { channels: ["IA", "UA"] });
    expect(byName.info.channels.map((c) => c.name)).toEqual(["IA", "UA"]);
    expect((await all(byName))[0]?.channels.map((c) => c[0])).toEqual([3, 1500]);
    const byPhase = await openRecording(p, { phases: ["b", "A"] });
    expect(byPhase.info.channels.map((c) => c.name)).toEqual(["UB", "UA"]);
    const byDefault = await openRecording(p);
    expect(byDefault.info.channels.map((c) => c.name)).toEqual(["UA", "UB"]);
    await expect(openRecording(p, { channels: ["UC"] })).rejects.toThrow(
      `${p} has no channel "UC"; its channels are: UA (phase A, V), UB (phase B, V), IA (phase A, A)`,
    );
    await expect(openRecording(p, { phases: ["C"] })).rejects.toThrow(RecordingError);
  });
});
